#!/usr/bin/env bash
# Benchmarks: first paint vs a bare Streamlit app, warm reruns, bytes, memory, 20/50 concurrent sessions.
# Prints figures and writes artifacts/bench.json; never fails on time. Needs chromium (apt-get install chromium).
# Usage: scripts/bench.sh [--runs N] [--sessions 20,50] [--json PATH]   (about 5-10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements-dev requirements.txt requirements-dev.txt
exec .venv/bin/python -m bench "$@"
