"""The map of a page, first on the screen and clickable: the Vega map (kansrijke.views.vega_maps) with its spec made
once per distinct view, a click that selects a municipality through the page's search box (so the URL carries
it: ?zoek=GM0363), and the pydeck map as the zoomable view, built only when a visitor asks for it."""

from __future__ import annotations

from functools import partial

import streamlit as st

from kansrijke.text import t
from kansrijke.ui import render
from kansrijke.ui.cache import Call, Data
from kansrijke.views import vega_maps

SEARCH_KEY = "zoek"
MAP_BOX = "kaartvak"  # the container whose height the map takes (kansrijke/ui/css/map_box.css)


def map_first() -> None:
    """The compact layout of a map page (call before the title): kansrijke/ui/css/map_first.css and the map's box,
    sent with the map pages only, as a style element that takes no room in the page."""
    st.html(render.css("map_first.css", "map_box.css", extra=vega_maps.OVERLAY_CSS))


def _clicked(map_key: str, search_key: str) -> None:
    """A click on the map: put the municipality's CBS code in the search box (which is kept in the URL)."""
    code = vega_maps.selected_code(st.session_state.get(map_key))
    if code is not None and st.session_state.get(search_key) != code:
        st.session_state[search_key] = code


def municipality_map(
    data: Data,
    spec: dict,
    values: Call,
    pins: Call | None = None,
    outlines: Call | None = None,
    *,
    key: str = "kaart",
    search_key: str | None = SEARCH_KEY,
) -> None:
    """The page's map at full width and the screen's height: `spec` from map_spec (the same for every view of the
    page, made once), this view's `values` (vega_maps.map_values), `pins` and `outlines`, each sent as Arrow bytes
    made once per view. A click selects a municipality through `search_key` (None: not clickable)."""
    full = vega_maps.datasets(
        spec,
        render.arrow(data, values),
        None if pins is None else render.arrow(data, pins),
        None if outlines is None else render.arrow(data, outlines),
    )
    with st.container(key=MAP_BOX):
        if search_key is None:
            st.vega_lite_chart(full, key=key, width="stretch", height="stretch")
            return
        st.vega_lite_chart(
            full,
            key=key,
            width="stretch",
            height="stretch",
            on_select=partial(_clicked, key, search_key),
            selection_mode=vega_maps.SELECTION,
        )


def zoomable_toggle(lang: str, key: str) -> bool:
    """'Zoomable map': whether to show the pydeck map (which is built only then)."""
    return st.toggle(t("map.zoom", lang), key=key, help=t("map.zoom_help", lang))
