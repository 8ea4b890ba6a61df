"""Nu Niet Zwanger: programmes over time against the target of 50, the published reach, and the map of the
municipalities by the start year of their programme, at a chosen date."""

import pandas as pd
import streamlit as st

from kansrijke.domain import nnz
from kansrijke.text import fmt_date, t
from kansrijke.ui import dataset, deferred, page_map, page_render, state, widgets
from kansrijke.ui.cache import TABLES, T, get
from kansrijke.views import nnz_view

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
page_map.map_first()

# ------------------------------------------------------------------ the title and one row of controls (in the URL)
date_options = [d.date().isoformat() for d in get(data, nnz.date_options, T.nnz_programmas, T.mijlpalen)]
default_date = nnz.TABLE_STAND.date().isoformat()
state.restore_from_url("nnz_datum", date_options)
title_column, date_column = st.columns([3, 2], vertical_alignment="bottom")
with title_column:
    st.title(t("nnz.title", lang))
with date_column:
    chosen = st.select_slider(
        t("nnz.date_label", lang),
        options=date_options,
        value=st.session_state.get("nnz_datum", default_date),
        format_func=lambda iso: fmt_date(iso, lang),
        key="nnz_datum",
        help=t("nnz.date_help", lang),
    )
    state.keep_in_url("nnz_datum", chosen, default_date)
map_column, side_column = st.columns([3, 1])
with side_column:
    selected = widgets.municipality_search(data, lang)
state.url_notice(lang)
date = pd.Timestamp(chosen)

with map_column:
    page_render.map_view(data, nnz_view.nnz_map(date, lang, selected))
with side_column:
    page_render.beside(data, get(data, nnz_view.nnz_beside, TABLES, date, lang, selected), lang)
# A new visitor's first run ends here, with the map and what sits beside it; the rest (below the map: the zoomable
# view, its sources and pictures, then the sections below) comes in a run 1.5 s later (kansrijke.ui.deferred).
deferred.rest_later(lang)
rest = get(data, nnz_view.nnz_rest, TABLES, str(chosen), lang, selected)
page_render.rest(data, rest, map_column, lang, zoom_key="nnz_zoom")
