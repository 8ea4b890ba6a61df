"""Funding: impulse money Kansrijke Start per inhabitant — map, national picture, 2022 events, top-up, ranking."""

import streamlit as st

from kansrijke.domain import funding
from kansrijke.text import t
from kansrijke.ui import dataset, deferred, page_map, page_render, state, widgets
from kansrijke.ui.cache import TABLES, T, get
from kansrijke.views import funding_view as view

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
page_map.map_first()

# Shareable controls: every value comes from and goes to the URL; unknown values fall back with a notice.
choices = get(data, funding.filter_choices, T.gemeenten)  # the same for every visitor
filter_options = {key: ["", *names] for key, names in choices.items()}
state.restore_from_url("regeling", funding.SCOPES)
for key, options in filter_options.items():
    state.restore_from_url(key, options)

# The title and one row of controls (the scheme) above the map; the search box sits beside the map.
title_column, scope_column = st.columns([3, 2], vertical_alignment="bottom")
with title_column:
    st.title(t("financiering.title", lang))
with scope_column:
    scope = st.selectbox(
        t("financiering.scope_label", lang),
        funding.SCOPES,
        key="regeling",
        format_func=lambda s: view.scope_label(s, lang),
        help=t("financiering.scope_help", lang),
    )
    state.keep_in_url("regeling", scope, funding.DEFAULT_SCOPE)
map_column, side_column = st.columns([3, 1])
with side_column:
    selected = widgets.municipality_search(data, lang)

with map_column:
    page_render.map_view(data, view.funding_map(scope, lang, selected))
with side_column:
    page_render.beside(data, get(data, view.funding_beside, TABLES, scope, lang, selected), lang)
# A new visitor's first run ends here, with the map and what sits beside it; the rest (below the map: the zoomable
# view, its sources and pictures, then the sections below) comes in a run 1.5 s later (kansrijke.ui.deferred).
deferred.rest_later(lang)


def filters() -> None:
    """The ranking's filters: province, GGD region and tranche (in the URL)."""
    widgets.filter_row(
        filter_options,
        lambda key: t(f"financiering.filter.{key}", lang),
        lambda key, c: t("financiering.filter.all", lang) if c == "" else view.filter_label(key, c, choices, lang),
    )
    state.url_notice(lang)


chosen = tuple(widgets.filter_values(filter_options)[key] for key in ("provincie", "ggd", "tranche"))
rest = get(data, view.funding_rest, TABLES, scope, lang, selected, chosen)
page_render.rest(data, rest, map_column, lang, zoom_key="fin_zoom", controls={"filters": filters})
