#!/usr/bin/env bash
# The dashboard's Python packages into a virtual environment, every one checked against the hash in
# requirements.lock (compiled from requirements.in with pip-tools; see the README). The container's
# build stage runs this; .ci/run runs it into a scratch environment to prove the lock installs.
#   deploy/install-python.sh /opt/venv
set -euo pipefail
venv="${1:?usage: install-python.sh VENV_DIR}"
here="$(cd "$(dirname "$0")/.." && pwd)"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --no-cache-dir --upgrade pip
"$venv/bin/pip" install --quiet --no-cache-dir --require-hashes --only-binary=:all: -r "$here/requirements.lock"
"$venv/bin/python" -c "import dash, plotly, pandas, geopandas, kaleido, pptx, openpyxl, flask_caching"
