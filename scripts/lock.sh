#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml: every package, transitive ones included, at one exact version.
#   requirements.txt      the runtime (scripts/start.sh, the Dockerfile)
#   requirements-dev.txt  runtime + tests + tools (scripts/test.sh, scripts/check.sh, CI); the runtime packages at
#                         exactly the versions of requirements.txt
# Usage: scripts/lock.sh [--upgrade]   (without it, versions already locked stay unless pyproject.toml rules them
# out; with it, every package moves to its newest release that pyproject.toml allows). Then run scripts/check.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements-dev requirements-dev.txt
upgrade=()
[ "${1:-}" = "--upgrade" ] && upgrade=(--upgrade)
common=(--python-version 3.11 --quiet "${upgrade[@]}")
.venv/bin/uv pip compile pyproject.toml "${common[@]}" --output-file requirements.txt \
    --custom-compile-command scripts/lock.sh
.venv/bin/uv pip compile pyproject.toml --extra dev "${common[@]}" --constraint requirements.txt \
    --output-file requirements-dev.txt --custom-compile-command scripts/lock.sh
echo "requirements.txt: $(grep -c '==' requirements.txt) packages; requirements-dev.txt: $(grep -c '==' requirements-dev.txt)"
