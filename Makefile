# Two commands: `make demo` and `make test`. Everything else is a step they call.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
DEMO_ENV := DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3

.PHONY: demo test install migrate messages browser-deps clean

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

test: install
	$(PY) -m pytest

# Recompile the translations after editing locale/*/LC_MESSAGES/django.po (needs GNU gettext).
messages: install
	DEBUG=true $(PY) manage.py makemessages --locale sv --locale en --no-obsolete --ignore ".venv/*" --ignore "staticfiles/*"
	DEBUG=true $(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
