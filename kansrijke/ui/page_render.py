"""The one renderer of a map page's description (kansrijke.views.page): the map or its zoomable view, the text
beside it, what sits under it and the sections below. Every Call in the description is made once per view
(kansrijke.ui.cache); the map's datasets and the charts' data go out as Arrow bytes made once per view."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from kansrijke.ui import exports, page_map, render, widgets
from kansrijke.ui.cache import Data, get, resolve
from kansrijke.views import page

ZOOM_HEIGHT = 600


def map_view(data: Data, view: page.MapView) -> None:
    """The page's map (clickable), or the zoomable pydeck map while its switch is on (built only then)."""
    if st.session_state.get(view.zoom_key):
        st.pydeck_chart(resolve(data, view.deck), height=ZOOM_HEIGHT)
    else:
        page_map.municipality_map(data, resolve(data, view.spec), view.values, view.pins, view.outlines)


def beside(data: Data, text: page.Beside, lang: str) -> None:
    st.html(text.block)
    render.lines(text.lines)
    if text.factsheet is not None:
        exports.factsheet_button(data, text.factsheet, lang, key=text.factsheet_key)


def sections(
    data: Data, items: tuple[page.Section, ...], lang: str, controls: Mapping[str, Callable[[], None]] = {}
) -> None:
    """Draw `items` in order; a Controls item calls the page's function of that name (its own widgets)."""
    for item in items:
        if isinstance(item, page.Html):
            st.html(item.body)
        elif isinstance(item, page.Chart):
            st.vega_lite_chart(get(data, render.display_spec, item.spec), width="stretch")
        elif isinstance(item, page.Pictures):
            exports.spec_downloads(data, resolve(data, item.spec), item.stem, lang, item.key)
        elif isinstance(item, page.LazyTable):
            render.lazy_table(data, item.title, item.open_key, item.shown, item.download, item.stem, lang, item.key)
        elif isinstance(item, page.Downloads):
            widgets.lazy_download_buttons(resolve(data, item.frame), item.stem, lang, key=item.key)
        elif isinstance(item, page.MapPictures):
            exports.map_downloads(data, item.kind, item.option, lang, key=item.key, highlight=item.highlight)
        elif isinstance(item, page.Controls):
            controls[item.name]()
        elif isinstance(item, page.Notice):
            st.info(item.text)
        elif isinstance(item, page.Caption):
            st.caption(item.text)
        elif isinstance(item, page.Expander):
            with st.expander(item.title):
                st.markdown(item.markdown)


def rest(data: Data, after: page.Rest, map_column, lang: str, zoom_key: str, controls=None) -> None:
    """Under the map: its 'zoomable map' switch and the rest of its column; then the sections below."""
    with map_column:
        page_map.zoomable_toggle(lang, key=zoom_key)
        sections(data, after.under_map, lang)
    sections(data, after.below, lang, controls or {})
