#!/usr/bin/env bash
# Run the test suite: create .venv on first use, install runtime + dev requirements when they changed, run pytest.
# Usage: scripts/test.sh [pytest arguments]   (no arguments: the whole suite under tests/, see pytest.ini)
# Exit code: pytest's, except "no tests collected" (5) also counts as a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.kansrijke-requirements-dev.sha256"
REQS=(requirements.txt requirements-dev.txt)

if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating $VENV with $("$PYTHON" --version) ..."
    "$PYTHON" -m venv "$VENV"
fi

# Hash of the requirement files; pip only runs when it differs from the last successful install.
want="$("$VENV/bin/python" -c 'import hashlib,sys; h=hashlib.sha256()
for p in sys.argv[1:]: h.update(p.encode() + b"\0" + open(p, "rb").read())
print(h.hexdigest())' "${REQS[@]}")"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
    echo "Installing ${REQS[*]} into $VENV (first run or requirements changed) ..."
    args=()
    for r in "${REQS[@]}"; do args+=(-r "$r"); done
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}"
    echo "$want" > "$STAMP"
fi

rc=0
"$VENV/bin/python" -m pytest "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    echo "scripts/test.sh: pytest collected no tests; treating that as a failure." >&2
    exit 1
fi
exit "$rc"
