#!/usr/bin/env bash
# Static checks, in seconds: formatting (ruff format), lint (ruff check) and types (mypy), all configured in
# pyproject.toml. scripts/test.sh runs this first, then the test suite; CI runs scripts/test.sh.
# Usage: scripts/check.sh [--fix]   (--fix: format the code and apply ruff's safe fixes, then check)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements-dev requirements-dev.txt
if [ "${1:-}" = "--fix" ]; then
    .venv/bin/ruff format --quiet .
    .venv/bin/ruff check --quiet --fix .
fi
echo "check: ruff format --check"; .venv/bin/ruff format --check --quiet .
echo "check: ruff check";          .venv/bin/ruff check --quiet .
echo "check: mypy";                .venv/bin/mypy
