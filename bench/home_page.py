"""Home page figures: Deck spec size and first-run (script) time, against a bare Streamlit app.

    .venv/bin/python bench/home_page.py [RUNS]

Each run is a fresh Python process running the page once with Streamlit's AppTest (cold imports, cold caches),
so the time includes loading and validating all tables and building the map. Prints figures; never fails on time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
elapsed = time.perf_counter() - t0
decks = at.get("deck_gl_json_chart")
print(json.dumps({"seconds": elapsed, "exceptions": len(at.exception),
                  "deck_bytes": len(decks[0].proto.json.encode()) if decks else 0}))
"""


def run_once(script: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(script)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text('import streamlit as st\nst.write("Kansrijke Start")\n')
        home = [run_once(ROOT / "app.py") for _ in range(runs)]
        floor = [run_once(bare) for _ in range(runs)]
    home_s = statistics.median(r["seconds"] for r in home)
    bare_s = statistics.median(r["seconds"] for r in floor)
    print(f"runs per app: {runs}")
    print(f"home page first run (median, cold process): {home_s:.2f} s")
    print(f"bare one-line Streamlit app (median, same way): {bare_s:.2f} s")
    print(f"ratio home / bare: {home_s / bare_s:.2f}")
    print(f"home page Deck spec: {home[0]['deck_bytes']:,} bytes (budget 1,000,000)")
    print(f"exceptions on the home page: {max(r['exceptions'] for r in home)}")


if __name__ == "__main__":
    main()
