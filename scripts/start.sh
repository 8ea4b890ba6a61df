#!/usr/bin/env bash
# Start the dashboard (one process): create .venv on first use, install requirements.txt when it changed, run
# Streamlit. For several workers behind a balancer: scripts/serve.sh --workers N.
# Usage: scripts/start.sh [extra streamlit arguments, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements requirements.txt
# asgi.py serves app.py and warms every page before it reports healthy (kansrijke/serving/warm.py).
exec .venv/bin/streamlit run asgi.py "$@"
