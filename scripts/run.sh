#!/usr/bin/env bash
# Install the pinned runtime dependencies into .venv and start the dashboard.
# The first start creates data/lape.sqlite and seeds it with the national demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m data_loaders init
exec .venv/bin/streamlit run dashboard.py "$@"
