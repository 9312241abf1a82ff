#!/usr/bin/env python3
"""Build the w2w documentation website into `_docs/`.

* With Quarto on PATH (or `--quarto`): run `nbdev-docs`, the nbdev standard.
* Without it (`--offline`, the default when `quarto` is missing): the same site, offline.
  1. nbdev's own processing, what `nbdev-proc-nbs` does (frontmatter, a `show_doc` for every exported symbol,
     exported and import cells executed so that `show_doc` has something to show, hidden cells removed, backticked
     names linked) into `_proc/`, plus `nbs/sidebar.yml`. Unlike `nbdev-proc-nbs` it never tries to install Quarto
     (nbdev runs `sudo dpkg -i` for that), never runs test-flagged cells (`#| slow`, `#| notest`, `#| cuda`: nbdev
     runs any cell with an import), and one failing notebook does not stop the others: the failure is reported
     (cell counted from 1), that page is built without running the notebook (its `show_doc` cells filled from the
     installed library) and the exit status is 1 (0 with --allow-errors).
  2. nbconvert's `HTMLExporter` (JupyterLab look) turns each processed notebook into `_docs/<output-file>`,
     with a left sidebar in `sidebar.yml` order, a page title and description from the frontmatter, an
     "on this page" list, the saved outputs (images as data URIs) and no external resource at all.

Usage: python tools/build_docs.py [--offline|--quarto] [--n-workers 1] [--force] [--allow-errors] [--verbose] [--out _docs]
"""
from __future__ import annotations
import argparse, html, json, os, re, shutil, subprocess, sys, time
from pathlib import Path

os.environ.setdefault('OMP_NUM_THREADS', '1')  # the notebook kernels import torch; the machine is shared
os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')

# Use-case notebooks, in reading order, after the numbered library notebooks.
USE_CASES = ['sampling', 'identity_editing', 'multiple_edits', 'inversion_real', 'inversion_ood', 'datasets',
             'continual_merging', 'probing']
PAGE_SUFFIXES = ('.ipynb', '.md', '.qmd')
_num_re = re.compile(r'^\d+[a-zA-Z0-9]*_')


# ------------------------------------------------------------------------------------------------ nbdev processing
def _filters():
    "nbdev's default processors, guarded; and the same without `exec_show_docs` (the fallback page)."
    from nbdev.config import get_config
    from nbdev.processors import FilterDefaults, exec_show_docs
    flags = set(get_config().get('tst_flags', []) or [])

    def skip_flagged(cell):
        "Never run test-flagged cells (`#| slow`, `#| notest`, ...) while building docs, as `nbdev-test` skips them."
        d = getattr(cell, 'directives_', None) or {}
        if cell.cell_type == 'code' and (set(d) & flags) and not (set(d) & {'export', 'exports', 'exporti'}):
            d['eval'] = 'false'

    class Docs(FilterDefaults):
        def base_procs(self):
            ps = super().base_procs()
            i = ps.index(exec_show_docs) if exec_show_docs in ps else 0
            return ps[:i] + [skip_flagged] + ps[i:]

    class NoExec(Docs):
        def base_procs(self): return [p for p in super().base_procs() if p is not exec_show_docs]
    return Docs, NoExec


def proc_nbs(n_workers:int=1, force:bool=False) -> tuple[Path, Path, dict]:
    "`nbdev-proc-nbs` without the Quarto install attempt and tolerant of failures: (cache, nbs_path, {nb: error})."
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing as mp
    from fastcore.utils import L
    from nbdev.config import get_config
    from nbdev.doclinks import nbglob, _build_modidx
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev import serve
    from nbdev.processors import FilterDefaults
    import nbdev.serve_drv
    cfg = get_config()
    os.chdir(cfg.config_path)
    path = cfg.nbs_path
    refresh_quarto_yml()
    _build_modidx()                         # as nbdev-proc-nbs: links to every exported symbol
    nbdev_sidebar.__wrapped__(path=path)    # nbs/sidebar.yml (unless custom_sidebar)
    cache = cfg.config_path / '_proc'
    files = nbglob(path, func=Path, file_glob='', file_re='')
    for extra in ('_quarto.yml', '_brand.yml'):
        if (path / extra).exists(): files.append(path / extra)
    chk_mtime = max(cfg.config_file.stat().st_mtime, Path(serve.__file__).stat().st_mtime)
    cache.mkdir(parents=True, exist_ok=True)
    if force or cache.stat().st_mtime < chk_mtime: shutil.rmtree(cache); cache.mkdir()
    (cache / '_quarto.yml').unlink(missing_ok=True)
    serve._rm_stale(cache, path)
    jobs = [j for j in L(files).map(serve._proc_file, cache=cache, path=path) if j]
    import build_docs                       # the worker finds `build_docs.DocsFilter` by this name (tools/ is on sys.path)
    jobs = [(s_, d_, build_docs.DocsFilter if x is FilterDefaults else x) for s_, d_, x in jobs]
    errors = {}
    if jobs:
        print(f'processing {len(jobs)} notebook(s) with nbdev ({n_workers} worker(s)): '
              + ' '.join(j[0].name for j in jobs), flush=True)
        with ProcessPoolExecutor(max_workers=max(1, n_workers), mp_context=mp.get_context('spawn')) as ex:
            futs = {ex.submit(nbdev.serve_drv.main, j): j for j in jobs}  # as nbdev-proc-nbs
            for f, (src, dst, _) in futs.items():
                try: f.result()
                except Exception as e:
                    errors[src.relative_to(path).as_posix()] = f'{type(e).__name__}: {e}'
                    dst.unlink(missing_ok=True)   # retried on the next build
    cache.touch()
    return cache, path, errors


# ------------------------------------------------------------------------------------------------ page list
def _flatten_sidebar(items, section=None):
    for it in items or []:
        if isinstance(it, str): yield section, it
        elif isinstance(it, dict):
            if 'contents' in it: yield from _flatten_sidebar(it['contents'], it.get('section') or it.get('text') or section)
            elif 'href' in it: yield section, it['href']
            elif 'file' in it: yield section, it['file']


def page_list(nbs_path:Path) -> list[tuple[str, str]]:
    "[(section, notebook path relative to nbs)] in reading order: index, library, use cases, the rest."
    import yaml
    sb = nbs_path / 'sidebar.yml'
    if sb.exists():
        cont = ((yaml.safe_load(sb.read_text()) or {}).get('website', {}).get('sidebar', {}) or {}).get('contents', [])
        items = [(s, f) for s, f in _flatten_sidebar(cont) if f.endswith(PAGE_SUFFIXES)]
    else:
        items = [(None, p.name) for p in sorted(nbs_path.glob('*.ipynb')) if not p.name.startswith(('_', '.'))]
    if any(s for s, _ in items): return items      # a custom sidebar with sections: keep it as written
    stem = lambda f: Path(f).stem
    index = [f for _, f in items if stem(f) == 'index']
    lib = [f for _, f in items if _num_re.match(Path(f).name)]
    rest = [f for _, f in items if f not in index and f not in lib]
    use = sorted(rest, key=lambda f: (USE_CASES.index(stem(f)) if stem(f) in USE_CASES else len(USE_CASES), f))
    return [(None, f) for f in index] + [('Library', f) for f in lib] + [('Use cases', f) for f in use]


def out_name(rel:str, front:dict|None=None) -> str:
    "The page's file name: the frontmatter's output-file, else nbdev's rule (drop the number prefix)."
    if front and front.get('output-file'): return front['output-file']
    p = Path(rel)
    return (p.parent / (_num_re.sub('', p.stem) + '.html')).as_posix()


# ------------------------------------------------------------------------------------------------ Quarto-isms
_dir_re = re.compile(r'^\s*#\s*\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')
_link_attr_re = re.compile(r'\[([^\]\n]+)\]\(([^)\s]+)\)\{([^}\n]*)\}')
_div_open_re = re.compile(r'^:::+\s*\{([^}]*)\}\s*$', re.M)
_div_close_re = re.compile(r'^:::+\s*$', re.M)
_LINK_ATTRS: dict[str, str] = {}   # url -> HTML attributes from pandoc's `[text](url){attrs}`


def _pandoc_attrs(s:str) -> str:
    "Pandoc `{.cls #id key=val}` → HTML attributes."
    classes, out = [], []
    for tok in re.findall(r'[\w:-]+="[^"]*"|[\w:-]+=\S+|[.#][\w-]+', s):
        if tok.startswith('.'): classes.append(tok[1:])
        elif tok.startswith('#'): out.append(f'id="{tok[1:]}"')
        else: out.append(tok)
    if classes: out.insert(0, f'class="{" ".join(classes)}"')
    return ' '.join(out)


def quarto_md(md:str) -> str:
    "Markdown with Quarto/pandoc extensions (link attributes, fenced divs) → plain markdown + HTML."
    def link(m):   # markdown link kept (mistune mangles inline <a>); its attributes are added to the HTML later
        _LINK_ATTRS[m[2]] = _pandoc_attrs(m[3])
        return f'[{m[1]}]({m[2]})'
    md = _link_attr_re.sub(link, md)
    md = _div_open_re.sub(lambda m: f'<div {_pandoc_attrs(m[1])}>\n', md)
    return _div_close_re.sub('\n</div>', md)


def _src(cell) -> str: return ''.join(cell['source']) if isinstance(cell.get('source'), list) else cell.get('source', '')


def prepare_nb(nb) -> dict:
    "Apply the Quarto cell options nbdev leaves in processed notebooks; return the frontmatter."
    import yaml
    front, cells = {}, []
    for c in nb.cells:
        src = _src(c)
        if c.cell_type == 'raw' and src.lstrip().startswith('---') and not front:
            body = src.strip().strip('-').strip()
            front = yaml.safe_load(body) or {}
            continue
        if c.cell_type == 'markdown':
            if not src.strip() or src.strip().startswith('<!-- WARNING: THIS FILE WAS AUTOGENERATED'): continue
            c.source = quarto_md(src)
        elif c.cell_type == 'code':
            lines, opts = src.splitlines(), {}
            while lines and (m := _dir_re.match(lines[0])): opts[m[1]] = m[2].lower(); lines.pop(0)
            c.source = '\n'.join(lines).strip('\n')
            if opts.get('include') == 'false': continue
            if opts.get('output') == 'false': c.outputs = []
            tags = set(c.metadata.get('tags', []))
            if opts.get('echo') == 'false' or not c.source.strip(): tags.add('w2w-hide-input')
            c.metadata['tags'] = sorted(tags)
            for o in c.get('outputs', []):
                data = o.get('data', {})
                if 'text/markdown' in data:
                    md = quarto_md(_src({'source': data['text/markdown']}))
                    # show_doc headings are names: `A.__getitem__` must not turn into A.<strong>getitem</strong>
                    data['text/markdown'] = re.sub(r'^(#{1,6} +[\w.]+)$', lambda m: m[1].replace('_', '\\_'), md, flags=re.M)
                if 'application/vnd.jupyter.widget-view+json' in data:
                    rep = html.escape(_src({'source': data.get('text/plain', '')}))
                    o['data'] = {'text/html': '<div class="w2w-widget-note">Interactive widget '
                                 f'<code>{rep}</code>: run the notebook in JupyterLab to use it.</div>'}
            if not c.source.strip() and not c.get('outputs'): continue
        cells.append(c)
    nb.cells = cells
    nb.metadata.pop('widgets', None)
    return front


# ------------------------------------------------------------------------------------------------ HTML
TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}<link rel="icon" href="data:,">{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block notebook_css -%}
<link rel="stylesheet" href="{{ resources.w2w.root }}site_libs/lab.css">
<link rel="stylesheet" href="{{ resources.w2w.root }}site_libs/docs.css">
<link rel="stylesheet" href="{{ resources.w2w.root }}styles.css">
{%- endblock notebook_css -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
<body data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light" class="w2w-docs">
<nav class="w2w-sidebar" aria-label="pages">
  <a class="w2w-brand" href="{{ resources.w2w.root }}index.html">{{ resources.w2w.project }}</a>
  {{ resources.w2w.sidebar }}
</nav>
<main class="jp-Notebook w2w-main" data-page="{{ resources.w2w.page }}">
<header class="w2w-title">
  <h1 class="title" id="{{ resources.w2w.title_id }}">{{ resources.w2w.title }}</h1>
  {%- if resources.w2w.description %}<p class="description">{{ resources.w2w.description }}</p>{% endif %}
  {%- if resources.w2w.error %}<details class="w2w-error"><summary><b>Built without running this notebook:</b>
  nbdev's processing failed ({{ resources.w2w.error_short }}); the API reference below comes from the installed library.</summary>
  <pre>{{ resources.w2w.error }}</pre></details>{% endif %}
</header>
{%- endblock body_header -%}
{%- block body_footer -%}
<footer class="w2w-pager">{{ resources.w2w.pager }}</footer>
</main>
<aside class="w2w-toc" aria-label="on this page"><!--W2W-TOC--></aside>
</body>
{%- endblock body_footer -%}
"""

CSS = """
html, body { margin: 0; padding: 0; }
body.w2w-docs { display: grid; grid-template-columns: 250px minmax(0, 1fr) 220px; min-height: 100vh;
  background: var(--jp-layout-color0, #fff); font-family: var(--jp-ui-font-family, system-ui, sans-serif); }
.w2w-sidebar { position: sticky; top: 0; height: 100vh; overflow-y: auto; box-sizing: border-box; padding: 18px 14px;
  border-right: 1px solid #e3e3e3; background: #f7f8fa; font-size: 14px; }
.w2w-brand { display: block; font-size: 22px; font-weight: 700; color: #2780e3; text-decoration: none; margin-bottom: 14px; }
.w2w-sidebar .w2w-section { margin: 16px 0 4px; font-size: 12px; font-weight: 700; text-transform: uppercase;
  letter-spacing: .05em; color: #6c757d; }
.w2w-sidebar ul { list-style: none; margin: 0; padding: 0; }
.w2w-sidebar li a { display: block; padding: 4px 8px; border-radius: 4px; color: #343a40; text-decoration: none; }
.w2w-sidebar li a:hover { background: #e9ecef; }
.w2w-sidebar li a.active { background: #2780e3; color: #fff; }
.w2w-main { box-sizing: border-box; padding: 24px 40px 48px; max-width: 1100px; min-width: 0; }
.w2w-main.jp-Notebook { overflow: visible; }
.w2w-title h1.title { font-size: 2.2em; margin: 0 0 .3em; }
.w2w-title p.description { font-size: 1.15em; color: #555; margin: 0 0 1.2em; }
.w2w-error { border: 1px solid #e0a800; background: #fff8e1; padding: 8px 12px; margin: 10px 0; border-radius: 4px; }
.w2w-error pre { white-space: pre-wrap; font-size: 12px; max-height: 12em; overflow: auto; }
.jp-RenderedHTMLCommon a code { color: #2780e3; }
.w2w-widget-note { color: #555; font-style: italic; }
.w2w-toc { position: sticky; top: 0; height: 100vh; overflow-y: auto; box-sizing: border-box; padding: 24px 12px;
  font-size: 13px; }
.w2w-toc .w2w-toc-title { font-weight: 700; margin-bottom: 6px; }
.w2w-toc ul { list-style: none; margin: 0; padding-left: 0; }
.w2w-toc li.h3 { padding-left: 12px; }
.w2w-toc a { color: #495057; text-decoration: none; display: block; padding: 2px 0; overflow: hidden; text-overflow: ellipsis; }
.w2w-toc a:hover { color: #2780e3; }
.w2w-pager { display: flex; justify-content: space-between; margin-top: 40px; padding-top: 14px; border-top: 1px solid #e3e3e3; }
.w2w-pager a { color: #2780e3; text-decoration: none; }
.jp-RenderedHTMLCommon a.anchor-link { display: none; }
.jp-RenderedHTMLCommon h2:hover a.anchor-link, .jp-RenderedHTMLCommon h3:hover a.anchor-link { display: inline; }
.jp-RenderedMarkdown.jp-OutputArea-output hr { margin: 1.6em 0 .6em; }
.jp-RenderedMarkdown.jp-OutputArea-output h3, .jp-RenderedMarkdown.jp-OutputArea-output h4 { font-family: var(--jp-code-font-family, monospace); }
.jp-OutputPrompt, .jp-InputPrompt { display: none; }
.jp-Cell { padding-left: 0; padding-right: 0; }
img { max-width: 100%; height: auto; }
@media (max-width: 1100px) { body.w2w-docs { grid-template-columns: 220px minmax(0, 1fr); } .w2w-toc { display: none; } }
"""

_head_re = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">[^<]*</a>\s*</h\1>', re.S)
_tag_re = re.compile(r'<[^>]+>')


def pandoc_id(text:str) -> str:
    "Pandoc's auto identifier (what Quarto and nbdev's `#anchor` links use)."
    s = re.sub(r'[^\w\s.-]', '', text.lower())
    s = re.sub(r'\s+', '-', s.strip())
    return re.sub(r'^[^a-z_]+', '', s) or 'section'


def fix_html(body:str, pages:dict, doc_url:str) -> tuple[str, list]:
    "Pandoc-style heading ids, links made local, and the list of (level, id, text) for the TOC."
    seen, toc = {}, []
    def head(m):
        lvl, inner = m[1], m[3]
        text = html.unescape(_tag_re.sub('', inner)).strip()
        hid = pandoc_id(text); n = seen.get(hid, 0); seen[hid] = n + 1
        if n: hid = f'{hid}-{n}'
        toc.append((int(lvl), hid, text))
        return f'<h{lvl} id="{hid}">{inner}<a class="anchor-link" href="#{hid}">&#182;</a></h{lvl}>'
    body = _head_re.sub(head, body)
    def attrs(m):
        a = _LINK_ATTRS.get(html.unescape(m[1]))
        return f'<a href="{m[1]}" {a}>' if a else m[0]
    body = re.sub(r'<a href="([^"]*)">', attrs, body)
    def href(m):
        url = html.unescape(m[2])
        if doc_url and url.startswith(doc_url): url = url[len(doc_url):].lstrip('/') or 'index.html'
        elif not re.match(r'^[a-z][\w+.-]*:|^#|^/', url):
            p, _, frag = url.partition('#')
            if p.endswith(PAGE_SUFFIXES):
                key = Path(p).as_posix().lstrip('./')
                p = pages.get(key, out_name(key))
            url = p + ('#' + frag if frag else '')
        return f'{m[1]}="{html.escape(url)}"'
    body = re.sub(r'(href)="([^"]*)"', href, body)
    return body, toc


def sidebar_html(entries, current:str) -> str:
    parts, section = [], object()
    for sec, title, out in entries:
        if sec != section:
            if section is not object() and parts: parts.append('</ul>')
            if sec: parts.append(f'<div class="w2w-section">{html.escape(sec)}</div>')
            parts.append('<ul>'); section = sec
        cls = ' class="active" aria-current="page"' if out == current else ''
        parts.append(f'<li><a href="{html.escape(out)}"{cls}>{html.escape(title)}</a></li>')
    if parts: parts.append('</ul>')
    return '\n'.join(parts)


def toc_html(toc) -> str:
    items = [(l, i, t) for l, i, t in toc if l in (2, 3)]
    if not items: return ''
    lis = '\n'.join(f'<li class="h{l}"><a href="#{i}">{html.escape(t)}</a></li>' for l, i, t in items)
    return f'<div class="w2w-toc-title">On this page</div><ul>{lis}</ul>'


_showdoc_re = re.compile(r'^\s*show_doc\((.+)\)\s*$', re.S)
_default_exp_re = re.compile(r'#\|\s*default_exp\s+([\w.]+)')


def api_without_running(nb, src:Path, lib:str) -> int:
    "Fill the `show_doc` cells of `nb` from the installed library (for a notebook nbdev could not run); returns how many."
    import importlib, inspect
    from nbdev.showdoc import show_doc
    m = _default_exp_re.search(src.read_text())
    if not m: return 0
    mod = importlib.import_module(f'{lib}.{m[1]}')
    ns = {**vars(mod), 'show_doc': show_doc}
    n = 0
    for c in nb.cells:
        if c.cell_type != 'code': continue
        code = '\n'.join(l for l in _src(c).splitlines() if not _dir_re.match(l))
        if not (mm := _showdoc_re.match(code)): continue
        try:
            obj = eval(mm[1].split(',')[0] if 'title_level' in mm[1] else mm[1], ns)
            md = show_doc(obj)._repr_markdown_()
            try: line = inspect.getsourcelines(inspect.unwrap(getattr(obj, '__func__', obj)))[1]
            except (TypeError, OSError): line = None
            md = md.replace('#LNone', f'#L{line}' if line else '')
        except Exception as e: md = f'*show_doc failed: {type(e).__name__}: {e}*'
        c.outputs = [{'output_type': 'execute_result', 'execution_count': None, 'metadata': {},
                      'data': {'text/markdown': md, 'text/plain': code}}]
        n += 1
    return n


_CELL_KEYS = {'cell_type', 'id', 'metadata', 'source', 'outputs', 'execution_count', 'attachments'}


def _read_nb(text:str):
    "A notebook from JSON text, dropping the working keys nbdev's processors leave on cells (e.g. `has_sd`)."
    import nbformat
    d = json.loads(text)
    d['cells'] = [{k: v for k, v in c.items() if k in _CELL_KEYS} for c in d.get('cells', [])]
    for c in d['cells']: c.get('metadata', {}).pop('execution', None)   # timings as floats: not valid nbformat
    from nbformat.v4.rwbase import rejoin_lines
    return rejoin_lines(nbformat.from_dict(d))          # multi-line sources and outputs are stored as lists of lines


def render_site(cache:Path, nbs_path:Path, out:Path, errors:dict) -> list[str]:
    import jinja2, nbformat, yaml
    from fastcore.nbio import read_nb, nb2str
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    from traitlets.config import Config
    from nbdev.config import get_config
    cfg = get_config()
    doc_url = (str(cfg.get('doc_host', '')).rstrip('/') + '/' + str(cfg.get('doc_baseurl', '')).strip('/')).rstrip('/')
    project = cfg.get('lib_name', 'w2w')
    lib = str(cfg.get('lib_path', project)).rstrip('/').split('/')[-1]
    if str(cfg.config_path) not in sys.path: sys.path.insert(0, str(cfg.config_path))

    # 1. read every page, processed or (when nbdev failed on it) processed without running anything
    pages = []
    for sec, rel in page_list(nbs_path):
        src, proc = nbs_path / rel, cache / rel
        err = errors.get(rel)
        if rel.endswith('.ipynb'):
            if proc.exists() and not err: nb = _read_nb(proc.read_text())
            elif src.exists():
                fnb = read_nb(src)
                _filters()[1]()(fnb)
                nb = _read_nb(nb2str(fnb))
                if not err: err = 'not processed (missing from _proc/)'
                api_without_running(nb, src, lib)
            else: continue
            front = prepare_nb(nb)
        else:                                               # .md / .qmd
            if not src.exists(): continue
            txt = src.read_text()
            front = {}
            if txt.startswith('---'):
                _, fm, txt = txt.split('---', 2); front = yaml.safe_load(fm) or {}
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(quarto_md(txt))])
        title = str(front.get('title') or Path(rel).stem)
        pages.append(dict(sec=sec, rel=rel, nb=nb, front=front, title=title, out=out_name(rel, front), err=err))

    # 2. export
    c = Config()
    c.HTMLExporter.template_name = 'lab'
    c.HTMLExporter.embed_images = True
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {'w2w-hide-input'}
    exp = HTMLExporter(config=c, extra_loaders=[jinja2.DictLoader({'w2w_docs.html.j2': TEMPLATE})],
                       template_file='w2w_docs.html.j2')
    out.mkdir(parents=True, exist_ok=True)
    libs = out / 'site_libs'; libs.mkdir(exist_ok=True)
    static = Path(exp.template_paths[0]).parent / 'lab' / 'static'
    for d in exp.template_paths:
        if (Path(d) / 'static' / 'index.css').exists() and Path(d).name == 'lab': static = Path(d) / 'static'
    (libs / 'lab.css').write_text((static / 'index.css').read_text() + '\n' + (static / 'theme-light.css').read_text())
    (libs / 'docs.css').write_text(CSS)
    styles = nbs_path / 'styles.css'
    (out / 'styles.css').write_text(styles.read_text() if styles.exists() else '')
    assets = nbs_path.parent / 'assets'           # the README's and index's pictures (`assets/…` from the site root)
    if assets.is_dir(): shutil.copytree(assets, out / 'assets', dirs_exist_ok=True)
    by_rel = {p['rel']: p['out'] for p in pages}
    entries = [(p['sec'], p['title'], p['out']) for p in pages]
    built = []
    for i, p in enumerate(pages):
        root = '../' * p['out'].count('/')
        desc = str(p['front'].get('description') or '')
        desc_html = re.sub(r'^<p>|</p>\s*$', '', markdown2html_mistune(desc).strip()) if desc else ''
        prev_ = pages[i - 1] if i > 0 else None
        next_ = pages[i + 1] if i + 1 < len(pages) else None
        pager = ((f'<a class="prev" href="{root}{prev_["out"]}">← {html.escape(prev_["title"])}</a>' if prev_ else '<span></span>')
                 + (f'<a class="next" href="{root}{next_["out"]}">{html.escape(next_["title"])} →</a>' if next_ else '<span></span>'))
        nb = p['nb']
        nb.metadata['title'] = f'{p["title"]} – {project}'
        res = {'metadata': {'name': Path(p['rel']).stem, 'path': str((nbs_path / p['rel']).parent)},
               'w2w': dict(root=root, project=project, page=p['rel'], title=html.escape(p['title']),
                           title_id=pandoc_id(p['title']), description=desc_html, error=html.escape(p['err'] or ''),
                           error_short=html.escape((p['err'] or '').strip().splitlines()[-1] if p['err'] else ''),
                           pager=pager, sidebar=sidebar_html([(s, t, root + o) for s, t, o in entries], root + p['out']))}
        body, _ = exp.from_notebook_node(nb, resources=res)
        body, toc = fix_html(body, by_rel, doc_url)
        body = body.replace('<!--W2W-TOC-->', toc_html(toc), 1)
        dst = out / p['out']; dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(body)
        built.append(p['out'])
    (out / '.nojekyll').touch()
    (out / 'pages.json').write_text(json.dumps([dict(source=p['rel'], page=p['out'], title=p['title'],
                                                     section=p['sec'], api_error=p['err']) for p in pages], indent=1))
    return built


def failing_cell(nb:Path, err:str) -> int|None:
    "The cell (counted from 1) of `nb` whose source nbdev quotes in `err` (nbdev's own index counts inserted show_doc cells)."
    if ' :\n' not in err or not nb.exists(): return None
    quoted = [l for l in err.split(' :\n', 1)[1].splitlines()[:-1] if l.strip()]
    best, score = None, 0
    for i, c in enumerate(json.loads(nb.read_text()).get('cells', [])):
        if c.get('cell_type') != 'code': continue
        lines = [l for l in _src(c).splitlines() if l.strip() and not _dir_re.match(l)]
        n = sum(l in quoted for l in lines) - abs(len(lines) - len(quoted))
        if n > score: best, score = i + 1, n
    return best


def eval_cells(nbs:Path) -> dict[str, list[int]]:
    "{notebook: [cell index]} of non-exported code cells that import and also run other code (nbdev's docs step runs them)."
    import ast
    res = {}
    for f in sorted(nbs.glob('*.ipynb')):
        if f.name.startswith(('_', '.')): continue
        for i, c in enumerate(json.loads(f.read_text()).get('cells', [])):
            if c.get('cell_type') != 'code': continue
            src = _src(c)
            if re.search(r'^\s*#\s*\|\s*(export|exports|exporti|eval:\s*false)\b', src, re.M): continue
            try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('%', '!'))))
            except SyntaxError: continue
            if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree)) and \
               any(not isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body):
                res.setdefault(f.name, []).append(i + 1)
    return res


def __getattr__(name):
    "`DocsFilter`: the processors the workers run (a module attribute, so that they can unpickle it)."
    if name == 'DocsFilter':
        globals()['DocsFilter'] = f = _filters()[0]
        f.__qualname__ = f.__name__ = 'DocsFilter'; f.__module__ = 'build_docs'
        return f
    raise AttributeError(name)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group()
    g.add_argument('--offline', action='store_true', help='nbdev processing + nbconvert, even if quarto is installed')
    g.add_argument('--quarto', action='store_true', help='nbdev-docs (needs quarto)')
    ap.add_argument('--n-workers', type=int, default=int(os.environ.get('DOCS_WORKERS', 1)), help='nbdev processing workers')
    ap.add_argument('--force', action='store_true', help='reprocess every notebook (ignore the _proc/ cache)')
    ap.add_argument('--allow-errors', action='store_true', help='exit 0 even if some notebook could not be processed')
    ap.add_argument('--verbose', action='store_true', help="show nbdev's warnings while processing")
    ap.add_argument('--out', default='_docs', help='output folder, relative to the repository root')
    a = ap.parse_args(argv)
    root = Path(__file__).resolve().parents[1]
    os.chdir(root)
    t0 = time.time()
    if a.quarto or (not a.offline and shutil.which('quarto')):
        bindir = Path(sys.executable).parent
        return subprocess.call([str(bindir / 'nbdev-docs')] + (['--n-workers', str(a.n_workers)]))
    if not a.verbose:   # nbdev prints every cell that mixes imports and code; summarised at the end instead
        os.environ['PYTHONWARNINGS'] = 'ignore::UserWarning:nbdev.processors'
    cache, nbs_path, errors = proc_nbs(a.n_workers, a.force)
    out = root / a.out
    if out.exists(): shutil.rmtree(out)
    built = render_site(cache, nbs_path, out, errors)
    print(f'built {len(built)} pages into {out.relative_to(root)}/ in {time.time() - t0:.0f} s: ' + ' '.join(built))
    if errors:
        log = root / '_proc' / 'build_docs_errors.txt'
        log.write_text(''.join(f'==== nbs/{nb}\n{e}\n\n' for nb, e in errors.items()))
        print(f'\nnbdev could not process {len(errors)} notebook(s); their pages were built without running them '
              f'(API reference from the installed library). Full messages: {log.relative_to(root)}')
        for nb, e in errors.items():
            n = failing_cell(root / 'nbs' / nb, e)
            print(f'  nbs/{nb}{f" cell {n}" if n else ""}: {e.strip().splitlines()[-1]}')
    risky = eval_cells(root / 'nbs')
    if risky:
        print('\nnon-exported cells that import and run other code (nbdev runs them while building docs, unlike other test '
              'cells; nbdev FAQ: imports in a cell of their own). Cells counted from 1:')
        for nb, cells in risky.items(): print(f'  nbs/{nb}: cells {", ".join(map(str, cells))}')
    if errors and not a.allow_errors: return 1
    return 0


if __name__ == '__main__': sys.exit(main())
