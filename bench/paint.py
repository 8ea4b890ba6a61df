"""When is a map painted, and when has a page settled? Async Playwright helpers for the benchmarks.

"Map painted" means the same for today's and tomorrow's map, so that both are measured one way:
- a Vega (altair) map drawn as SVG: its view holds at least MIN_MAP_MARKS shapes (geoshape marks), and no request
  is in flight (a map whose polygons come from a static file has them);
- a map on a canvas (deck.gl's WebGL canvas): the largest deck.gl canvas in the main area shows at least
  MIN_COLOURS colours in a screenshot (a blank or one-colour canvas is not a map), and no request is in flight.
  A Vega canvas is a chart (the pages draw their charts on a canvas, their maps as SVG), never taken for the map.

"Settled" after an interaction: the script run has finished, nothing is stale, no request is in flight, a map on
the page (if any) is painted, and the page has neither changed its DOM nor drawn on a canvas for QUIET_MS. The
figure is the time from the key press or click to the last change (DOM mutation, WebGL draw call or 2D canvas
draw), read on the page's own clock, so the quiet wait itself is not counted.
"""

from __future__ import annotations

import asyncio
import time

from bench.browser import SCRIPT_DONE, distinct_colours

MIN_MAP_MARKS = 100  # a map of the 355 municipalities draws at least this many shapes
MIN_COLOURS = 4
QUIET_MS = 500

# Finds the page's map: a Vega SVG with geoshape marks, else the largest deck.gl canvas in the main area (kept in
# window.__benchMap for its screenshot). Returns null when there is none yet.
MAP_PROBE = """(minMarks) => {
    const main = document.querySelector('[data-testid=stMain]');
    if (!main) return null;
    for (const svg of main.querySelectorAll('.vega-embed svg')) {
        const marks = svg.querySelectorAll('g.mark-shape path').length;
        if (marks >= minMarks) return {kind: 'vega-svg', marks: marks};
    }
    let best = null, area = 100;
    for (const canvas of main.querySelectorAll('[data-testid=stDeckGlJsonChart] canvas')) {
        const box = canvas.getBoundingClientRect();
        if (box.width * box.height > area) { best = canvas; area = box.width * box.height; }
    }
    if (best === null) return null;
    window.__benchMap = best;   // not an attribute: the change tracker would see that as a change of the page
    return {kind: 'deck'};
}"""

# Installed before any page script: records the time of the last input (key, pointer) and of the last change
# (DOM mutation, WebGL draw, 2D canvas draw; `what` names the last one) on the page's clock (performance.now()).
CHANGE_TRACKER = """(() => {
    const bench = window.__bench = {input: 0, change: 0, what: ''};
    const mark = (what) => { bench.change = performance.now(); bench.what = what; };
    const wrap = (proto, names) => {
        if (!proto) return;
        for (const name of names) {
            const original = proto[name];
            if (typeof original !== 'function') continue;
            proto[name] = function (...args) { mark(name); return original.apply(this, args); };
        }
    };
    wrap(window.WebGLRenderingContext && WebGLRenderingContext.prototype,
         ['drawArrays', 'drawElements', 'clear']);
    wrap(window.WebGL2RenderingContext && WebGL2RenderingContext.prototype,
         ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'clear']);
    wrap(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype,
         ['fill', 'stroke', 'fillRect', 'fillText', 'drawImage']);
    const observe = () => new MutationObserver(() => mark('dom')).observe(document.documentElement,
        {subtree: true, childList: true, attributes: true, characterData: true});
    if (document.documentElement) observe(); else document.addEventListener('DOMContentLoaded', observe);
    for (const type of ['keydown', 'pointerdown']) {
        window.addEventListener(type, () => { bench.input = performance.now(); }, true);
    }
})();"""

NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


class Watch:
    """One tab: the HTTP requests in flight (websocket traffic is not a request) and the change tracker."""

    def __init__(self, page):
        self.page = page
        self.pending: set = set()
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))

    @classmethod
    async def open(cls, context) -> Watch:
        page = await context.new_page()
        await page.add_init_script(CHANGE_TRACKER)
        return cls(page)

    @property
    def idle(self) -> bool:
        return not self.pending

    async def map_painted(self) -> str | None:
        """The kind of map when one is painted now ('vega-svg', 'deck'), else None."""
        found = await self.page.evaluate(MAP_PROBE, MIN_MAP_MARKS)
        if not found or not self.idle:
            return None
        if found["kind"] == "vega-svg":
            await self.page.evaluate(NEXT_FRAMES)  # in the DOM; on screen one frame later
            return found["kind"]
        try:
            canvas = (await self.page.evaluate_handle("() => window.__benchMap")).as_element()
            if canvas is None:
                return None
            box = await canvas.bounding_box()
            if not box or box["width"] < 10 or box["height"] < 10:
                return None
            # caret="initial": Playwright's default hides the text caret by restyling the focused input, a change
            # the page would record
            shot = await canvas.screenshot(timeout=5_000, caret="initial")
        except Exception:  # the canvas was replaced between the probe and the screenshot
            return None
        return found["kind"] if distinct_colours(shot) >= MIN_COLOURS else None

    async def has_map(self) -> bool:
        return bool(await self.page.evaluate(MAP_PROBE, MIN_MAP_MARKS))

    async def wait_map_painted(self, timeout_s: float = 120.0) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            kind = await self.map_painted()
            if kind:
                return kind
            await asyncio.sleep(0.05)
        raise TimeoutError(f"no map painted within {timeout_s:.0f} s on {self.page.url}")

    async def settled_ms(self, expect_map: bool, timeout_s: float = 60.0) -> float:
        """After an input: wait until the page has settled (see the module docstring); return input -> last
        change in ms."""
        await self.page.wait_for_selector(SCRIPT_DONE, timeout=timeout_s * 1000)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            state = await self.page.evaluate(
                "() => ({now: performance.now(), bench: window.__bench,"
                " busy: !!document.querySelector('[data-test-script-state=running], [data-stale=true], .ks-volgt')})"
            )
            quiet = state["now"] - state["bench"]["change"] >= QUIET_MS
            if quiet and self.idle and not state["busy"] and (not expect_map or await self.map_painted()):
                # a screenshot can make the page draw again: settled only when that did not change anything
                again = await self.page.evaluate("() => window.__bench.change")
                if again == state["bench"]["change"]:
                    return max(0.0, state["bench"]["change"] - state["bench"]["input"])
            await asyncio.sleep(0.05)
        raise TimeoutError(f"the page did not settle within {timeout_s:.0f} s on {self.page.url}")
