#!/usr/bin/env bash
# `make run`: migrate, seed an empty database with the demo content, and serve
# the intranet on 127.0.0.1:$PORT with a background worker for tasks and the
# clock that publishes and expires pages on time, sends event reminders and
# the daily notification digest and housekeeping.
#
# Served like production (cms.settings.embedded: DEBUG off, German error
# pages, static files through WhiteNoise) by gunicorn with threads; `make dev`
# is Django's debug server. RUN_WORKERS and RUN_THREADS size gunicorn;
# RUN_SEED=0 skips the demo content.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
mkdir -p "$ROOT/.run"
PORT="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-cms.settings.embedded}"

"$PY" manage.py migrate --no-input
if [ "${RUN_SEED:-1}" != "0" ] && [ "$("$PY" manage.py seed_demo --is-seeded)" = "no" ]; then
  "$PY" manage.py seed_demo
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

"$PY" manage.py db_worker >/dev/null 2>&1 &
pids+=($!)
# The clock: scheduled publishing every minute, event reminders every quarter
# of an hour (the command remembers what it sent), the notification digest
# once a day from 06:00 (it marks what it mailed, so a restart sends nothing twice),
# and with it the daily housekeeping: workspaces past their deletion grace period,
# query statistics older than SEARCH_QUERY_STATS_DAYS. With LDAP_URL set, the
# directory sync every quarter of an hour (changes only) and daily in full.
# query statistics older than SEARCH_QUERY_STATS_DAYS, security log entries
# older than AUDIT_RETENTION_DAYS.
(
  minute=0; digest_day=""
  while true; do
    "$PY" manage.py publish_scheduled >/dev/null 2>&1 || true
    if [ $((minute % 15)) -eq 0 ]; then
      "$PY" manage.py send_event_reminders >/dev/null 2>&1 || true
      # The directory sync (only changes; nightly below a full run), when a
      # directory is configured. A refused run is logged, never applied.
      if [ -n "${LDAP_URL:-}" ]; then
        "$PY" manage.py sync_directory >>"$ROOT/.run/sync_directory.log" 2>&1 || true
      fi
    fi
    if [ "$(date +%H)" -ge 6 ] && [ "$(date +%F)" != "$digest_day" ]; then
      "$PY" manage.py send_notification_digest >/dev/null 2>&1 || true
      "$PY" manage.py purge_workspaces >/dev/null 2>&1 || true
      "$PY" manage.py purge_query_stats >/dev/null 2>&1 || true
      if [ -n "${LDAP_URL:-}" ]; then
        "$PY" manage.py sync_directory --full >>"$ROOT/.run/sync_directory.log" 2>&1 || true
      fi
      "$PY" manage.py purge_audit_log >/dev/null 2>&1 || true
      digest_day="$(date +%F)"
    fi
    minute=$((minute + 1)); sleep 60
  done
) &
pids+=($!)

echo "Intranet: http://127.0.0.1:$PORT/  (admin: http://127.0.0.1:$PORT/admin/)"
# Threads, not only processes: 20 readers at once must not queue behind one
# slow request. SQLite runs in WAL mode with a busy timeout (cms/settings/base.py).
"$ROOT/.venv/bin/gunicorn" cms.wsgi:application \
  --bind "127.0.0.1:$PORT" \
  --workers "${RUN_WORKERS:-2}" --threads "${RUN_THREADS:-8}" --worker-class gthread \
  --timeout 120 --graceful-timeout 10 --no-control-socket &
pids+=($!)
wait "${pids[-1]}"
