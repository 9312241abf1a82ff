"""JupyterLab end to end: run a notebook with the `EditorUI` widget, move the Beard slider, see the edited image change.

The notebook is `$LAB_NOTEBOOK` (default nbs/sampling.ipynb; skipped while it does not exist). `LAB_NOTEBOOK=toy` writes a
small notebook that builds an `EditorUI` over a toy session on the tiny SD pipeline (no mini-world files needed) and uses it.
JupyterLab runs with autosave off, its own settings/workspace/runtime folders and never saves, so the notebook file is not
modified (checked). Screenshot: lab_sampling.png in $SCREENSHOT_DIR (`$LAB_SCREENSHOT` to change). `$LAB_TIMEOUT` (s, default 600)
bounds Run All.
"""
import json, os, re, secrets, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest
from conftest import ROOT, ASSETS

TIMEOUT = float(os.environ.get('LAB_TIMEOUT', 600))
TOY_CELLS = [
    "import torch, pandas as pd\ntorch.set_num_threads(1)",
    "from w2w.core.tiny import tiny_sd_pipeline\nfrom w2w.core.layout import LoraLayout\nfrom w2w.core.space import W2WSpace\n"
    "from w2w.core.w2w import W2W\nfrom w2w.zoo.train import init_vector\nfrom w2w.core.widgets import EditorUI",
    "pipe = tiny_sd_pipeline(); lay = LoraLayout.from_unet(pipe.unet)\n"
    "g = torch.Generator().manual_seed(0); Z = torch.randn(40, 6, generator=g)\n"
    "Wm = init_vector(lay) + (Z @ torch.randn(6, lay.n_params, generator=g)) * 0.05 + torch.randn(40, lay.n_params, generator=g) * 0.01\n"
    "sess = W2W(pipe, W2WSpace.fit(Wm, 8, layout_hash=lay.hash, progress=False),\n"
    "           pd.DataFrame({'Beard': (Z[:, 0] > 0).int().numpy(), 'Old': (Z[:, 1] > 0).int().numpy()}), guidance=6., steps=2)",
    "ui = EditorUI(sess)\nui",
]


def write_toy(folder:Path) -> Path:
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell('# EditorUI on a toy session')]
                                  + [nbformat.v4.new_code_cell(c) for c in TOY_CELLS])
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
    p = folder / 'toy_editor.ipynb'; nbformat.write(nb, p); return p


def _free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture(scope='module')
def notebook(tmp_path_factory) -> Path:
    v = os.environ.get('LAB_NOTEBOOK', 'nbs/sampling.ipynb')
    if v == 'toy': return write_toy(tmp_path_factory.mktemp('lab_nb'))
    p = (ROOT / v).resolve()
    if not p.exists(): pytest.skip(f'{p} does not exist yet (LAB_NOTEBOOK=toy runs the toy notebook)')
    return p


@pytest.fixture(scope='module')
def lab(notebook, tmp_path_factory):
    "A JupyterLab server on a free port serving the notebook's folder; yields (url of the notebook, its path)."
    tmp = tmp_path_factory.mktemp('lab')
    settings = tmp / 'settings' / '@jupyterlab' / 'docmanager-extension'
    settings.mkdir(parents=True)
    (settings / 'plugin.jupyterlab-settings').write_text(json.dumps({'autosave': False}))
    (tmp / 'settings' / '@jupyterlab' / 'apputils-extension').mkdir()
    (tmp / 'settings' / '@jupyterlab' / 'apputils-extension' / 'notification.jupyterlab-settings').write_text(
        json.dumps({'fetchNews': 'false', 'checkForUpdates': False}))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1', 'TOKENIZERS_PARALLELISM': 'false',
           'JUPYTER_RUNTIME_DIR': str(tmp / 'runtime'), 'JUPYTER_CONFIG_DIR': str(tmp / 'config'), 'PYTHONUNBUFFERED': '1'}
    log = open(tmp / 'lab.log', 'w')
    cmd = [str(Path(sys.executable).parent / 'jupyter'), 'lab', '--no-browser', f'--port={port}', '--ip=127.0.0.1',
           f'--IdentityProvider.token={token}', f'--notebook-dir={notebook.parent}', '--ServerApp.port_retries=0',
           f'--LabApp.user_settings_dir={tmp / "settings"}', f'--LabApp.workspaces_dir={tmp / "workspaces"}',
           '--LabApp.news_url=', '--ServerApp.terminals_enabled=False'] + (['--allow-root'] if os.geteuid() == 0 else [])
    proc = subprocess.Popen(cmd, cwd=notebook.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f'http://127.0.0.1:{port}'
    try:
        for _ in range(120):
            if proc.poll() is not None: pytest.fail(f'jupyter lab exited: {(tmp / "lab.log").read_text()[-2000:]}')
            try:
                with urllib.request.urlopen(f'{base}/api/status?token={token}', timeout=2) as r:
                    if r.status == 200: break
            except OSError: time.sleep(0.5)
        else: pytest.fail('jupyter lab did not start in 60 s')
        yield f'{base}/lab/tree/{notebook.name}?token={token}', notebook
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()
        log.close()


def accept_dialogs(page):
    "Accept JupyterLab's dialogs (Select Kernel, ...): the default button."
    d = page.locator('.jp-Dialog .jp-Dialog-footer .jp-mod-accept')
    if d.count(): d.first.click(); return True


def wait_kernel(page, timeout:float=120):
    "Until the notebook's kernel is started and idle (the status bar names it), accepting dialogs (Select Kernel)."
    end = time.time() + timeout
    while time.time() < end:
        accept_dialogs(page)
        st = page.evaluate("""() => { const s = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
                                    const bar = (document.querySelector('#jp-main-statusbar') || document.body).innerText;
                                    return (s && s.getAttribute('data-status')) + '|' + bar; }""")
        if st.startswith('idle|') and ' | Idle' in st and 'No Kernel' not in st: return
        page.wait_for_timeout(500)
    pytest.fail(f'kernel not idle after {timeout} s')


def run_all(page, tries:int=3):
    "Run → Run All Cells; again if no cell started (a dialog swallowed it)."
    for _ in range(tries):
        page.locator('.lm-MenuBar-item', has_text='Run').first.click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        for _ in range(20):
            page.wait_for_timeout(500)
            if accept_dialogs(page): break
            prompts = page.eval_on_selector_all('.jp-NotebookPanel .jp-InputPrompt', 'els => els.map(e => e.textContent)')
            if any(re.search(r'\[(\*|\d+)\]', t) for t in prompts): return
        wait_kernel(page)
    pytest.fail('Run All Cells did not start any cell')


def wait_widget(page, widget, timeout:float):
    "Until `widget` is visible; fails early with the text of the first error output of the notebook."
    end = time.time() + timeout
    while time.time() < end:
        accept_dialogs(page)
        if widget.count() and widget.is_visible(): return
        err = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
                           has_text='Traceback (most recent call last)')
        if err.count(): pytest.fail('a cell failed:\n' + err.first.inner_text()[-3000:])
        page.wait_for_timeout(1000)
    pytest.fail(f'no Beard slider after {timeout} s')


def test_sampling_notebook_slider(browser, lab):
    url, nb_path = lab
    before_bytes = nb_path.read_bytes()
    ctx = browser.new_context(viewport={'width': 1400, 'height': 1000})
    page = ctx.new_page()
    errors = []
    page.on('pageerror', lambda e: errors.append(str(e)))
    t0 = time.time()
    try:
        page.goto(url, wait_until='domcontentloaded')
        page.wait_for_selector('.jp-NotebookPanel .jp-Cell', timeout=120_000)
        wait_kernel(page)
        run_all(page)
        slider = page.locator('.widget-slider', has=page.locator('.widget-label', has_text='Beard')).first
        wait_widget(page, slider, TIMEOUT)
        # the EditorUI's two images (original | edited), rendered
        box = slider.locator('xpath=ancestor::div[contains(@class,"widget-vbox")][1]')
        imgs = box.locator('img.widget-image')
        page.wait_for_function("""(el) => { const im = el.querySelectorAll('img.widget-image');
                                            return im.length >= 2 && Array.from(im).every(i => i.complete && i.naturalWidth > 0); }""",
                               arg=box.element_handle(), timeout=TIMEOUT * 1000)
        assert imgs.count() == 2, f'expected 2 images in the EditorUI, got {imgs.count()}'
        wait_kernel(page, TIMEOUT)            # the notebook's own cells are done with the sliders
        original, edited = imgs.nth(0).get_attribute('src'), imgs.nth(1).get_attribute('src')
        t_ready = time.time() - t0
        # move Beard: focus the handle, then to its end
        readout = slider.locator('.widget-readout')
        r0 = readout.inner_text()
        handle = slider.locator('.noUi-handle').first
        handle.focus()
        page.keyboard.press('End')                  # to the slider's end, where the edit shows (noUiSlider's keyboard: End = max)
        page.wait_for_function("([el, old]) => el.getAttribute('src') !== old && el.complete && el.naturalWidth > 0",
                               arg=[imgs.nth(1).element_handle(), edited], timeout=120_000)
        r1 = readout.inner_text()
        assert float(r1) > float(r0), f'Beard readout did not move: {r0} -> {r1}'
        assert imgs.nth(1).get_attribute('src') != edited
        assert imgs.nth(0).get_attribute('src') == original, 'the original image changed with the Beard slider'
        wait_kernel(page, TIMEOUT)            # the queued re-renders are done
        assert imgs.nth(1).get_attribute('src') != edited
        box.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        shot = Path(os.environ.get('LAB_SCREENSHOT', ASSETS / 'lab_sampling.png'))
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        print(f'\nlab: widget ready after {t_ready:.0f} s, Beard {r0} -> {r1}, edited image changed; screenshot {shot}')
        assert not errors, errors
    except BaseException:   # pytest.fail raises an OutcomeException (a BaseException)
        fail = Path(os.environ.get('LAB_FAIL_SCREENSHOT', '/tmp/lab_failure.png'))
        page.screenshot(path=str(fail))
        print(f'\nfailure screenshot: {fail}; menus: ', page.eval_on_selector_all(
            '.lm-MenuBar-item, .lm-Menu-item', 'els => els.map(e => (e.dataset.command || "") + ":" + e.textContent.trim()).slice(0, 40)'))
        raise
    finally:
        ctx.close()
    assert nb_path.read_bytes() == before_bytes, f'{nb_path} was modified by the test'
