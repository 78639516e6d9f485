# dap-reports — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# axe-core (npm) for the browser test's WCAG 2.1 AA check; pinned in tests/axe/package-lock.json.
AXE    := tests/axe/node_modules/axe-core/axe.min.js

.DEFAULT_GOAL := help

## Install into ./.venv and run the main job on the bundled demo portfolio (what `dap-reports demo` does)
demo: $(VENV)/.installed
	$(BIN)/dap-reports demo

## Install into ./.venv (with test extras) and axe-core into tests/axe, and run the test suite
test: $(VENV)/.installed-test axe
	$(BIN)/python -m pytest

## Lint, format check, type check and template check (what CI and pre-commit run)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m dap_reports.reports.templates --check

## Benchmark a year of reports against the plain papermill + nbconvert pipeline (about 10 minutes)
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_year.py

## Open JupyterLab on the exploration notebook
lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/

## Regenerate the bundled demo data, the templates and docs/data-model.md from the code
regenerate: $(VENV)/.installed
	$(BIN)/python -m dap_reports.tools.demo
	$(BIN)/python -m dap_reports.tools.demo_kol
	$(BIN)/python -m dap_reports.reports.templates
	$(BIN)/python -m dap_reports.tools.docs

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The kernel is installed into the venv under a fixed name so reports never run in
# whatever `python3` kernel a machine happens to have.
$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -c "from dap_reports.run.render import ensure_kernel; ensure_kernel()"
	@# bytecode written once, also where PYTHONDONTWRITEBYTECODE is set (else every start compiles the toolkit)
	$(BIN)/python -m compileall -q src
	touch $@

## Install axe-core (npm, pinned in tests/axe) for the accessibility test; without npm it is skipped, except in CI
axe: $(AXE)
$(AXE): tests/axe/package.json tests/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the axe-core accessibility test will be skipped (apt-get install npm)"; fi

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## Remove the virtual environment and generated output
clean:
	rm -rf $(VENV) output/*/ build *.egg-info src/*.egg-info tests/axe/node_modules

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z][a-z-]*:/{if(doc){split($$0,t,":"); printf "  make %-12s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

.PHONY: demo test axe lint bench lab regenerate clean help
