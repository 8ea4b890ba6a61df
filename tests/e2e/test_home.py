"""The home page (coalition map) in a real browser: the map draws, search, tooltip, shared links, language."""

import re
from urllib.parse import parse_qs, urlsplit

from tests.e2e import harness

DETAIL_NAME = "'s-Hertogenbosch"


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def test_map_draws_from_the_static_map_file(visit):
    page = visit.open("/")
    harness.wait_map_painted(page)
    drawing = page.locator(harness.PAGE_MAP).first
    box = drawing.bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    # a drawn choropleth has many colours: fills of several tranches, outlines, anti-aliased edges
    assert harness.distinct_colours(drawing.screenshot()) > 20
    # the polygons came as the static file (relative to the page), not inside the page's data
    assert [url for url in visit.requests if url.endswith("/app/static/kaart_2020.topojson")]
    visit.assert_clean()


def test_zoomable_map_canvas_draws(visit):
    page = visit.open("/")
    page.get_by_text("Zoombare kaart").click()
    harness.wait_rerun(page)
    harness.wait_map_painted(page, selector=harness.DECK_CANVAS)
    canvas = page.locator(harness.DECK_CANVAS).first
    box = canvas.bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    assert harness.distinct_colours(canvas.screenshot()) > 20
    text = harness.hover_map_until(page, lambda text: text.strip() != "", harness.DECK_CANVAS, harness.DECK_TOOLTIP)
    assert re.search(r"[Bb]ron|[Gg]emodelleerd|[Nn]og geen", text), text
    visit.assert_clean()


def test_search_finds_den_bosch(visit):
    page = visit.open("/")
    box = page.locator("[data-testid=stTextInput] input").first
    box.fill("Den Bosch")
    box.press("Enter")
    harness.wait_rerun(page)
    page.get_by_role("heading", name=DETAIL_NAME).wait_for(timeout=30_000)
    assert query(page).get("zoek") == ["Den Bosch"]
    visit.assert_clean()


def test_hovering_a_municipality_shows_its_tooltip(visit):
    page = visit.open("/")
    text = harness.hover_map_until(page, lambda text: text.strip() != "")
    # the tooltip names a municipality and how it is known: by a source or by a model rule
    assert re.search(r"[Bb]ron|[Gg]emodelleerd|[Nn]og geen", text), text
    visit.assert_clean()


def test_shared_link_reopens_the_same_view(visit):
    page = visit.open("/?stand=2019-12-31&zoek=den+bosch&lang=en")
    page.get_by_role("heading", name=DETAIL_NAME).wait_for(timeout=30_000)
    assert page.locator("[data-testid=stMain] h1").inner_text() == "Local coalitions Kansrijke Start"
    assert page.locator("[data-testid=stTextInput] input").first.input_value() == "den bosch"
    # the stand of 31 December 2019: 147 GIDS municipalities, none in tranche 3 yet (published figures)
    values = page.locator(".ks-cijfers .ks-waarde").all_inner_texts()
    assert values[:3] == ["147", "147", "0"], values
    shared = query(page)
    assert shared.get("stand") == ["2019-12-31"] and shared.get("lang") == ["en"]
    visit.assert_clean()


def test_language_switch_to_english(visit):
    page = visit.open("/")
    assert page.locator("[data-testid=stMain] h1").inner_text() == "Lokale coalities Kansrijke Start"
    page.locator("[data-testid=stSidebar]").get_by_role("radio", name="English").click()
    harness.wait_rerun(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stMain] h1')?.innerText === 'Local coalitions Kansrijke Start'",
        timeout=30_000,
    )
    assert query(page).get("lang") == ["en"]
    assert "Municipalities with a local coalition" in main_text(page)
    visit.assert_clean()


def test_the_table_behind_the_map_is_built_when_opened(visit):
    """The table is sent only once a visitor opens its expander (a visit without it costs less); opening it
    shows the table of every municipality with its downloads."""
    page = visit.open("/")
    expander = page.locator("[data-testid=stMain] .st-key-kaart_tabel_open")
    assert expander.locator("[data-testid=stDataFrame]").count() == 0
    expander.get_by_text("Tabel achter de kaart").click()
    harness.wait_rerun(page)
    expander.locator("[data-testid=stDataFrame]").wait_for(timeout=30_000)
    # each kind of element draws once its code has loaded: wait for the page to settle before counting
    harness.wait_settled(page)
    assert expander.locator("[data-testid=stDownloadButton]").count() == 2
    assert re.search(r"355 rijen", expander.inner_text()), expander.inner_text()
    visit.assert_clean()
