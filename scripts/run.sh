#!/usr/bin/env bash
# `make run`: migrate, seed an empty database with the demo content, and serve
# the intranet on 127.0.0.1:$PORT with a background worker for tasks and the
# scheduler that publishes and expires pages on time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
PORT="${PORT:-8000}"

"$PY" manage.py migrate --no-input
if [ "$("$PY" manage.py seed_demo --is-seeded)" = "no" ]; then
  "$PY" manage.py seed_demo
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

"$PY" manage.py db_worker >/dev/null 2>&1 &
pids+=($!)
( while true; do "$PY" manage.py publish_scheduled >/dev/null 2>&1 || true; sleep 60; done ) &
pids+=($!)

echo "Intranet: http://127.0.0.1:$PORT/  (admin: http://127.0.0.1:$PORT/admin/)"
"$PY" manage.py runserver "127.0.0.1:$PORT"
