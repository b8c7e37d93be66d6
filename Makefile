# Two commands: `make demo` and `make test`. Everything else is a step they call.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
DEMO_ENV := DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 SECOND_FACTOR_REQUIRED=false

.PHONY: demo test serve install messages browser-deps validator clean loadtest wrk-deps lint format

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

demo: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py setup_demo
	@echo "Serving http://127.0.0.1:8000 (password for the demo users: see README.md)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# As in production (README, "Serving in production"): DEBUG off, static files collected with hashed
# names, migrations applied, gunicorn on DATABASE_URL. SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL
# come from the environment or .env. Workers default to 2 per core + 1; a request that takes longer
# than SERVE_TIMEOUT seconds (a PDF being published is the slowest) is stopped and its worker replaced.
SERVE_BIND ?= 127.0.0.1:8000
SERVE_WORKERS ?= $(shell echo $$((2 * $$(nproc 2>/dev/null || echo 1) + 1)))
SERVE_TIMEOUT ?= 60
SERVE_ENV := DEBUG=false

serve: install
	$(SERVE_ENV) $(PY) manage.py check --deploy
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) exec $(VENV)/bin/gunicorn config.wsgi:application \
		--bind $(SERVE_BIND) --workers $(SERVE_WORKERS) \
		--timeout $(SERVE_TIMEOUT) --graceful-timeout 30 --keep-alive 5 \
		--max-requests 1000 --max-requests-jitter 100 \
		--access-logfile - --error-logfile -

test: install browser-deps validator lint
	$(PY) -m pytest

# The layers contract (import-linter, pyproject.toml) and ruff's lint and format: CI fails on an
# upward import, a lint finding or unformatted code. `make format` applies ruff's fixes and format.
lint: install
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
# Installed when missing and we may (root with apt-get); otherwise those tests are skipped
# locally, and fail in CI, which sets REQUIRE_BROWSER=1.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Chromium is missing and cannot be installed here: browser tests will be skipped."; fi

# The national benchmark under load (README, "Benchmark"): gunicorn on the national data set in its
# own PostgreSQL database (LOADTEST_DATABASE_URL, built on first use), measured with wrk on loopback.
loadtest: install wrk-deps
	$(PY) -m coordination.benchmarking.loadtest

# wrk is a Debian package, installed like Chromium when missing and we may.
wrk-deps:
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing wrk for the load test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else echo "wrk is missing and cannot be installed here (apt-get install wrk)." >&2; exit 1; fi

# The Nu HTML Checker (npm's vnu-jar, run with the machine's Java) validates the public pages.
# Installed when npm is there; otherwise those tests are skipped locally (and fail in CI).
validator:
	@if [ -f node_modules/vnu-jar/build/dist/vnu.jar ]; then :; \
	elif command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the HTML validation tests will be skipped."; fi

# Recompile the translations after editing locale/*/LC_MESSAGES/django.po (needs GNU gettext).
messages: install
	DEBUG=true $(PY) manage.py makemessages --locale sv --locale en --no-obsolete --ignore ".venv/*" --ignore "staticfiles/*" --ignore "node_modules/*" --ignore "tests/*"
	DEBUG=true $(PY) manage.py compilemessages --ignore ".venv/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
