#!/usr/bin/env bash
# A throwaway PostgreSQL for the test suite: `start` initialises a cluster in a
# temporary directory, runs it as the unprivileged `postgres` user on
# 127.0.0.1 and a free port, and writes DATABASE_URL to .run/postgres.env;
# `stop` stops it and removes the directory. PG_STATE_FILE names another state
# file, so a second server (the benchmark's) can run beside the test suite's.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${PG_STATE_FILE:-$ROOT/.run/postgres.env}"
mkdir -p "$ROOT/.run"

find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_postgres() {
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL is not installed and this user cannot install it." >&2
    echo "Install the Debian package 'postgresql' (sudo apt-get install postgresql) and run again." >&2
    exit 1
  fi
  echo "Installing PostgreSQL (Debian package 'postgresql') ..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/db/postmaster.pid" ] && kill -0 "$(head -n1 "$PG_DATA/db/postmaster.pid")" 2>/dev/null; then
      echo "$DATABASE_URL"; return
    fi
  fi
  local bindir; bindir=$(find_bindir) || true
  if [ -z "$bindir" ]; then install_postgres; bindir=$(find_bindir); fi
  local run_as=postgres
  id "$run_as" >/dev/null 2>&1 || { echo "The system user 'postgres' is missing (it comes with the postgresql package)." >&2; exit 1; }
  local data port
  data=$(mktemp -d /tmp/intranet-pg.XXXXXX)
  chown "$run_as" "$data"; chmod 700 "$data"
  port=$(free_port)
  as_user() { if [ "$(id -un)" = "$run_as" ]; then "$@"; else runuser -u "$run_as" -- "$@"; fi; }
  as_user "$bindir/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_user "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { echo "PostgreSQL did not start; its log:" >&2; tail -n 30 "$data/log" >&2; exit 1; }
  local url="postgres://postgres@127.0.0.1:$port/intranet"
  as_user "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres intranet
  printf 'DATABASE_URL=%s\nPG_DATA=%s\nPG_BIN=%s\n' "$url" "$data" "$bindir" > "$STATE"
  echo "$url"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -n "${PG_DATA:-}" ] && [ -d "$PG_DATA/db" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA/db" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
  fi
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
