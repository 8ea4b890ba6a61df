"""Benchmark 3, warm rerun of every page in app.py's PAGES after changing its main control: server-side script time
(at Streamlit's script runner, with AppTest) and, in the browser, time from the key press / click to the settled
page (bench/paint.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from bench.browser import VIEWPORT, wait_ready, wait_rerun
from bench.figures import median, verdict
from bench.pages import registered_pages
from bench.paint import Watch
from bench.server import ROOT
from kansrijke.serving.warm import settle_heap

TARGETS = {
    "warm_rerun_server_ms": 100.0,  # warm rerun: script time
    "warm_rerun_browser_ms": 500.0,  # warm rerun: settled page in the browser
}

# Pages whose main control takes values AppTest cannot read back from the widget (formatted options): key and two
# raw values to alternate between. Other pages: the first selectbox, toggle/checkbox or plain select_slider.
MAIN_CONTROLS: dict[str, tuple[str, list[Any]]] = {
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
                w.set_value(
                    options[(options.index(str(w.value)) + 1) % len(options)] if str(w.value) in options else options[0]
                )
                return w.key or w.label
    return None


def server_reruns(data_dir: Path, repeats: int = 7) -> dict:
    """Script time of a warm rerun per page: AppTest, after the first run filled every cache."""
    from streamlit.testing.v1 import AppTest

    os.environ["KANSRIJKE_DATA_DIR"] = str(data_dir)
    results = {}
    for app_page in registered_pages():
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
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update(VIEW_QUERY)
    at.run()
    at.switch_page(app_page.file).run()
    settle_heap()  # as a served worker does once its warm-up is done (kansrijke/serving/warm.py)
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
    return {
        "control": control,
        "median_ms": median(script[2:]),
        "apptest_median_ms": median(total[2:]),
        "exceptions": len(at.exception),
    }


async def change_in_browser(page, slug: str, i: int) -> str | None:
    """Give the page's main control another value, as a visitor would (keyboard or click); alternate between two
    values. The control of MAIN_CONTROLS (Streamlit marks its element with the class st-key-<key>), else the first
    slider, toggle or search box in the main area, else the presenter's slide keys. Returns what was used."""
    main = "[data-testid=stMain] "
    back = i % 2 == 1
    if slug in MAIN_CONTROLS:
        box = page.locator(f"{main}.st-key-{MAIN_CONTROLS[slug][0]}")
        if await box.count():
            slider = box.locator("[role=slider]")
            select = box.locator("[data-testid=stSelectbox] input")
            segments = box.locator("button")
            if await slider.count():
                await slider.first.focus()
                await page.keyboard.press("ArrowRight" if back else "ArrowLeft")
                return f"{MAIN_CONTROLS[slug][0]} (slider, arrow key)"
            if await select.count():
                await select.first.click()
                await page.keyboard.press("ArrowUp" if back else "ArrowDown")
                await page.keyboard.press("Enter")
                return f"{MAIN_CONTROLS[slug][0]} (selectbox, arrow + enter)"
            if await segments.count() >= 2:
                # a segmented control: MAIN_CONTROLS gives its first two options, in the order of its buttons
                await segments.nth(1 if back else 0).click()
                return f"{MAIN_CONTROLS[slug][0]} (segmented control, click)"
    slider = page.locator(f"{main}[data-testid=stSlider] [role=slider], {main}[data-testid=stSlider] input[type=range]")
    toggle = page.locator(main + "[data-testid=stCheckbox] input")
    search = page.locator(main + "[data-testid=stTextInput] input")
    if await slider.count():
        await slider.first.focus()
        await page.keyboard.press("ArrowRight" if back else "ArrowLeft")
        return "slider"
    if await toggle.count():
        await toggle.first.click(force=True)
        return "toggle"
    if await search.count():
        await search.first.fill("Utrecht" if back else "Delft")
        await search.first.press("Enter")
        return "search"
    if slug == "presentatie":
        await page.locator("[data-testid=stMain]").click(position={"x": 5, "y": 5})
        await page.keyboard.press("ArrowLeft" if back else "ArrowRight")
        return "next/previous slide key"
    return None


async def browser_reruns(browser, server, repeats: int = 5) -> dict:
    """Change the page's main control (change_in_browser) -> settled page (bench/paint.py), per page."""
    results = {}
    query = "?" + "&".join(f"{k}={v}" for k, v in VIEW_QUERY.items())
    for app_page in registered_pages():
        context = await browser.new_context(viewport=VIEWPORT)
        watch = await Watch.open(context)
        page = watch.page
        await page.goto(server.url + app_page.path + query)
        await wait_ready(page)
        await watch.settled_ms(expect_map=False)
        has_map = await watch.has_map()
        timings, control = [], None
        for i in range(repeats):
            control = await change_in_browser(page, app_page.slug, i)
            if control is None:
                break
            await wait_rerun(page)
            timings.append(await watch.settled_ms(expect_map=has_map))
        results[app_page.slug] = {"control": control, "median_ms": median(timings), "all_ms": timings}
        await context.close()
    return results


def report_reruns(figures: dict) -> None:
    print("3. warm rerun after changing the page's main control (median; browser: asgi.py)")
    for slug, server_side in figures["rerun_server"].items():
        browser_side = figures.get("rerun_browser", {}).get(slug, {})
        ms = server_side["median_ms"]
        b_ms = browser_side.get("median_ms")
        print(
            f"   {slug:16s} script {ms:5.0f} ms (AppTest run {server_side['apptest_median_ms']:4.0f} ms; "
            f"{server_side['control'] or 'no control: plain rerun'}) target <= "
            f"{TARGETS['warm_rerun_server_ms']:.0f} ms: {verdict(ms <= TARGETS['warm_rerun_server_ms'])}"
        )
        print(
            f"   {'':16s} browser settled {f'{b_ms:5.0f} ms' if b_ms is not None else '  n/a'} "
            f"({browser_side.get('control') or 'no control'}) target <= "
            f"{TARGETS['warm_rerun_browser_ms']:.0f} ms: "
            f"{verdict(None if b_ms is None else b_ms <= TARGETS['warm_rerun_browser_ms'])}"
        )
