"""Floor: a one-page pydeck map of the same 355 municipalities (geo/gemeenten_2020.geojson), offline
(map_provider=None), coloured by a property, with a tooltip: what any pydeck choropleth of these polygons costs.
`streamlit run bench/floors/pydeck_map.py`"""

import json
from pathlib import Path

import pydeck as pdk
import streamlit as st

GEO = Path(__file__).resolve().parents[2] / "geo" / "gemeenten_2020.geojson"
COLOURS = [[0, 114, 178], [230, 159, 0], [0, 158, 115], [204, 121, 167]]


@st.cache_resource
def deck() -> pdk.Deck:
    features = json.loads(GEO.read_text(encoding="utf-8"))
    for feature in features["features"]:
        feature["properties"]["kleur"] = COLOURS[int(feature["properties"]["code"][2:]) % len(COLOURS)]
    layer = pdk.Layer(
        "GeoJsonLayer",
        features,
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.kleur",
        get_line_color=[255, 255, 255],
        line_width_min_pixels=0.5,
    )
    return pdk.Deck(
        layers=[layer],
        initial_view_state=pdk.ViewState(latitude=52.2, longitude=5.3, zoom=6.2),
        tooltip={"html": "{naam}"},
        map_provider=None,
    )


st.title("Kaart")
st.pydeck_chart(deck(), height=560)
