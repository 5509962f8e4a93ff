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
# pytest-xdist workers: one per core. `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto
# What `make test-fast` leaves out: the slow tests and those needing PostgreSQL.
FAST_MARKERS ?= not slow and not postgres

.PHONY: run test test-fast lint bench venv sysdeps-run sysdeps-test screenshots clean package package-test screens-baseline

FONTS := assets/fonts/NotoSerifCJKsc-Regular.otf

run: sysdeps-run $(STAMP) $(FONTS)
	$(PY) main.py run $(RUN_ARGS)

test: sysdeps-test $(STAMP) $(FONTS) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The inner loop after changing a screen: no lint, no slow or PostgreSQL tests. Narrow it
# further with PYTEST_ARGS=tests/ui/test_needs.py (or run pytest on that file directly).
test-fast: $(STAMP) $(FONTS)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal \
		-m "$(FAST_MARKERS)" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: sysdeps-test $(STAMP) $(FONTS) package
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/bench -p no:cacheprovider -o addopts="" -s $(PYTEST_ARGS)

# Every screen rendered again as tests/ui/test_every_screen_unchanged.py's stored baseline:
# after a visual change that is meant (say why in tests/ui/screens_baseline/CHANGED.md).
screens-baseline: sysdeps-test $(STAMP) $(FONTS)
	$(PY) -m tests.ui.screen_render --baseline

# The packaged build: one folder (dist/maison-kiosk/), a versioned tar.gz of it and its SHA-256.
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' kiosk/__init__.py)
ARCHIVE := maison-kiosk-$(VERSION)-$(shell uname -s | tr A-Z a-z)-$(shell uname -m)

package: sysdeps-run $(STAMP) $(FONTS)
	rm -rf dist/maison-kiosk dist/$(ARCHIVE).tar.gz dist/$(ARCHIVE).tar.gz.sha256
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/maison-kiosk.spec
	tar -C dist --transform 's,^maison-kiosk,maison-kiosk-$(VERSION),' -czf dist/$(ARCHIVE).tar.gz maison-kiosk
	cd dist && sha256sum $(ARCHIVE).tar.gz > $(ARCHIVE).tar.gz.sha256
	@du -sh dist/maison-kiosk dist/$(ARCHIVE).tar.gz

# Verifies the archive, unpacks it elsewhere and runs the unpacked binary's smoke test.
package-test: package
	packaging/package-test.sh dist/$(ARCHIVE).tar.gz

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (Debian: apt-get install python3.11 python3.11-venv)"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev,package]'
	touch $@

$(FONTS): tools/bundle_fonts.py | $(STAMP)
	$(PY) tools/bundle_fonts.py
	touch $@

sysdeps-run:
	@tools/system-packages run

sysdeps-test:
	@tools/system-packages test

clean:
	rm -rf $(VENV) build dist bench-results .mypy_cache .ruff_cache .pytest_cache

# Lighthouse (mobile) on the associates' companion: a real companion on a real PostgreSQL
# seeded with requests, each page scored for performance and accessibility (printed, and
# reports under build/lighthouse/). Not part of `make test`: Lighthouse comes from npm
# (tools/lighthouse/package.json, pinned) and runs the machine's Chromium.
.PHONY: lighthouse
lighthouse: sysdeps-test $(STAMP)
	cd tools/lighthouse && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) tools/lighthouse/run.py
