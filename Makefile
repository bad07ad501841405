# geokg: the two quickstart commands (`make demo`, `make test`) and their install steps.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install into .venv/ and build the seed articles into out/.
demo: install
	$(BIN)/kg build seeds/ -o out

## Install with the dev extra and run the whole test suite.
test: install-dev
	$(BIN)/python -m pytest -q

clean:
	rm -rf out build *.egg-info .pytest_cache
