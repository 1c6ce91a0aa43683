# Two entry points for a fresh machine: `make demo` and `make test`.
# Everything else here is a step they share.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo demo-headless test test-fast js lint clean

# The main job: set up, build the demo portal, open JupyterLab on the tour notebook.
demo: $(STAMP)
	$(BIN)/crm-widgets demo

# The same job without a browser: run the tour notebook, fail on any error.
demo-headless: $(STAMP)
	$(BIN)/crm-widgets demo --headless

# Every test: unit, browser (Debian's Chromium against a real JupyterLab), notebooks.
test: $(STAMP) node_modules/.package-lock.json
	bash scripts/ensure_chromium.sh
	$(BIN)/crm-widgets demo --prepare-only
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-sanitize-with notebooks/sanitize.cfg

# Everything but the browser and the notebooks, for a quick loop while coding.
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The JS bundle is committed; node packages are only needed to rebuild or check it.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

js: node_modules/.package-lock.json
	npm run build

lint: $(STAMP)
	$(BIN)/ruff check crm_widgets tests benchmarks

clean:
	rm -rf $(VENV) node_modules .pytest_cache
