# Samordna. `make demo` serves the demo on http://127.0.0.1:8000; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
SAMORDNA := $(VENV)/bin/samordna
PYTHON ?= python3

.PHONY: install demo serve test test-sqlite test-postgres lint migrations-check bench bench-followup clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e ".[dev,bench]"
	touch $@

install: $(VENV)/.installed

# The demo is a development configuration (SAMORDNA_DEBUG=1): production is the default,
# and `samordna demo` refuses to create its published-password users there.
demo: export SAMORDNA_DEBUG = 1
demo: install
	$(SAMORDNA) migrate --noinput -v0
	$(SAMORDNA) demo
	@echo "Samordna körs på http://127.0.0.1:8000 (avsluta med Ctrl-C); dokument skapas av en arbetsprocess bredvid"
	$(SAMORDNA) db_worker --interval 1 --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(SAMORDNA) runserver 127.0.0.1:8000

test: test-sqlite test-postgres

test-sqlite: install
	$(PY) -m pytest

# Runs the suite again on a throwaway PostgreSQL server on loopback when CI is set or
# PostgreSQL is installed; otherwise says why it is skipped.
test-postgres: install
	scripts/test-postgres.sh $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests bench

migrations-check: install
	SAMORDNA_DEBUG=1 $(SAMORDNA) makemigrations --check --dry-run

# `make bench` runs the national scale (80 förbund × 10 plan years, ~20 minutes on PostgreSQL:
# `scripts/test-postgres.sh make bench`); `make bench SCALE=small` is CI's size.
SCALE ?= national
bench: install
	$(PY) bench/run.py --scale $(SCALE)

# A 10 000-row follow-up import (service and web page), figures and pages; ROWS=… for another size.
bench-followup: install
	$(PY) bench/followup.py $(ROWS)

clean:
	rm -rf $(VENV) var .pytest_cache
