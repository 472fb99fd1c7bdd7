#!/usr/bin/env bash
# Debian packages that `pip install -r requirements.lock` needs to build
# python-ldap (it has no wheels): the OpenLDAP and SASL headers. Called by
# `make install`; installs them when missing and this user is root, otherwise
# says what to do and fails.
set -euo pipefail
PACKAGES=(libldap2-dev libsasl2-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Missing Debian packages to build python-ldap: ${missing[*]}" >&2
  echo "Install them (sudo apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing build dependencies (Debian packages: ${missing[*]}) ..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
