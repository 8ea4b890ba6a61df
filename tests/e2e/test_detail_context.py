"""A chosen municipality's details come first beside the map: at a laptop, a larger laptop and a phone size,
/?zoek=zwolle shows Zwolle's detail panel within the first screen (on a phone right below the map), with its 2020
births and low-income share as the shipped CBS table states them. Screenshots: artifacts/screenshots/detail-*.png."""

from __future__ import annotations

import csv

import pytest

from kansrijke.data.paths import DATA_DIR
from tests.e2e import harness
from tests.e2e.conftest import box_of, open_visit, screenshot

SIZES = {"laptop": (1280, 720), "desktop": (1440, 900), "phone": (390, 844)}
PANEL = ".st-key-kaart_detail"


def zwolle() -> dict[str, str]:
    """Zwolle's row of data/context_2020.csv, read with the csv module (not the app's loader)."""
    with open(DATA_DIR / "context_2020.csv", encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["code"] == "GM0193")


@pytest.mark.parametrize("size", sorted(SIZES))
def test_zwolles_details_come_first_with_its_cbs_context(browser, server, size):
    width, height = SIZES[size]
    context, visit = open_visit(browser, server.url, viewport={"width": width, "height": height})
    try:
        page = visit.open("/?zoek=zwolle")
        harness.wait_map_painted(page)
        panel = page.locator(PANEL)
        panel.locator("h3", has_text="Zwolle").wait_for(timeout=60_000)
        screenshot(page, f"detail-{size}")
        top = box_of(panel)["y"]
        if size == "phone":
            map_box = box_of(page.locator(harness.PAGE_MAP))
            below_map = map_box["y"] + map_box["height"]
            # right below the map: between them only its switch, its source line, the search box and a toggle
            assert below_map <= top <= below_map + 400, (top, below_map)
        else:
            assert 0 <= top < height - 150, f"the details start at {top:.0f} px, below the first screen"
        # the national summary and its headline figures come after the details
        panel_box = box_of(panel)
        summary = box_of(page.locator("[data-testid=stMain] .ks-cijfers").first)
        assert summary["y"] >= panel_box["y"] + panel_box["height"] - 1
        row = zwolle()
        text = panel.inner_text()
        births = f"{int(row['levendgeborenen']):,}".replace(",", ".")
        low_income = row["aandeel_laag_inkomen"].replace(".", ",") + "%"
        table = panel.locator("table", has_text="Levend geborenen in 2020")
        cells = table.locator("tr", has_text="Levend geborenen in 2020").locator("td").all_inner_texts()
        assert cells[0] == births
        cells = table.locator("tr", has_text="Huishoudens met een laag inkomen").locator("td").all_inner_texts()
        assert cells[0] == low_income
        assert "Bron: CBS, Kerncijfers wijken en buurten 2020" in text
        visit.assert_clean()
    finally:
        context.close()
