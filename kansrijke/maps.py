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

import html
import json
import math
import re
from collections.abc import Mapping

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from kansrijke import palette
from kansrijke.geo import feature_bounds

NL_VIEW = {"latitude": 52.2, "longitude": 5.3, "zoom": 6.3}
MIN_ZOOM, MAX_ZOOM = 7.0, 11.0
CONTEXT_ZOOM_OUT = 1.3  # zoom out from the tight fit so the neighbouring municipalities show too
NOT_YET_FILL = [*palette.NOT_YET_RGB, 255]
NOT_YET_LINE = list(palette.OUTLINE_MODELLED)
REQUIRED_COLUMNS = ("code", "fill_color", "line_color")
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


def escape_text(value: str) -> str:
    """Escape <, > and & so a value is shown as text inside the tooltip HTML.

    Quotes are left alone: real names such as 's-Hertogenbosch must not turn into &#x27; (Streamlit
    escapes tooltip values once more). That is safe because `choropleth_deck` refuses tooltip
    templates that put a {field} inside a tag, i.e. inside an attribute.
    """
    return html.escape(value, quote=False)


def _property_value(value):
    """A frame cell as a JSON-safe feature property: strings escaped, missing values as ''."""
    if isinstance(value, str):
        return escape_text(value)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, (bool, int, float)):
        return value
    return escape_text(str(value))


def _rgba(value, code: str, column: str) -> list[int]:
    try:
        rgba = [int(part) for part in value]
    except (TypeError, ValueError):
        rgba = []
    if len(rgba) != 4 or not all(0 <= part <= 255 for part in rgba):
        raise ValueError(f"{column} for {code} must be 4 integers 0..255 (RGBA), got {value!r}")
    return rgba


def _check_frame(frame: pd.DataFrame, known_codes: set[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks column(s) {missing}")
    duplicated = sorted(set(frame.loc[frame["code"].duplicated(), "code"]))
    if duplicated:
        raise ValueError(f"frame has more than one row for {duplicated[:5]}")
    unknown = sorted(set(frame["code"]) - known_codes)
    if unknown:
        raise ValueError(f"frame has codes that are not on the map: {unknown[:5]}")


def _check_tooltip(tooltip_html: str, fields: set[str]) -> None:
    if _TAG_WITH_PLACEHOLDER.search(tooltip_html):
        raise ValueError("tooltip_html: put {field} placeholders in text, not inside a tag or attribute")
    unknown = sorted(set(_PLACEHOLDER.findall(tooltip_html)) - fields)
    if unknown:
        raise ValueError(f"tooltip_html refers to unknown field(s) {unknown}; available: {sorted(fields)}")


def merged_features(frame: pd.DataFrame, municipalities_fc: dict, missing_props: Mapping[str, str] | None = None) -> list[dict]:
    """One feature per municipality with flat properties: code, naam, and the frame's columns.

    Municipalities without a frame row get the grey "not yet" colours and, for every other frame
    column, the text from `missing_props` (default ''), so no tooltip shows a raw {placeholder}.
    The input collection is not modified; geometries are shared, not copied.
    """
    known = {f["properties"]["code"] for f in municipalities_fc["features"]}
    _check_frame(frame, known)
    extra = [c for c in frame.columns if c not in REQUIRED_COLUMNS]
    rows = {row["code"]: row for row in frame.to_dict(orient="records")}
    missing_props = dict(missing_props or {})
    features = []
    for feature in municipalities_fc["features"]:
        code = feature["properties"]["code"]
        props = {"code": escape_text(code), "naam": escape_text(feature["properties"]["naam"])}
        row = rows.get(code)
        if row is None:
            props["fill_color"], props["line_color"] = list(NOT_YET_FILL), list(NOT_YET_LINE)
            props.update({c: escape_text(str(missing_props.get(c, ""))) for c in extra})
        else:
            props["fill_color"] = _rgba(row["fill_color"], code, "fill_color")
            props["line_color"] = _rgba(row["line_color"], code, "line_color")
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
) -> pdk.Deck:
    """Offline choropleth: filled municipalities, province outlines, optional selection outline.

    `frame`: one row per municipality code; columns code, fill_color and line_color (RGBA lists)
    plus pre-formatted text columns for the tooltip (raw text: it is escaped here, do not pre-escape).
    `tooltip_html` uses {column} placeholders (also {code} and {naam}), outside tags.
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
    ]
    if highlight_code is not None:
        selected = [f for f in municipalities_fc["features"] if f["properties"]["code"] == highlight_code]
        if not selected:
            raise ValueError(f"highlight_code {highlight_code!r} is not a municipality on this map")
        layers.append(outline_layer("selectie", {"type": "FeatureCollection", "features": selected},
                                    palette.HIGHLIGHT_RGBA, 3))
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


def deck_spec_bytes(deck: pdk.Deck) -> int:
    """Size in bytes (UTF-8) of the JSON spec that Streamlit sends to the browser."""
    return len(deck.to_json().encode("utf-8"))


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
