"""Benchmarks of the dashboard in a real browser: `scripts/bench.sh` (or `.venv/bin/python -m bench`).

Prints figures and writes them to artifacts/bench.json; never fails on time. In one run, on this machine:

1. first paint: server start -> first map paint of the home page in headless chromium, against the same for a
   bare one-line Streamlit app (the floor), medians over --runs cold server starts each, and their ratio;
2. warm rerun of every page in app.py's PAGES after changing its main control: server-side script time (AppTest
   run of the rerun) and, in the browser, time from the key press / click to the settled page;
3. bytes: the home page's Deck spec, and everything sent to the browser (HTTP bodies + websocket frames);
4. resident memory of the server with 1 and with 20 sessions open;
5. 20 and 50 concurrent browser sessions: errors and median / 95th percentile page-ready time.

Options: --runs N (default 5), --sessions 20,50 (--sessions '' skips part 5), --json PATH.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e import harness

TARGETS = {
    "first_paint_ratio": 1.5,          # home first paint within 1.5x of the bare app
    "warm_rerun_server_ms": 150.0,     # warm rerun under 150 ms of server time
    "home_payload_bytes": 1_000_000,   # home page under 1 MB to the browser
    "errors_at_50_sessions": 0,
}
BARE_APP = 'import streamlit as st\nst.write("Kansrijke Start")\n'


def median(values):
    return statistics.median(values) if values else None


def p95(values):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --- browser helpers (async Playwright) ---------------------------------------------------------------------

async def wait_ready(page, timeout=180_000):
    await page.wait_for_selector(harness.APP_CONNECTED, timeout=timeout)
    await page.wait_for_selector(harness.SCRIPT_DONE, timeout=timeout)
    await page.wait_for_function("() => !document.querySelector('[data-stale=true]')", timeout=timeout)


async def wait_rerun(page, timeout=60_000):
    try:
        await page.wait_for_selector(harness.SCRIPT_RUNNING, timeout=2_000)
    except Exception:
        pass
    await wait_ready(page, timeout)


async def wait_map_painted(page, timeout_s=120.0):
    deadline = time.monotonic() + timeout_s
    canvas = page.locator(harness.DECK_CANVAS).first
    while time.monotonic() < deadline:
        if await canvas.count():
            box = await canvas.bounding_box()
            if box and box["width"] > 10 and box["height"] > 10:
                if harness.distinct_colours(await canvas.screenshot()) >= 4:
                    return
        await asyncio.sleep(0.05)
    raise TimeoutError("map not painted")


async def launch(playwright):
    return await playwright.chromium.launch(executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_ARGS)


# --- 1. first paint -----------------------------------------------------------------------------------------

async def first_paint(browser, data_dir: Path, bare_script: Path, runs: int) -> dict:
    times = {"home": [], "bare": []}
    for _ in range(runs):
        for name in ("home", "bare"):
            script = harness.ROOT / "app.py" if name == "home" else bare_script
            server = harness.Server(script, data_dir)
            context = await browser.new_context(viewport=harness.VIEWPORT)
            page = await context.new_page()
            try:
                server.start()
                await page.goto(server.url)
                if name == "home":
                    await wait_map_painted(page)
                else:
                    await page.get_by_text("Kansrijke Start").first.wait_for(timeout=120_000)
                times[name].append(time.perf_counter() - server.started_at)
            finally:
                await context.close()
                server.stop()
    home, bare = median(times["home"]), median(times["bare"])
    return {"runs": runs, "home_s": home, "bare_s": bare, "ratio": home / bare, "all": times}


# --- 2. warm reruns -----------------------------------------------------------------------------------------

# Pages whose main control takes values AppTest cannot read back from the widget (formatted options): key and two
# raw values to alternate between. Other pages: the first selectbox, toggle/checkbox or plain select_slider.
MAIN_CONTROLS = {
    "kaart": ("stand", ["2019-12-31", "2020-07-01"]),
    "financiering": ("regeling", ["impuls_gids_2019", "totaal"]),
    "nu-niet-zwanger": ("nnz_datum", ["2019-03-31", "2020-07-01"]),
    "vergelijk": ("gewicht_inwoners", [2, 4]),
    "over-de-data": ("tabel", ["coalities", "financiering"]),
}
KINDS = ("select_slider", "slider", "selectbox", "radio", "segmented_control", "toggle", "checkbox")
# Every page is measured in a view with a municipality chosen (detail panel, peers, highlighted map).
VIEW_QUERY = {"zoek": "Utrecht"}


def widget_by_key(at, key):
    for kind in KINDS:
        try:
            return getattr(at, kind)(key=key)
        except (KeyError, AttributeError):
            continue
    return None


def _identity(fmt, options) -> bool:
    try:
        return all(str(fmt(o)) == o for o in options)
    except Exception:  # a format_func that only takes the raw values
        return False


def change_main_control(at, slug: str, i: int) -> str | None:
    """Give the page's main control another value (alternating); return its key, None when there is none."""
    if slug in MAIN_CONTROLS:
        key, values = MAIN_CONTROLS[slug]
        widget = widget_by_key(at, key)
        if widget is not None:
            widget.set_value(values[i % 2])
            return key
    for kind in KINDS:
        try:
            widgets = list(getattr(at.main, kind))
        except AttributeError:
            continue
        for w in widgets:
            if kind in ("toggle", "checkbox"):
                w.set_value(not w.value)
                return w.key or w.label
            if kind == "selectbox" and len(w.options) >= 2:
                w.select_index(((w.index or 0) + 1) % len(w.options))
                return w.key or w.label
            options = list(getattr(w, "options", []) or [])
            fmt = getattr(w, "format_func", None)
            if len(options) >= 2 and (fmt is None or _identity(fmt, options)):
                w.set_value(options[(options.index(str(w.value)) + 1) % len(options)] if str(w.value) in options
                            else options[0])
                return w.key or w.label
    return None


def server_reruns(data_dir: Path, repeats: int = 7) -> dict:
    """Script time of a warm rerun per page: AppTest, after the first run filled every cache."""
    from streamlit.testing.v1 import AppTest

    os.environ["KANSRIJKE_DATA_DIR"] = str(data_dir)
    results = {}
    for app_page in harness.registered_pages():
        try:
            results[app_page.slug] = _time_reruns(AppTest, app_page, repeats, change=True)
        except Exception as error:  # AppTest could not set this control: time plain reruns instead
            figures = _time_reruns(AppTest, app_page, repeats, change=False)
            figures["control"] = f"plain rerun (AppTest could not change the control: {type(error).__name__})"
            results[app_page.slug] = figures
    return results


class ScriptClock:
    """Times Streamlit's own script runs (ScriptRunner._run_script: app.py and the page, with every element it
    sends), without AppTest's work of waiting for and parsing the result."""

    def __init__(self):
        from streamlit.runtime.scriptrunner import script_runner

        self.runner, self.original, self.last_ms = script_runner.ScriptRunner, None, None

    def __enter__(self):
        self.original = original = self.runner._run_script
        clock = self

        def timed(runner, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original(runner, *args, **kwargs)
            finally:
                clock.last_ms = (time.perf_counter() - started) * 1000

        self.runner._run_script = timed
        return self

    def __exit__(self, *exc):
        self.runner._run_script = self.original


def _time_reruns(AppTest, app_page, repeats: int, change: bool) -> dict:
    at = AppTest.from_file(str(harness.ROOT / "app.py"), default_timeout=180)
    at.query_params.update(VIEW_QUERY)
    at.run()
    at.switch_page(app_page.file).run()
    script, total, control = [], [], None
    with ScriptClock() as clock:
        for i in range(repeats):
            if change:
                control = change_main_control(at, app_page.slug, i)
            started = time.perf_counter()
            at.run()
            total.append((time.perf_counter() - started) * 1000)
            script.append(clock.last_ms)
    # the first changes may still fill caches for a new value; the rest are warm
    return {"control": control, "median_ms": median(script[2:]), "apptest_median_ms": median(total[2:]),
            "exceptions": len(at.exception)}


async def browser_reruns(browser, server, repeats: int = 5) -> dict:
    """Change the page's main control -> settled page, per page: its first slider (arrow key), else its toggle,
    else its search box (another municipality), else the presenter's next-slide key."""
    results = {}
    query = "?" + "&".join(f"{k}={v}" for k, v in VIEW_QUERY.items())
    for app_page in harness.registered_pages():
        context = await browser.new_context(viewport=harness.VIEWPORT)
        page = await context.new_page()
        await page.goto(server.url + app_page.path + query)
        await wait_ready(page)
        main = "[data-testid=stMain] "
        slider = page.locator(f"{main}[data-testid=stSlider] [role=slider], {main}[data-testid=stSlider] input[type=range]")
        toggle = page.locator(main + "[data-testid=stCheckbox] input")
        search = page.locator(main + "[data-testid=stTextInput] input")
        timings, control = [], None
        for i in range(repeats):
            started = time.perf_counter()
            if await slider.count():
                control = "slider"
                await slider.first.focus()
                await page.keyboard.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
            elif await toggle.count():
                control = "toggle"
                await toggle.first.click(force=True)
            elif await search.count():
                control = "search"
                await search.first.fill("Delft" if i % 2 == 0 else "Utrecht")
                await search.first.press("Enter")
            elif app_page.slug == "presentatie":
                control = "next/previous slide key"
                await page.locator("body").press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            else:
                break
            await wait_rerun(page)
            timings.append((time.perf_counter() - started) * 1000)
        results[app_page.slug] = {"control": control, "median_ms": median(timings)}
        await context.close()
    return results


# --- 3. bytes -----------------------------------------------------------------------------------------------

def deck_spec_bytes(data_dir: Path) -> int:
    from streamlit.testing.v1 import AppTest

    os.environ["KANSRIJKE_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(harness.ROOT / "app.py"), default_timeout=180).run()
    return len(at.get("deck_gl_json_chart")[0].proto.json.encode("utf-8"))


async def home_payload(browser, server) -> dict:
    context = await browser.new_context(viewport=harness.VIEWPORT)
    page = await context.new_page()
    http, static, frames, foreign = [], [], [], []
    pending = []

    async def body_size(response):
        try:
            size = len(await response.body())
        except Exception:
            return
        # /static/: Streamlit's own frontend bundle, the same for every Streamlit app and cached by the browser
        (static if "/static/" in response.url else http).append(size)

    page.on("response", lambda response: pending.append(asyncio.ensure_future(body_size(response))))
    page.on("request", lambda request: foreign.append(request.url) if not harness.is_local(request.url) else None)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload))))
    await page.goto(server.url)
    await wait_ready(page)
    await wait_map_painted(page)
    await asyncio.sleep(1.0)
    await asyncio.gather(*pending)
    await context.close()
    return {"static_bytes": sum(static), "static_responses": len(static),
            "http_bytes": sum(http), "http_responses": len(http), "websocket_bytes": sum(frames),
            "websocket_frames": len(frames), "app_bytes": sum(http) + sum(frames),
            "total_bytes": sum(static) + sum(http) + sum(frames), "foreign_requests": foreign}


# --- 4 + 5. memory and concurrent sessions ------------------------------------------------------------------

async def open_session(context, url: str) -> tuple[float | None, str | None]:
    page = await context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.perf_counter()
    try:
        await page.goto(url, timeout=300_000)
        await wait_ready(page, timeout=300_000)
        elapsed = time.perf_counter() - started
        if await page.locator(harness.EXCEPTION).count():
            return elapsed, "exception box on the page"
        return elapsed, (errors[0] if errors else None)
    except Exception as error:  # a timeout or a crashed page counts as an error
        return None, f"{type(error).__name__}: {str(error).splitlines()[0]}"


async def sessions(browser, server, n: int, per_context: int = 10) -> tuple[dict, list]:
    contexts = [await browser.new_context(viewport=harness.VIEWPORT) for _ in range((n + per_context - 1) // per_context)]
    cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
    results = await asyncio.gather(*(open_session(contexts[i // per_context], server.url) for i in range(n)))
    cpu = server.cpu_seconds() - cpu_before
    wall = time.perf_counter() - wall_before
    ready = [r for r, e in results if r is not None and e is None]
    errors = [e for _, e in results if e is not None]
    # The browser sessions run on the same machine as the server: the server's share of the CPU shows how much
    # of the waiting is the app and how much is chromium drawing n pages.
    figures = {"sessions": n, "errors": len(errors), "error_samples": errors[:3],
               "ready_median_s": median(ready), "ready_p95_s": p95(ready),
               "server_cpu_s": cpu, "wall_s": wall, "server_cpu_per_session_s": cpu / n}
    return figures, contexts


async def memory_and_sessions(browser, data_dir: Path, counts: list[int]) -> dict:
    out = {}
    with harness.Server(harness.ROOT / "app.py", data_dir) as server:
        one = await browser.new_context(viewport=harness.VIEWPORT)
        page = await one.new_page()
        await page.goto(server.url)
        await wait_ready(page)
        await wait_map_painted(page)
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


# --- report -------------------------------------------------------------------------------------------------

def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT MET")


def report(figures: dict) -> None:
    fp = figures["first_paint"]
    print(f"\n== Kansrijke Start benchmarks ({figures['machine']}) ==")
    print(f"1. server start -> first paint, median of {fp['runs']} cold starts")
    print(f"   home page (map drawn):        {fp['home_s']:.2f} s")
    print(f"   bare one-line app (floor):     {fp['bare_s']:.2f} s")
    print(f"   ratio home / bare:             {fp['ratio']:.2f}   target <= {TARGETS['first_paint_ratio']}: "
          f"{verdict(fp['ratio'] <= TARGETS['first_paint_ratio'])}")
    print("2. warm rerun after changing the page's main control (median)")
    for slug, server_side in figures["rerun_server"].items():
        browser_side = figures["rerun_browser"].get(slug, {})
        ms = server_side["median_ms"]
        b_ms = browser_side.get("median_ms")
        print(f"   {slug:18s} script {ms:5.0f} ms (AppTest run {server_side['apptest_median_ms']:4.0f} ms; "
              f"{server_side['control'] or 'no control: plain rerun'})"
              f"  browser settled {'%7.0f ms' % b_ms if b_ms is not None else '    n/a'}"
              f"  target < {TARGETS['warm_rerun_server_ms']:.0f} ms: {verdict(ms < TARGETS['warm_rerun_server_ms'])}")
    pay = figures["payload"]
    print("3. bytes to the browser, home page")
    print(f"   Deck spec:                     {figures['deck_spec_bytes']:,} bytes")
    print(f"   websocket frames:              {pay['websocket_bytes']:,} bytes in {pay['websocket_frames']} frames")
    print(f"   other HTTP (page, media, ...): {pay['http_bytes']:,} bytes in {pay['http_responses']} responses")
    print(f"   the app's own bytes:           {pay['app_bytes']:,} bytes   target < 1 MB: "
          f"{verdict(pay['app_bytes'] < TARGETS['home_payload_bytes'])}")
    print(f"   + Streamlit frontend /static/: {pay['static_bytes']:,} bytes in {pay['static_responses']} responses "
          "(decoded; same for any Streamlit app, cached)")
    print(f"   everything:                    {pay['total_bytes']:,} bytes")
    print(f"   requests off this machine:     {len(pay['foreign_requests'])}")
    ms = figures["memory_sessions"]
    print("4. server resident memory (VmRSS)")
    print(f"   1 session:                     {ms['rss_1_session_bytes'] / 2**20:.0f} MiB")
    print(f"   20 sessions:                   {ms['rss_20_sessions_bytes'] / 2**20:.0f} MiB")
    print("5. concurrent sessions (page ready = connected and first script run finished)")
    for key in sorted(k for k in ms if k.startswith("sessions_")):
        s = ms[key]
        med = "%.1f s" % s["ready_median_s"] if s["ready_median_s"] is not None else "n/a"
        p = "%.1f s" % s["ready_p95_s"] if s["ready_p95_s"] is not None else "n/a"
        line = (f"   {s['sessions']:3d} sessions: errors {s['errors']}, median {med}, p95 {p}; server CPU "
                f"{s['server_cpu_s']:.1f} s of {s['wall_s']:.0f} s wall ({s['server_cpu_per_session_s']:.2f} s per session)")
        if s["sessions"] == 50:
            line += f"   target 0 errors: {verdict(s['errors'] == 0)}"
        print(line + (f"  e.g. {s['error_samples'][0]}" if s["error_samples"] else ""))


async def run_browser_parts(args, data_dir: Path, bare: Path) -> dict:
    from playwright.async_api import async_playwright

    out = {}
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        print("1/5 first paint ...", flush=True)
        out["first_paint"] = await first_paint(browser, data_dir, bare, args.runs)
        with harness.Server(harness.ROOT / "app.py", data_dir) as server:
            print("2/5 warm reruns in the browser ...", flush=True)
            out["rerun_browser"] = await browser_reruns(browser, server)
            print("3/5 bytes ...", flush=True)
            out["payload"] = await home_payload(browser, server)
        counts = [int(n) for n in args.sessions.split(",") if n.strip()]
        print(f"4-5/5 memory and sessions {counts} ...", flush=True)
        out["memory_sessions"] = await memory_and_sessions(browser, data_dir, counts)
        await browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", default="20,50", help="comma-separated session counts ('' to skip)")
    parser.add_argument("--json", type=Path, default=harness.ROOT / "artifacts" / "bench.json")
    args = parser.parse_args()
    if not harness.chromium_available():
        sys.exit(f"chromium not found at {harness.CHROMIUM}; install it (apt-get install chromium)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = harness.copy_data(Path(folder) / "data")
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        # The in-process parts first, on a quiet machine (no chromium or servers still winding down).
        print("2/5 warm reruns on the server (AppTest) ...", flush=True)
        rerun_server = server_reruns(data_dir)
        spec_bytes = deck_spec_bytes(data_dir)
        figures = asyncio.run(run_browser_parts(args, data_dir, bare))
        figures["rerun_server"], figures["deck_spec_bytes"] = rerun_server, spec_bytes
    figures["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    figures["targets"] = TARGETS
    figures["seconds"] = round(time.perf_counter() - started, 1)
    report(figures)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    print(f"\nfigures written to {args.json} (bench took {figures['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
