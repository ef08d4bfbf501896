# Every target does its own set-up: the first run creates .venv and installs the project.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: run test lab clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[notebooks,test]"
	touch $@

## run: the main job, headless: the source run, then CBOW trained on the bundled corpus
run: $(VENV)/.installed
	$(PY) -m edu_w2v source-run
	$(PY) -m edu_w2v train --out vectors.npz

## test: lint, unit tests and nbval over every notebook (one worker per core, a file per worker)
test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m pytest -n auto --dist loadfile

## lab: open JupyterLab on the series (notebooks/) and the exercises (exercises/)
lab: $(VENV)/.installed
	$(VENV)/bin/jupyter lab

clean:
	rm -rf $(VENV) build *.egg-info
