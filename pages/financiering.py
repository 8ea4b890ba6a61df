"""Funding: impulse money Kansrijke Start per inhabitant — map, national picture, 2022 events, top-up, ranking."""

import streamlit as st

from kansrijke.domain import funding
from kansrijke.text import data_label, fmt_eur, fmt_eur_per_inhabitant, fmt_int, t
from kansrijke.ui import cache, dataset, deferred, page_map, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.views import blocks, captions, maps, vega_maps
from kansrijke.views import funding_view as view
from kansrijke.views.charts.funding import ranking_chart, top_up_chart

MAP_TIPS = (
    "naam",
    "per_inwoner_label",
    "bedrag_label",
    "inwoners_label",
    "tranche_label",
    "regelingen_label",
    "basis_label",
)
TIP_TITLES = {
    "naam": "naam",
    "per_inwoner_label": "per_inwoner",
    "bedrag_label": "bedrag",
    "inwoners_label": "inwoners",
    "tranche_label": "tranche",
    "regelingen_label": "regelingen",
    "basis_label": "basis",
}

state.through_app()
lang = state.language()
tables = dataset.tables_or_stop()
peildatum = data_label(tables.inwoners["peildatum"].iloc[0], lang)

page_map.map_first()

# Shareable controls: every value comes from and goes to the URL; unknown values fall back with a notice.
choices = cache.cached(funding.filter_choices)(tables.gemeenten)  # the same for every visitor
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
    selected = widgets.municipality_search(tables.gemeenten, lang)

amounts = cache.cached(funding.per_inhabitant)(
    tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities, scope
)
chart_labels = {
    k: t(f"financiering.chart.{k}", lang)
    for k in (
        "x",
        "y",
        "bron",
        "model",
        "selected",
        "other",
        "basis",
        "marking",
        "rules",
        "amount",
        "inhabitants",
        "before",
        "after",
        "stand",
    )
}

# --- Map ------------------------------------------------------------------------------------------------------
with map_column:
    if st.session_state.get("fin_zoom"):
        # The zoomable view (deck.gl): built only when asked for.
        deck = maps.choropleth_deck(
            view.map_frame(amounts, lang),
            dataset.municipality_features(),
            dataset.province_features(),
            view.tooltip_html(),
            view=maps.view_for(selected, dataset.municipality_features(), width_px=700, height_px=600),
            highlight_code=selected,
            missing_props=view.missing_props(scope, lang),
        )
        st.pydeck_chart(deck, height=600)
    else:
        tips = vega_maps.tips(MAP_TIPS, lambda f: t(f"map.tip.{TIP_TITLES[f]}", lang))
        page_map.municipality_map(
            page_map.map_spec(tips, text_columns=MAP_TIPS, description=t("map.description", lang)),
            page_map.arrow_of(
                view.map_values_for,
                tables.financiering,
                tables.inwoners,
                tables.gemeenten,
                tables.coalities,
                scope,
                lang,
                selected,
            ),
        )

averages = cache.cached(funding.averages_for)(amounts, selected) if selected else None
with side_column:
    # What the map shows in one sentence, its legend, and (until one is chosen) how to choose a municipality.
    st.html(
        blocks.block(
            blocks.paragraph(view.summary_sentence(amounts, len(tables.gemeenten), scope, lang), strong=True),
            view.legend_html(cache.cached(view.legend_rows)(amounts, lang), lang),
            "" if selected else blocks.hint(t("map.click_hint", lang)),
        )
    )
    if selected:
        name = tables.gemeenten.set_index("code").at[selected, "naam"]
        if averages is None:
            st.write(
                captions.escape_markdown(
                    t("financiering.detail.none", lang, naam=name, scope=view.scope_label(scope, lang))
                )
            )
        else:
            row = amounts[amounts["code"] == selected].iloc[0]
            st.subheader(captions.escape_markdown(name))
            st.write(
                captions.escape_markdown(
                    t(
                        "financiering.detail",
                        lang,
                        naam=name,
                        bedrag=fmt_eur(row["bedrag_eur"], lang),
                        inwoners=fmt_int(row["inwoners"], lang),
                        rate=fmt_eur_per_inhabitant(row["eur_per_inwoner"], lang),
                        scope=view.scope_label(scope, lang),
                    )
                )
            )
            st.write(
                captions.escape_markdown(
                    t(
                        "financiering.detail.averages",
                        lang,
                        provincie=averages.provincie,
                        p=fmt_eur_per_inhabitant(averages.provincie_rate, lang),
                        tranche=view.tranche_label(averages.tranche, lang),
                        t=fmt_eur_per_inhabitant(averages.tranche_rate, lang),
                        n=fmt_eur_per_inhabitant(averages.national_rate, lang),
                    )
                )
            )
            st.caption(captions.escape_markdown(view.basis_label(row, lang)))
        take_home.factsheet_button(tables, selected, lang, key="fin_factsheet")

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
    take_home.map_downloads(tables, "financiering", scope, lang, key="fin_beeld", highlight=selected)

with widgets.lazy_expander(t("financiering.table.map", lang), key="fin_tabel_kaart_open") as box:
    if box.open:
        cache.table(view.amounts_table, amounts, lang)
        widgets.download_buttons(
            cache.cached(view.download_frame)(amounts), f"financiering_{scope}", lang, key="fin_kaart"
        )

# --- National picture: published totals against the tables ----------------------------------------------------
reconciled = cache.cached(funding.reconciliation)(tables.financiering, tables.mijlpalen)
st.html(
    blocks.block(
        blocks.heading(t("financiering.national.title", lang)),
        blocks.paragraph(t("financiering.national.intro", lang)),
        blocks.figures(view.national_items(reconciled, lang)),
    )
)
with widgets.lazy_expander(t("financiering.table.national", lang), key="fin_tabel_landelijk_open") as box:
    if box.open:
        cache.table(view.reconciliation_table, reconciled, lang)
        widgets.download_buttons(reconciled, "financiering_landelijk", lang, key="fin_landelijk")

timeline = cache.cached(funding.funding_timeline)(tables.mijlpalen, tables.gebeurtenissen)
st.html(
    blocks.block(
        blocks.heading(t("financiering.timeline.title", lang)),
        blocks.paragraph(t("financiering.timeline.intro", lang)),
        cache.table_html(view.timeline_table, timeline, lang, label=t("financiering.timeline.title", lang))[1],
    )
)
widgets.lazy_download_buttons(timeline, "financiering_tijdlijn", lang, key="fin_tijdlijn")

# --- The GIDS top-up --------------------------------------------------------------------------------------------
gids = cache.cached(funding.top_up)(tables.financiering, tables.inwoners, tables.gemeenten)
tranche3 = cache.cached(funding.tranche3)(tables.financiering, tables.inwoners)
level = tranche3.level
below_before, below_after = funding.top_up_counts(gids, level)
topup_summary = t(
    "financiering.topup.summary",
    lang,
    below=fmt_int(below_before, lang),
    n=fmt_int(len(gids), lang),
    after_below=fmt_int(below_after, lang),
)
st.html(
    blocks.block(
        blocks.heading(t("financiering.topup.title", lang)),
        blocks.paragraph(t("financiering.topup.intro", lang)),
        blocks.paragraph(topup_summary, strong=True),
    )
)
cache.chart(
    top_up_chart,
    gids,
    level,
    {**chart_labels, "level": t("financiering.chart.level", lang, rate=fmt_eur_per_inhabitant(level, lang))},
    lang,
)
st.html(
    blocks.block(
        blocks.caption(
            t(
                "financiering.topup.level",
                lang,
                bedrag=fmt_eur(tranche3.bedrag_eur, lang),
                inwoners=fmt_int(tranche3.inwoners, lang),
                n=fmt_int(tranche3.gemeenten, lang),
                rate=fmt_eur_per_inhabitant(level, lang),
            )
        ),
        blocks.caption(t("financiering.sources.amounts", lang, peildatum=peildatum)),
    )
)
with widgets.lazy_expander(t("financiering.table.topup", lang), key="fin_tabel_aanvulling_open") as box:
    if box.open:
        cache.table(view.top_up_table, gids, lang)
        widgets.download_buttons(
            cache.cached(view.download_frame)(gids), "financiering_aanvulling_gids", lang, key="fin_aanvulling"
        )
take_home.chart_downloads(
    top_up_chart,
    gids,
    level,
    {**chart_labels, "level": t("financiering.chart.level", lang, rate=fmt_eur_per_inhabitant(level, lang))},
    lang,
    stem=f"grafiek_aanvulling_gids_{lang}",
    lang=lang,
    key="fin_aanvulling_beeld",
)

# --- Ranking ----------------------------------------------------------------------------------------------------
st.html(
    blocks.block(
        blocks.heading(t("financiering.ranking.title", lang)), blocks.paragraph(t("financiering.ranking.intro", lang))
    )
)
filter_labels = {
    "provincie": lambda c: choices["provincie"].get(c, c),
    "ggd": lambda c: choices["ggd"].get(c, c),
    "tranche": lambda c: view.tranche_label(c, lang),
}
chosen = {}
for column, (key, options) in zip(st.columns(3), filter_options.items()):
    with column:
        chosen[key] = st.selectbox(
            t(f"financiering.filter.{key}", lang),
            options,
            key=key,
            format_func=lambda c, k=key: t("financiering.filter.all", lang) if c == "" else filter_labels[k](c),
        )
        state.keep_in_url(key, chosen[key], "")
state.url_notice(lang)

ranking = cache.cached(funding.filter_rows)(amounts, chosen["provincie"], chosen["ggd"], chosen["tranche"])
if ranking.empty:
    st.info(t("financiering.ranking.empty", lang))
else:
    cache.chart(
        ranking_chart,
        ranking,
        chart_labels,
        lang,
        highlight_code=selected,
        rules=view.average_rules(averages, amounts, lang),
    )
    st.html(blocks.block(blocks.caption(t("financiering.ranking.count", lang, n=fmt_int(len(ranking), lang)))))
    take_home.chart_downloads(
        ranking_chart,
        ranking,
        chart_labels,
        lang,
        highlight_code=selected,
        rules=view.average_rules(averages, amounts, lang),
        stem=f"grafiek_ranglijst_{scope}_{lang}",
        lang=lang,
        key="fin_rang_beeld",
    )
st.caption(t("financiering.sources.amounts", lang, peildatum=peildatum))
with widgets.lazy_expander(t("financiering.table.ranking", lang), key="fin_tabel_ranglijst_open") as box:
    if box.open:
        cache.table(view.amounts_table, ranking, lang)
        widgets.download_buttons(
            cache.cached(view.download_frame)(ranking), f"financiering_ranglijst_{scope}", lang, key="fin_rang"
        )
