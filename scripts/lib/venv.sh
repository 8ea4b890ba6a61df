# Sourced by scripts/start.sh and scripts/test.sh: make sure .venv exists and holds the given requirement files.
# Usage: ensure_venv STAMP_NAME REQUIREMENTS_FILE...
# pip only runs when the hash of the requirement files differs from the last successful install.

ensure_venv() {
    local stamp=".venv/.kansrijke-$1.sha256"
    shift
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        echo "Creating .venv with $("$python" --version) ..."
        "$python" -m venv .venv
    fi
    local want
    want="$(.venv/bin/python -c 'import hashlib,sys; h=hashlib.sha256()
for p in sys.argv[1:]: h.update(p.encode() + b"\0" + open(p, "rb").read())
print(h.hexdigest())' "$@")"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
        echo "Installing $* into .venv (first run or requirements changed) ..."
        local args=()
        local r
        for r in "$@"; do args+=(-r "$r"); done
        .venv/bin/python -m pip install --quiet --disable-pip-version-check "${args[@]}"
        echo "$want" > "$stamp"
    fi
}
