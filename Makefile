# Two commands matter: `make run` (set up everything and serve the site) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

# The test suite runs on PostgreSQL (the production database) when one answers on
# 127.0.0.1:5432, otherwise on SQLite; tests that need PostgreSQL then skip and say so.
# (An empty DATABASE_URL would leave Django with no database at all, hence the explicit SQLite.)
TEST_DATABASE_URL ?= $(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo postgres://postgres@127.0.0.1:5432/vig_support || echo sqlite:///db.sqlite3)
# In CI (CI=true) there is no falling back to SQLite: without PostgreSQL the tests fail.
NEED_POSTGRES_IN_CI = @case "$(CI):$(TEST_DATABASE_URL)" in true:postgres://*|true:postgresql://*) ;; \
	true:*) echo "CI=true but the tests would not run on PostgreSQL (127.0.0.1:5432 does not answer): the row-lock tests cannot run" >&2; exit 1;; esac

.PHONY: run run-prod test lint format bench browser-test check clean lock messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installed from the locks (every package pinned, with its hashes), made from requirements.in and
# requirements-dev.in by `make lock`.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

# Remake both locks after changing a version in requirements.in or requirements-dev.in.
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.dev-installed
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-dev.txt requirements-dev.in

run: $(VENV)/.runtime-installed
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The production configuration on this machine: PostgreSQL and Redis (127.0.0.1 unless
# DATABASE_URL / REDIS_URL say otherwise), gunicorn over HTTPS on PORT (default 8443), a task
# worker, the scheduled jobs once. See README, "Trying production on this machine".
run-prod: $(VENV)/.runtime-installed
	deploy/run-prod.sh

test: $(VENV)/.dev-installed
	$(NEED_POSTGRES_IN_CI)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

browser-test: $(VENV)/.dev-installed
	$(NEED_POSTGRES_IN_CI)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest tests/browser $(PYTEST_ARGS)

# The site in production shape (PostgreSQL, Redis, gunicorn, db_worker) beside the stock Wagtail
# site in ../shared/peer-wagtail; about 5 minutes; writes artifacts/bench.md. See README.
bench: $(VENV)/.runtime-installed
	$(BIN)/python -m benchmarks.run

check: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=vig_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=vig_site.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 artifacts .pytest_cache .ruff_cache

# The interface's words for translators: gather every marked string into locale/<language>/
# (keeping what is translated), then compile them into the django.mo files the site reads
# (committed, so `make run` needs no gettext). Needs GNU gettext (Debian's gettext package).
LANGS := pl ar
messages: $(VENV)/.dev-installed
	$(MANAGE) makemessages $(foreach l,$(LANGS),-l $(l)) --no-obsolete \
		--ignore 'tests/*' --ignore 'benchmarks/*' --ignore 'staticfiles/*' --ignore 'artifacts/*'
	$(MANAGE) compilemessages $(foreach l,$(LANGS),-l $(l)) --ignore '.venv'
