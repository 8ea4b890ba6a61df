"""The benchmark's "map painted" test (bench/paint.py), on the floor apps of bench/floors/: it recognises a pydeck
map (WebGL canvas) and a Vega map (SVG) of the 355 municipalities, and never calls a page without a map painted,
so today's and tomorrow's maps are measured one way."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.paint import Watch
from tests.e2e import harness
from tests.e2e.conftest import viewport

FLOORS = harness.ROOT / "bench" / "floors"


async def painted_kind(url: str, timeout_s: float) -> str | None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport=viewport(harness.VIEWPORT))
            watch = await Watch.open(context)
            await watch.page.goto(url)
            await watch.page.wait_for_selector(harness.SCRIPT_DONE, timeout=120_000)
            try:
                return await watch.wait_map_painted(timeout_s)
            except TimeoutError:
                return None
        finally:
            await browser.close()


@pytest.mark.parametrize(
    "script, path, kind",
    [
        (FLOORS / "pydeck_map.py", "/", "deck"),
        (FLOORS / "altair_map.py", "/", "vega-svg"),
        (FLOORS / "bare.py", "/", None),
        # the funding page draws two charts on a canvas under its map: the map is the SVG, not a chart
        (harness.ROOT / "app.py", "/financiering", "vega-svg"),
    ],
    ids=["pydeck", "altair", "bare", "app-financiering"],
)
def test_map_painted_knows_a_pydeck_and_a_vega_map(script, path, kind):
    # a thread of its own: the other browser tests' sync Playwright keeps an event loop running in this one
    with harness.Server(script) as server, ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, painted_kind(server.url + path, 90 if kind else 3)).result() == kind
