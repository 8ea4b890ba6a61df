"""Vergelijk: a municipality next to comparable municipalities (peers), its province, GGD region and the country."""

from functools import partial

import streamlit as st

from kansrijke.domain import peers
from kansrijke.text import t
from kansrijke.ui import dataset, page_map, page_render, peer_choice, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.ui.cache import TABLES, get, resolve
from kansrijke.views import blocks, compare_map, context_view
from kansrijke.views import compare_view as view

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
names = get(data, view.names_of, view.features_of())  # shared: read only
page_map.map_first()

# The title and one row of controls (the municipality) above the map; the weights sit beside the map. The map is
# drawn last into its place: it shows the peers the controls below it choose.
title_column, search_column = st.columns([3, 2], vertical_alignment="bottom")
with title_column:
    st.title(t("vergelijk.title", lang))
with search_column:
    selected = widgets.municipality_search(data, lang)
peer_choice.read_link(tuple(names), selected)  # the link's weights and hand-picked peers (?peers=GM0599,GM0518)
map_column, side_column = st.columns([3, 1])
with side_column:
    # kept in the URL by its key (?kleur=geboorten), not by its label: a link works in either language
    state.restore_from_url(compare_map.MAP_KEY, compare_map.OPTIONS)
    coloured_by = st.selectbox(
        t("vergelijk.kaart.label", lang),
        compare_map.OPTIONS,
        key=compare_map.MAP_KEY,
        format_func=partial(compare_map.option_label, lang=lang),
    )
    state.keep_in_url(compare_map.MAP_KEY, coloured_by, compare_map.ROLES)
    summary_box = st.container()
    with st.expander(t("vergelijk.weights_title", lang), expanded=True):
        st.html(blocks.block(blocks.caption(t("vergelijk.weights_help", lang))))
        weights = widgets.weight_sliders(
            peers.FEATURE_KEYS,
            view.weight_key,
            peers.DEFAULT_WEIGHTS,
            peers.MAX_WEIGHT,
            lang,
            context_view.feature_label,
        )
state.url_notice(lang)
legend = (
    blocks.block(view.legend(lang))
    if coloured_by == compare_map.ROLES
    else get(data, compare_map.legend, view.features_of(), TABLES, coloured_by, lang)
)


def show_map(chosen: tuple[str, ...]) -> None:
    with map_column:
        page_render.map_view(data, view.compare_map(selected, chosen, weights, lang, coloured_by))
        page_map.zoomable_toggle(lang, key="vergelijk_zoom")
        page_render.sections(data, view.under_map(lang), lang)


if selected is None or not peers.has_weight(weights):
    with summary_box:
        if selected is None:
            st.info(t("vergelijk.pick_hint", lang))
            st.html(legend)
        else:
            st.warning(t("vergelijk.no_weight", lang))
    if selected is None:
        show_map(())
        page_render.sections(data, (view.method(lang),), lang)
    st.stop()

proposals = tuple(resolve(data, view.ranked_of(selected, weights))["code"].head(peers.DEFAULT_COUNT))
shown = peer_choice.shown(selected, proposals)
with summary_box:  # what the map shows in one sentence, and its legend
    st.html(
        blocks.block(
            blocks.paragraph(view.summary(names, selected, shown.chosen, lang), strong=True),
        )
        + legend
    )
show_map(shown.chosen)


def peer_list(code: str = selected) -> None:
    peer_choice.picker(names, code, proposals, shown, lang)
    take_home.factsheet_button(data, code, lang, key="vergelijk_factsheet")


asked = (view.features_of(), view.ranked_of(selected, weights), selected, shown.chosen, proposals, weights, lang)
page_render.sections(data, get(data, view.compare_rest, TABLES, *asked), lang, {"peers": peer_list})
