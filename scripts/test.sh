#!/usr/bin/env bash
# `make test`: lint, Django's checks and the whole pytest suite against a real
# PostgreSQL and a real search engine, both started here in throwaway
# directories and stopped when the run ends, also when it fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="$ROOT/.venv/bin"
START=$SECONDS

cleanup() {
  echo "== total: $(((SECONDS - START) / 60)) min $(((SECONDS - START) % 60)) s"
  bash scripts/pg.sh stop || true
  if [ -f scripts/search_engine.sh ]; then bash scripts/search_engine.sh stop || true; fi
}
trap cleanup EXIT

echo "== ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .

echo "== PostgreSQL"
DATABASE_URL=$(bash scripts/pg.sh start | tail -n 1)
export DATABASE_URL
echo "$DATABASE_URL"

if [ -f scripts/search_engine.sh ]; then
  echo "== search engine"
  ELASTICSEARCH_URL=$(bash scripts/search_engine.sh start | tail -n 1)
  export ELASTICSEARCH_URL
  echo "$ELASTICSEARCH_URL"
fi

export DJANGO_SETTINGS_MODULE=cms.settings.test
echo "== manage.py check"
"$BIN/python" manage.py check --fail-level WARNING
echo "== makemigrations --check"
"$BIN/python" manage.py makemigrations --check --dry-run

echo "== directory (Debian's OpenLDAP slapd for the directory tests)"
bash scripts/slapd.sh install

echo "== identity servers (SimpleSAMLphp, xmlsec1, Node.js and the OpenID Connect provider)"
bash scripts/identity/install.sh

echo "== browser (Debian's Chromium for the browser tests)"
bash scripts/browser.sh

# PYTEST_WORKERS=2 runs the suite on two pytest-xdist workers (one test database
# and media folder each; tests/README.md says how a test stays on one worker).
# Serial by default until a whole parallel run has passed here.
WORKERS=${PYTEST_WORKERS:-0}
XDIST=()
if [ "$WORKERS" != "0" ]; then XDIST=(-n "$WORKERS" --dist loadscope); fi
echo "== pytest"
PYTEST_START=$SECONDS
status=0
"$BIN/python" -m pytest "${XDIST[@]}" "$@" || status=$?
echo "== pytest: $(((SECONDS - PYTEST_START) / 60)) min $(((SECONDS - PYTEST_START) % 60)) s"
exit "$status"
