"""Floor: a one-page altair (Vega-Lite) map of the same 355 municipalities (geo/gemeenten_2020.geojson), coloured
by a property, with a tooltip: what any Vega choropleth of these polygons costs.
`streamlit run bench/floors/altair_map.py`"""

import json
from pathlib import Path

import altair as alt
import streamlit as st

GEO = Path(__file__).resolve().parents[2] / "geo" / "gemeenten_2020.geojson"
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]  # the same four as the pydeck floor


def clockwise(geometry: dict) -> dict:
    """d3-geo (Vega) fills the inside of clockwise rings; GeoJSON files wind the other way (RFC 7946)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    turned = [[ring[::-1] for ring in polygon] for polygon in polygons]
    return {"type": geometry["type"], "coordinates": turned if geometry["type"] == "MultiPolygon" else turned[0]}


@st.cache_resource
def chart() -> alt.Chart:
    features = json.loads(GEO.read_text(encoding="utf-8"))["features"]
    for feature in features:
        feature["geometry"] = clockwise(feature["geometry"])
        feature["properties"]["klasse"] = f"k{int(feature['properties']['code'][2:]) % 4}"
    return (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .encode(
            color=alt.Color("properties.klasse:N", legend=None, scale=alt.Scale(range=COLOURS)),
            tooltip=alt.Tooltip("properties.naam:N"),
        )
        .project(type="mercator")
        .properties(height=560)
    )


st.title("Kaart")
st.altair_chart(chart(), width="stretch")
