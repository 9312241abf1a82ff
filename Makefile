# w2w: the two user-facing commands are `make demo` and `make test`; both install what they need.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
BIN   := $(VENV)/bin
# the install stamp is keyed by the content of what it installs from, not by mtimes (nbdev-export rewrites pyproject.toml in place)
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt 2>/dev/null | sha1sum | cut -c1-12)
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: studies notebooks mini-world readme install lock test test-slow test-cuda test-browser screenshots bench bench-scale demo docs lab export proc-nbs

install: $(STAMP)  ## .venv with torch (CPU, pinned, first) then -e .[dev,dist], both under constraints.txt; idempotent

$(STAMP):
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt torch
	$(PY) -m pip install -q -c constraints.txt -e ".[dev,dist]"
	rm -f $(VENV)/.installed*; touch $(STAMP)

lock: install  ## rewrite constraints.txt from what .venv holds (after changing a dependency range)
	{ sed -n '1,2p' constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -v '^w2w' | sed 's/^torch==\([0-9.]*\)+cpu/torch==\1/'; } > constraints.tmp && mv constraints.tmp constraints.txt

test: install  ## what CI runs: clean + sync checks, notebook tests, `N passed, N failed` (+ browser tests where Chromium is installed)
	PATH=$(BIN):$$PATH bash .ci/test

test-browser: install  ## docs site + JupyterLab in headless Chromium (installs Debian's chromium if missing); screenshots in out/screenshots/
	PATH=$(BIN):$$PATH bash tools/test_browser.sh

screenshots: install  ## the browser tests, writing the README's screenshots into assets/
	PATH=$(BIN):$$PATH SCREENSHOT_DIR=assets bash tools/test_browser.sh

test-slow: install  ## also the #| slow cells (long trainings, full-size evaluations)
	PATH=$(BIN):$$PATH FLAGS="slow" bash .ci/test

test-cuda: install  ## also the #| cuda cells (a GPU machine: CUDA training, mixed-precision inversion, CUDA = CPU checks)
	PATH=$(BIN):$$PATH FLAGS="cuda" bash .ci/test

bench: install  ## ours vs baseline, one run, with ratios
	OMP_NUM_THREADS=$${OMP_NUM_THREADS:-1} $(BIN)/w2w bench

SIZES   ?= 0.125,0.25,0.5,1
KS      ?= 1000,10000
THREADS ?= 2
REDO    ?= False
bench-scale: install  ## the space at the original's scale (on demand): float16 synthetic stores in build/bench_scale (13 GB at full size, reused), KS PCs (1,000 and 10,000) at each of SIZES on THREADS threads, fitted again with REDO=True; time, peak memory, error into files/bench_scale.json
	OMP_NUM_THREADS=$(THREADS) $(PY) -c "from w2w.bench import bench_scale; bench_scale(sizes=[$(SIZES)], ks=[$(KS)], threads=$(THREADS), redo=$(REDO), command='make bench-scale SIZES=$(SIZES) KS=$(KS) THREADS=$(THREADS) REDO=$(REDO)')"

demo: install  ## the main job on the mini world: writes a PNG sheet and prints its path
	$(BIN)/w2w demo --out out/demo.png

lab: install
	$(BIN)/jupyter lab nbs/

export: install
	$(BIN)/nbdev-export && $(BIN)/nbdev-clean

docs: install  ## the documentation site in _docs/: nbdev-docs with Quarto, else nbdev processing + nbconvert offline
	$(PY) tools/build_docs.py

proc-nbs: install  ## nbdev's own offline docs check
	$(BIN)/nbdev-proc-nbs

EXECUTE := OMP_NUM_THREADS=$${OMP_NUM_THREADS:-1} $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=-1
USE_CASES := sampling identity_editing multiple_edits inversion_real inversion_ood datasets probing continual_merging concept_sliders

run-%: install  ## execute one notebook in place, slow cells included: `make run-study_edits`
	$(EXECUTE) nbs/$*.ipynb

studies: $(patsubst nbs/%.ipynb,run-%,$(wildcard nbs/study_*.ipynb))  ## every study notebook in full, in place (figures into files/results.json), then the README's status; `make -j2 studies` runs two at once
	$(MAKE) readme

notebooks: $(addprefix run-,$(USE_CASES))  ## re-execute the use-case and companion notebooks in place on the shipped artefacts (`-j2`: two at once)
	$(BIN)/nbdev-clean

mini-world: install  ## after a zoo build in build/zoo: ship it and its space (nbs/36_mini_zoo), then everything downstream of them (`-j2`: two at once)
	$(MAKE) run-36_mini_zoo
	$(MAKE) studies notebooks
	$(MAKE) demo screenshots

readme: install  ## execute nbs/index.ipynb (the status table from files/results.json) and write README.md from it
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace nbs/index.ipynb && $(BIN)/nbdev-clean && $(BIN)/w2w readme
