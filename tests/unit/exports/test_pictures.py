"""Map and chart pictures, read back: the PNG has each municipality's class colour where it lies, modelled rows
are hatched (visible in greyscale), the SVG is clean XML without script, and equal inputs give equal bytes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from PIL import Image

from kansrijke.data import geo
from kansrijke.domain import funding
from kansrijke.exports import pictures, style
from kansrijke.text import t
from kansrijke.views import palette
from kansrijke.views.charts.funding import ranking_chart

SOURCED_CODE = "GM0384"  # Diemen: the one coalition row stated in full by a source (GIDS 2019)
MODELLED_CODE = "GM0363"  # Amsterdam: GIDS 2019, modelled


@pytest.fixture(scope="module")
def coalition_map(tables):
    data = pictures.coalition_map_data(tables, "2020-07-01", "nl")
    figure, ax = pictures.draw_map(data)
    png = style.figure_bytes(figure, "png")
    return data, figure, ax, Image.open(io.BytesIO(png)).convert("RGB"), png


def window(image, figure, ax, code, radius=3):
    centre = geo.centroids().set_index("code")
    x, y = pictures.pixel_of(figure, ax, centre.at[code, "lon"], centre.at[code, "lat"])
    return [image.getpixel((x + dx, y + dy)) for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1)]


def close(a, b, tolerance=3):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def test_png_is_full_hd_for_slides(coalition_map):
    *_, image, png = coalition_map
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.size == (1920, 1080)


def test_each_municipality_has_the_colour_of_its_class_at_its_centroid(tables, coalition_map):
    _data, figure, ax, image, _ = coalition_map
    rows = tables.coalities.set_index("code")
    assert rows.at[SOURCED_CODE, "basis"] == "bron" and rows.at[MODELLED_CODE, "basis"] == "model"
    gids = palette.TRANCHE_RGB["gids_2019"]
    expected = {
        SOURCED_CODE: style.on_white(palette.fill_rgba(gids, "bron")),
        MODELLED_CODE: style.on_white(palette.fill_rgba(gids, "model")),
    }
    for code, colour in expected.items():
        dominant = Counter(window(image, figure, ax, code)).most_common(1)[0][0]
        assert close(dominant, colour), (code, dominant, colour)
    assert expected[SOURCED_CODE] != expected[MODELLED_CODE]


def test_modelled_rows_stay_distinct_in_greyscale(coalition_map):
    """Lighter and hatched: in grey a modelled area shows the hatch lines (spread of grey values), a sourced one
    is flat and darker."""
    _, figure, ax, image, _ = coalition_map
    grey = image.convert("L")
    sourced = [grey.getpixel(p) for p in _positions(figure, ax, SOURCED_CODE, 1)]
    modelled = [grey.getpixel(p) for p in _positions(figure, ax, MODELLED_CODE, 6)]
    assert max(sourced) - min(sourced) <= 6
    assert max(modelled) - min(modelled) >= 40  # hatch lines on a light fill
    assert Counter(modelled).most_common(1)[0][0] > max(sourced) + 40


def _positions(figure, ax, code, radius):
    centre = geo.centroids().set_index("code")
    x, y = pictures.pixel_of(figure, ax, centre.at[code, "lon"], centre.at[code, "lat"])
    return [(x + dx, y + dy) for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1)]


def test_the_picture_carries_title_stand_legend_summary_and_sources(tables):
    data = pictures.coalition_map_data(tables, "2019-12-31", "en")
    svg = pictures.map_picture(data, "svg").decode("utf-8")
    for text in (
        t("kaart.title", "en"),
        "As of: 2019 (tranches 1-2)",
        t("tranche.gids_2019", "en"),
        style.wrap(t("exports.legend.pairs", "en"), 95).split("\n")[0],
        "Bron kaart",
        "CBS/PDOK",
        t("legend.title", "en"),
    ):
        assert _xml_text(text) in svg, text
    first_line = style.wrap(data.summary, 70).split("\n")[0]
    assert data.summary.startswith("147 of the 355") and _xml_text(first_line) in svg


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")


@pytest.mark.parametrize("kind,option", [("financiering", "totaal"), ("nnz", "2020-07-01")])
def test_funding_and_nnz_maps_use_the_classes_of_the_screen(tables, kind, option):
    if kind == "financiering":
        data = pictures.funding_map_data(tables, option, "nl")
        amounts = funding.per_inhabitant(
            tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities, option
        )
        assert len(data.fills) == len(amounts)
        assert set(map(tuple, data.fills["rgb"])) <= {
            style.on_white(palette.fill_rgba(rgb, b)) for rgb in palette.EUR_CLASS_RGB for b in ("bron", "model")
        }
        assert data.fills["hatched"].sum() == (amounts["basis"] == "model").sum()
    else:
        data = pictures.nnz_map_data(tables, option, "nl")
        assert data.outlines is not None and data.outlines["features"], "programme areas are outlined"
        assert any(item.hatched for item in data.legend) and any(not item.hatched for item in data.legend)
    png = pictures.map_picture(data, "png")
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)


def test_svg_parses_and_has_no_script_even_with_hostile_names(hostile):
    tables, _names = hostile
    for data in (
        pictures.coalition_map_data(tables, "2020-07-01", "nl", highlight="GM0363"),
        pictures.funding_map_data(tables, "totaal", "en", highlight="GM0599"),
    ):
        svg = pictures.map_picture(data, "svg")
        root = ET.fromstring(svg)
        tags = {element.tag.split("}")[-1].lower() for element in root.iter()}
        assert "script" not in tags and "foreignobject" not in tags
        attributes = {name.lower() for element in root.iter() for name in element.attrib}
        assert not any(name.startswith("on") for name in attributes)
        assert b"javascript:" not in svg.lower()


def test_same_inputs_give_identical_files(tables):
    data = pictures.funding_map_data(tables, "impuls_tranche3_2020", "nl")
    for fmt in ("png", "svg"):
        assert pictures.map_picture(data, fmt) == pictures.map_picture(data, fmt)
    svg = pictures.map_picture(data, "svg")
    assert b"<dc:date>" not in svg and b"Matplotlib v" not in svg


def test_locator_marks_the_municipality(tables):
    png = pictures.locator_picture("GM0363")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    highlight = tuple(palette.HIGHLIGHT_RGBA[:3])
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None
    assert any(close(colour, highlight, 2) for _count, colour in colours)
    with pytest.raises(ValueError, match="GM9999"):
        pictures.locator_picture("GM9999")


def test_chart_picture_png_and_clean_svg(tables, hostile):
    hostile_tables, _ = hostile
    amounts = funding.per_inhabitant(
        hostile_tables.financiering,
        hostile_tables.inwoners,
        hostile_tables.gemeenten,
        hostile_tables.coalities,
        "totaal",
    ).head(20)
    labels = {
        k: k
        for k in ("x", "y", "bron", "model", "selected", "other", "basis", "marking", "rules", "amount", "inhabitants")
    }
    spec = ranking_chart(amounts, labels, "nl").to_dict()
    png = pictures.chart_picture(spec, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == pictures.chart_picture(spec, "png")
    assert b"tIME" not in png
    svg = pictures.chart_picture(spec, "svg")
    root = ET.fromstring(svg)
    assert "script" not in {e.tag.split("}")[-1].lower() for e in root.iter()}
    with pytest.raises(ValueError):
        pictures.chart_picture(spec, "gif")


def test_legend_puts_each_modelled_swatch_beside_its_class(tables):
    data = pictures.funding_map_data(tables, "totaal", "nl")
    rows = pictures.legend_rows(data.legend)
    assert len(rows) == len(palette.EUR_CLASS_RGB) + 1  # six classes in pairs, then grey alone
    for sourced, modelled in rows[:-1]:
        assert modelled is not None
        assert not sourced.hatched and modelled.hatched
        assert modelled.label.startswith(sourced.label)
    assert rows[-1][1] is None and rows[-1][0].rgb == pictures.GREY_FILL
