# Developer commands. `make test` is the README's test command and what CI runs.
PYTHON ?= python3
export QT_QPA_PLATFORM ?= offscreen

.PHONY: install run test check lint typecheck translations screenshots bench bench-quick bench-pg installer

install:
	$(PYTHON) -m pip install -q -e ".[test]"

run:
	$(PYTHON) -m pip install -q -e . && lotsen-desktop

test: install check
	$(PYTHON) tests/run.py

check: lint typecheck
	$(PYTHON) translations/catalogs.py check
	$(PYTHON) ui/compile.py --check

lint:
	$(PYTHON) -m ruff check lotsen_desktop tests bench build_installer.py translations ui
	$(PYTHON) -m ruff format --check lotsen_desktop tests bench build_installer.py translations ui

typecheck:
	$(PYTHON) -m mypy

translations:
	$(PYTHON) translations/catalogs.py missing

screenshots: install
	$(PYTHON) docs/make_screenshots.py
	$(PYTHON) docs/scaling_screens.py

# Datasets are cached in bench/.data (L, 100,000 volunteers, is made once: a few minutes).
bench: install
	$(PYTHON) -m bench --markdown bench/results/latest.md

bench-quick: install
	$(PYTHON) -m bench --quick

# SQLite next to PostgreSQL (a throwaway cluster on localhost); VOLUNTEERS=100000 for the full size.
VOLUNTEERS ?= 5000
bench-pg: install
	$(PYTHON) -m bench.bench_engines --volunteers $(VOLUNTEERS) --markdown bench/results/engines.md

installer:
	$(PYTHON) build_installer.py
