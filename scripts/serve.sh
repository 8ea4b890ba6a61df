#!/usr/bin/env bash
# Serve the dashboard with several Streamlit workers behind HAProxy on one port (a conference crowd).
# Usage: scripts/serve.sh --workers N [--port 8501] [--address 0.0.0.0] [--run-dir DIR] [--new-per-worker 8]
# (--new-per-worker: new visitors a second per worker in service above which HAProxy answers with its busy page)
# Needs Debian's haproxy (apt-get install haproxy). Workers listen on 127.0.0.1:PORT+1..PORT+N; a worker that dies
# is restarted; Ctrl-C stops everything. scripts/start.sh stays the simple one-process way.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements requirements.txt
exec .venv/bin/python -m kansrijke.serving.cluster "$@"
