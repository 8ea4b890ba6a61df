"""Map first, clickable, slides that only recolour: the page maps in a real browser at a laptop, a larger laptop
and a phone size. Screenshots of every page at every size go to artifacts/screenshots/map-first-*.png."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import FloatRect, Page

from kansrijke.data.paths import DATA_DIR
from kansrijke.views import palette, vega_maps
from tests.e2e import harness
from tests.e2e.conftest import box_of, open_visit, screenshot

SIZES = {"laptop": (1280, 720), "desktop": (1440, 900), "phone": (390, 844)}
MAP_PAGES = {  # path -> what to open (the comparison with a chosen municipality, a map slide)
    "kaart": "/",
    "financiering": "/financiering",
    "nu-niet-zwanger": "/nu-niet-zwanger",
    "vergelijk": "/vergelijk?zoek=amsterdam",
    "presentatie": "/presentatie?dia=3",
}
CONTROLS = (
    "stSelectSlider",
    "stButtonGroup",
    "stSelectbox",
    "stTextInput",
    "stCheckbox",
    "stSlider",
    "stMultiSelect",
    "stButton",
)
HIGHLIGHT = vega_maps._hex(palette.HIGHLIGHT_RGBA)


def names() -> dict[str, str]:
    with open(DATA_DIR / "gemeenten_2020.csv", encoding="utf-8", newline="") as handle:
        return {row["code"]: row["naam"] for row in csv.DictReader(handle)}


def visible_share(box: FloatRect, width: int, height: int) -> float:
    """The share of the first screen that the element's box covers."""
    seen_w = max(0.0, min(box["x"] + box["width"], width) - max(box["x"], 0.0))
    seen_h = max(0.0, min(box["y"] + box["height"], height) - max(box["y"], 0.0))
    return seen_w * seen_h / (width * height)


def controls_between(page: Page, top: float, bottom: float) -> list[float]:
    """The top edges of the controls (widgets) that start between two heights of the page."""
    selector = ", ".join(f"[data-testid=stMain] [data-testid={name}]" for name in CONTROLS)
    return page.evaluate(
        """([selector, top, bottom]) => [...document.querySelectorAll(selector)]
        .map(e => e.getBoundingClientRect()).filter(r => r.height > 0 && r.top >= top && r.top < bottom)
        .map(r => r.top)""",
        [selector, top, bottom],
    )


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("slug", MAP_PAGES, ids=list(MAP_PAGES))
def test_the_map_comes_first(browser, server, slug, size):
    width, height = SIZES[size]
    context, visit = open_visit(browser, server.url)
    context.set_default_timeout(60_000)
    try:
        page = visit.page
        page.set_viewport_size({"width": width, "height": height})
        visit.open(MAP_PAGES[slug])
        harness.wait_map_painted(page)
        box = box_of(page.locator(harness.PAGE_MAP).first)
        screenshot(page, f"map-first-{slug}-{width}x{height}")
        title = box_of(page.locator("[data-testid=stMain] h1").first)
        assert box["y"] < height, "the map starts within the first screen"
        if size == "phone":
            # right after the title and one row of controls: nothing but (at most) one control in between
            between = controls_between(page, title["y"] + title["height"], box["y"])
            assert len({round(top / 20) for top in between}) <= 1, between
            assert box["y"] - (title["y"] + title["height"]) < 160
            assert visible_share(box, width, height) >= 0.3
        else:
            assert visible_share(box, width, height) >= 0.40, f"{visible_share(box, width, height):.0%}"
        visit.assert_clean()
    finally:
        context.close()


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def highlighted_paths(page: Page) -> int:
    return page.locator(f"{harness.PAGE_MAP} path[stroke='{HIGHLIGHT}']").count()


@pytest.mark.parametrize("slug", ["kaart", "financiering", "nu-niet-zwanger", "vergelijk"])
def test_clicking_a_municipality_opens_its_details_and_shares_it(visit, slug):
    page = visit.open(MAP_PAGES[slug].split("?")[0])
    harness.wait_map_painted(page)
    assert highlighted_paths(page) == 0
    box = box_of(page.locator(harness.PAGE_MAP).first)
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_function("() => /[?&]zoek=GM\\d{4}/.test(location.search)", timeout=30_000)
    harness.wait_rerun(page)
    harness.wait_settled(page)
    code = query(page)["zoek"][0]
    name = names()[code]
    main = page.locator("[data-testid=stMain]")
    assert name in main.inner_text(), f"the details of {name} ({code}) are shown"
    assert page.locator("[data-testid=stTextInput] input").first.input_value() == code
    assert highlighted_paths(page) == 1, "the map outlines the chosen municipality"
    # the link reopens the same choice
    again = visit.open(f"{MAP_PAGES[slug].split('?')[0]}?zoek={code}")
    harness.wait_map_painted(again)
    assert name in again.locator("[data-testid=stMain]").inner_text()
    visit.assert_clean()


def test_hovering_the_map_names_a_municipality_and_its_basis(visit):
    page = visit.open("/?lang=en")
    text = harness.hover_map_until(page, lambda text: "Municipality" in text)
    assert "Basis" in text and ("Source" in text or "Modelled" in text or "Not" in text), text
    visit.assert_clean()


def test_slide_replay_recolours_one_map(visit):
    """2019 -> 2020 -> 2022: the same map element, same size and place; only its colours change."""
    page = visit.open("/presentatie?dia=2")
    harness.wait_map_painted(page)
    marker = "() => { const e = document.querySelector('[data-testid=stVegaLiteChart] svg'); e.dataset.first = '1'; }"
    page.evaluate(marker)
    boxes, pictures = [], []
    for step, expected in ((0, "2"), (1, "3"), (2, "4")):
        if step:
            page.locator("[data-testid=stMain]").click(position={"x": 5, "y": 5})
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                f"() => new URLSearchParams(location.search).get('dia') === '{expected}'", timeout=30_000
            )
            harness.wait_rerun(page)
            harness.wait_settled(page, quiet_s=0.5)
        drawing = page.locator(harness.PAGE_MAP).first
        box = box_of(drawing)
        boxes.append((round(box["x"]), round(box["y"]), round(box["width"]), round(box["height"])))
        pictures.append(drawing.screenshot())
        assert (
            page.evaluate("() => document.querySelector('[data-testid=stVegaLiteChart] svg').dataset.first") == "1"
        ), "the next slide keeps the map the browser already drew"
    assert boxes[0] == boxes[1] == boxes[2]
    assert pictures[0] != pictures[1] != pictures[2]
    visit.assert_clean()


# Installed before the page's scripts: whether the line where the rest of a page comes (kansrijke.ui.deferred) was
# ever on the page, and every start of a script run (the app's script state turning to running).
RUN_LOG = """(() => {
    const log = window.__runs = {placeholder: false, starts: []};
    new MutationObserver(() => {
        if (document.querySelector('.ks-volgt')) log.placeholder = true;
        const state = document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state');
        if (state === 'running' && log.last !== 'running') log.starts.push(performance.now());
        log.last = state;
    }).observe(document, {subtree: true, childList: true, attributes: true});
})();"""


@pytest.mark.parametrize("path, charts", [("/financiering", 2), ("/nu-niet-zwanger", 3)])
def test_a_new_visitor_gets_the_rest_of_the_page_after_the_map_without_asking(browser, server, path, charts):
    context, visit = open_visit(browser, server.url)
    context.set_default_timeout(60_000)
    try:
        page = visit.page
        page.add_init_script(RUN_LOG)
        visit.open(path)  # waits until no placeholder is left
        harness.wait_map_painted(page)
        log = page.evaluate("window.__runs")
        assert log["placeholder"], "the first run stood a line where the rest of the page comes"
        assert page.locator("[data-testid=stMain] .vega-embed").count() == 1 + charts, "the map and every chart"
        assert page.locator("[data-testid=stMain] .ks-tabelvak").count() >= 1, "the tables below the map"
        assert page.locator(".ks-volgt").count() == 0
        runs = len(log["starts"])
        page.wait_for_timeout(4_000)  # more than twice the delay: the timer has stopped
        assert len(page.evaluate("window.__runs")["starts"]) == runs, "no more runs once the charts are there"
        visit.assert_clean()
    finally:
        context.close()
