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

## run: the main job, headless (reproduce the source run)
run: $(VENV)/.installed
	$(PY) -m edu_w2v source-run

## test: lint, unit tests and nbval over every notebook
test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m pytest

## lab: open the notebook series in JupyterLab
lab: $(VENV)/.installed
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) build *.egg-info
