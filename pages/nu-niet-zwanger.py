"""Nu Niet Zwanger: programmes over time against the target of 50, the published reach, and the map of the
municipalities by the start year of their programme, at a chosen date."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from kansrijke.data import geo
from kansrijke.domain import nnz
from kansrijke.text import fmt_date, fmt_milestone, t
from kansrijke.ui import cache, dataset, deferred, page_map, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.views import blocks, captions, maps, nnz_view, palette, vega_maps
from kansrijke.views.charts.nnz import ProgrammeLabels, ReachLabels, programmes_chart, reach_chart

CHART_DOMAIN = ("2017-01-01", "2024-07-01")  # Midden-Brabant (2014) shows as 1 at the left edge
REACH_DOMAIN = ("2020-01-01", "2024-07-01")
MAP_TIPS = ("naam", "programma_label", "centrum_label", "start_label", "basis_label")
TIP_TITLES = {
    "naam": "naam",
    "programma_label": "programma",
    "centrum_label": "centrum",
    "start_label": "start",
    "basis_label": "basis",
}


def membership_of(links: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(nnz.programme_of(links).items()))


@st.cache_resource(show_spinner=False)
def programme_outlines(membership: tuple[tuple[str, str], ...]) -> dict:
    """Dissolved programme areas, computed once per membership table (read-only)."""
    return geo.dissolve(dataset.municipality_features(), dict(membership))


@st.cache_resource(show_spinner=False, max_entries=16)
def nnz_map_spec(membership: tuple[tuple[str, str], ...], lang: str) -> dict:
    """The map's spec with every programme area (read-only), made once per membership table and language: keyed by
    the membership, not by the areas' geometry (hashing that would cost more than the rest of a rerun)."""
    tips = vega_maps.tips(MAP_TIPS, lambda f: t(f"map.tip.{TIP_TITLES[f]}", lang))
    return page_map.map_spec(
        tips,
        text_columns=MAP_TIPS,
        outlines=programme_outlines(membership),
        outline_rgba=palette.NNZ_OUTLINE_RGBA,
        description=t("map.description", lang),
    )


state.through_app()
lang = state.language()
tables = dataset.tables_or_stop()
programmes, links, milestones = tables.nnz_programmas, tables.nnz_deelname, tables.mijlpalen

page_map.map_first()

# ------------------------------------------------------------------ the title and one row of controls (in the URL)
date_options = [d.date().isoformat() for d in cache.cached(nnz.date_options)(programmes, milestones)]
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
    selected = widgets.municipality_search(tables.gemeenten, lang)
state.url_notice(lang)
date = pd.Timestamp(chosen)
progress = cache.cached(nnz.progress_at)(programmes, milestones, date)
reach = cache.cached(nnz.reach_at)(links, programmes, tables.gemeenten, date)

# ------------------------------------------------------------------ map (first), the figures beside it
members = cache.cached(nnz.membership_at)(links, programmes, date)
with map_column:
    if st.session_state.get("nnz_zoom"):
        # The zoomable view (deck.gl): built only when asked for.
        outlines = programme_outlines(cache.cached(membership_of)(links))
        started_ids = members.loc[members["started"], "programma_id"].unique()
        deck = maps.choropleth_deck(
            nnz_view.map_frame(members, tables.gemeenten, date, lang),
            dataset.municipality_features(),
            dataset.province_features(),
            nnz_view.tooltip_html(),
            view=maps.view_for(selected, dataset.municipality_features(), width_px=700, height_px=600),
            highlight_code=selected,
            missing_props=nnz_view.missing_props(lang),
            extra_layers=[
                maps.outline_layer(
                    "programmas", nnz.outline_collection(outlines, started_ids), palette.NNZ_OUTLINE_RGBA, 2.5
                )
            ],
        )
        st.pydeck_chart(deck, height=600)
    else:
        page_map.municipality_map(
            nnz_map_spec(cache.cached(membership_of)(links), lang),
            page_map.arrow_of(nnz_view.map_values_at, links, programmes, tables.gemeenten, date, lang, selected),
            outlines=page_map.arrow_of(nnz_view.outline_values_at, links, programmes, date),
        )

with side_column:
    # What the map shows in one sentence, the figures (the source or the split sourced/modelled one click away),
    # the legend, and (until one is chosen) how to choose a municipality.
    st.html(
        blocks.block(
            blocks.paragraph(nnz_view.summary_sentence(reach, lang), strong=True),
            blocks.figures(nnz_view.headline_items(progress, reach, date, lang), t("headline.note", lang)),
            captions.legend_html(nnz_view.legend_items(reach), lang),
            blocks.caption(t("nnz.legend_outline", lang)),
            "" if selected else blocks.hint(t("map.click_hint", lang)),
        )
    )
    if selected:
        sentence, member = nnz_view.selected_text(members, tables.gemeenten, selected, date, lang)
        st.write(captions.escape_markdown(sentence))
        if member is not None:
            st.caption(captions.basis_text(member, lang))

# A new visitor's first run ends here, with the map and what sits beside it; the rest (below the map: the zoomable
# view, its sources and pictures, then the sections below) comes in a run 1.5 s later (kansrijke.ui.deferred).
deferred.rest_later(lang)

with map_column:
    page_map.zoomable_toggle(lang, key="nnz_zoom")
    st.html(
        blocks.block(
            blocks.caption(t("nnz.map_sources", lang, stand=fmt_date(nnz.TABLE_STAND, lang))),
            blocks.caption(t("nnz.progress_method", lang, stand=fmt_date(nnz.TABLE_STAND, lang))),
            blocks.caption(nnz_view.published_line(progress, date, lang)),
            blocks.paragraph(t("nnz.intro", lang)),
        )
    )
    take_home.map_downloads(tables, "nnz", chosen, lang, key="nnz_beeld", highlight=selected)

# ------------------------------------------------------------------ programmes over time
st.html(blocks.block(blocks.heading(t("nnz.programmes_title", lang))))
markers = cache.cached(nnz.programme_markers)(milestones)
target = progress.target_source
programmes_spec = cache.chart(
    programmes_chart,
    cache.cached(nnz_view.steps_frame)(cache.cached(nnz.programme_steps)(programmes), lang),
    cache.cached(nnz_view.milestone_frame)(markers, lang),
    target,
    date,
    ProgrammeLabels(
        x=t("nnz.axis_date", lang),
        y=t("nnz.axis_programmes", lang),
        series=t("nnz.legend_series", lang),
        indicator=t("nnz.legend_published", lang),
        figure=t("timeline.col_figure", lang),
        source=t("timeline.col_source", lang),
        date=t("timeline.col_date", lang),
        target=t("nnz.target_line", lang, figure=fmt_milestone(target, lang), date=target["datum_label"]),
        chosen=fmt_date(date, lang),
        bron_series=t("nnz.series_bron", lang),
        alle_series=t("nnz.series_alle", lang),
    ),
    CHART_DOMAIN,
)
take_home.spec_downloads(programmes_spec, stem=f"grafiek_nnz_programmas_{chosen}_{lang}", lang=lang, key="nnz_grafiek")
st.html(blocks.block(blocks.caption(t("nnz.programmes_caption", lang, stand=fmt_date(nnz.TABLE_STAND, lang)))))
with widgets.lazy_expander(t("nnz.table_alternative", lang), key="nnz_tabel_gepubliceerd_open") as box:
    if box.open:
        published_programmes = cache.table(
            nnz_view.milestone_table, cache.cached(nnz.programme_markers)(milestones, with_target=True), lang
        )
        widgets.download_buttons(published_programmes, "nnz_programmas_gepubliceerd", lang, key="nnz_gepubliceerd")

# ------------------------------------------------------------------ reach over time
st.html(blocks.block(blocks.heading(t("nnz.reach_title", lang)), blocks.caption(t("nnz.reach_intro", lang))))
reach_labels = ReachLabels(
    x=t("nnz.axis_date", lang),
    y="",
    indicator=t("nnz.legend_published", lang),
    figure=t("timeline.col_figure", lang),
    source=t("timeline.col_source", lang),
    date=t("timeline.col_date", lang),
    kind=t("nnz.legend_kind", lang),
    exact_kind=t("nnz.qualifier_kind.waarde", lang),
    lower_kind=t("nnz.qualifier_kind.ondergrens", lang),
)
counts = cache.cached(nnz.reach_series)(milestones, nnz.REACH_COUNT_INDICATORS)
counts_spec = cache.chart(
    reach_chart,
    cache.cached(nnz_view.milestone_frame)(counts, lang),
    replace(reach_labels, y=t("nnz.axis_municipalities", lang)),
    REACH_DOMAIN,
    (0, float(reach.of)),
)
shares = cache.cached(nnz.reach_series)(milestones, nnz.REACH_SHARE_INDICATORS)
shares_spec = cache.chart(
    reach_chart,
    cache.cached(nnz_view.milestone_frame)(shares, lang),
    replace(reach_labels, y=t("nnz.axis_percent", lang)),
    REACH_DOMAIN,
    (0, 100),
)
all_reach = cache.cached(nnz.reach_series)(milestones)
reach_table, reach_html = cache.table_html(nnz_view.milestone_table, all_reach, lang, label=t("nnz.reach_title", lang))
st.html(blocks.block(blocks.caption(t("nnz.reach_caption", lang)), reach_html))
take_home.spec_downloads(counts_spec, stem=f"grafiek_nnz_bereik_gemeenten_{lang}", lang=lang, key="nnz_bereik_aantal")
take_home.spec_downloads(shares_spec, stem=f"grafiek_nnz_bereik_procent_{lang}", lang=lang, key="nnz_bereik_procent")
widgets.lazy_download_buttons(reach_table, "nnz_bereik", lang, key="nnz_bereik")

# ------------------------------------------------------------------ programmes table
programme_table = cache.cached(nnz.programme_table)(programmes, links, tables.gemeenten)
programme_rows, programme_html = cache.table_html(
    nnz_view.programme_display, programme_table, lang, label=t("nnz.table_title", lang)
)
st.html(
    blocks.block(
        blocks.heading(t("nnz.table_title", lang)),
        blocks.caption(t("nnz.table_intro", lang, stand=fmt_date(nnz.TABLE_STAND, lang))),
        programme_html,
    )
)
widgets.lazy_download_buttons(programme_rows, "nnz_programmas", lang, key="nnz_programmas")
