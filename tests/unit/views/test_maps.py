"""Offline pydeck choropleth: merged properties, layers, escaping, no basemap, size budget, views, legend."""

import copy
import json

import pandas as pd
import pytest
from pydeck.bindings.json_tools import serialize

from kansrijke.data import geo
from kansrijke.views import maps, palette

TOOLTIP = "<b>{naam}</b> ({code})<br/>{status}<br/>Inwoners: {inwoners}<br/>{bedrag}<br/><small>{bron}</small>"
TRANCHES = list(palette.TRANCHE_RGB)


@pytest.fixture(scope="module")
def municipalities():
    return geo.municipality_features()


@pytest.fixture(scope="module")
def provinces():
    return geo.province_features()


def _frame(codes):
    rows = []
    for i, code in enumerate(codes):
        tranche, basis = TRANCHES[i % 3], ("bron", "model")[i % 2]
        rows.append(
            {
                "code": code,
                "fill_color": palette.fill_rgba(palette.TRANCHE_RGB[tranche], basis),
                "line_color": palette.outline_rgba(basis),
                "status": f"Coalitie sinds 12 december 2019 ({tranche}, {basis})",
                "inwoners": f"{10_000 + 137 * i:,}".replace(",", "."),
                "bedrag": f"€ {40_000 + 1_000 * i:,}".replace(",", "."),
                "bron": "Voortgangsrapportage Kansrijke Start, december 2020, bijlage 2",
            }
        )
    return pd.DataFrame(rows)


def _codes(collection):
    return [f["properties"]["code"] for f in collection["features"]]


def _spec(deck):
    return json.loads(deck.to_json())


def _layer(spec, layer_id):
    matches = [layer for layer in spec["layers"] if layer["id"] == layer_id]
    assert len(matches) <= 1
    return matches[0] if matches else None


def _props(spec):
    return {f["properties"]["code"]: f["properties"] for f in _layer(spec, "gemeenten")["data"]["features"]}


@pytest.fixture(scope="module")
def full_deck(municipalities, provinces):
    return maps.choropleth_deck(_frame(_codes(municipalities)), municipalities, provinces, TOOLTIP)


def test_spec_has_all_355_municipalities_with_their_colours(full_deck, municipalities):
    frame = _frame(_codes(municipalities)).set_index("code")
    props = _props(_spec(full_deck))
    assert len(props) == 355
    for code in ("GM0003", "GM0363", "GM1900"):
        assert props[code]["fill_color"] == frame.loc[code, "fill_color"]
        assert props[code]["line_color"] == frame.loc[code, "line_color"]
        assert props[code]["status"] == frame.loc[code, "status"]
    assert props["GM0363"]["naam"] == "Amsterdam"


def test_properties_are_flat(full_deck):
    for props in _props(_spec(full_deck)).values():
        assert all(not isinstance(v, dict) for v in props.values())


def test_layers_municipalities_pickable_provinces_outline_only(full_deck):
    spec = _spec(full_deck)
    assert [layer["id"] for layer in spec["layers"]] == ["gemeenten", "provincies"]
    gemeenten, provincies = _layer(spec, "gemeenten"), _layer(spec, "provincies")
    assert gemeenten["@@type"] == "GeoJsonLayer"
    assert gemeenten["filled"] and gemeenten["stroked"] and gemeenten["pickable"] and gemeenten["autoHighlight"]
    assert gemeenten["getFillColor"] == "@@=properties.fill_color"
    assert provincies["filled"] is False and provincies["pickable"] is False
    assert provincies["getLineColor"] == list(palette.OUTLINE_PROVINCE)
    assert len(provincies["data"]["features"]) == 12


def test_municipalities_missing_from_the_frame_are_grey(municipalities, provinces):
    present = ["GM0363", "GM0599", "GM0518"]
    deck = maps.choropleth_deck(
        _frame(present), municipalities, provinces, TOOLTIP, missing_props={"status": "Nog geen coalitie"}
    )
    props = _props(_spec(deck))
    assert len(props) == 355
    grey = [code for code, p in props.items() if p["fill_color"][:3] == list(palette.NOT_YET_RGB)]
    assert len(grey) == 352 and not set(grey) & set(present)
    assert props["GM0003"]["status"] == "Nog geen coalitie"
    assert props["GM0003"]["inwoners"] == ""  # every tooltip field exists, so no raw {inwoners} is shown
    assert props["GM0363"]["fill_color"] == palette.fill_rgba(palette.TRANCHE_RGB[TRANCHES[0]], "bron")


def test_highlight_layer_only_when_asked(municipalities, provinces, full_deck):
    assert _layer(_spec(full_deck), "selectie") is None
    deck = maps.choropleth_deck(_frame(["GM0363"]), municipalities, provinces, TOOLTIP, highlight_code="GM0344")
    selectie = _layer(_spec(deck), "selectie")
    assert [f["properties"]["code"] for f in selectie["data"]["features"]] == ["GM0344"]
    assert selectie["getLineColor"] == list(palette.HIGHLIGHT_RGBA)
    assert selectie["filled"] is False and selectie["pickable"] is False
    with pytest.raises(ValueError, match="GM9999"):
        maps.choropleth_deck(_frame(["GM0363"]), municipalities, provinces, TOOLTIP, highlight_code="GM9999")


def test_tooltip_values_are_kept_raw_for_streamlit_to_escape_once(municipalities, provinces):
    """Streamlit 1.67 escapes every {field} value of an html tooltip; escaping here too would show '&amp;'.
    The browser test tests/e2e/test_hostile.py checks that such a name shows as text and never runs."""
    collection = copy.deepcopy(municipalities)
    collection["features"][0]["properties"]["naam"] = "<script>alert(1)</script>"
    frame = _frame(["GM0003", "GM0796"])
    frame.loc[0, "status"] = "<img src=x onerror=alert(1)>"
    frame.loc[1, "bron"] = "Gemeente & GGD"
    props = _props(json.loads(maps.choropleth_deck(frame, collection, provinces, TOOLTIP).to_json()))
    assert props["GM0003"]["naam"] == "<script>alert(1)</script>"
    assert props["GM0003"]["status"] == "<img src=x onerror=alert(1)>"
    assert props["GM0796"]["bron"] == "Gemeente & GGD"
    assert props["GM0796"]["naam"] == "'s-Hertogenbosch"


def test_input_collection_is_not_modified(municipalities, provinces):
    before = json.dumps(municipalities)
    maps.choropleth_deck(_frame(["GM0363"]), municipalities, provinces, TOOLTIP, highlight_code="GM0363")
    assert json.dumps(municipalities) == before


def test_tooltip_template_and_style(full_deck):
    assert full_deck._tooltip["html"] == TOOLTIP
    assert full_deck._tooltip["style"]["backgroundColor"]


@pytest.mark.parametrize(
    "template, message",
    [
        ('<span title="{naam}">x</span>', "inside a tag"),
        ("{naam}: {statsu}", "statsu"),
    ],
)
def test_unsafe_or_misspelt_tooltip_is_refused(municipalities, provinces, template, message):
    with pytest.raises(ValueError, match=message):
        maps.choropleth_deck(_frame(["GM0363"]), municipalities, provinces, template)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: pd.concat([f, f.iloc[[0]]]), "more than one row"),
        (lambda f: f.assign(code=["GM9999"]), "GM9999"),
        (lambda f: f.drop(columns=["line_color"]), "line_color"),
        (lambda f: f.assign(fill_color=[[0, 0, 300, 255]]), "fill_color"),
        (lambda f: f.assign(fill_color=[[0, 0, 0]]), "fill_color"),
    ],
)
def test_bad_frames_are_refused(municipalities, provinces, change, message):
    with pytest.raises(ValueError, match=message):
        maps.choropleth_deck(change(_frame(["GM0363"])), municipalities, provinces, "{naam}")


def test_missing_values_and_numbers_become_valid_json(municipalities, provinces):
    frame = _frame(["GM0363", "GM0344"]).assign(inwoners=[None, float("nan")], aantal=[3, 4])
    text = maps.choropleth_deck(frame, municipalities, provinces, TOOLTIP).to_json()
    assert "NaN" not in text
    props = _props(json.loads(text))
    assert props["GM0363"]["inwoners"] == "" and props["GM0344"]["inwoners"] == ""
    assert props["GM0344"]["aantal"] == 4


def test_no_basemap_no_style_url_no_provider(full_deck):
    text = full_deck.to_json()
    for word in ("mapbox", "carto", "http", "mapProvider", "googleMaps", "maplibre"):
        assert word.lower() not in text.lower(), word
    spec = json.loads(text)
    assert "mapProvider" not in spec
    # Streamlit (1.67) adds a Carto basemap when mapStyle is absent and skips it for pydeck's sentinel.
    assert spec["mapStyle"] == "__MAP_STYLE__"


def test_compact_spec_has_the_same_content_as_pydecks_own(full_deck):
    assert json.loads(full_deck.to_json()) == json.loads(serialize(full_deck))


def test_full_spec_is_under_the_1_mb_budget(full_deck):
    size = len(full_deck.to_json().encode("utf-8"))  # the JSON spec Streamlit sends, in UTF-8 bytes
    assert 100_000 < size < 1_000_000
    assert size > len(full_deck.to_json())  # counts UTF-8 bytes: € and names like Súdwest-Fryslân


def test_view_for_whole_country_and_for_a_municipality(municipalities):
    country = maps.view_for(None, municipalities)
    assert (country.latitude, country.longitude, country.zoom) == (52.2, 5.3, 6.3)
    amsterdam = maps.view_for("GM0363", municipalities)
    min_lon, min_lat, max_lon, max_lat = geo.bounds_of("GM0363")
    assert min_lon < amsterdam.longitude < max_lon and min_lat < amsterdam.latitude < max_lat
    assert 9 <= amsterdam.zoom <= 11
    # a bigger municipality gets a wider view than a small one; both within 7..11
    sudwest, rozendaal = maps.view_for("GM1900", municipalities), maps.view_for("GM0277", municipalities)
    assert 7 <= sudwest.zoom < amsterdam.zoom < rozendaal.zoom <= 11


def test_zoom_is_clamped():
    assert maps.zoom_for_bounds((3.36, 50.75, 7.23, 53.56)) == 7  # the whole country would need < 7
    assert maps.zoom_for_bounds((5.0, 52.0, 5.001, 52.001)) == 11


def test_view_for_unknown_code_is_a_clear_error(municipalities):
    with pytest.raises(ValueError, match="unknown municipality code 'GM0000'"):
        maps.view_for("GM0000", municipalities)


def test_legend_items():
    items = maps.legend_items()
    keys = [key for key, _ in items]
    assert keys == [
        "tranche.gids_2019",
        "tranche.gids_2019.model",
        "tranche.tranche3_2020",
        "tranche.tranche3_2020.model",
        "tranche.impuls_2022",
        "tranche.impuls_2022.model",
        "legend.not_yet",
    ]
    colours = dict(items)
    for tranche, rgb in palette.TRANCHE_RGB.items():
        sourced, modelled = colours[f"tranche.{tranche}"], colours[f"tranche.{tranche}.model"]
        assert sourced[:3] == modelled[:3] == list(rgb)
        assert modelled[3] < sourced[3]
    assert colours["legend.not_yet"][:3] == list(palette.NOT_YET_RGB)
    assert [key for key, _ in maps.legend_items(include_modelled=False, include_not_yet=False)] == [
        "tranche.gids_2019",
        "tranche.tranche3_2020",
        "tranche.impuls_2022",
    ]
