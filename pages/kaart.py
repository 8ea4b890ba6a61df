"""Home: the map of the local coalitions Kansrijke Start at a chosen stand."""

import pandas as pd
import streamlit as st

from kansrijke.domain import coalitions
from kansrijke.domain.profile import profile
from kansrijke.text import t
from kansrijke.ui import dataset, page_map, page_render, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.ui.cache import TABLES, get
from kansrijke.views import captions, coalition_view, context_panel

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
page_map.map_first()

# The title and one row of controls (the date) above the map; the search box and the toggle sit beside the map.
title_column, stand_column = st.columns([3, 2], vertical_alignment="bottom")
with title_column:
    st.title(t("kaart.title", lang))
stand_options = [s.date().isoformat() for s in coalitions.STANDS]
default_stand = coalitions.DEFAULT_STAND.date().isoformat()
state.restore_from_url("stand", stand_options)
st.session_state.setdefault("stand", default_stand)
with stand_column:
    # Three stands, one click each (a segmented control draws with the page's buttons, no slider to load)
    stand = st.segmented_control(
        t("kaart.stand_label", lang),
        stand_options,
        key="stand",
        required=True,
        format_func=lambda iso: captions.stand_label(iso, lang),
    )
state.keep_in_url("stand", stand, default_stand)
# A chosen municipality's details (a table of its context beside its areas) get a wider column beside the map.
chosen = bool(st.session_state.get("zoek") or st.query_params.get("zoek"))
map_column, side_column = st.columns([3, 2] if chosen else [3, 1])
with side_column:
    selected = widgets.municipality_search(data, lang)
    sourced_only = st.toggle(
        t("kaart.sourced_only", lang), key="bron", help=t("kaart.sourced_only_help", lang), bind="query-params"
    )
state.url_notice(lang)

view = (str(stand), lang, selected, sourced_only)
with map_column:
    page_render.map_view(data, coalition_view.home_map(*view))
with side_column:
    # A chosen municipality's details come first beside the map (within the first screen), the summary after them.
    if selected:
        with st.container(key="kaart_detail"):
            context = get(data, context_panel.panel_html, TABLES, selected, lang)
            widgets.detail_panel(get(data, profile, TABLES, selected), pd.Timestamp(stand), lang, context)
            take_home.factsheet_button(data, selected, lang, key="kaart_factsheet")
    page_render.beside(data, get(data, coalition_view.home_beside, TABLES, *view), lang)
# Home comes whole in one run (the page a crowd lands on): no deferred rest.
page_render.rest(data, get(data, coalition_view.home_rest, TABLES, *view), map_column, lang, zoom_key="kaart_zoom")
