# The two commands of the README: `make run` and `make test`.
# Everything installs from requirements.lock into .venv in the project.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: install run dev test lint format search-engine search-engine-stop bench screenshots identity-demo clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found). Install python3.11 or run: make PYTHON=/path/to/python3.11"; exit 1; }
	bash scripts/build_deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	@touch $@

run: install
	bash scripts/run.sh

# A developer's debug server: DEBUG on (Django's debug pages, autoreload),
# the same SQLite file; no worker and no clock (start `manage.py db_worker` if needed).
dev: install
	$(BIN)/python manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(BIN)/python manage.py runserver "127.0.0.1:$(PORT)"

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# PNGs of the start page, a service instruction, the search page (the form
# register until /suche/ exists) and an office intranet at 390 and 1280 px, taken
# from the seeded demo in Debian's Chromium, into screenshots/ (not committed).
screenshots: install
	bash scripts/browser.sh
	DJANGO_SETTINGS_MODULE=cms.settings.test SCREENSHOTS_DIR="$(CURDIR)/screenshots" \
		$(BIN)/python -m pytest tests/browser/screenshots.py -q

# The city benchmark (bench/README.md): own PostgreSQL and search engine, seed_scale,
# gunicorn, locust from a second process; prints the table, appends to bench/RESULTS.md.
# Never part of `make test`. Size: make bench BENCH_FACTOR=0.2 (default 1, the full city).
bench: install
	bash scripts/bench.sh

# `make run` signing in through a local directory (OpenLDAP with the demo
# people), an OpenID Connect provider and SimpleSAMLphp: README, "Trying SSO".
identity-demo: install
	bash scripts/identity_demo.sh

search-engine:
	bash scripts/search_engine.sh start

search-engine-stop:
	bash scripts/search_engine.sh stop

clean:
	rm -rf $(VENV) .run
