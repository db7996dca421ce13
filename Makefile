# Neural Networks in Python, from NumPy to TensorFlow: build, test and run the book.
# Run `make help` for the list of targets. Everything runs inside the virtual environment
# .venv, created (with `python3 -m venv`) and filled on first use from the lock file
# requirements-lock.txt (exact versions, made from requirements.txt by `make lock`), and
# refreshed only when the lock file or pyproject.toml change.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The installer of the lock file (make venv) and its maker (make lock).
UV := uv>=0.5,<1
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Every chapter notebook; `make execute NB=chapters/1_background/history_and_applications.ipynb`
# re-executes only the ones given.
NOTEBOOKS := $(shell find chapters -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort)
NB ?= $(NOTEBOOKS)
# A warning is an error; report all of them; nitpicky about broken references.
BOOK_FLAGS := -W -n --keep-going

.PHONY: help venv book translations test test-colab lock serve lab execute clean set-repo

help:
	@echo "make book      build the website into _build/html, its Chinese edition into"
	@echo "               _build/html/zh (creates .venv on first use)"
	@echo "make translations  update the Chinese catalogs locale/zh_CN from the English pages"
	@echo "make test      run every check: nnlib tests, strict nbval of every notebook,"
	@echo "               the book build with warnings as errors, the pages in headless Chromium"
	@echo "make test-colab  the notebooks and widget tests on Colab's package versions (.venv-colab)"
	@echo "make lock      refresh requirements-lock.txt from requirements.txt (uv pip compile)"
	@echo "make serve     serve the built site at http://$(HOST):$(PORT)"
	@echo "make lab       open the notebooks in JupyterLab"
	@echo "make execute   re-execute notebooks in place, saving outputs (NB=path.ipynb for one)"
	@echo "make clean     remove _build and caches (not .venv)"
	@echo "make set-repo URL=https://github.com/you/fork [BRANCH=main]   point a fork at itself"

# --- the virtual environment --------------------------------------------------------------
venv: $(STAMP)

$(STAMP): requirements-lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { \
	    echo "error: Python 3.10 or newer is needed; '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)."; \
	    echo "       Install it, or name another one: make book PYTHON=python3.12"; exit 1; }
	@if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	    rm -rf $(VENV); \
	    echo "Creating the virtual environment $(VENV) ..."; \
	    $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	        echo "error: '$(PYTHON) -m venv' failed. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }; \
	fi
	@# The locked packages go in with uv, installed into the venv first: about 45 s where pip
	@# takes 95 on the 2-core reference machine. --compile-bytecode writes the .pyc files as
	@# pip does (without them, and with PYTHONDONTWRITEBYTECODE set, every test process and
	@# notebook kernel would compile TensorFlow's modules again). uv does not read pip's
	@# configuration; where it cannot be installed or cannot reach the index, pip installs
	@# the same lock instead.
	$(BIN)/python -m pip install --disable-pip-version-check -q '$(UV)' && \
	    $(BIN)/python -m uv pip install --compile-bytecode --python $(BIN)/python -r requirements-lock.txt || \
	    $(BIN)/python -m pip install --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

# --- the book ------------------------------------------------------------------------------
book: $(STAMP)
	tools/build_book.sh $(BOOK_FLAGS)
	@echo
	@echo "The book is in _build/html, the Chinese edition in _build/html/zh."
	@echo "To read them: make serve, then open http://$(HOST):$(PORT) (or .../zh/intro.html)"

# The Chinese edition's catalogs (tools/translations.py): rebuild the message templates from
# the English pages and update locale/zh_CN/LC_MESSAGES/*.po. New English text becomes empty
# entries, changed text fuzzy ones; then translate them (README.zh.md says how).
translations: $(STAMP)
	$(BIN)/python tools/translations.py update

# Every check, in four stages (tools/test_all.sh): unit tests, strict nbval over every
# notebook, the book built from scratch with warnings as errors, every page in headless
# Chromium. All stages run even if one fails; the exit status is non-zero if any failed.
test: $(STAMP)
	tools/test_all.sh

# The Colab stage (tools/test_colab.sh): a second virtual environment, .venv-colab, with the
# versions Colab preinstalls (tests/colab-versions.txt); every notebook executed there as on
# Colab, and the widget tests under ipywidgets 7. Run by .ci/run after `make test`.
test-colab:
	tools/test_colab.sh

# The lock file: every package of requirements.txt and its dependencies at one exact version,
# for Python 3.10 and newer on every platform. Run it to move to newer versions, then
# `make test` (and `make execute` if outputs changed) before committing both files.
LOCK_COMMAND := uv pip compile --universal --python-version 3.10 requirements.txt -o requirements-lock.txt
lock: $(STAMP)
	@$(BIN)/python -c 'import uv' 2>/dev/null || $(BIN)/python -m pip install --disable-pip-version-check -q '$(UV)'
	$(BIN)/$(LOCK_COMMAND)

serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving the book at http://$(HOST):$(PORT)  (Ctrl+C stops it)"
	$(PYTHON) -m http.server $(PORT) --bind $(HOST) --directory _build/html

# --- the notebooks -------------------------------------------------------------------------
lab: $(STAMP)
	@$(BIN)/python -c 'import jupyterlab' 2>/dev/null || $(BIN)/python -m pip install --disable-pip-version-check 'jupyterlab>=4,<5'
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

# Runs each notebook top to bottom in its own folder, saves outputs and widget state, then
# tidies it (tools/tidy_notebooks.py): no per-cell timestamps, stable widget ids, so that
# re-executing an unchanged notebook leaves the file unchanged.
execute: $(STAMP)
	$(BIN)/jupyter execute --inplace --timeout=300 $(NB)
	$(BIN)/python tools/tidy_notebooks.py $(NB)

# --- housekeeping --------------------------------------------------------------------------
clean:
	rm -rf _build .pytest_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

set-repo:
	@test -n "$(URL)" || { echo "usage: make set-repo URL=https://github.com/you/your-fork [BRANCH=main]"; exit 1; }
	$(PYTHON) tools/set_repo.py "$(URL)" $(if $(BRANCH),--branch "$(BRANCH)")
