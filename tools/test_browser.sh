#!/usr/bin/env bash
# Browser tests: the docs site and JupyterLab, in headless Debian Chromium driven by Playwright.
#   1. Chromium: /usr/bin/chromium, installed with apt-get if missing (root, or passwordless sudo).
#   2. playwright + pytest in .venv, pip-installed if missing (never `playwright install`: we use the system Chromium).
#   3. the docs site: python tools/build_docs.py --offline  ->  _docs/
#   4. pytest tests/browser -q   (LAB_NOTEBOOK=toy|path, LAB_TIMEOUT, DOCS_DIR are passed through;
#      DOCS_ALLOW_ERRORS=1: a notebook nbdev cannot process does not fail the run)
# Exits non-zero if any step fails; the tests still run when the docs build only reported notebooks nbdev could not process.
set -uo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || dirname "$(dirname "$(readlink -f "$0")")")"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
PY=${PY:-.venv/bin/python}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}; export CHROMIUM

if [ ! -x "$CHROMIUM" ]; then
  echo "installing chromium (apt-get)..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "no $CHROMIUM and no root to apt-get install chromium"; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium >/dev/null \
    || { echo "apt-get install chromium failed"; exit 1; }
fi

if ! $PY -c "import playwright, pytest" 2>/dev/null; then
  echo "installing playwright and pytest into .venv..."
  $PY -m pip install -q playwright pytest || { echo "pip install playwright pytest failed"; exit 1; }
fi

t0=$SECONDS
$PY tools/build_docs.py --offline --n-workers "${DOCS_WORKERS:-2}" ${DOCS_ALLOW_ERRORS:+--allow-errors}; docs_rc=$?   # the tests read the offline site
echo "docs: build_docs.py exit $docs_rc in $((SECONDS - t0)) s"
if [ ! -f _docs/pages.json ]; then echo "no site in _docs/"; exit 1; fi

t0=$SECONDS
$PY -m pytest tests/browser -q -p no:cacheprovider "$@"; test_rc=$?
echo "browser tests: pytest exit $test_rc in $((SECONDS - t0)) s"
[ $docs_rc -eq 0 ] && [ $test_rc -eq 0 ]
