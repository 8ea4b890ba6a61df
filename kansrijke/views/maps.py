"""Offline pydeck maps: municipality choropleth, province outlines, selection outline, legend.

No basemap: the Deck has no map provider and no style URL, so the browser fetches nothing
(no tiles, no style JSON, no CDN). Every layer gets its data inline.

Two renderer details this module relies on (checked against Streamlit 1.67 / pydeck 0.9):
- Streamlit injects a Carto basemap when the spec has *no* `mapStyle`; it skips the basemap when
  `mapStyle` is pydeck's default sentinel "__MAP_STYLE__". So the Deck is built with
  `map_provider=None` and pydeck's default map_style (the sentinel), not `map_style=None`.
- pydeck serialises with indent=2, which puts every coordinate on its own line (about 7x the size).
  `OfflineDeck.to_json` writes the same spec compactly; Streamlit sends `deck.to_json()` as is.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from kansrijke.data.geo import feature_bounds
from kansrijke.views import palette
from kansrijke.views.map_contract import REQUIRED_COLUMNS, check_frame, rgba

NL_VIEW = {"latitude": 52.2, "longitude": 5.3, "zoom": 6.3}
MIN_ZOOM, MAX_ZOOM = 7.0, 11.0
CONTEXT_ZOOM_OUT = 1.3  # zoom out from the tight fit so the neighbouring municipalities show too
NOT_YET_FILL = [*palette.NOT_YET_RGB, 255]
NOT_YET_LINE = list(palette.OUTLINE_MODELLED)
TOOLTIP_STYLE = {
    "backgroundColor": "#ffffff",
    "color": "#1a1a1a",
    "border": "1px solid #767676",
    "fontSize": "13px",
    "padding": "6px 8px",
    "maxWidth": "320px",
}
_PLACEHOLDER = re.compile(r"\{(.*?)\}")  # the same pattern the renderers use to fill tooltips
_TAG_WITH_PLACEHOLDER = re.compile(r"<[^>]*\{[^}]*\}[^>]*>")


class OfflineDeck(pdk.Deck):
    """A pydeck Deck whose JSON spec is compact (same content as pydeck's, no indentation)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


def tooltip_text(value) -> str:
    """A value as tooltip text, unescaped.

    Streamlit 1.67 (pinned in requirements.txt) HTML-escapes every {field} value when it fills an html tooltip
    template (& < > " '), so a name with markup shows as text and a real name such as 's-Hertogenbosch or
    "Gemeente & GGD" shows as written. Escaping here as well would show '&amp;'. `choropleth_deck` refuses
    templates that put a {field} inside a tag, so a value is never an attribute either.
    """
    return str(value)


def _property_value(value):
    """A frame cell as a JSON-safe feature property: text as is (see tooltip_text), missing values as ''."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, (bool, int, float)):
        return value
    return tooltip_text(value)


def _check_tooltip(tooltip_html: str, fields: set[str]) -> None:
    if _TAG_WITH_PLACEHOLDER.search(tooltip_html):
        raise ValueError("tooltip_html: put {field} placeholders in text, not inside a tag or attribute")
    unknown = sorted(set(_PLACEHOLDER.findall(tooltip_html)) - fields)
    if unknown:
        raise ValueError(f"tooltip_html refers to unknown field(s) {unknown}; available: {sorted(fields)}")


def merged_features(
    frame: pd.DataFrame, municipalities_fc: dict, missing_props: Mapping[str, str] | None = None
) -> list[dict]:
    """One feature per municipality with flat properties: code, naam, and the frame's columns.

    Municipalities without a frame row get the grey "not yet" colours and, for every other frame
    column, the text from `missing_props` (default ''), so no tooltip shows a raw {placeholder}.
    The input collection is not modified; geometries are shared, not copied.
    """
    known = {f["properties"]["code"] for f in municipalities_fc["features"]}
    check_frame(frame, known)
    extra = [c for c in frame.columns if c not in REQUIRED_COLUMNS]
    rows = {row["code"]: row for row in frame.to_dict(orient="records")}
    missing_props = dict(missing_props or {})
    features = []
    for feature in municipalities_fc["features"]:
        code = feature["properties"]["code"]
        props: dict[str, object] = {"code": tooltip_text(code), "naam": tooltip_text(feature["properties"]["naam"])}
        row = rows.get(code)
        if row is None:
            props["fill_color"], props["line_color"] = list(NOT_YET_FILL), list(NOT_YET_LINE)
            props.update({c: tooltip_text(missing_props.get(c, "")) for c in extra})
        else:
            props["fill_color"] = rgba(row["fill_color"], code, "fill_color")
            props["line_color"] = rgba(row["line_color"], code, "line_color")
            props.update({c: _property_value(row[c]) for c in extra})
        features.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    return features


def outline_layer(layer_id: str, collection: dict, rgba, width_px: float) -> pdk.Layer:
    """Unfilled, not pickable outlines (provinces, the selected municipality)."""
    return pdk.Layer(
        "GeoJsonLayer",
        id=layer_id,
        data=collection,
        filled=False,
        stroked=True,
        pickable=False,
        get_line_color=list(rgba),
        line_width_min_pixels=width_px,
    )


def choropleth_deck(
    frame: pd.DataFrame,
    municipalities_fc: dict,
    provinces_fc: dict,
    tooltip_html: str,
    view: pdk.ViewState | None = None,
    highlight_code: str | None = None,
    *,
    missing_props: Mapping[str, str] | None = None,
    extra_layers: tuple[pdk.Layer, ...] | list[pdk.Layer] = (),
) -> pdk.Deck:
    """Offline choropleth: filled municipalities, province outlines, optional selection outline.

    `frame`: one row per municipality code; columns code, fill_color and line_color (RGBA lists)
    plus pre-formatted text columns for the tooltip (raw text: Streamlit escapes it, do not pre-escape).
    `tooltip_html` uses {column} placeholders (also {code} and {naam}), outside tags.
    `extra_layers`: further (not pickable) layers drawn above the province outlines, below the selection.
    """
    features = merged_features(frame, municipalities_fc, missing_props)
    _check_tooltip(tooltip_html, set(features[0]["properties"]) if features else set())
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="gemeenten",
            data={"type": "FeatureCollection", "features": features},
            filled=True,
            stroked=True,
            pickable=True,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 90],
            get_fill_color="properties.fill_color",
            get_line_color="properties.line_color",
            line_width_min_pixels=0.5,
        ),
        outline_layer("provincies", provinces_fc, palette.OUTLINE_PROVINCE, 1.5),
        *extra_layers,  # e.g. programme area outlines, drawn above the provinces
    ]
    if highlight_code is not None:
        selected = [f for f in municipalities_fc["features"] if f["properties"]["code"] == highlight_code]
        if not selected:
            raise ValueError(f"highlight_code {highlight_code!r} is not a municipality on this map")
        layers.append(
            outline_layer("selectie", {"type": "FeatureCollection", "features": selected}, palette.HIGHLIGHT_RGBA, 3)
        )
    return OfflineDeck(
        layers=layers,
        initial_view_state=view if view is not None else view_for(None, municipalities_fc),
        tooltip={"html": tooltip_html, "style": dict(TOOLTIP_STYLE)},
        map_provider=None,  # no basemap; map_style stays pydeck's sentinel, see module docstring
    )


def zoom_for_bounds(bounds: tuple[float, float, float, float], width_px: int = 700, height_px: int = 500) -> float:
    """Web-Mercator zoom at which the bbox fits the viewport (512-px world at zoom 0), clamped 7..11."""
    min_lon, min_lat, max_lon, max_lat = bounds
    mid_lat = math.radians((min_lat + max_lat) / 2)
    span_x = max(max_lon - min_lon, 1e-6)
    span_y = max((max_lat - min_lat) / math.cos(mid_lat), 1e-6)  # latitude degrees stretch by 1/cos
    fit = min(math.log2(width_px * 360 / (512 * span_x)), math.log2(height_px * 360 / (512 * span_y)))
    return round(min(MAX_ZOOM, max(MIN_ZOOM, fit - CONTEXT_ZOOM_OUT)), 2)


def view_for(code: str | None, municipalities_fc: dict, width_px: int = 700, height_px: int = 500) -> pdk.ViewState:
    """The whole Netherlands when code is None; otherwise centred and zoomed on that municipality."""
    if code is None:
        return pdk.ViewState(**NL_VIEW)
    boxes = feature_bounds(municipalities_fc)
    if code not in boxes:
        raise ValueError(f"unknown municipality code {code!r}: not in the boundary file")
    min_lon, min_lat, max_lon, max_lat = boxes[code]
    return pdk.ViewState(
        latitude=round((min_lat + max_lat) / 2, 4),
        longitude=round((min_lon + max_lon) / 2, 4),
        zoom=zoom_for_bounds(boxes[code], width_px, height_px),
    )


def legend_items(include_modelled: bool = True, include_not_yet: bool = True) -> list[tuple[str, list[int]]]:
    """(locale key, RGBA) per tranche: sourced colour, then the lighter modelled colour; grey "not yet" last.

    Keys: tranche.<tranche>, tranche.<tranche>.model, legend.not_yet.
    """
    items = []
    for tranche, rgb in palette.TRANCHE_RGB.items():
        items.append((f"tranche.{tranche}", palette.fill_rgba(rgb, "bron")))
        if include_modelled:
            items.append((f"tranche.{tranche}.model", palette.fill_rgba(rgb, "model")))
    if include_not_yet:
        items.append(("legend.not_yet", list(NOT_YET_FILL)))
    return items


# --------------------------------------------------------------------------- story pins
# A pin is a dark disc with a white rim and the story's number in white: drawn by deck.gl itself
# (ScatterplotLayer + TextLayer with ASCII digits, whose glyphs deck.gl renders from a local system
# font), so no icon atlas or font is fetched. Constant strings are quoted: pydeck reads a bare string as an
# accessor expression ("pixels" would become the expression `pixels`).
PIN_FILL = [26, 26, 26, 255]
PIN_RIM = [255, 255, 255, 255]
PIN_TEXT = [255, 255, 255, 255]
PIN_RADIUS_PX = 11
PIN_COLUMNS = ("code", "lon", "lat", "number")


def story_pin_layers(pins: pd.DataFrame, tooltip_html: str, fields: Mapping[str, str]) -> list[pdk.Layer]:
    """The story pins (id "verhalen", pickable) and their numbers (id "verhalen_nummers").

    `pins`: one row per pinned municipality with code, lon, lat, number (the label) and text columns.
    A Deck has one tooltip template for every layer, so `fields` says which pins column fills each
    {placeholder} of `tooltip_html` (e.g. {"naam": "naam", "tranche_label": "titel"}); every
    placeholder must be covered. Text is left raw like the choropleth's properties (Streamlit escapes it).
    """
    missing = [c for c in PIN_COLUMNS if c not in pins.columns]
    if missing:
        raise ValueError(f"pins lack column(s) {missing}")
    wanted = set(_PLACEHOLDER.findall(tooltip_html))
    uncovered = sorted(wanted - set(fields))
    if uncovered:
        raise ValueError(f"story pins do not fill tooltip field(s) {uncovered}")
    unknown = sorted(set(fields.values()) - set(pins.columns))
    if unknown:
        raise ValueError(f"fields refer to pins column(s) that do not exist: {unknown}")
    data = []
    for row in pins.to_dict(orient="records"):
        item = {
            "code": tooltip_text(row["code"]),
            "position": [float(row["lon"]), float(row["lat"])],
            "number": tooltip_text(row["number"]),
        }
        item.update({field: _property_value(row[column]) for field, column in fields.items()})
        data.append(item)
    return [
        pdk.Layer(
            "ScatterplotLayer",
            id="verhalen",
            data=data,
            pickable=True,
            stroked=True,
            filled=True,
            radius_units="'pixels'",
            get_radius=PIN_RADIUS_PX,
            line_width_units="'pixels'",
            get_line_width=2,
            get_position="position",
            get_fill_color=list(PIN_FILL),
            get_line_color=list(PIN_RIM),
        ),
        pdk.Layer(
            "TextLayer",
            id="verhalen_nummers",
            data=data,
            pickable=False,
            get_position="position",
            get_text="number",
            get_size=14,
            size_units="'pixels'",
            get_color=list(PIN_TEXT),
            font_family="'sans-serif'",
            font_weight="'bold'",  # deck.gl's default anchor (middle) and baseline (center) centre it on the pin
        ),
    ]
