#!/usr/bin/env bash
# Start the dashboard: create .venv on first use, install requirements.txt when it changed, run Streamlit.
# Usage: scripts/start.sh [extra streamlit arguments, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements requirements.txt
exec .venv/bin/streamlit run app.py "$@"
