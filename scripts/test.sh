#!/usr/bin/env bash
# Run the test suite: create .venv on first use, install runtime + dev requirements when they changed, run pytest.
# Usage: scripts/test.sh [pytest arguments]   (no arguments: the whole suite under tests/, see pytest.ini)
# Exit code: pytest's, except "no tests collected" (5) also counts as a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements-dev requirements.txt requirements-dev.txt
rc=0
.venv/bin/python -m pytest "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    echo "scripts/test.sh: pytest collected no tests; treating that as a failure." >&2
    exit 1
fi
exit "$rc"
