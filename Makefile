# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
# What the demo prints and links to follows HOST: the sign-in address, the portal links in
# letters and e-mails (SITE_URL), and the host names the server answers to.
SITE_URL ?= http://$(HOST)
ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(firstword $(subst :, ,$(HOST)))
DEMO_ENV = SITE_URL='$(SITE_URL)' ALLOWED_HOSTS='$(ALLOWED_HOSTS)'

.PHONY: install demo test lint bench messages screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# WeasyPrint (the PDF letters) needs the Pango library from the system: say which package.
	$(BIN)/python -m innen.letters.pdf_support
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/innen migrate
	$(DEMO_ENV) $(BIN)/innen demo load
	$(DEMO_ENV) $(BIN)/innen run
	$(DEMO_ENV) $(BIN)/innen serve --worker $(HOST)

# The suite over every core (pytest-xdist: one test database per process); TEST_WORKERS=0 runs
# it in one process.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: install
	$(BIN)/innen bench

# The browser tests' screenshots into docs/screenshots/ (a plain test run keeps them in var/screenshots/).
screenshots: install
	INNEN_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/browser

# Needs GNU gettext (Debian: gettext). The compiled .mo files are committed.
messages: install
	cd src/innen && ../../$(BIN)/python ../../manage.py makemessages -l nl --no-obsolete --ignore "migrations/*" --keyword=N_
	cd src/innen && ../../$(BIN)/python ../../manage.py compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
