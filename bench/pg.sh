#!/usr/bin/env bash
# A throwaway PostgreSQL for the benchmark, the same recipe as scripts/pg.sh
# but with its own state file (.run/bench-postgres.env), so that a `make test`
# running at the same time in this checkout keeps its own server.
# `start` prints DATABASE_URL; `stop` stops the server and removes its directory.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/.run/bench-postgres.env"
mkdir -p "$ROOT/.run"

find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_user() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/db/postmaster.pid" ] && kill -0 "$(head -n1 "$PG_DATA/db/postmaster.pid")" 2>/dev/null; then
      echo "$DATABASE_URL"; return
    fi
  fi
  local bindir; bindir=$(find_bindir) || { echo "PostgreSQL is not installed (see scripts/pg.sh)." >&2; exit 1; }
  local data port
  data=$(mktemp -d /tmp/intranet-bench-pg.XXXXXX)
  chown postgres "$data"; chmod 700 "$data"
  port=$(free_port)
  as_user "$bindir/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Durability off as in scripts/pg.sh: the data is rebuilt on every run, and
  # the data generation is what has to fit in a few minutes.
  as_user "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { echo "PostgreSQL did not start; its log:" >&2; tail -n 30 "$data/log" >&2; exit 1; }
  local url="postgres://postgres@127.0.0.1:$port/intranet_bench"
  as_user "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres intranet_bench
  printf 'DATABASE_URL=%s\nPG_DATA=%s\nPG_BIN=%s\n' "$url" "$data" "$bindir" > "$STATE"
  echo "$url"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -n "${PG_DATA:-}" ] && [ -d "$PG_DATA/db" ]; then
    as_user "$PG_BIN/pg_ctl" -D "$PG_DATA/db" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
  fi
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
