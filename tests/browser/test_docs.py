"""The documentation site in `_docs/` (built by `python tools/build_docs.py`), in headless Chromium.

Every page loads without console errors or failed requests, every image has loaded, every local link points at
a file of the site, and the page of each library module shows (a `show_doc` heading for) every function and class
of that module's `__all__`. Screenshots: docs_home.png, docs_sampling.png in $SCREENSHOT_DIR (default out/screenshots; `make screenshots`: assets/).
"""
import ast, functools, http.server, json, os, re, threading
from pathlib import Path
from urllib.parse import urlparse, unquote
import pytest
from conftest import ROOT, ASSETS

DOCS = Path(os.environ.get('DOCS_DIR', ROOT / '_docs'))
LIB = ROOT / 'w2w'


def _pages():
    f = DOCS / 'pages.json'
    if not f.exists(): pytest.fail(f'{f} not found: build the site first (python tools/build_docs.py)', pytrace=False)
    return json.loads(f.read_text())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass


@pytest.fixture(scope='module')
def site():
    "Serve _docs/ on a free local port; yields the base URL."
    _pages()
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(_Quiet, directory=str(DOCS)))
    t = threading.Thread(target=srv.serve_forever, daemon=True); t.start()
    yield f'http://127.0.0.1:{srv.server_address[1]}/'
    srv.shutdown(); srv.server_close()


@pytest.fixture(scope='module')
def page(browser):
    ctx = browser.new_context(viewport={'width': 1400, 'height': 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def load(page, url) -> list[str]:
    "Open `url`; return the problems seen: console errors, page errors, failed or non-2xx requests."
    problems = []
    on_console = lambda m: m.type == 'error' and problems.append(f'console: {m.text}')
    on_error = lambda e: problems.append(f'pageerror: {e}')
    on_failed = lambda r: problems.append(f'request failed: {r.url[:120]} {r.failure}')
    on_resp = lambda r: r.status >= 400 and problems.append(f'HTTP {r.status}: {r.url[:120]}')
    page.on('console', on_console); page.on('pageerror', on_error)
    page.on('requestfailed', on_failed); page.on('response', on_resp)
    try:
        resp = page.goto(url, wait_until='load')
        if resp is None or resp.status != 200: problems.append(f'HTTP {resp and resp.status}: {url}')
        page.wait_for_load_state('networkidle')
    finally:
        page.remove_listener('console', on_console); page.remove_listener('pageerror', on_error)
        page.remove_listener('requestfailed', on_failed); page.remove_listener('response', on_resp)
    return problems


def _ids(pages): return [p['page'] for p in pages]


PAGES = json.loads((DOCS / 'pages.json').read_text()) if (DOCS / 'pages.json').exists() else []


def test_site_has_pages():
    pages = _pages()
    names = _ids(pages)
    assert 'index.html' == names[0], names
    for nb in sorted((ROOT / 'nbs').glob('*.ipynb')):
        if nb.name.startswith(('_', '.')): continue
        assert nb.name in {p['source'] for p in pages}, f'no page for nbs/{nb.name}'


@pytest.mark.parametrize('entry', PAGES, ids=_ids(PAGES))
def test_page_loads(page, site, entry):
    problems = load(page, site + entry['page'])
    assert not problems, '\n'.join(problems)
    assert page.title().strip(), 'empty <title>'
    assert page.locator('h1.title').inner_text().strip() == entry['title']
    # images: every <img> (outputs are data URIs) decoded with a width
    bad = page.evaluate("""() => Array.from(document.images)
        .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))""")
    assert not bad, f'images not loaded: {bad}'
    # the sidebar lists every page, this one marked active
    links = page.eval_on_selector_all('nav.w2w-sidebar li a', 'els => els.map(e => e.getAttribute("href"))')
    assert [l.split('/')[-1] for l in links] == [p['page'].split('/')[-1] for p in PAGES]
    assert page.locator('nav.w2w-sidebar a.active').count() == 1
    # local links point at files of the site
    hrefs = page.eval_on_selector_all('a[href]', 'els => els.map(e => e.href)')
    missing = sorted({h for h in hrefs if h.startswith(site) and not (DOCS / unquote(urlparse(h).path).lstrip('/')).exists()})
    assert not missing, f'broken local links: {missing}'


def _module_pages():
    "[(module, page)] for every library module generated from a notebook."
    by_src = {p['source']: p['page'] for p in PAGES}
    res = []
    for py in sorted(LIB.glob('*.py')):
        m = re.search(r'File to edit: \.\./nbs/(\S+?\.ipynb)', py.read_text()[:500])
        if m and m[1] in by_src: res.append((py.stem, by_src[m[1]]))
    return res


def exported_defs(py:Path) -> tuple[list, list]:
    "(functions and classes in `__all__`, other names in `__all__`) of a module, read with ast (no import)."
    tree = ast.parse(py.read_text())
    names = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in node.targets):
            names = ast.literal_eval(node.value)
    defs = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    return [n for n in names if n in defs], [n for n in names if n not in defs]


def test_every_module_has_a_page():
    mods = {m for m, _ in _module_pages()}
    lib = {p.stem for p in LIB.glob('*.py') if not p.stem.startswith('_')}
    assert lib - mods == set(), f'modules without a page: {lib - mods}'


@pytest.mark.parametrize('module,pg', _module_pages(), ids=[m for m, _ in _module_pages()])
def test_api_page_lists_exports(page, site, module, pg):
    defs, _ = exported_defs(LIB / f'{module}.py')
    assert defs, f'w2w/{module}.py exports no functions or classes'
    page.goto(site + pg, wait_until='load')
    heads = page.eval_on_selector_all('.jp-OutputArea-output h1, .jp-OutputArea-output h2, .jp-OutputArea-output h3, '
                                      '.jp-OutputArea-output h4, .jp-OutputArea-output h5',
                                      'els => els.map(e => e.textContent.replace("\u00b6", "").trim())')
    missing = [n for n in defs if n not in heads]
    assert not missing, f'{pg}: no API entry (show_doc) for {missing} of w2w.{module}.__all__'


def test_screenshots(page, site):
    ASSETS.mkdir(exist_ok=True)
    assert not load(page, site + 'index.html')
    page.screenshot(path=str(ASSETS / 'docs_home.png'))
    assert (ASSETS / 'docs_home.png').stat().st_size > 10_000
    if not (DOCS / 'sampling.html').exists(): pytest.skip('no sampling page yet (nbs/sampling.ipynb)')
    assert not load(page, site + 'sampling.html')
    page.screenshot(path=str(ASSETS / 'docs_sampling.png'))
    assert (ASSETS / 'docs_sampling.png').stat().st_size > 10_000
