"""The pages' Vega map: values per municipality, the spec's layers, tooltips, selection, no URL but the map file."""

import json
import re

import pandas as pd
import pytest

from kansrijke.views import palette, vega_maps
from kansrijke.views.vega_maps import Tip

MUNICIPALITIES = pd.DataFrame(
    {"code": ["GM0001", "GM0002", "GM0003", "GM0004"], "naam": ["Een", "<img src=x onerror=alert(1)>", "Drie", "Vier"]}
)
TIPS = (Tip("naam", "Gemeente"), Tip("label", "Wat"))


def frame(**extra) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "code": ["GM0001", "GM0002", "GM0003"],
            "fill_color": [
                palette.fill_rgba((0, 114, 178), "bron"),
                palette.fill_rgba((0, 114, 178), "model"),
                palette.fill_rgba((230, 159, 0), "model"),
            ],
            "line_color": [palette.outline_rgba("bron"), palette.outline_rgba("model"), palette.outline_rgba("model")],
            "basis": ["bron", "model", "model"],
            "label": ["een", "twee", '=HYPERLINK("http://x")'],
        }
    )
    for column, value in extra.items():
        rows[column] = value
    return rows


def spec_of(chart) -> dict:
    return chart.to_dict()


def test_values_have_one_row_per_municipality_with_grey_for_no_data():
    values = vega_maps.map_values(frame(), MUNICIPALITIES, missing={"label": "geen gegevens"})
    assert values["code"].tolist() == MUNICIPALITIES["code"].tolist()
    by_code = values.set_index("code")
    assert by_code.at["GM0004", "kleur"] == vega_maps._hex(palette.NOT_YET_RGB)
    assert by_code.at["GM0004", "label"] == "geen gegevens"
    assert by_code.at["GM0001", "kleur"] == "#0072b2" and by_code.at["GM0003", "kleur"] == "#e69f00"
    # names and texts stay raw (Vega's tooltip escapes them): no double escaping
    assert by_code.at["GM0002", "naam"] == "<img src=x onerror=alert(1)>"
    assert by_code.at["GM0003", "label"] == '=HYPERLINK("http://x")'


def test_modelled_rows_are_lighter_and_outlined_differently_from_sourced_rows():
    by_code = vega_maps.map_values(frame(), MUNICIPALITIES).set_index("code")
    sourced, modelled = by_code.loc["GM0001"], by_code.loc["GM0002"]
    assert sourced["kleur"] == modelled["kleur"]  # same class colour ...
    assert sourced["dekking"] > modelled["dekking"]  # ... lighter when modelled
    assert sourced["nadruk"] and not modelled["nadruk"]  # a sourced row's outline is drawn on top
    assert sourced["lijn_breedte"] > modelled["lijn_breedte"]
    assert sourced["lijn"] == vega_maps._hex(palette.OUTLINE_SOURCED)
    spec = spec_of(vega_maps.choropleth(TIPS))
    dash = spec["layer"][0]["encoding"]["strokeDash"]
    assert dash["condition"] == {"test": "datum.basis === 'model'", "value": vega_maps.MODELLED_DASH}
    assert dash["value"] == [1, 0]  # without colour: dashed vs solid outlines
    emphasis = spec["layer"][1]
    assert {"filter": "datum.nadruk"} in emphasis["transform"] and emphasis["mark"]["filled"] is False


def test_wide_outlines_are_drawn_on_top():
    values = vega_maps.map_values(frame(basis="", line_width=[2.0, None, 0.2]), MUNICIPALITIES).set_index("code")
    assert values.at["GM0001", "nadruk"] and values.at["GM0001", "lijn_breedte"] == 2.0
    assert not values.at["GM0002", "nadruk"] and not values.at["GM0003", "nadruk"]


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"code": ["GM0001", "GM0001"]}, "more than one row"),
        ({"code": ["GM0001", "GM9999"]}, "not on the map"),
        ({"fill_color": [[1, 2, 3], [1, 2, 3, 4]]}, "fill_color for GM0001"),
    ],
)
def test_bad_frames_are_refused_with_the_reason(bad, message):
    rows = pd.DataFrame(
        {"code": ["GM0001", "GM0002"], "fill_color": [[1, 2, 3, 4]] * 2, "line_color": [[1, 2, 3, 4]] * 2}
    )
    for column, value in bad.items():
        rows[column] = value
    with pytest.raises(ValueError, match=message):
        vega_maps.map_values(rows, MUNICIPALITIES)


OUTLINES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "NNZ01"},
            "geometry": {"type": "Polygon", "coordinates": [[[5, 52], [6, 52], [6, 53], [5, 52]]]},
        }
    ],
}


def test_spec_is_valid_vega_lite_and_fetches_only_the_static_map_file():
    chart = vega_maps.choropleth(
        TIPS, text_columns=["label"], pin_tips=(Tip("naam", "Gemeente"),), outlines=OUTLINES, description="Samenvatting"
    )
    spec = chart.to_dict(validate=True)  # altair checks it against the schema
    # the schema's identifier is fetched by nothing; the datasets are values (a label may quote a link as text)
    text = json.dumps({k: v for k, v in spec.items() if k not in ("$schema", "datasets")})
    assert set(re.findall(r'"url": "([^"]*)"', text)) == {vega_maps.MAP_URL}
    assert "http" not in text and "//" not in text
    features = {layer["data"]["format"]["feature"] for layer in spec["layer"] if "url" in layer.get("data", {})}
    assert features == {"gemeenten", "provincies"}
    assert spec["description"] == "Samenvatting"


def test_selected_municipality_is_outlined_in_the_highlight_colour():
    values = vega_maps.map_values(frame(), MUNICIPALITIES, selected="GM0003")
    assert values.loc[values["gekozen"], "code"].tolist() == ["GM0003"]
    spec = spec_of(vega_maps.choropleth(TIPS))
    highlight = [
        layer for layer in spec["layer"] if layer["mark"].get("stroke") == vega_maps._hex(palette.HIGHLIGHT_RGBA)
    ]
    assert len(highlight) == 1
    assert {"filter": "datum.gekozen"} in highlight[0]["transform"]
    assert highlight[0]["mark"]["strokeWidth"] > vega_maps.SOURCED_LINE_WIDTH
    assert highlight[0]["mark"]["fill"] is None  # no target for the pointer: clicks reach the fill below
    with pytest.raises(ValueError, match="GM9999"):
        vega_maps.map_values(frame(), MUNICIPALITIES, selected="GM9999")


def test_click_selection_reports_the_municipality_code():
    spec = spec_of(vega_maps.choropleth(TIPS))
    (param,) = spec["params"]
    assert param["name"] == vega_maps.SELECTION
    assert param["select"]["type"] == "point" and param["select"]["fields"] == ["code"]
    assert param["select"]["on"] == "click"
    assert vega_maps.selected_code({"selection": {"kies": [{"code": "GM0363"}]}}) == "GM0363"
    assert vega_maps.selected_code({"selection": {"kies": []}}) is None
    assert vega_maps.selected_code(None) is None


def test_tooltips_are_fields_with_titles_in_the_page_language():
    spec = spec_of(vega_maps.choropleth((Tip("naam", "Municipality"), Tip("label", "What"))))
    assert spec["layer"][0]["encoding"]["tooltip"] == [
        {"field": "naam", "title": "Municipality", "type": "nominal"},
        {"field": "label", "title": "What", "type": "nominal"},
    ]
    lookup = next(step for step in spec["layer"][0]["transform"] if "lookup" in step)
    assert "label" in lookup["from"]["fields"] and lookup["from"]["data"] == {"name": vega_maps.VALUES}


def test_story_pins_are_numbered_discs_with_their_own_tooltip():
    pins = pd.DataFrame(
        {"code": ["GM0001", "GM0003"], "lon": [5.1, 6.0], "lat": [52.1, 51.5], "number": [1, 2], "titel": ["A", "B"]}
    )
    spec = spec_of(vega_maps.choropleth(TIPS, pin_tips=(Tip("titel", "Titel"),)))
    disc, number = spec["layer"][-2:]
    assert disc["mark"]["type"] == "point" and disc["mark"]["filled"] and disc["mark"]["fill"] == "#1a1a1a"
    assert number["mark"]["type"] == "text" and number["encoding"]["text"]["field"] == "number"
    assert disc["encoding"]["tooltip"] == [{"field": "titel", "title": "Titel", "type": "nominal"}]
    assert disc["data"] == {"name": vega_maps.PINS}
    rows = vega_maps.pin_values(pins, (Tip("titel", "Titel"),))
    assert rows["number"].tolist() == ["1", "2"] and rows.columns.tolist() == ["code", "lon", "lat", "number", "titel"]
    with pytest.raises(ValueError, match="lat"):
        vega_maps.pin_values(pins.drop(columns="lat"), ())


def test_outlines_show_only_the_areas_the_view_names():
    spec = spec_of(vega_maps.choropleth(TIPS, outlines=OUTLINES))
    areas = next(
        layer for layer in spec["layer"] if layer["mark"].get("stroke") == vega_maps._hex(palette.NNZ_OUTLINE_RGBA)
    )
    assert {"filter": "datum.toon"} in areas["transform"]
    shown = vega_maps.outline_values(["NNZ01", "NNZ02"], {"NNZ02"})
    assert shown.to_dict(orient="list") == {"code": ["NNZ01", "NNZ02"], "toon": [False, True]}


def test_one_spec_for_every_view_only_the_datasets_change():
    """A new stand, a click or the next slide sends new values, never a new spec: the browser updates the map in
    place (same size, position and shapes) instead of building another one."""
    spec = spec_of(vega_maps.choropleth(TIPS, text_columns=["label"]))
    first = vega_maps.datasets(spec, vega_maps.map_values(frame(), MUNICIPALITIES))
    other = frame()
    other["fill_color"] = [palette.fill_rgba((0, 158, 115), "model")] * 3
    second = vega_maps.datasets(spec, vega_maps.map_values(other, MUNICIPALITIES, selected="GM0001"))
    assert {k: v for k, v in first.items() if k != "datasets"} == {k: v for k, v in second.items() if k != "datasets"}
    assert list(first["datasets"]) == list(second["datasets"]) == [vega_maps.VALUES]
    assert not first["datasets"][vega_maps.VALUES].equals(second["datasets"][vega_maps.VALUES])


def test_only_the_municipalities_take_the_pointer():
    """Outlines, selection and pin numbers are drawn over the municipalities; the style rule that the pages send
    takes each of them out of the pointer's way (SVG renderer), and no other layer is named like the fills."""
    spec = spec_of(vega_maps.choropleth(TIPS, pin_tips=(Tip("naam", "Gemeente"),), outlines=OUTLINES))
    names = [layer.get("name") for layer in spec["layer"]]
    assert names[0] == vega_maps.FILL_LAYER and spec["params"][0]["views"] == [vega_maps.FILL_LAYER]
    overlays = {layer["name"] for layer in spec["layer"][1:] if layer.get("name")}
    assert overlays == set(vega_maps.OVERLAYS)
    for name in vega_maps.OVERLAYS:
        assert f"g.{name}_marks" in vega_maps.OVERLAY_CSS
    assert spec["usermeta"] == {"embedOptions": {"renderer": "svg"}}


def test_lines_over_the_map_are_hidden_from_assistive_technology():
    """Outlines and pin numbers are drawing, not content: aria false (an SVG group without a text alternative
    would be an accessibility violation); the municipalities and pins keep their tooltips and the page its
    summary sentence."""
    spec = spec_of(vega_maps.choropleth(TIPS, pin_tips=(Tip("naam", "Gemeente"),), outlines=OUTLINES))
    for layer in spec["layer"]:
        if layer.get("name") in vega_maps.OVERLAYS:
            assert layer["mark"]["aria"] is False, layer["name"]
    assert "aria" not in spec["layer"][0]["mark"]
