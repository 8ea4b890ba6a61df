"""The map of a page, first on the screen and clickable: the Vega map (kansrijke.views.vega_maps) with its spec made
once per distinct view, a click that selects a municipality through the page's search box (so the URL carries
it: ?zoek=GM0363), and the pydeck map as the zoomable view, built only when a visitor asks for it."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit import dataframe_util

from kansrijke.text import t
from kansrijke.ui.cache import HASH_FUNCS, chart_spec
from kansrijke.views import vega_maps

SEARCH_KEY = "zoek"


def map_box_css(height: str) -> str:
    """CSS that gives the map's box (MAP_BOX) a height (a CSS length) and lets the map fill it."""
    return (
        f".st-key-{MAP_BOX} {{ flex: 0 0 auto !important; height: {height} !important; }}\n"
        f'.st-key-{MAP_BOX} > .stElementContainer, .st-key-{MAP_BOX} [data-testid="stFullScreenFrame"],\n'
        f'.st-key-{MAP_BOX} [data-testid="stFullScreenFrame"] > div, .st-key-{MAP_BOX} .stVegaLiteChart '
        "{ height: 100% !important; }\n" + vega_maps.OVERLAY_CSS + "\n"
    )


MAP_BOX = "kaartvak"  # the container whose height the map takes (CSS: the screen's height)
# Map first: less room above the title (the header bar is transparent), a compact title, the map as high as the
# screen allows. Sent with the map pages only, as a style element that takes no room in the page.
MAP_FIRST_CSS = (
    """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2rem; padding-left: 2rem; padding-right: 2rem; }
[data-testid="stMain"] h1 { font-size: 2rem; line-height: 1.2; padding: 0.2rem 0 0.2rem 0; }
"""
    + map_box_css("clamp(420px, calc(100vh - 150px), 820px)")
    + """@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 4rem; padding-left: 0.75rem; padding-right: 0.75rem; }
  [data-testid="stMain"] h1 { font-size: 1.5rem; }
  .st-key-kaartvak { height: 118vw !important; }
}
</style>"""
)


def map_first() -> None:
    """The compact layout of a map page (call before the title)."""
    st.html(MAP_FIRST_CSS)


def _clicked(map_key: str, search_key: str) -> None:
    """A click on the map: put the municipality's CBS code in the search box (which is kept in the URL)."""
    code = vega_maps.selected_code(st.session_state.get(map_key))
    if code is not None and st.session_state.get(search_key) != code:
        st.session_state[search_key] = code


@st.cache_resource(show_spinner=False, max_entries=1024, hash_funcs=HASH_FUNCS)
def arrow_of(build, *args, **kwargs) -> bytes:
    """The frame `build(*args, **kwargs)` as Arrow bytes, made once per process and distinct arguments.

    For a map's datasets: called with the loaded tables (keyed by object) and the view's plain values, a warm
    rerun costs one look-up (no hashing of derived frames, no copy: bytes are immutable, so st.cache_resource
    can hand out the same object), and Streamlit sends bytes to the browser as they are."""
    return dataframe_util.convert_anything_to_arrow_bytes(build(*args, **kwargs))


def _arrow(data) -> bytes:
    return data if isinstance(data, bytes) else arrow_of(_same, data)


def _same(frame):
    return frame


def municipality_map(
    spec: dict, values, pins=None, outlines=None, *, key: str = "kaart", search_key: str | None = SEARCH_KEY
) -> None:
    """The page's map at full width and the screen's height: `spec` from vega_maps.choropleth (the same for every
    view of the page, made once), this view's `values` (vega_maps.map_values), `pins` and `outlines`, each a frame
    or its Arrow bytes (arrow_of). A click selects a municipality through `search_key` (None: not clickable)."""
    full = vega_maps.datasets(
        spec, _arrow(values), None if pins is None else _arrow(pins), None if outlines is None else _arrow(outlines)
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


def map_spec(tips, **kwargs) -> dict:
    """The map's spec (vega_maps.choropleth without a fixed height), made once per page and language."""
    return chart_spec(vega_maps.choropleth, tips, height=None, **kwargs)


def zoomable_toggle(lang: str, key: str) -> bool:
    """'Zoomable map': whether to show the pydeck map (which is built only then)."""
    return st.toggle(t("map.zoom", lang), key=key, help=t("map.zoom_help", lang))
