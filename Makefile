# Every target does its own set-up: the first run creates .venv and installs the project.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# Your own copy of the exercises, to solve in place: the tests never look at it.
MY_EXERCISES ?= my-exercises

.PHONY: help run test lab exercises stress stack outputs site site-test classroom classroom-test clean
.DEFAULT_GOAL := help

## help: list these targets (what a bare `make` does)
help:
	@awk '/^## [a-z-]+:/ {sub(/^## /, ""); print; next} /^## / {sub(/^## /, "    "); print}' $(MAKEFILE_LIST)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[notebooks,test]"
	touch $@

## run: the main job, headless: the source run, then CBOW trained on the bundled corpus
run: $(VENV)/.installed
	$(PY) -m edu_w2v source-run
	$(PY) -m edu_w2v train --out vectors.npz

## test: lint and format check, unit tests and nbval over every notebook (2 processes: pytest-xdist, see pyproject)
test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

## stress: nbval over the training notebooks with the CPU saturated, 3 runs (not part of test)
stress: $(VENV)/.installed
	PYTHON=$(PY) scripts/stress_notebooks.sh --runs 3

## stack: nbval under the oldest admitted and the newest NumPy, OPENBLAS_NUM_THREADS=1 and 2
stack:
	PYTHON=$(PYTHON) scripts/stack_matrix.sh

## outputs: (maintainers) re-execute every notebook in place, store its outputs, check with nbval
outputs: $(VENV)/.installed
	PYTHON=$(PY) scripts/execute_notebooks.sh

## exercises: your own copy of the exercises in my-exercises/ (made once, never overwritten):
##     solve them there; `make test` checks the exercises as shipped, never your copy
exercises: $(MY_EXERCISES)
$(MY_EXERCISES):
	cp -R exercises $(MY_EXERCISES)
	@echo "Your exercises: $(MY_EXERCISES)/ (English) and $(MY_EXERCISES)/zh/ (中文)."

## lab: open JupyterLab on the series (notebooks/) and your exercises (my-exercises/, made on
## the first run); as root too (in a container), where Jupyter needs --allow-root.
## LAB_ARGS: more options, e.g. LAB_ARGS="--ip=0.0.0.0 --no-browser" to reach a container's lab
LAB_ARGS ?=
lab: $(VENV)/.installed $(MY_EXERCISES)
	@echo "JupyterLab: open the http://127.0.0.1:...?token=... address printed below in your browser,"
	@echo "then notebooks/00_source_run.ipynb; solve the exercises in $(MY_EXERCISES)/. Ctrl-C (twice) stops it."
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

## site: the series as a static website in build/site/ (open build/site/index.html), from the
## notebooks' stored outputs: nothing is re-executed
$(VENV)/.site-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[site]"
	touch $@

site: $(VENV)/.site-installed
	$(PY) site/generate.py . build/site-src
	$(PY) -m sphinx -b html -q -c site -d build/site-doctrees build/site-src build/site
	@echo "The website: build/site/index.html"

## site-test: the website in headless Chromium (Debian's chromium; run `make site` first)
site-test: $(VENV)/.site-installed
	EDU_W2V_REQUIRE_BROWSER=1 $(PY) -m pytest -o addopts="" -p no:cacheprovider tests/site

## classroom: the exercises as an nbgrader course in course/, its student version made
##     (course/release/); notebooks/TEACHING.md ("A course with nbgrader") gives the next steps.
##     COURSE=folder, EDITION=zh for the Chinese exercises, LESSONS_URL=the series' website
COURSE ?= course
EDITION ?= en
LESSONS_URL ?=
$(VENV)/.classroom-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[classroom]"
	touch $@

# nbgrader runs `alembic` from the PATH: the venv's bin/ goes first
classroom: $(VENV)/.classroom-installed
	$(PY) -m edu_w2v classroom $(COURSE) --language $(EDITION) $(if $(LESSONS_URL),--lessons-url $(LESSONS_URL))
	cd $(COURSE) && PATH="$(abspath $(VENV))/bin:$$PATH" nbgrader generate_assignment "*"

## classroom-test: the course's round trip through nbgrader: release, three submissions per
##     assignment, autograde, feedback (tests/classroom; not part of test, run by CI)
classroom-test: $(VENV)/.classroom-installed
	EDU_W2V_REQUIRE_NBGRADER=1 $(PY) -m pytest -o addopts="" -p no:cacheprovider tests/classroom

## clean: remove .venv, build/ and the packaging metadata
clean:
	rm -rf $(VENV) build *.egg-info
