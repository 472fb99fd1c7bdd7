#!/usr/bin/env bash
# `make identity-demo`: the demo intranet of `make run`, signing in through a
# real directory and real identity providers, all on this machine:
#   - OpenLDAP (scripts/slapd.sh) with the demo people and org units
#     (manage.py directory_ldif), password DEMO_PASSWORD (default "demo");
#   - the OpenID Connect provider (scripts/identity/oidc-op.sh), which accepts
#     the one-time code DEMO_OTP_CODE (default 123456) as a second factor;
#   - SimpleSAMLphp as SAML IdP (scripts/identity/saml-idp.sh), which reports
#     a second factor for the people in DEMO_SAML_MFA_USERS (default admin);
#   - the intranet (scripts/run.sh) configured for all three.
# Everything runs on 127.0.0.1 in throwaway folders and stops with Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
PORT="${PORT:-8000}"
STATE="$ROOT/.run/identity-demo"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-cms.settings.embedded}"
mkdir -p "$STATE"

bash scripts/identity/install.sh

stop_all() {
  SSP_STATE_FILE="$STATE/saml-idp.env" bash scripts/identity/saml-idp.sh stop || true
  OP_STATE_FILE="$STATE/oidc-op.env" bash scripts/identity/oidc-op.sh stop || true
  SLAPD_STATE_FILE="$STATE/slapd.env" bash scripts/slapd.sh stop || true
}
trap stop_all EXIT INT TERM
stop_all

echo "== the demo intranet (as make run)"
"$PY" manage.py migrate --no-input
if [ "$("$PY" manage.py seed_demo --is-seeded)" = "no" ]; then
  "$PY" manage.py seed_demo
fi

echo "== directory: the demo people in OpenLDAP"
# With the directory sync installed, the demo accounts are linked to their
# entries (fixed entryUUIDs), since the sync adopts no account by its name.
LINK=()
if "$PY" manage.py help sync_directory >/dev/null 2>&1; then LINK=(--link); fi
"$PY" manage.py directory_ldif --output "$STATE/people.ldif" "${LINK[@]}"
SLAPD_STATE_FILE="$STATE/slapd.env" LDIF="$STATE/people.ldif" bash scripts/slapd.sh start >/dev/null
set -a
# shellcheck disable=SC1091
. "$STATE/slapd.env"
LDAP_DIALECT=openldap
LDAP_LOGIN_FILTER='(!(userAccountControl:1.2.840.113556.1.4.803:=2))'
set +a

echo "== OpenID Connect provider"
OP_STATE_FILE="$STATE/oidc-op.env" OP_REDIRECT_URIS="http://127.0.0.1:$PORT/oidc/callback/" \
  OP_OTP_CODE="${DEMO_OTP_CODE:-123456}" bash scripts/identity/oidc-op.sh start >/dev/null
echo "== SAML identity provider (SimpleSAMLphp)"
SSP_STATE_FILE="$STATE/saml-idp.env" SP_BASE_URLS="http://127.0.0.1:$PORT" \
  SSP_MFA_USERS="${DEMO_SAML_MFA_USERS:-admin}" bash scripts/identity/saml-idp.sh start >/dev/null
set -a
# shellcheck disable=SC1091
. "$STATE/oidc-op.env"
# shellcheck disable=SC1091
. "$STATE/saml-idp.env"
SAML_SP_BASE_URL="http://127.0.0.1:$PORT"
set +a

# With the directory sync installed: a first full run (offices and roles
# from the directory groups, config/directory.yaml).
if "$PY" manage.py help sync_directory >/dev/null 2>&1; then
  echo "== directory sync"
  "$PY" manage.py sync_directory --full || echo "sync_directory failed; sign-in still works for new people." >&2
fi

cat <<TEXT

Sign in at http://127.0.0.1:$PORT/anmelden/ as one of the demo people (README,
"Demo accounts"), password "${DEMO_PASSWORD:-demo}":
  - "Mit dem Dienstkonto der Stadt anmelden": OpenID Connect at $OIDC_ISSUER
    (one-time code ${DEMO_OTP_CODE:-123456} counts as a second factor);
  - "... (SAML)": SimpleSAMLphp at ${SAML_IDP_METADATA%/saml2/*};
  - the password form: LDAP bind against $LDAP_URL.
Ctrl-C stops the intranet and the identity servers.

TEXT
RUN_SEED=0 bash scripts/run.sh
