"""Funding: impulse money Kansrijke Start per inhabitant — map, national picture, 2022 events, top-up, ranking."""

import streamlit as st

from kansrijke.domain import funding
from kansrijke.text import data_label, fmt_int, t
from kansrijke.ui import dataset, deferred, page_map, render, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.ui.cache import T, call, get, resolve
from kansrijke.views import blocks, vega_maps
from kansrijke.views import funding_view as view
from kansrijke.views.charts.funding import ranking_chart, top_up_chart

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
peildatum = data_label(data.tables.inwoners["peildatum"].iloc[0], lang)
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

amounts = view.amounts_of(scope)
with map_column:
    page_map.map_or_deck(
        data,
        "fin_zoom",
        lambda: view.map_deck(resolve(data, amounts), scope, lang, selected, *dataset.geometry()),
        page_map.map_spec(
            data,
            vega_maps.catalogue_tips(vega_maps.FUNDING_TIPS, lang),
            text_columns=tuple(vega_maps.FUNDING_TIPS),
            description=t("map.description", lang),
        ),
        call(view.map_values_for, T.financiering, T.inwoners, T.gemeenten, T.coalities, scope, lang, selected),
    )

with side_column:
    # What the map shows in one sentence, its legend, and (until one is chosen) how to choose a municipality.
    st.html(
        blocks.block(
            blocks.paragraph(
                get(data, view.summary_sentence, amounts, len(data.tables.gemeenten), scope, lang), strong=True
            ),
            view.legend_html(get(data, view.legend_rows, amounts, lang), lang),
            "" if selected else blocks.hint(t("map.click_hint", lang)),
        )
    )
    if selected:
        render.lines(get(data, view.detail_lines, amounts, T.gemeenten, selected, scope, lang))
        take_home.factsheet_button(data, selected, lang, key="fin_factsheet")

# A new visitor's first run ends here, with the map and what sits beside it; the rest (below the map: the zoomable
# view, its sources and pictures, then the sections below) comes in a run 1.5 s later (kansrijke.ui.deferred).
deferred.rest_later(lang)

with map_column:
    page_map.zoomable_toggle(lang, key="fin_zoom")
    st.html(
        blocks.block(
            blocks.caption(t("financiering.map_sources", lang, peildatum=peildatum)),
            blocks.paragraph(t("financiering.intro", lang)),
        )
    )
    take_home.map_downloads(data, "financiering", scope, lang, key="fin_beeld", highlight=selected)

render.lazy_table(
    data,
    t("financiering.table.map", lang),
    "fin_tabel_kaart_open",
    call(view.amounts_table, amounts, lang),
    call(view.download_frame, amounts),
    f"financiering_{scope}",
    lang,
    key="fin_kaart",
)

# --- National picture: published totals against the tables ----------------------------------------------------
reconciled = call(funding.reconciliation, T.financiering, T.mijlpalen)
st.html(
    blocks.block(
        blocks.heading(t("financiering.national.title", lang)),
        blocks.paragraph(t("financiering.national.intro", lang)),
        blocks.figures(get(data, view.national_items, reconciled, lang)),
    )
)
render.lazy_table(
    data,
    t("financiering.table.national", lang),
    "fin_tabel_landelijk_open",
    call(view.reconciliation_table, reconciled, lang),
    reconciled,
    "financiering_landelijk",
    lang,
    key="fin_landelijk",
)

timeline = call(funding.funding_timeline, T.mijlpalen, T.gebeurtenissen)
st.html(
    blocks.block(
        blocks.heading(t("financiering.timeline.title", lang)),
        blocks.paragraph(t("financiering.timeline.intro", lang)),
        render.table_html(
            data, call(view.timeline_table, timeline, lang), label=t("financiering.timeline.title", lang)
        )[1],
    )
)
widgets.lazy_download_buttons(resolve(data, timeline), "financiering_tijdlijn", lang, key="fin_tijdlijn")

# --- The GIDS top-up --------------------------------------------------------------------------------------------
gids = call(funding.top_up, T.financiering, T.inwoners, T.gemeenten)
tranche3 = get(data, funding.tranche3, T.financiering, T.inwoners)
st.html(
    blocks.block(
        blocks.heading(t("financiering.topup.title", lang)),
        blocks.paragraph(t("financiering.topup.intro", lang)),
        blocks.paragraph(get(data, view.top_up_summary, gids, tranche3.level, lang), strong=True),
    )
)
top_up_spec = render.chart(data, top_up_chart, gids, tranche3.level, view.top_up_labels(tranche3.level, lang), lang)
st.html(
    blocks.block(
        blocks.caption(view.top_up_level_caption(tranche3, lang)),
        blocks.caption(t("financiering.sources.amounts", lang, peildatum=peildatum)),
    )
)
render.lazy_table(
    data,
    t("financiering.table.topup", lang),
    "fin_tabel_aanvulling_open",
    call(view.top_up_table, gids, lang),
    call(view.download_frame, gids),
    "financiering_aanvulling_gids",
    lang,
    key="fin_aanvulling",
)
take_home.spec_downloads(
    data, top_up_spec, stem=f"grafiek_aanvulling_gids_{lang}", lang=lang, key="fin_aanvulling_beeld"
)

# --- Ranking ----------------------------------------------------------------------------------------------------
st.html(
    blocks.block(
        blocks.heading(t("financiering.ranking.title", lang)), blocks.paragraph(t("financiering.ranking.intro", lang))
    )
)
chosen = widgets.filter_row(
    filter_options,
    lambda key: t(f"financiering.filter.{key}", lang),
    lambda key, c: t("financiering.filter.all", lang) if c == "" else view.filter_label(key, c, choices, lang),
)
state.url_notice(lang)

ranking = call(funding.filter_rows, amounts, chosen["provincie"], chosen["ggd"], chosen["tranche"])
if resolve(data, ranking).empty:
    st.info(t("financiering.ranking.empty", lang))
else:
    rules = get(data, view.ranking_rules, amounts, selected, lang)
    ranking_spec = render.chart(
        data, ranking_chart, ranking, view.chart_labels(lang), lang, highlight_code=selected, rules=rules
    )
    st.html(
        blocks.block(
            blocks.caption(t("financiering.ranking.count", lang, n=fmt_int(len(resolve(data, ranking)), lang)))
        )
    )
    take_home.spec_downloads(
        data, ranking_spec, stem=f"grafiek_ranglijst_{scope}_{lang}", lang=lang, key="fin_rang_beeld"
    )
st.caption(t("financiering.sources.amounts", lang, peildatum=peildatum))
render.lazy_table(
    data,
    t("financiering.table.ranking", lang),
    "fin_tabel_ranglijst_open",
    call(view.amounts_table, ranking, lang),
    call(view.download_frame, ranking),
    f"financiering_ranglijst_{scope}",
    lang,
    key="fin_rang",
)
