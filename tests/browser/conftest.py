"Shared fixtures for the browser tests: headless Debian Chromium driven by Playwright (no `playwright install`)."
import os, shutil
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSETS = Path(os.environ.get('SCREENSHOT_DIR') or ROOT / 'out' / 'screenshots')   # `make screenshots`: assets/
if not ASSETS.is_absolute(): ASSETS = ROOT / ASSETS
ASSETS.mkdir(parents=True, exist_ok=True)
CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']


@pytest.fixture(scope='session')
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f'no Chromium at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM=...)')
    sync_api = pytest.importorskip('playwright.sync_api', reason='pip install playwright')
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
