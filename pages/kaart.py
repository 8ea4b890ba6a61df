"""Home: the map of the local coalitions Kansrijke Start at a chosen stand."""
import pandas as pd
import streamlit as st

from kansrijke.domain import coalitions, stories
from kansrijke.data import geo
from kansrijke.views import maps
from kansrijke.ui import cache, dataset, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.views import captions
from kansrijke.views.coalition_view import map_frame, map_table, summary_sentence, tooltip_html
from kansrijke.domain.profile import profile
from kansrijke.text import data_label, fmt_date, fmt_int, t



@st.cache_data(show_spinner=False)
def centroids() -> pd.DataFrame:
    """Municipality centroids (for the story pins), computed once per process."""
    return geo.centroids()


state.through_app()
lang = state.language()
tables = dataset.tables_or_stop()

st.title(t("kaart.title", lang))
st.write(t("kaart.intro", lang))

stand_options = [s.date().isoformat() for s in coalitions.STANDS]
default_stand = coalitions.DEFAULT_STAND.date().isoformat()
state.restore_from_url("stand", stand_options)
controls = st.columns([3, 3, 2])
with controls[0]:
    stand = st.select_slider(
        t("kaart.stand_label", lang), options=stand_options, value=st.session_state.get("stand", default_stand),
        format_func=lambda iso: captions.stand_label(iso, lang), key="stand",
    )
    state.keep_in_url("stand", stand, default_stand)
with controls[1]:
    selected = widgets.municipality_search(tables.gemeenten, lang)
with controls[2]:
    sourced_only = st.toggle(t("kaart.sourced_only", lang), key="bron", help=t("kaart.sourced_only_help", lang),
                             bind="query-params")

state.url_notice(lang)
date = pd.Timestamp(stand)
counts = cache.cached(coalitions.counts_at)(tables.coalities, tables.gemeenten, date, sourced_only=sourced_only)

# Headline figures, each with the publication that states it.
figures = cache.cached(coalitions.headline_figures)(counts, tables.mijlpalen)
for column, figure in zip(st.columns(len(figures)), figures):
    with column:
        st.metric(t(f"headline.{figure.key}", lang), fmt_int(figure.value, lang),
                  help=None if figure.key == "totaal" else t(f"tranche.{figure.key}", lang))
        if figure.source is not None:
            st.caption(captions.source_caption(figure.source, lang))
        elif figure.derived:
            st.caption(t("headline.derived", lang))
        else:
            st.caption(t("headline.none", lang, date=fmt_date(date, lang)))

summary = summary_sentence(counts, lang, sourced_only=sourced_only)
map_column, side_column = st.columns([3, 2])
with map_column:
    st.markdown(f"**{captions.escape_markdown(summary)}**")
    status = cache.cached(coalitions.status_at)(tables.coalities, tables.gemeenten, date, sourced_only=sourced_only)
    frame = cache.cached(map_frame)(status, tables.gemeenten, tables.inwoners, date, lang)
    # Story pins share the map's tooltip template: each field gets the pin's own text.
    story_list = stories.stories(tables.verhalen, tables.gemeenten, lang)
    pins = maps.story_pin_layers(
        stories.pins(story_list, centroids(), lang), tooltip_html(),
        {"naam": "naam", "tranche_label": "verhaal", "datum_label": "titel", "inwoners_label": "thema",
         "basis_label": "bron_label"})
    deck = maps.choropleth_deck(
        frame, dataset.municipality_features(), dataset.province_features(), tooltip_html(),
        view=maps.view_for(selected, dataset.municipality_features(), width_px=520, height_px=620), highlight_code=selected,
        extra_layers=pins,
    )
    st.pydeck_chart(deck, height=620)
    st.caption(t("kaart.map_sources", lang, peildatum=data_label(tables.inwoners["peildatum"].iloc[0], lang)))
    with st.expander(t("kaart.table_title", lang)):
        behind_map = cache.cached(map_table)(status, tables.gemeenten, tables.inwoners)
        st.dataframe(behind_map, hide_index=True, width="stretch")
        widgets.download_buttons(behind_map, f"coalities_{stand}", lang, key="kaart_tabel")
    take_home.map_downloads(tables, "kaart", stand, lang, key="kaart_beeld", highlight=selected)

with side_column:
    st.subheader(t("legend.title", lang))
    st.markdown(captions.legend_html(maps.legend_items(), lang), unsafe_allow_html=True)
    st.caption(t("verhalen.legend", lang))

    if selected:
        detail = profile(tables, selected)
        widgets.detail_panel(detail, date, lang)
        take_home.factsheet_button(tables, selected, lang, key="kaart_factsheet")
    else:
        st.info(t("kaart.pick_hint", lang))

st.subheader(t("timeline.title", lang))
st.caption(t("timeline.intro", lang))
st.dataframe(cache.cached(captions.timeline_table)(cache.cached(coalitions.timeline)(tables.mijlpalen), lang), hide_index=True,
             width="stretch")

st.subheader(t("verhalen.list_title", lang))
st.caption(t("verhalen.list_intro", lang))
for story in story_list:
    with st.expander(captions.escape_markdown(f"{story.number} · {story.titel}")):
        st.markdown(f"**{captions.escape_markdown(stories.places_text(story, lang))}** · "
                    f"{captions.escape_markdown(t('verhalen.theme', lang, thema=story.thema))}")
        st.write(captions.escape_markdown(story.samenvatting))
        st.caption(captions.escape_markdown(stories.source_label(story, lang)))
