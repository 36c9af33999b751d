#!/usr/bin/env bash
# The Debian packages the dashboard needs at run time, in one place: the container image runs this
# script, and so does .ci/run, so CI proves the image's install steps on every push.
#   chromium, fonts-liberation: kaleido draws PNG and SVG exports with Debian's Chromium
#   libreoffice-impress:        board packs as PDF (optional: without it, board-pack.pdf answers 501)
#   curl:                       the container's HEALTHCHECK
set -euo pipefail
packages=(chromium fonts-liberation libreoffice-impress curl)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -rf /var/lib/apt/lists/*
fi
