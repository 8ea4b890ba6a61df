"""Benchmarks 5 and 6: resident memory of the server with 1 and with 20 sessions open, and 20 and 50 concurrent
browser sessions: errors and median / 95th percentile page-ready time, with the server's CPU."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from bench.browser import EXCEPTION, VIEWPORT, wait_ready
from bench.figures import median, p95, verdict
from bench.paint import Watch
from bench.server import ROOT, Server

TARGETS = {"errors_at_50_sessions": 0}


async def open_session(context, url: str) -> tuple[float | None, str | None]:
    page = await context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.perf_counter()
    try:
        await page.goto(url, timeout=300_000)
        await wait_ready(page, timeout=300_000)
        elapsed = time.perf_counter() - started
        if await page.locator(EXCEPTION).count():
            return elapsed, "exception box on the page"
        return elapsed, (errors[0] if errors else None)
    except Exception as error:  # a timeout or a crashed page counts as an error
        return None, f"{type(error).__name__}: {str(error).splitlines()[0]}"


async def sessions(browser, server, n: int, per_context: int = 10) -> tuple[dict, list]:
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range((n + per_context - 1) // per_context)]
    cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
    results = await asyncio.gather(*(open_session(contexts[i // per_context], server.url) for i in range(n)))
    cpu = server.cpu_seconds() - cpu_before
    wall = time.perf_counter() - wall_before
    ready = [r for r, e in results if r is not None and e is None]
    errors = [e for _, e in results if e is not None]
    # The browser sessions run on the same machine as the server: the server's share of the CPU shows how much
    # of the waiting is the app and how much is chromium drawing n pages.
    figures = {
        "sessions": n,
        "errors": len(errors),
        "error_samples": errors[:3],
        "ready_median_s": median(ready),
        "ready_p95_s": p95(ready),
        "server_cpu_s": cpu,
        "wall_s": wall,
        "server_cpu_per_session_s": cpu / n,
    }
    return figures, contexts


async def memory_and_sessions(browser, data_dir: Path, counts: list[int]) -> dict:
    out: dict[str, Any] = {}
    with Server(ROOT / "app.py", data_dir) as server:
        one = await browser.new_context(viewport=VIEWPORT)
        page = await one.new_page()
        await page.goto(server.url)
        await wait_ready(page)
        await Watch(page).wait_map_painted()
        out["rss_1_session_bytes"] = server.rss_bytes()
        await one.close()
        for n in counts:
            figures, contexts = await sessions(browser, server, n)
            if n == 20:
                out["rss_20_sessions_bytes"] = server.rss_bytes()
            out[f"sessions_{n}"] = figures
            for context in contexts:
                await context.close()
        if "rss_20_sessions_bytes" not in out:
            figures, contexts = await sessions(browser, server, 20)
            out["rss_20_sessions_bytes"] = server.rss_bytes()
            for context in contexts:
                await context.close()
    return out


def report_sessions(ms: dict) -> None:
    print("5. server resident memory (VmRSS)")
    print(f"   1 session:                     {ms['rss_1_session_bytes'] / 2**20:.0f} MiB")
    print(f"   20 sessions:                   {ms['rss_20_sessions_bytes'] / 2**20:.0f} MiB")
    print("6. concurrent sessions (page ready = connected and first script run finished)")
    for key in sorted(k for k in ms if k.startswith("sessions_")):
        s = ms[key]
        med = "{:.1f} s".format(s["ready_median_s"]) if s["ready_median_s"] is not None else "n/a"
        p = "{:.1f} s".format(s["ready_p95_s"]) if s["ready_p95_s"] is not None else "n/a"
        line = (
            f"   {s['sessions']:3d} sessions: errors {s['errors']}, median {med}, p95 {p}; server CPU "
            f"{s['server_cpu_s']:.1f} s of {s['wall_s']:.0f} s wall "
            f"({s['server_cpu_per_session_s']:.2f} s per session)"
        )
        if s["sessions"] == 50:
            line += f"   target 0 errors: {verdict(s['errors'] == 0)}"
        print(line + (f"  e.g. {s['error_samples'][0]}" if s["error_samples"] else ""))
