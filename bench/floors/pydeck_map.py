"""Floor of the crowd benchmark: one page that draws the 355 municipalities of 2020 with pydeck (offline)."""
import json
from pathlib import Path

import pydeck as pdk
import streamlit as st

GEOJSON = Path(__file__).resolve().parents[2] / "geo" / "gemeenten_2020.geojson"


@st.cache_resource
def polygons() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


layer = pdk.Layer("GeoJsonLayer", polygons(), get_fill_color=[11, 90, 142, 120], get_line_color=[255, 255, 255],
                  line_width_min_pixels=1, pickable=True)
view = pdk.ViewState(latitude=52.2, longitude=5.3, zoom=6)
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None), height=620)
