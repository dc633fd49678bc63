# Everything a fresh machine with Python 3.11 needs: `make run` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install run serve release test test-browser lint bench bench-static bench-consultants bench-search clean backup restore fault-recovery cluster-test chaos

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_demo
	DEBUG=1 $(MANAGE) setup_roles
	DEBUG=1 $(MANAGE) demo_admin
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# Production-style serving: gunicorn (WEB_CONCURRENCY sync workers, default 2) with WhiteNoise static files.
# Needs SECRET_KEY and ALLOWED_HOSTS; see deploy/ for gunicorn and nginx settings.
# On several app servers: `make release` once, then `make serve RELEASE=0` on each server, one at a time.
RELEASE ?= 1
serve: install
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(if $(filter 1,$(RELEASE)),$(MAKE) --no-print-directory release)
	$(BIN)/gunicorn lowmilk.wsgi --config deploy/gunicorn.conf.py

# The once-per-release step against the shared database: schema changes, then every cached page re-rendered.
release: install
	$(MANAGE) migrate --no-input
	$(MANAGE) clear_page_cache

# Every public page type against the Wagtail peer in alternating rounds, the page cache, nginx, a load with an
# editor at work, worker memory: one table, appended to bench/RESULTS.md (BENCH_QUICK=1: a short run of
# everything; BENCH_DATABASE_URL / BENCH_SQLITE_URL: the databases, filled on the first run).
bench: install
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DEBUG=1 $(MANAGE) check
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

test: lint
	$(BIN)/pytest -m "not browser"

# Real-browser tests and axe accessibility checks in Debian's Chromium (apt-get install -y chromium).
# Screenshots land in test-artifacts/screenshots/.
test-browser: install
	$(BIN)/pytest -m browser

# Site search over 10,000 generated articles on PostgreSQL; results go to bench/RESULTS.md.
BENCH_SEARCH_DB ?= lowmilk_public_bench
# The benchmarks run with production settings, whose static files come from collectstatic's manifest.
bench-static: install
	SECRET_KEY=collectstatic-only $(MANAGE) collectstatic --no-input --verbosity 0

bench-search: bench-static
	createdb -h 127.0.0.1 -U postgres $(BENCH_SEARCH_DB) 2>/dev/null || true
	SECRET_KEY=bench-search-only ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=0 LOG_REQUESTS=0 PAGE_CACHE=0 RATE_LIMIT_SEARCH=1000000/m \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_SEARCH_DB) $(BIN)/python bench/search_bench.py
# Consultant search in detail (p50/p95 over 300 places, query plans); replaces its section of bench/RESULTS.md.
bench-consultants: bench-static
	$(BIN)/python bench/consultant_search.py --database sqlite
	$(BIN)/python bench/consultant_search.py --database postgres
	$(BIN)/python bench/consultant_search.py --report

clean:
	rm -rf $(VENV) .pytest_cache staticfiles

# --- Reliability: backups and outages ---
# Without SECRET_KEY in the environment these run with development settings (the local SQLite site).
SITE_ENV := $(if $(SECRET_KEY),,DEBUG=1)

# A timestamped archive of all content and uploaded media in site-backups/.
backup: install
	$(SITE_ENV) $(MANAGE) backup_site

# make restore FILE=site-backups/lowmilk-YYYYmmdd-HHMMSS.tar.gz  (asks to confirm; YES=1 does not ask)
restore: install
	@if [ -z "$(FILE)" ]; then echo "Usage: make restore FILE=site-backups/lowmilk-YYYYmmdd-HHMMSS.tar.gz" >&2; exit 2; fi
	$(SITE_ENV) $(MANAGE) restore_site "$(FILE)" $(if $(YES),--no-input,)

# PostgreSQL stopped and restarted under a running site: friendly 503s, then 200s without a restart.
fault-recovery: install
	bench/fault_recovery.sh

# Every fault of a bad day (Redis full, read-only, hanging; PostgreSQL hanging or locked; a tarpit SMTP
# server; identical submissions at once) against gunicorn with private servers under light load; the
# table is appended to bench/RESULTS.md. About two minutes, so not part of `make test`.
chaos: install
	$(BIN)/python bench/chaos.py

# Two app servers behind deploy/nginx.conf, a PostgreSQL primary + streaming replica, Redis and media in a local
# S3 server, all private and thrown away: sessions, edits and uploads cross servers, a killed server and a stopped
# replica cost no request. About a minute; the table goes to bench/RESULTS.md. Needs root (installs nginx if missing).
cluster-test: install
	$(BIN)/python bench/cluster_test.py
