#!/usr/bin/env bash
# The SAML identity provider of the sign-in tests and `make identity-demo`:
# Debian's SimpleSAMLphp under PHP's built-in server, people checked by LDAP
# bind (saml-idp/: config, auth source, IdP and SP metadata, php.ini).
#
# `start` reads the directory from the environment (LDAP_URL, LDAP_BIND_DN,
# LDAP_BIND_PASSWORD, LDAP_USER_BASE, LDAP_LOGIN_FILTER, LDAP_ID_ATTRIBUTE),
# the intranet's URL(s) from SP_BASE_URLS (comma-separated) and the people for
# whom it reports a second factor from SSP_MFA_USERS; makes a signing key,
# runs PHP as nobody on 127.0.0.1 and a free port (SSP_PORT to choose), waits
# for the metadata and writes the state file ($SSP_STATE_FILE, default
# .run/saml-idp.env). The last line it prints is
# SAML_IDP_METADATA=http://127.0.0.1:PORT/saml2/idp/metadata.php.
# `stop` ends it and removes its folder.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="${SSP_STATE_FILE:-$ROOT/.run/saml-idp.env}"
SSP_WWW=/usr/share/simplesamlphp/www
# shellcheck source=scripts/identity/common.sh
. "$HERE/common.sh"

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if [ -n "${SSP_DIR:-}" ] && kill -0 "$(cat "$SSP_DIR/pid" 2>/dev/null)" 2>/dev/null; then
      echo "SAML_IDP_METADATA=$SAML_IDP_METADATA"; return
    fi
  fi
  [ -n "${LDAP_URL:-}" ] || { echo "LDAP_URL is not set: the IdP checks passwords against the directory." >&2; exit 1; }
  [ -n "${SP_BASE_URLS:-}" ] || { echo "SP_BASE_URLS is not set: the IdP must know the intranet's URL." >&2; exit 1; }
  [ -d "$SSP_WWW" ] && command -v php8.2 >/dev/null || bash "$HERE/install.sh"
  local dir port base
  dir=$(mktemp -d /tmp/intranet-saml-idp.XXXXXX)
  chmod 755 "$dir"
  mkdir -p "$dir"/{cert,log,data,tmp}
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/cert/idp.key" -out "$dir/cert/idp.crt" \
    -days 30 -subj "/CN=Anmeldedienst der Stadt (Test)" 2>/dev/null
  cp "$HERE/saml-idp/php.ini" "$dir/php.ini"
  printf 'session.save_path=%s\n' "$dir/tmp" >> "$dir/php.ini"
  [ "$(id -u)" = "0" ] && chown -R nobody "$dir"
  port=${SSP_PORT:-$(free_port)}
  base="http://127.0.0.1:$port"
  mkdir -p "$(dirname "$STATE")"
  SSP_DIR="$dir" SSP_BASE_URL="$base" SSP_CONFIG_SOURCE="$HERE/saml-idp" \
    SSP_SECRET="$(openssl rand -hex 16)" SIMPLESAMLPHP_CONFIG_DIR="$HERE/saml-idp/config" \
    PHP_CLI_SERVER_WORKERS=4 \
    unprivileged php8.2 -n -c "$dir/php.ini" -S "127.0.0.1:$port" -t "$SSP_WWW" >"$dir/server.log" 2>&1 &
  echo $! > "$dir/pid"
  if ! wait_for "$base/saml2/idp/metadata.php" 30; then
    echo "SimpleSAMLphp did not start; its logs:" >&2
    tail -n 30 "$dir/server.log" "$dir/log/"* >&2 2>/dev/null || true
    stop_pid "$dir/pid"; rm -rf "$dir"; exit 1
  fi
  {
    printf 'SSP_DIR=%s\n' "$dir"
    printf 'SAML_IDP_METADATA=%s/saml2/idp/metadata.php\n' "$base"
  } > "$STATE"
  echo "SAML_IDP_METADATA=$base/saml2/idp/metadata.php"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -n "${SSP_DIR:-}" ] && [ -d "$SSP_DIR" ]; then
    stop_pid "$SSP_DIR/pid"
    rm -rf "$SSP_DIR"
  fi
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop  (SSP_STATE_FILE=path)" >&2; exit 2 ;;
esac
