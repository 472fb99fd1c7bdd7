#!/usr/bin/env bash
# The browser of the browser tests: Debian's Chromium at /usr/bin/chromium.
# Playwright drives it as it is and never downloads a browser of its own.
# Installs the Debian package `chromium` when it is missing and this user is
# root (waiting for apt's lock when another install runs); otherwise says what
# to do and fails.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium ($CHROMIUM) is not installed and this user cannot install it." >&2
  echo "Install the Debian package 'chromium' (sudo apt-get install chromium) and run again." >&2
  exit 1
fi
echo "Installing Chromium (Debian package 'chromium') ..." >&2
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium fonts-dejavu-core >&2
if [ ! -x "$CHROMIUM" ]; then
  echo "The package 'chromium' is installed but $CHROMIUM is missing." >&2
  exit 1
fi
