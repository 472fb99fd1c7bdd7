#!/usr/bin/env bash
# `make bench`: the city benchmark from a fresh clone. Starts its own
# PostgreSQL and search engine (own state files, so a `make test` beside it is
# untouched), seeds the demo and the city (`seed_scale`), times
# `rebuild_index`, serves the app under gunicorn on a free port with a task
# worker, and runs bench/city/driver.py, which drives locust from a second
# process and prints the table. Everything started here is stopped on exit.
#
# Knobs (environment): BENCH_FACTOR (size of the city, default 1 = 8,000
# people, 50,000 pages …), BENCH_SEED (1), BENCH_WORKERS (gunicorn workers, 4),
# BENCH_MIXED_USERS (200), BENCH_MIXED_TIME (5m), BENCH_PAIRED_TIME (120s),
# BENCH_WAIT (think time of mixed users in s, "5,15"), BENCH_WAGTAIL_INDEX=1
# (also fill Wagtail's database search index, for the stock search row; slow),
# BENCH_ELASTICSEARCH_URL (use a running engine instead of starting one; the
# index prefix is unique per run and its indexes are deleted at the end),
# BENCH_NO_WRITE=1 (do not append to bench/RESULTS.md), BENCH_ONLY=indexing
# (after seeding, only the indexing throughput phase: no rebuild_index,
# gunicorn or locust; appends a short section), BENCH_INDEX_DOCS (documents
# in the indexing phase, default 10000).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="$ROOT/.venv/bin"
RUN="$ROOT/.run"
mkdir -p "$RUN" "$ROOT/bench/results"
export PG_STATE_FILE="$RUN/bench-city-postgres.env"
export SEARCH_ENGINE_STATE_FILE="$RUN/bench-city-search-engine.env"
FACTOR="${BENCH_FACTOR:-1}"
SEED="${BENCH_SEED:-1}"
WORKERS="${BENCH_WORKERS:-4}"

pids=()
started_engine=0
cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -n "${ELASTICSEARCH_URL:-}" ] && [ -n "${SEARCH_INDEX_PREFIX:-}" ]; then
    # Only this run's indexes (unique prefix), also on a shared engine.
    curl -s -X DELETE "$ELASTICSEARCH_URL/${SEARCH_INDEX_PREFIX}-*" >/dev/null 2>&1
  fi
  [ "$started_engine" = 1 ] && bash scripts/search_engine.sh stop >/dev/null 2>&1
  bash scripts/pg.sh stop >/dev/null 2>&1
  rm -rf "$RUN/bench-city-media" "$RUN/bench-city-static"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

echo "== PostgreSQL"
DATABASE_URL=$(bash scripts/pg.sh start | tail -n 1)
export DATABASE_URL
echo "== search engine"
if [ -n "${BENCH_ELASTICSEARCH_URL:-}" ]; then
  ELASTICSEARCH_URL="$BENCH_ELASTICSEARCH_URL"
else
  ELASTICSEARCH_URL=$(bash scripts/search_engine.sh start | tail -n 1)
  started_engine=1
fi
export ELASTICSEARCH_URL
export SEARCH_INDEX_PREFIX="bench-city-$$"
export DJANGO_SETTINGS_MODULE=bench.city.settings
export SECRET_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export MEDIA_ROOT="$RUN/bench-city-media" STATIC_ROOT="$RUN/bench-city-static"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export LOG_LEVEL=ERROR

echo "== migrate, static files"
"$BIN/python" manage.py migrate --no-input -v0
"$BIN/python" manage.py collectstatic --no-input -v0

echo "== seed_demo + seed_scale --factor $FACTOR --seed $SEED"
seed_args="--factor $FACTOR --seed $SEED"
[ "${BENCH_WAGTAIL_INDEX:-0}" = 1 ] && seed_args="$seed_args --wagtail-index"
t0=$(date +%s)
"$BIN/python" manage.py seed_demo -v0
# shellcheck disable=SC2086
"$BIN/python" manage.py seed_scale $seed_args
seed_seconds=$(( $(date +%s) - t0 ))

server_info() {
  postgres=$("$BIN/python" -c "import django; django.setup(); from django.db import connection; c=connection.cursor(); c.execute('SHOW server_version'); print(c.fetchone()[0].split()[0])")
  engine=$(curl -s "$ELASTICSEARCH_URL" | python3 -c 'import json,sys; d=json.load(sys.stdin)["version"]; print(d.get("distribution","elasticsearch"), d["number"])')
}

if [ "${BENCH_ONLY:-}" = indexing ]; then
  server_info
  info=$(python3 -c "import json,sys; print(json.dumps(dict(seed_args=sys.argv[1], seed_seconds=int(sys.argv[2]), postgres=sys.argv[3], engine=sys.argv[4])))" \
    "$seed_args" "$seed_seconds" "$postgres" "$engine")
  only_args=(--indexing-only --info "$info" --index-docs "${BENCH_INDEX_DOCS:-10000}")
  [ "${BENCH_NO_WRITE:-0}" = 1 ] && only_args+=(--no-write)
  "$BIN/python" bench/city/driver.py "${only_args[@]}"
  exit $?
elif [ -n "${BENCH_ONLY:-}" ]; then
  echo "BENCH_ONLY knows only 'indexing'" >&2
  exit 2
fi

echo "== rebuild_index"
t0=$(python3 -c 'import time; print(time.time())')
"$BIN/python" manage.py rebuild_index | tail -n 3
rebuild_seconds=$(python3 -c "import time; print(round(time.time() - $t0, 1))")
indexed=$(curl -s "$ELASTICSEARCH_URL/${SEARCH_INDEX_PREFIX}-*/_count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')

echo "== gunicorn ($WORKERS workers) and the task worker"
PORT=$(free_port)
"$BIN/gunicorn" cms.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --timeout 120 --graceful-timeout 10 --log-level warning &
pids+=($!)
master=$!
"$BIN/python" manage.py db_worker >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/anmelden/" && break
  sleep 1
done

server_info
info=$(python3 -c "import json,sys; print(json.dumps(dict(seed_args=sys.argv[1], seed_seconds=int(sys.argv[2]), rebuild_seconds=float(sys.argv[3]), indexed=int(sys.argv[4]), workers=int(sys.argv[5]), postgres=sys.argv[6], engine=sys.argv[7])))" \
  "$seed_args" "$seed_seconds" "$rebuild_seconds" "$indexed" "$WORKERS" "$postgres" "$engine")

driver_args=(--host "http://127.0.0.1:$PORT" --master-pid "$master" --info "$info"
  --mixed-users "${BENCH_MIXED_USERS:-200}" --mixed-time "${BENCH_MIXED_TIME:-5m}"
  --paired-time "${BENCH_PAIRED_TIME:-120s}" --wait "${BENCH_WAIT:-5,15}")
[ "${BENCH_NO_WRITE:-0}" = 1 ] && driver_args+=(--no-write)
driver_args+=(--index-docs "${BENCH_INDEX_DOCS:-10000}")
"$BIN/python" bench/city/driver.py "${driver_args[@]}"
