#!/usr/bin/env bash
# Benchmarks: first impression (new visitor and cold start -> map painted) against three floor apps in
# bench/floors/, slide change, warm reruns, bytes, memory, 20/50 concurrent sessions.
# Prints figures and writes artifacts/bench.json; never fails on time. Needs chromium (apt-get install chromium).
# Usage: scripts/bench.sh [--runs N] [--sessions 20,50] [--parts first,slides,reruns,bytes,sessions] [--json PATH]
# (about 10 minutes on 2 idle cores). KANSRIJKE_PORTS=8650-8699 keeps its servers on those ports.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements-dev requirements-dev.txt
exec .venv/bin/python -m bench "$@"
