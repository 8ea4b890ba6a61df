#!/usr/bin/env bash
# The whole check, as CI runs it: create .venv on first use, install the locked packages (requirements-dev.txt)
# when the lock changed, run the static checks (scripts/check.sh: format, lint, types; seconds), then pytest.
# Usage: scripts/test.sh [pytest arguments]   (no arguments: the whole suite under tests/, see pyproject.toml)
#        KANSRIJKE_SKIP_CHECKS=1 scripts/test.sh tests/unit   (pytest only, while iterating on one test)
# Exit code: the first failing step's; pytest's "no tests collected" (5) also counts as a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/venv.sh

ensure_venv requirements-dev requirements-dev.txt
if [ -z "${KANSRIJKE_SKIP_CHECKS:-}" ]; then
    bash scripts/check.sh
fi
rc=0
.venv/bin/python -m pytest "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    echo "scripts/test.sh: pytest collected no tests; treating that as a failure." >&2
    exit 1
fi
exit "$rc"
