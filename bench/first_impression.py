"""Benchmark 1, first impression: a new visitor on a running server -> map painted, and a cold server start ->
first map painted, for the dashboard as deployed (asgi.py), `streamlit run app.py`, and three floors measured in
the same run (bench/floors/: a one-line app, a one-page pydeck map and a one-page altair map of the same 355
polygons). "Map painted" is the same test for a pydeck canvas and a Vega map (bench/paint.py)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.browser import VIEWPORT
from bench.figures import verdict
from bench.paint import Watch
from bench.server import ROOT, Server

TARGETS = {
    "map_painted_ratio": 1.2,  # new visitor's map within 1.2x the fastest one-page map of the same polygons
    "first_paint_ratio": 1.5,  # cold start -> home map painted within 1.5x of the one-line app
}
FLOORS = ROOT / "bench" / "floors"
BARE_TEXT = "Kansrijke Start"  # what bench/floors/bare.py writes

# The servers of part 1: name -> (script, [(figure, path)] a new visitor opens, what "painted" means there).
# The first path of each is also the one its cold start is measured on. "served" is the dashboard as every start
# script and the container run it (asgi.py: warm start, heap settled, healthy once warm); the new-visitor ratios
# are of that server. Its cold start is not measured (the server reports healthy only once it is warm); the cold
# start is `streamlit run app.py`'s, whose new visitors are printed beside it for reference.
DEPLOYED = ROOT / "asgi.py"  # the dashboard as the start scripts and the container run it
FIRST_IMPRESSION = {
    "served": (DEPLOYED, [("home", "/"), ("financiering", "/financiering")], "map"),
    "app": (ROOT / "app.py", [("home_app", "/"), ("financiering_app", "/financiering")], "map"),
    "bare": (FLOORS / "bare.py", [("bare", "/")], "text"),
    "pydeck": (FLOORS / "pydeck_map.py", [("pydeck", "/")], "map"),
    "altair": (FLOORS / "altair_map.py", [("altair", "/")], "map"),
}
NO_COLD_START = {"served"}
MAP_FLOORS = ("pydeck", "altair")
# New visitors per server and run (each in a fresh browser context): the median of runs x NEW_VISITS samples. A new
# visit is short (about 2 s) and this machine's load varies by a few tenths of a second, so more samples per run
# narrow the median of every figure, the floors' as much as the app's.
NEW_VISITS = 3


async def open_until_painted(browser, url: str, painted: str, context=None) -> tuple[float, str]:
    """Open url in a tab (a fresh browser context unless one is given); seconds until it is painted, and how."""
    own = context is None
    context = context or await browser.new_context(viewport=VIEWPORT)
    try:
        watch = await Watch.open(context)
        started = time.perf_counter()
        await watch.page.goto(url)
        if painted == "text":
            await watch.page.get_by_text(BARE_TEXT).first.wait_for(timeout=120_000)
            kind = "text"
        else:
            kind = await watch.wait_map_painted()
        return time.perf_counter() - started, kind
    finally:
        if own:
            await context.close()


async def first_impression(browser, data_dir: Path, runs: int) -> dict:
    """Per run, every server of FIRST_IMPRESSION in turn (the order rotates, so that a busy moment on a shared
    machine does not always fall on the same one): cold start -> first page painted; then every other page once
    (unmeasured: the server has now served each page); then each page in a fresh browser context (new visitor)."""
    cold: dict[str, list[float]] = {name: [] for name in FIRST_IMPRESSION if name not in NO_COLD_START}
    warm: dict[str, list[float]] = {figure: [] for _, paths, _ in FIRST_IMPRESSION.values() for figure, _ in paths}
    kinds = {}
    names = list(FIRST_IMPRESSION)
    for run in range(runs):
        for name in names[run % len(names) :] + names[: run % len(names)]:
            script, paths, painted = FIRST_IMPRESSION[name]
            server = Server(script, data_dir)
            context = await browser.new_context(viewport=VIEWPORT)
            try:
                server.start()
                _, kinds[name] = await open_until_painted(browser, server.url + paths[0][1], painted, context)
                if name in cold:
                    cold[name].append(time.perf_counter() - server.started_at)
                for _, path in paths[1:]:
                    await open_until_painted(browser, server.url + path, painted, context)
                await context.close()
                for _ in range(NEW_VISITS):
                    for figure, path in paths:
                        seconds, kinds[figure] = await open_until_painted(browser, server.url + path, painted)
                        warm[figure].append(seconds)
            finally:
                await context.close()
                server.stop()
    # every list holds one sample per run (runs >= 1)
    warm_s = {figure: statistics.median(values) for figure, values in warm.items()}
    cold_s = {name: statistics.median(values) for name, values in cold.items()}
    fastest = min(MAP_FLOORS, key=lambda floor: warm_s[floor])
    return {
        "runs": runs,
        "new_visits": runs * NEW_VISITS,
        "new_visitor_s": warm_s,
        "cold_start_s": cold_s,
        "fastest_map_floor": fastest,
        "ratio_home": warm_s["home"] / warm_s[fastest],
        "ratio_financiering": warm_s["financiering"] / warm_s[fastest],
        "ratio_home_app": warm_s["home_app"] / warm_s[fastest],
        "ratio_financiering_app": warm_s["financiering_app"] / warm_s[fastest],
        "cold_ratio_home_bare": cold_s["app"] / cold_s["bare"],
        "map_kinds": kinds,
        "all": {"new_visitor": warm, "cold_start": cold},
    }


def ratio_line(label: str, ratio: float, target: float) -> str:
    return f"   {label:40s} {ratio:5.2f}   target <= {target}: {verdict(ratio <= target)}"


def report_first_impression(fi: dict) -> None:
    new, cold, fastest = fi["new_visitor_s"], fi["cold_start_s"], fi["fastest_map_floor"]
    kinds = fi["map_kinds"]
    print(f"1. first impression (cold start: median of {fi['runs']} runs; floors measured in the same run)")
    print(
        f"   new visitor on a running server -> map painted (median of {fi.get('new_visits', fi['runs'])} fresh "
        "browser contexts):"
    )
    for figure, label in (
        ("home", "home page (kaart), asgi.py"),
        ("financiering", "funding page, asgi.py"),
        ("home_app", "(home page, streamlit run app.py)"),
        ("financiering_app", "(funding page, streamlit run app.py)"),
        ("pydeck", "floor: one-page pydeck map"),
        ("altair", "floor: one-page altair map"),
        ("bare", "floor: one-line app (text shown)"),
    ):
        mark = "  <- fastest one-page map" if figure == fastest else ""
        print(f"     {label:36s} {new[figure]:6.2f} s  ({kinds.get(figure, '?')}){mark}")
    print(ratio_line(f"ratio home / {fastest} floor", fi["ratio_home"], TARGETS["map_painted_ratio"]))
    print(ratio_line(f"ratio financiering / {fastest} floor", fi["ratio_financiering"], TARGETS["map_painted_ratio"]))
    print(
        f"     (with streamlit run app.py: home {fi['ratio_home_app']:.2f}, financiering "
        f"{fi['ratio_financiering_app']:.2f})"
    )
    print("   cold server start -> first page painted:")
    for name, label in (
        ("app", "home page, streamlit run app.py"),
        ("pydeck", "floor: one-page pydeck map"),
        ("altair", "floor: one-page altair map"),
        ("bare", "floor: one-line app (text shown)"),
    ):
        print(f"     {label:36s} {cold[name]:6.2f} s")
    print(ratio_line("ratio home / one-line app", fi["cold_ratio_home_bare"], TARGETS["first_paint_ratio"]))
    print(f"     (home / fastest one-page map, cold: {cold['app'] / min(cold[f] for f in MAP_FLOORS):.2f})")
