# Two commands: `make run` (dashboard on the demo store) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STORE ?= data
APT_PACKAGES := chromium fonts-thai-tlwg poppler-utils haproxy postgresql

.PHONY: run test test-quick test-pages lint venv dev browser demo check bench cluster clean

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

dev: $(VENV)/.dev-installed

# Debian's Chromium and Thai fonts for the browser tests and the briefing pack (never a downloaded
# browser), poppler-utils (pdftotext, pdffonts) for the pack's tests, HAProxy for the
# replicas (make cluster, tests/serving/test_serving.py), and PostgreSQL (initdb, pg_ctl) for the
# follow-up database's tests, which start a throwaway cluster on loopback (tests/followup).
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/sbin/haproxy ] && fc-list 2>/dev/null | grep -qi garuda && command -v pdftotext >/dev/null \
		&& ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else echo "note: $(APT_PACKAGES) not installed and not root: browser and serving tests will skip (fail under CI=true)"; fi

demo: venv
	$(PY) -m kpi_model demo --store $(STORE) --if-missing

run: demo
	KPI_STORE=$(STORE) $(PY) -m streamlit run serve.py --server.address 127.0.0.1

# Lint and types: ruff (rules and format) on the whole tree, mypy on kpi_model/, ui/ and pages/
lint: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: dev browser lint
	$(PY) -m pytest

# While you work (2–4 minutes on 2 shared cores, ~190 CPU-s): the domain only — model, importer,
# store, views, brief's content, ui helpers — on pytest-xdist. No pages, no browser, no servers,
# no slow sweeps, no lint (tests/conftest.py marks them). `make test-pages` adds the AppTest pages.
test-quick: dev
	$(PY) -m pytest -q -n auto -m "not pages and not browser and not servers and not slow"

test-pages: dev
	$(PY) -m pytest -q -m "pages and not browser"

# HAProxy in front of 2 replicas fed through SeaweedFS by the writer $(STORE) (docs/SCALING.md).
cluster: dev browser demo
	$(PY) -m scripts.cluster --replicas 2 --store $(STORE)

check: venv
	$(PY) -m kpi_model check --store $(STORE)

bench: dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache
