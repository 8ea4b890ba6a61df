"""Benchmarks of the dashboard in a real browser: `scripts/bench.sh` (or `.venv/bin/python -m bench`).

Prints figures and writes them to artifacts/bench.json; never fails on time. In one run, on this machine:

1. first impression, against three floors measured in the same run (bench/floors/: a one-line app, a one-page
   pydeck map and a one-page altair map of the same 355 polygons):
   - new visitor on a running server -> map painted, for the home page and the funding page of the dashboard as
     it is deployed (asgi.py, see FIRST_IMPRESSION; `streamlit run app.py` for reference): median over --runs x
     NEW_VISITS fresh browser contexts on a server that has already served that page once; the ratio to the fastest
     one-page map is the figure that counts;
   - cold start -> map painted: server start -> first map paint of the home page (and of each floor), medians
     over --runs cold server starts, and the ratio to the one-line app;
   "map painted" is the same test for a pydeck canvas and a Vega map (bench/paint.py);
2. slide change settled: presenter mode, next slide (key press -> last change on the page), every slide, on
   DEPLOYED (asgi.py), as the browser part of 3;
3. warm rerun of every page in app.py's PAGES after changing its main control: server-side script time (at
   Streamlit's script runner) and, in the browser, time from the key press / click to the settled page;
4. bytes: the home page's map spec, and everything sent to the browser (HTTP bodies + websocket frames);
5. resident memory of the server with 1 and with 20 sessions open;
6. 20 and 50 concurrent browser sessions: errors and median / 95th percentile page-ready time.

Options: --runs N (default 5), --sessions 20,50 (--sessions '' skips part 6), --json PATH.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import first_impression, payload, reruns, sessions, slides
from bench.browser import CHROMIUM, chromium_available, launch
from bench.server import ROOT, Server, copy_data

# every target, in the order the parts run (each part keeps its own)
TARGETS = {
    **first_impression.TARGETS,
    **slides.TARGETS,
    **reruns.TARGETS,
    **payload.TARGETS,
    **sessions.TARGETS,
}


def report(figures: dict) -> None:
    print(f"\n== Kansrijke Start benchmarks ({figures['machine']}) ==")
    if "first_impression" in figures:
        first_impression.report_first_impression(figures["first_impression"])
    if "slides" in figures:
        slides.report_slides(figures["slides"])
    if "rerun_server" in figures:
        reruns.report_reruns(figures)
    if "payload" in figures:
        payload.report_payload(figures["payload"], figures["map_spec_bytes"])
    if "memory_sessions" in figures:
        sessions.report_sessions(figures["memory_sessions"])


PARTS = ("first", "slides", "reruns", "bytes", "sessions")


async def run_browser_parts(args, data_dir: Path) -> dict:
    from playwright.async_api import async_playwright

    out, clock = {}, time.perf_counter()

    def lap(part: str) -> None:
        nonlocal clock
        args.part_seconds[part] = round(time.perf_counter() - clock, 1)
        clock = time.perf_counter()

    async with async_playwright() as playwright:
        browser = await launch(playwright)
        if "first" in args.parts:
            print("1/6 first impression: cold starts and new visitors, app and floors ...", flush=True)
            out["first_impression"] = await first_impression.first_impression(browser, data_dir, args.runs)
            lap("first")
        if {"slides", "reruns", "bytes"} & set(args.parts):
            with Server(first_impression.DEPLOYED, data_dir) as server:
                if "slides" in args.parts:
                    print("2/6 slide changes ...", flush=True)
                    out["slides"] = await slides.slide_changes(browser, server)
                    lap("slides")
                if "reruns" in args.parts:
                    print("3/6 warm reruns in the browser ...", flush=True)
                    out["rerun_browser"] = await reruns.browser_reruns(browser, server)
                    lap("reruns (browser)")
                if "bytes" in args.parts:
                    print("4/6 bytes ...", flush=True)
                    out["payload"] = await payload.home_payload(browser, server)
                    lap("bytes (browser)")
        if "sessions" in args.parts:
            counts = [int(n) for n in args.sessions.split(",") if n.strip()]
            print(f"5-6/6 memory and sessions {counts} ...", flush=True)
            out["memory_sessions"] = await sessions.memory_and_sessions(browser, data_dir, counts)
            lap("sessions")
        await browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", default="20,50", help="comma-separated session counts ('' to skip)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "bench.json")
    args = parser.parse_args()
    args.parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    if not chromium_available():
        sys.exit(f"chromium not found at {CHROMIUM}; install it (apt-get install chromium)")
    started = time.perf_counter()
    figures: dict[str, Any] = {}
    args.part_seconds = {}
    with tempfile.TemporaryDirectory() as folder:
        data_dir = copy_data(Path(folder) / "data")
        # The in-process parts first, on a quiet machine (no chromium or servers still winding down).
        if "reruns" in args.parts:
            print("3/6 warm reruns on the server (AppTest) ...", flush=True)
            figures["rerun_server"] = reruns.server_reruns(data_dir)
        if "bytes" in args.parts:
            figures["map_spec_bytes"] = payload.map_spec_bytes(data_dir)
        args.part_seconds["in-process (AppTest)"] = round(time.perf_counter() - started, 1)
        figures.update(asyncio.run(run_browser_parts(args, data_dir)))
    figures["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    figures["load_average"] = os.getloadavg()
    figures["targets"] = TARGETS
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["part_seconds"] = args.part_seconds
    report(figures)
    print(
        f"   (load average at the end: {' '.join(f'{x:.1f}' for x in figures['load_average'])}; seconds per part: "
        + ", ".join(f"{part} {seconds:.0f}" for part, seconds in args.part_seconds.items())
        + ")"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    print(f"\nfigures written to {args.json} (bench took {figures['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
