#!/usr/bin/env bash
# The Debian packages the test suite uses, on top of the runtime's (deploy/install-system.sh):
#   chromium-driver: the browser tests drive Debian's Chromium through ChromeDriver
#   redis-server:    the cache tests start a real Redis on a free loopback port
#   poppler-utils:   pdftoppm, to look at board packs' pages
#   nginx, openssl:  tests/test_nginx.py runs deploy/nginx/ for real, with a self-signed certificate
#   nodejs, npm:     npm installs axe-core (pinned, tests/accessibility) for the accessibility checks
# `make test` and .ci/run call this. With --check it installs nothing: it prints what is missing
# and exits 1 if anything is.
# Packages are chosen command by command, so only what is missing is installed: a machine whose
# Node.js comes from NodeSource already has npm, and Debian's npm conflicts with that nodejs.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A package_of=(
  [chromium]=chromium [chromedriver]=chromium-driver [redis-server]=redis-server [pdftoppm]=poppler-utils
  [soffice]=libreoffice-impress [nginx]=nginx [openssl]=openssl [node]=nodejs [npm]=npm
)
missing=()
for command in chromium chromedriver redis-server pdftoppm soffice nginx openssl node npm; do
  command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ] || missing+=("${package_of[$command]}")
done

if [ "${1:-}" = "--check" ]; then
  echo "${missing[*]:-}"
  [ ${#missing[@]} -eq 0 ]
  exit
fi

bash deploy/install-system.sh  # the image's own: Chromium, fonts, LibreOffice, curl
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
