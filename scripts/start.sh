#!/usr/bin/env bash
# Start the dashboard: create .venv on first use, install requirements.txt when it changed, run Streamlit.
# Usage: scripts/start.sh [extra streamlit arguments, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.kansrijke-requirements.sha256"
REQS=(requirements.txt)

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

exec "$VENV/bin/streamlit" run app.py "$@"
