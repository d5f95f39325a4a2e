#!/usr/bin/env bash
# Installs the real services the test suite runs (Debian/Ubuntu): for the ASMX service,
# Mono's ASP.NET (System.Web.Services, System.Web.Extensions), its FastCGI
# server and nginx (xsp4 is not used: it is broken on Debian bookworm); and
# openssl, which makes the throw-away test CA of the https tests; and chromium, the
# headless browser of the SSO journey test (test/browser); and redis-server, the
# real Redis the fleet tests start on a free port.
set -euo pipefail
packages=(mono-fastcgi-server4 mono-mcs nginx-light libmono-system-web-services4.0-cil libmono-system-web-extensions4.0-cil openssl chromium redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "Test services already installed."
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "Needs root to install: ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} (about a minute)..."
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Test services installed."
