# The README's two commands: `make run` and `make test`. Both set up everything they need.
SHELL := /bin/bash
# Debian's interpreter first: the venv must be usable by every user (tests run the kiosk as
# 'nobody' to prove an unwritable data folder is refused).
PYTHON ?= $(shell for p in /usr/bin/python3.11 python3.11 python3; do command -v $$p >/dev/null && { command -v $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
RUN_ARGS ?= --windowed
PYTEST_ARGS ?=

.PHONY: run test lint bench venv sysdeps-run sysdeps-test screenshots clean

FONTS := assets/fonts/NotoSerifCJK-Regular.ttc

run: sysdeps-run $(STAMP) $(FONTS)
	$(PY) main.py run $(RUN_ARGS)

test: sysdeps-test $(STAMP) $(FONTS) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: sysdeps-test $(STAMP) $(FONTS)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/bench -p no:cacheprovider -o addopts="" -s $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (Debian: apt-get install python3.11 python3.11-venv)"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(FONTS): tools/bundle-fonts
	tools/bundle-fonts

sysdeps-run:
	@tools/system-packages run

sysdeps-test:
	@tools/system-packages test

clean:
	rm -rf $(VENV) build dist bench-results .mypy_cache .ruff_cache .pytest_cache
