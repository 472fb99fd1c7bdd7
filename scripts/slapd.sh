#!/usr/bin/env bash
# A throwaway OpenLDAP directory for the tests and the benchmark, shaped like
# the city's Active Directory where it matters to us:
#   - base DN dc=stadt,dc=test with ou=people, ou=groups and ou=service;
#   - a read-only service account cn=svc-intranet,ou=service,dc=stadt,dc=test
#     (password $SLAPD_SVC_PASSWORD, default "svcsecret");
#   - olcSizeLimit 1000 like AD's MaxPageSize: an unpaged search stops at
#     1,000 entries, only the service account's paged searches see everything;
#   - the dynlist overlay, so memberOf is computed transitively (nested groups),
#     and refint, so a renamed or deleted person's group memberships follow as in AD;
#   - a small AD-like schema (userAccountControl, accountExpires) and nis.ldif
#     (shadowExpire), so disabled and expired accounts can be expressed.
#
# `install` only installs the packages when missing. `start` builds cn=config with slapadd in a temporary directory, bulk-loads
# the base entries and the optional LDIF=file (entries below the base; if the
# file brings its own "dn: dc=stadt,dc=test" the base entries are not added),
# runs slapd as the unprivileged user nobody on 127.0.0.1 and a free port and
# writes the state file ($SLAPD_STATE_FILE, default .run/slapd.env). The last
# line it prints is LDAP_URL=ldap://127.0.0.1:PORT. `stop` kills it and removes
# the directory. The root DN cn=admin,dc=stadt,dc=test (password "adminsecret")
# may write, for tests that change entries over LDAP.
#
# Installs the Debian packages slapd and ldap-utils when they are missing and
# this user is root (debconf preseeded so apt creates no system database).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${SLAPD_STATE_FILE:-$ROOT/.run/slapd.env}"
mkdir -p "$(dirname "$STATE")"
BASE_DN="dc=stadt,dc=test"
SVC_DN="cn=svc-intranet,ou=service,$BASE_DN"
SVC_PW="${SLAPD_SVC_PASSWORD:-svcsecret}"
ADMIN_DN="cn=admin,$BASE_DN"
ADMIN_PW="${SLAPD_ADMIN_PASSWORD:-adminsecret}"
SCHEMA=/etc/ldap/schema

install_slapd() {
  if [ "$(id -u)" != "0" ]; then
    echo "OpenLDAP (slapd) is not installed and this user cannot install it." >&2
    echo "Install the Debian packages 'slapd' and 'ldap-utils' (sudo apt-get install slapd ldap-utils) and run again." >&2
    exit 1
  fi
  echo "Installing OpenLDAP (Debian packages 'slapd', 'ldap-utils') ..." >&2
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils >&2
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

running() {
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE"
  [ -n "${SLAPD_DIR:-}" ] && [ -f "$SLAPD_DIR/slapd.pid" ] && kill -0 "$(cat "$SLAPD_DIR/slapd.pid")" 2>/dev/null
}

write_config() {
  local d=$1
  cat > "$d/adlike.ldif" <<'LDIF'
dn: cn=adlike,cn=schema,cn=config
objectClass: olcSchemaConfig
cn: adlike
olcAttributeTypes: ( 1.3.6.1.4.1.99999.1.1 NAME 'userAccountControl' DESC 'AD-like account flags (2 = disabled)' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
olcAttributeTypes: ( 1.3.6.1.4.1.99999.1.2 NAME 'accountExpires' DESC 'AD-like expiry, FILETIME (100 ns since 1601); 0 or 9223372036854775807 = never' EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
olcObjectClasses: ( 1.3.6.1.4.1.99999.2.1 NAME 'intranetAccount' DESC 'AD-like account attributes' SUP top AUXILIARY MAY ( userAccountControl $ accountExpires ) )
LDIF
  cat > "$d/config.ldif" <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $d/slapd.pid

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModuleLoad: back_mdb
olcModuleLoad: dynlist
olcModuleLoad: refint

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file://$SCHEMA/core.ldif
include: file://$SCHEMA/cosine.ldif
include: file://$SCHEMA/nis.ldif
include: file://$SCHEMA/inetorgperson.ldif
include: file://$SCHEMA/dyngroup.ldif
include: file://$d/adlike.ldif

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $BASE_DN
olcRootDN: $ADMIN_DN
olcRootPW: $ADMIN_PW
olcDbDirectory: $d/data
olcDbMaxSize: 1073741824
olcDbIndex: objectClass eq
olcDbIndex: uid,cn eq,sub
olcDbIndex: member eq
olcDbIndex: entryUUID eq
olcDbIndex: modifyTimestamp eq
olcSizeLimit: 1000
olcLimits: dn.exact="$SVC_DN" size.prtotal=unlimited size.soft=1000 size.hard=1000
olcAccess: to attrs=userPassword by anonymous auth by * none
olcAccess: to * by dn.exact="$SVC_DN" read by self read by * none

dn: olcOverlay={0}dynlist,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcDynListConfig
olcOverlay: {0}dynlist
olcDynListAttrSet: groupOfURLs memberURL member+memberOf@groupOfNames*

dn: olcOverlay={1}refint,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcRefintConfig
olcOverlay: {1}refint
olcRefintAttribute: member manager
LDIF
}

write_base() {
  cat <<LDIF
dn: $BASE_DN
objectClass: dcObject
objectClass: organization
o: Stadt
dc: stadt

dn: ou=people,$BASE_DN
objectClass: organizationalUnit
ou: people

dn: ou=groups,$BASE_DN
objectClass: organizationalUnit
ou: groups

dn: ou=service,$BASE_DN
objectClass: organizationalUnit
ou: service

dn: $SVC_DN
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: svc-intranet
userPassword: $SVC_PW

LDIF
}

start() {
  if running; then
    echo "LDAP_URL=$LDAP_URL"; return
  fi
  command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || install_slapd
  export PATH="$PATH:/usr/sbin"
  if [ -n "${LDIF:-}" ] && [ ! -r "$LDIF" ]; then
    echo "LDIF file not readable: $LDIF" >&2; exit 1
  fi
  local d port
  d=$(mktemp -d /tmp/intranet-slapd.XXXXXX)
  chmod 755 "$d"; mkdir -p "$d/slapd.d" "$d/data"
  write_config "$d"
  slapadd -n 0 -F "$d/slapd.d" -l "$d/config.ldif" >/dev/null 2>"$d/slapadd.log" \
    || { echo "slapadd (config) failed:" >&2; cat "$d/slapadd.log" >&2; rm -rf "$d"; exit 1; }
  if [ -n "${LDIF:-}" ] && grep -qi "^dn: *$BASE_DN *\$" "$LDIF"; then
    cp "$LDIF" "$d/data.ldif"
  else
    write_base > "$d/data.ldif"
    if [ -n "${LDIF:-}" ]; then cat "$LDIF" >> "$d/data.ldif"; fi
  fi
  # Offline bulk load (8,000 people in a fraction of a second); dynlist computes
  # memberOf at search time, so nothing is lost by not going through LDAP.
  slapadd -q -n 1 -F "$d/slapd.d" -l "$d/data.ldif" >/dev/null 2>>"$d/slapadd.log" \
    || { echo "slapadd (data) failed:" >&2; tail -n 20 "$d/slapadd.log" >&2; rm -rf "$d"; exit 1; }
  port=$(free_port)
  if [ "$(id -u)" = "0" ]; then
    chown -R nobody:nogroup "$d"
    setpriv --reuid=nobody --regid=nogroup --clear-groups \
      slapd -F "$d/slapd.d" -h "ldap://127.0.0.1:$port/" -d 0 >"$d/slapd.log" 2>&1 &
  else
    slapd -F "$d/slapd.d" -h "ldap://127.0.0.1:$port/" -d 0 >"$d/slapd.log" 2>&1 &
  fi
  local ok=""
  for _ in $(seq 100); do
    if [ -f "$d/slapd.pid" ] && python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; then
      ok=1; break
    fi
    sleep 0.1
  done
  if [ -z "$ok" ]; then
    echo "slapd did not start; its log:" >&2; tail -n 30 "$d/slapd.log" >&2; rm -rf "$d"; exit 1
  fi
  {
    printf 'SLAPD_DIR=%s\n' "$d"
    printf 'LDAP_BIND_DN=%s\nLDAP_BIND_PASSWORD=%s\n' "$SVC_DN" "$SVC_PW"
    printf 'LDAP_ADMIN_DN=%s\nLDAP_ADMIN_PASSWORD=%s\n' "$ADMIN_DN" "$ADMIN_PW"
    printf 'LDAP_USER_BASE=ou=people,%s\nLDAP_GROUP_BASE=ou=groups,%s\n' "$BASE_DN" "$BASE_DN"
    printf 'LDAP_URL=ldap://127.0.0.1:%s\n' "$port"
  } > "$STATE"
  echo "LDAP_URL=ldap://127.0.0.1:$port"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -n "${SLAPD_DIR:-}" ] && [ -d "$SLAPD_DIR" ]; then
    if [ -f "$SLAPD_DIR/slapd.pid" ]; then
      local pid; pid=$(cat "$SLAPD_DIR/slapd.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$SLAPD_DIR"
  fi
  rm -f "$STATE"
}

case "${1:-}" in
  install) command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || install_slapd ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop  (LDIF=file to load, SLAPD_STATE_FILE=path)" >&2; exit 2 ;;
esac
