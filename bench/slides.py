"""Benchmark 2, presenter mode: next slide (key press -> last change on the page), every slide, on the deployed
dashboard (asgi.py)."""

from __future__ import annotations

from typing import Any

from bench.browser import VIEWPORT, wait_ready
from bench.figures import median, verdict
from bench.pages import registered_pages
from bench.paint import Watch

TARGETS = {"slide_settled_ms": 400.0}  # presenter mode: next slide settled

SLIDE_KEY = "dia"  # presenter mode's URL parameter (?dia=3)


async def slide_changes(browser, server, walks: int = 2) -> dict:
    """Presenter mode from slide 1 to the last, by the next-slide key: key press -> settled, every slide. The
    first walk is the first time this server shows the slides after the page was opened; the second is a new tab."""
    presenter = next(p for p in registered_pages() if p.file == "pages/presentatie.py")
    out: dict[str, Any] = {"walks": []}
    for _ in range(walks):
        context = await browser.new_context(viewport=VIEWPORT)
        watch = await Watch.open(context)
        page = watch.page
        await page.goto(f"{server.url}{presenter.path}?{SLIDE_KEY}=1")
        await wait_ready(page)
        await watch.settled_ms(expect_map=await watch.has_map())
        timings, slide = [], 1
        while True:
            await page.locator("[data-testid=stMain]").click(position={"x": 5, "y": 5})  # focus the page
            await page.keyboard.press("ArrowRight")
            try:
                await page.wait_for_function(
                    f"() => new URLSearchParams(location.search).get('{SLIDE_KEY}') === '{slide + 1}'", timeout=10_000
                )
            except Exception:  # the last slide: the key no longer moves on
                break
            slide += 1
            await wait_ready(page)
            # a map that is on its way: its element is there as soon as the run has finished
            timings.append(await watch.settled_ms(expect_map=await watch.has_map()))
        out["walks"].append(timings)
        await context.close()
    first = out["walks"][0]
    out.update(
        slides=len(first) + 1,
        median_ms=median(first),
        max_ms=max(first) if first else None,
        second_walk_median_ms=median(out["walks"][1]) if walks > 1 else None,
    )
    return out


def report_slides(sl: dict) -> None:
    print(f"2. presenter mode: next slide -> settled ({sl['slides']} slides; first walk, then a second tab; asgi.py)")
    print(
        f"   median {sl['median_ms']:.0f} ms, slowest {sl['max_ms']:.0f} ms; second walk median "
        f"{sl['second_walk_median_ms']:.0f} ms   target <= {TARGETS['slide_settled_ms']:.0f} ms: "
        f"{verdict(sl['median_ms'] <= TARGETS['slide_settled_ms'])}"
    )
    print("   per slide (first walk): " + ", ".join(f"{ms:.0f}" for ms in sl["walks"][0]) + " ms")
