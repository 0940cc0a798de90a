# Crosscheck: every target builds what it needs, starting from a clean clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install system-deps run test lint format bench ingest clean

install: $(STAMP)

# Debian packages the tests need: Chromium for the real-browser UI and widget tests
# (Playwright drives /usr/bin/chromium; it never downloads a browser of its own).
SYSDEPS := /usr/bin/chromium
system-deps: $(SYSDEPS)
$(SYSDEPS):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# torch first, pinned to the CPU build, so nothing later pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

ingest: install
	$(PY) -m assistant ingest --corpus corpus

run: ingest
	$(PY) app.py

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: install system-deps lint
	$(PY) -m pytest -q

bench: install
	$(PY) -m bench.ingest_and_answer

clean:
	rm -rf $(VENV) .crosscheck .pytest_cache .mypy_cache .ruff_cache
