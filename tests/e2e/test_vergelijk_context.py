"""The comparison page in a real browser (issue 22): Zwolle's peers listed with their CBS context and the reason
each is proposed, and the map coloured by a characteristic paints, with its legend and source. Leaves 1440x900
screenshots in artifacts/screenshots/."""

import csv

import pytest

from kansrijke.data.paths import DATA_DIR
from tests.e2e import harness
from tests.e2e.conftest import open_visit, screenshot

WIDE = {"width": 1440, "height": 900}


def _cbs_row(code: str) -> dict[str, str]:
    """The shipped CBS context row, read with the csv module (not the app's loader)."""
    with open(DATA_DIR / "context_2020.csv", newline="", encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["code"] == code)


@pytest.fixture
def visit(browser, server):
    """A fresh tab at 1440x900 on the app (this module's screen size, in place of conftest's visit)."""
    context, visit = open_visit(browser, server.url, viewport=WIDE)
    yield visit
    context.close()


def test_zwolles_peers_come_with_their_context_and_reason(visit):
    page = visit.open("/vergelijk?zoek=zwolle")
    harness.wait_map_painted(page)
    table = page.locator("table", has_text="Waarom voorgesteld").first
    table.wait_for(timeout=60_000)
    rows = table.locator("tbody tr").all_inner_texts()
    assert len(rows) == 6 and rows[0].startswith("Zwolle")
    assert all("lijkt op Zwolle in" in row for row in rows[1:]), rows
    own = _cbs_row("GM0193")
    low = f"{float(own['aandeel_laag_inkomen']):.1f}%".replace(".", ",")
    assert low in rows[0] and f"{float(own['geboorten_per_1000']):.0f}" in rows[0]
    assert page.get_by_text("Bron: CBS, Kerncijfers wijken en buurten 2020", exact=False).first.is_visible()
    table.scroll_into_view_if_needed()
    screenshot(page, "vergelijk-zwolle-context")
    visit.assert_clean()


def test_the_characteristic_map_paints_with_its_legend(visit):
    page = visit.open("/vergelijk?zoek=zwolle&kleur=geboorten")
    # five classes, grey, the province lines and the outlines: more colours than the map of roles
    harness.wait_map_painted(page, min_colours=6)
    side = page.locator("[data-testid=stMain]")
    assert side.get_by_text("kwintielen", exact=False).first.is_visible()
    assert side.get_by_text("Bron: CBS, Kerncijfers wijken en buurten 2020", exact=False).first.is_visible()
    screenshot(page, "vergelijk-zwolle-kaart-geboorten")
    visit.assert_clean()


def test_a_changed_weight_and_characteristic_go_into_the_link(visit):
    page = visit.open("/vergelijk?zoek=zwolle")
    thumb = page.locator(".st-key-gewicht_jong input[type=range]")  # Streamlit marks a widget st-key-<key>
    thumb.focus()
    page.keyboard.press("ArrowRight")  # 1 -> 2
    page.wait_for_url("**gewicht_jong=2**", timeout=30_000)
    harness.wait_rerun(page)
    select = page.locator(".st-key-kleur [data-testid=stSelectbox] input")
    select.click()
    select.fill("Laag inkomen")
    page.keyboard.press("Enter")
    page.wait_for_url("**kleur=laag_inkomen**", timeout=30_000)
    harness.wait_rerun(page)
    harness.wait_map_painted(page, min_colours=6)
    assert "gewicht_jong=2" in page.url
    visit.assert_clean()
