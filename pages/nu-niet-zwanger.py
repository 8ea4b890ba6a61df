"""Nu Niet Zwanger: programmes over time against the target of 50, the published reach, and the map of the
municipalities by the start year of their programme, at a chosen date."""

import pandas as pd
import streamlit as st

from kansrijke.domain import nnz
from kansrijke.text import fmt_date, t
from kansrijke.ui import dataset, deferred, page_map, render, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.ui.cache import T, call, get, resolve
from kansrijke.views import blocks, captions, nnz_view, palette, vega_maps
from kansrijke.views.charts.nnz import programmes_chart, reach_chart

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
asked_progress = call(nnz.progress_at, T.nnz_programmas, T.mijlpalen, date)
progress = resolve(data, asked_progress)
reach = get(data, nnz.reach_at, T.nnz_deelname, T.nnz_programmas, T.gemeenten, date)

# ------------------------------------------------------------------ map (first), the figures beside it
areas = call(nnz_view.programme_areas, call(dataset.municipality_features), T.nnz_deelname)
with map_column:
    page_map.map_or_deck(
        data,
        "nnz_zoom",
        lambda: nnz_view.map_deck(data.tables, date, lang, selected, resolve(data, areas), *dataset.geometry()),
        page_map.map_spec(
            data,
            vega_maps.catalogue_tips(vega_maps.NNZ_TIPS, lang),
            text_columns=tuple(vega_maps.NNZ_TIPS),
            outlines=areas,
            outline_rgba=palette.NNZ_OUTLINE_RGBA,
            description=t("map.description", lang),
        ),
        call(nnz_view.map_values_at, T.nnz_deelname, T.nnz_programmas, T.gemeenten, date, lang, selected),
        outlines=call(nnz_view.outline_values_at, T.nnz_deelname, T.nnz_programmas, date),
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
        members = call(nnz.membership_at, T.nnz_deelname, T.nnz_programmas, date)
        render.lines(get(data, nnz_view.selected_lines, members, T.gemeenten, selected, date, lang))

# A new visitor's first run ends here, with the map and what sits beside it; the rest (below the map: the zoomable
# view, its sources and pictures, then the sections below) comes in a run 1.5 s later (kansrijke.ui.deferred).
deferred.rest_later(lang)

stand = fmt_date(nnz.TABLE_STAND, lang)
with map_column:
    page_map.zoomable_toggle(lang, key="nnz_zoom")
    st.html(
        blocks.block(
            blocks.caption(t("nnz.map_sources", lang, stand=stand)),
            blocks.caption(t("nnz.progress_method", lang, stand=stand)),
            blocks.caption(nnz_view.published_line(progress, date, lang)),
            blocks.paragraph(t("nnz.intro", lang)),
        )
    )
    take_home.map_downloads(data, "nnz", chosen, lang, key="nnz_beeld", highlight=selected)

# ------------------------------------------------------------------ programmes over time
st.html(blocks.block(blocks.heading(t("nnz.programmes_title", lang))))
programmes_spec = render.chart(
    data,
    programmes_chart,
    call(nnz_view.steps_frame, call(nnz.programme_steps, T.nnz_programmas), lang),
    call(nnz_view.milestone_frame, call(nnz.programme_markers, T.mijlpalen), lang),
    call(nnz_view.target_source, asked_progress),
    date,
    nnz_view.programme_labels(progress.target_source, date, lang),
    nnz_view.CHART_DOMAIN,
)
take_home.spec_downloads(
    data, programmes_spec, stem=f"grafiek_nnz_programmas_{chosen}_{lang}", lang=lang, key="nnz_grafiek"
)
st.html(blocks.block(blocks.caption(t("nnz.programmes_caption", lang, stand=stand))))
render.lazy_table(
    data,
    t("nnz.table_alternative", lang),
    "nnz_tabel_gepubliceerd_open",
    call(nnz_view.milestone_table, call(nnz.programme_markers, T.mijlpalen, with_target=True), lang),
    None,
    "nnz_programmas_gepubliceerd",
    lang,
    key="nnz_gepubliceerd",
)

# ------------------------------------------------------------------ reach over time
st.html(blocks.block(blocks.heading(t("nnz.reach_title", lang)), blocks.caption(t("nnz.reach_intro", lang))))
reach_specs = [
    render.chart(
        data,
        reach_chart,
        call(nnz_view.milestone_frame, call(nnz.reach_series, T.mijlpalen, indicators), lang),
        nnz_view.reach_labels(lang, y_key),
        nnz_view.REACH_DOMAIN,
        y_domain,
    )
    for indicators, y_key, y_domain in (
        (nnz.REACH_COUNT_INDICATORS, "nnz.axis_municipalities", (0, float(reach.of))),
        (nnz.REACH_SHARE_INDICATORS, "nnz.axis_percent", (0, 100)),
    )
]
reach_table, reach_html = render.table_html(
    data, call(nnz_view.milestone_table, call(nnz.reach_series, T.mijlpalen), lang), label=t("nnz.reach_title", lang)
)
st.html(blocks.block(blocks.caption(t("nnz.reach_caption", lang)), reach_html))
for spec, stem, key in zip(reach_specs, ("gemeenten", "procent"), ("nnz_bereik_aantal", "nnz_bereik_procent")):
    take_home.spec_downloads(data, spec, stem=f"grafiek_nnz_bereik_{stem}_{lang}", lang=lang, key=key)
widgets.lazy_download_buttons(reach_table, "nnz_bereik", lang, key="nnz_bereik")

# ------------------------------------------------------------------ programmes table
programme_rows, programme_html = render.table_html(
    data,
    call(nnz_view.programme_display, call(nnz.programme_table, T.nnz_programmas, T.nnz_deelname, T.gemeenten), lang),
    label=t("nnz.table_title", lang),
)
st.html(
    blocks.block(
        blocks.heading(t("nnz.table_title", lang)),
        blocks.caption(t("nnz.table_intro", lang, stand=stand)),
        programme_html,
    )
)
widgets.lazy_download_buttons(programme_rows, "nnz_programmas", lang, key="nnz_programmas")
