"""Home: the map of the local coalitions Kansrijke Start at a chosen stand."""

import pandas as pd
import streamlit as st

from kansrijke.domain import coalitions, stories
from kansrijke.domain.profile import profile
from kansrijke.text import data_label, t
from kansrijke.ui import dataset, page_map, render, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.ui.cache import TABLES, T, call, get, resolve
from kansrijke.views import blocks, captions, maps, vega_maps
from kansrijke.views.coalition_view import headline_items, map_deck, map_table_at, map_values_at, summary_sentence

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
tables = data.tables
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
        options=stand_options,
        key="stand",
        required=True,
        format_func=lambda iso: captions.stand_label(iso, lang),
    )
state.keep_in_url("stand", stand, default_stand)
date = pd.Timestamp(stand)

map_column, side_column = st.columns([3, 1])
with side_column:
    selected = widgets.municipality_search(data, lang)
    sourced_only = st.toggle(
        t("kaart.sourced_only", lang), key="bron", help=t("kaart.sourced_only_help", lang), bind="query-params"
    )
state.url_notice(lang)

counts = call(coalitions.counts_at, T.coalities, T.gemeenten, date, sourced_only=sourced_only)
story_list = call(stories.stories, T.verhalen, T.gemeenten, lang)
pins = call(stories.pins, story_list, call(dataset.centroids), lang)
pin_tips = vega_maps.catalogue_tips(vega_maps.STORY_PIN_TIPS, lang)

with map_column:
    page_map.map_or_deck(
        data,
        "kaart_zoom",
        lambda: map_deck(tables, date, lang, selected, sourced_only, resolve(data, pins), *dataset.geometry()),
        page_map.map_spec(
            data,
            vega_maps.catalogue_tips(vega_maps.COALITION_TIPS, lang),
            pin_tips=pin_tips,
            description=t("map.description", lang),
        ),
        call(map_values_at, T.coalities, T.gemeenten, T.inwoners, date, lang, selected, sourced_only),
        call(vega_maps.pin_values, pins, pin_tips),
    )
    page_map.zoomable_toggle(lang, key="kaart_zoom")
    st.html(
        blocks.block(
            blocks.caption(
                t("kaart.map_sources", lang, peildatum=data_label(tables.inwoners["peildatum"].iloc[0], lang))
            ),
            blocks.paragraph(t("kaart.intro", lang)),
        )
    )
    with widgets.lazy_expander(t("kaart.table_title", lang), key="kaart_tabel_open") as box:
        if box.open:
            behind_map = render.table(
                data, call(map_table_at, T.coalities, T.gemeenten, T.inwoners, date, sourced_only)
            )
            widgets.download_buttons(behind_map, f"coalities_{stand}", lang, key="kaart_tabel")
    take_home.map_downloads(data, "kaart", stand, lang, key="kaart_beeld", highlight=selected)

with side_column:
    # The text beside the map, as one block: what it shows in one sentence, the headline figures (each source one
    # click away), the legend, and (until one is chosen) how to choose a municipality.
    figures = get(data, coalitions.headline_figures, counts, T.mijlpalen)
    st.html(
        blocks.block(
            blocks.paragraph(summary_sentence(resolve(data, counts), lang, sourced_only=sourced_only), strong=True),
            blocks.figures(headline_items(figures, date, lang), t("headline.note", lang)),
            blocks.caption(t("verhalen.legend", lang)),
            captions.legend_html(maps.legend_items(), lang),
            "" if selected else blocks.hint(t("map.click_hint", lang)),
        )
    )
    if selected:
        widgets.detail_panel(get(data, profile, TABLES, selected), date, lang)
        take_home.factsheet_button(data, selected, lang, key="kaart_factsheet")

# Below the map, one block: the published counts over time, and the stories behind the pins.
timeline = call(captions.timeline_table, call(coalitions.timeline, T.mijlpalen), lang)
_, timeline_html = render.table_html(data, timeline, label=t("timeline.title", lang))
st.html(
    blocks.block(
        blocks.heading(t("timeline.title", lang)),
        blocks.caption(t("timeline.intro", lang)),
        timeline_html,
        blocks.heading(t("verhalen.list_title", lang)),
        blocks.caption(t("verhalen.list_intro", lang)),
        captions.story_list_html(get(data, stories.stories, T.verhalen, T.gemeenten, lang), lang),
    )
)
