"""Home: the map of the local coalitions Kansrijke Start at a chosen stand."""

import pandas as pd
import streamlit as st

from kansrijke.data import geo
from kansrijke.domain import coalitions, stories
from kansrijke.domain.profile import profile
from kansrijke.text import data_label, t
from kansrijke.ui import cache, dataset, page_map, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.views import blocks, captions, maps, vega_maps
from kansrijke.views.coalition_view import (
    headline_items,
    map_frame,
    map_table_at,
    map_values_at,
    summary_sentence,
    tooltip_html,
)

MAP_TIPS = ("naam", "tranche_label", "datum_label", "inwoners_label", "basis_label")
TIP_TITLES = {
    "naam": "naam",
    "tranche_label": "tranche",
    "datum_label": "datum",
    "inwoners_label": "inwoners",
    "basis_label": "basis",
}
PIN_TIPS = ("naam", "verhaal", "titel", "thema", "bron_label")
PIN_TITLES = {"naam": "naam", "verhaal": "verhaal", "titel": "titel", "thema": "thema", "bron_label": "bron"}


@st.cache_data(show_spinner=False)
def centroids() -> pd.DataFrame:
    """Municipality centroids (for the story pins), computed once per process."""
    return geo.centroids()


def story_pins(verhalen: pd.DataFrame, gemeenten: pd.DataFrame, lang: str) -> pd.DataFrame:
    return stories.pins(stories.stories(verhalen, gemeenten, lang), centroids(), lang)


def pin_rows(verhalen: pd.DataFrame, gemeenten: pd.DataFrame, lang: str, tips) -> pd.DataFrame:
    return vega_maps.pin_values(story_pins(verhalen, gemeenten, lang), tips)


def timeline_rows(mijlpalen: pd.DataFrame, lang: str) -> pd.DataFrame:
    return captions.timeline_table(coalitions.timeline(mijlpalen), lang)


state.through_app()
lang = state.language()
tables = dataset.tables_or_stop()
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
    selected = widgets.municipality_search(tables.gemeenten, lang)
    sourced_only = st.toggle(
        t("kaart.sourced_only", lang), key="bron", help=t("kaart.sourced_only_help", lang), bind="query-params"
    )
state.url_notice(lang)

counts = cache.cached(coalitions.counts_at)(tables.coalities, tables.gemeenten, date, sourced_only=sourced_only)
story_list = cache.cached(stories.stories)(tables.verhalen, tables.gemeenten, lang)
summary = summary_sentence(counts, lang, sourced_only=sourced_only)

with map_column:
    if st.session_state.get("kaart_zoom"):
        # The zoomable view (deck.gl): built only when asked for. Story pins share the map's tooltip template.
        status = coalitions.status_at(tables.coalities, tables.gemeenten, date, sourced_only=sourced_only)
        frame = map_frame(status, tables.gemeenten, tables.inwoners, date, lang)
        pin_layers = maps.story_pin_layers(
            story_pins(tables.verhalen, tables.gemeenten, lang),
            tooltip_html(),
            {
                "naam": "naam",
                "tranche_label": "verhaal",
                "datum_label": "titel",
                "inwoners_label": "thema",
                "basis_label": "bron_label",
            },
        )
        deck = maps.choropleth_deck(
            frame,
            dataset.municipality_features(),
            dataset.province_features(),
            tooltip_html(),
            view=maps.view_for(selected, dataset.municipality_features(), width_px=700, height_px=600),
            highlight_code=selected,
            extra_layers=pin_layers,
        )
        st.pydeck_chart(deck, height=600)
    else:
        tips = vega_maps.tips(MAP_TIPS, lambda f: t(f"map.tip.{TIP_TITLES[f]}", lang))
        pin_tips = vega_maps.tips(PIN_TIPS, lambda f: t(f"map.tip.{PIN_TITLES[f]}", lang))
        page_map.municipality_map(
            page_map.map_spec(tips, pin_tips=pin_tips, description=t("map.description", lang)),
            page_map.arrow_of(
                map_values_at, tables.coalities, tables.gemeenten, tables.inwoners, date, lang, selected, sourced_only
            ),
            page_map.arrow_of(pin_rows, tables.verhalen, tables.gemeenten, lang, pin_tips),
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
            behind_map = cache.table(
                map_table_at, tables.coalities, tables.gemeenten, tables.inwoners, date, sourced_only
            )
            widgets.download_buttons(behind_map, f"coalities_{stand}", lang, key="kaart_tabel")
    take_home.map_downloads(tables, "kaart", stand, lang, key="kaart_beeld", highlight=selected)

with side_column:
    # The text beside the map, as one block: what it shows in one sentence, the headline figures (each source one
    # click away), the legend, and (until one is chosen) how to choose a municipality.
    figures = cache.cached(coalitions.headline_figures)(counts, tables.mijlpalen)
    st.html(
        blocks.block(
            blocks.paragraph(summary, strong=True),
            blocks.figures(headline_items(figures, date, lang), t("headline.note", lang)),
            blocks.caption(t("verhalen.legend", lang)),
            captions.legend_html(maps.legend_items(), lang),
            "" if selected else blocks.hint(t("map.click_hint", lang)),
        )
    )
    if selected:
        detail = cache.cached(profile)(tables, selected)
        widgets.detail_panel(detail, date, lang)
        take_home.factsheet_button(tables, selected, lang, key="kaart_factsheet")

# Below the map, one block: the published counts over time, and the stories behind the pins.
_, timeline_html = cache.table_html(timeline_rows, tables.mijlpalen, lang, label=t("timeline.title", lang))
st.html(
    blocks.block(
        blocks.heading(t("timeline.title", lang)),
        blocks.caption(t("timeline.intro", lang)),
        timeline_html,
        blocks.heading(t("verhalen.list_title", lang)),
        blocks.caption(t("verhalen.list_intro", lang)),
        captions.story_list_html(story_list, lang),
    )
)
