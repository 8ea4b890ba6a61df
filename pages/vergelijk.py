"""Vergelijk: a municipality next to comparable municipalities (peers), its province, GGD region and the country."""

import streamlit as st

from kansrijke.domain import comparison, peers
from kansrijke.text import fmt_int, t
from kansrijke.ui import dataset, page_map, peer_choice, render, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.ui.cache import TABLES, T, call, get, resolve
from kansrijke.views import blocks, captions, vega_maps
from kansrijke.views import compare_view as view
from kansrijke.views.charts import compare as charts

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
features = call(peers.feature_frame, T.gemeenten, T.inwoners, T.coalities, T.nnz_deelname, call(dataset.areas_km2))
names = get(data, view.names_of, features)  # shared: read only
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
    summary_box = st.container()
    with st.expander(t("vergelijk.weights_title", lang), expanded=True):
        st.html(blocks.block(blocks.caption(t("vergelijk.weights_help", lang))))
        weights = widgets.weight_sliders(
            peers.FEATURE_KEYS, view.weight_key, peers.DEFAULT_WEIGHTS, peers.MAX_WEIGHT, lang
        )


def draw_map(chosen_code: str | None, peer_codes: tuple[str, ...], ranked) -> None:
    """The map: the chosen municipality, its peers (outlined) and the rest grey; a click chooses another."""
    with map_column:
        page_map.map_or_deck(
            data,
            "vergelijk_zoom",
            lambda: view.map_deck(chosen_code, peer_codes, resolve(data, ranked), lang, *dataset.geometry()),
            page_map.map_spec(
                data,
                vega_maps.catalogue_tips(vega_maps.PEER_TIPS, lang),
                text_columns=tuple(vega_maps.PEER_TIPS),
                description=t("map.description", lang),
            ),
            call(view.map_values, T.gemeenten, chosen_code, peer_codes, ranked, lang),
        )
        page_map.zoomable_toggle(lang, key="vergelijk_zoom")
        st.html(
            blocks.block(blocks.caption(t("vergelijk.map_source", lang)), blocks.paragraph(t("vergelijk.intro", lang)))
        )


def method() -> None:
    with st.expander(t("vergelijk.method_title", lang)):
        st.markdown(t("vergelijk.method_body", lang, match=fmt_int(peers.MATCH_NUMERIC * 100, lang)))


state.url_notice(lang)

if selected is None:
    with summary_box:
        st.info(t("vergelijk.pick_hint", lang))
        st.html(blocks.block(view.legend(lang)))
    draw_map(None, (), None)
    method()
    st.stop()
if not peers.has_weight(weights):
    with summary_box:
        st.warning(t("vergelijk.no_weight", lang))
    st.stop()

ranked = call(peers.find_peers, features, selected, weights, n=None)
proposals = tuple(resolve(data, ranked)["code"].head(peers.DEFAULT_COUNT))
shown = peer_choice.shown(selected, proposals)
chosen = shown.chosen
with summary_box:
    # What the map shows in one sentence, and its legend.
    st.html(blocks.block(blocks.paragraph(view.summary(names, selected, chosen, lang), strong=True), view.legend(lang)))
draw_map(selected, chosen, ranked)

st.html(blocks.block(blocks.heading(t("vergelijk.peers_title", lang, naam=names[selected]))))
peer_choice.picker(names, selected, proposals, shown, lang)
take_home.factsheet_button(data, selected, lang, key="vergelijk_factsheet")

# The tables are plain HTML tables in the page's text blocks: a change of weights redraws text, not grids.
title = t("vergelijk.list_title", lang)
matches = call(comparison.match_table, ranked, list(chosen), list(proposals), view.SHOWN_PROPOSALS, lang)
st.html(
    blocks.block(
        blocks.heading(title),
        blocks.caption(t("vergelijk.list_caption", lang, n=fmt_int(view.SHOWN_PROPOSALS, lang))),
        render.table_html(data, matches, label=title)[1],
    )
)
ranking = get(data, comparison.ranking_download, ranked, features, list(chosen))
widgets.lazy_download_buttons(ranking, f"peers_{selected}", lang, key="vergelijk_lijst")
method()

parts = call(comparison.contributions, ranked, list(chosen), lang)
if not resolve(data, parts).empty:
    st.html(blocks.block(blocks.heading(t("vergelijk.why_title", lang))))
    why_spec = render.chart(data, charts.contribution_chart, parts, view.contribution_labels(lang))
    st.html(blocks.block(blocks.caption(t("vergelijk.why_caption", lang))))
    take_home.spec_downloads(
        data, why_spec, stem=f"grafiek_waarom_{selected}_{lang}", lang=lang, key="vergelijk_waarom"
    )

# Side by side.
codes = (selected, *chosen)
facts = call(comparison.municipality_facts, TABLES, features, list(codes))
title = t("vergelijk.side_title", lang)
st.html(
    blocks.block(
        blocks.heading(title),
        render.table_html(data, call(comparison.side_by_side_table, facts, lang), label=title, row_labels=True)[1],
        blocks.caption(
            t("vergelijk.side_caption", lang, peildatum=get(data, comparison.inhabitants_label, facts, lang))
        ),
        blocks.caption(captions.source_line(data.tables.inwoners.iloc[0], lang)),
        blocks.caption(t("vergelijk.density_note", lang)),
    )
)
widgets.lazy_download_buttons(resolve(data, facts), f"vergelijking_{selected}", lang, key="vergelijk_naast")

references = call(comparison.reference_figures, TABLES, features, selected)
title = t("vergelijk.reference_title", lang)
st.html(
    blocks.block(
        blocks.heading(title),
        render.table_html(data, call(comparison.reference_table, references, lang), label=title, row_labels=True)[1],
        blocks.caption(t("vergelijk.reference_caption", lang)),
        *get(data, view.reference_sources, references, lang),
    )
)
widgets.lazy_download_buttons(resolve(data, references), f"referenties_{selected}", lang, key="vergelijk_referenties")

# Funding per inhabitant, and when each joined: a chart each, its table and files.
st.html(blocks.block(blocks.heading(t("vergelijk.funding_title", lang))))
bars = call(comparison.funding_bars, facts, references, selected)
missing_money = get(data, view.missing_money, names, codes, bars)
render.chart_section(
    data,
    bars,
    comparison.label_funding_bars,
    charts.funding_chart,
    view.funding_labels(lang),
    comparison.chart_table,
    comparison.FUNDING_HEADERS,
    lang,
    open_key="vergelijk_tabel_financiering_open",
    stem=f"impuls_per_inwoner_{selected}",
    key="vergelijk_financiering",
    picture=(f"grafiek_impuls_per_inwoner_{selected}_{lang}", "vergelijk_financiering_beeld"),
)
st.html(
    blocks.block(
        blocks.caption(t("vergelijk.funding_missing", lang, namen=", ".join(missing_money))) if missing_money else "",
        blocks.caption(t("vergelijk.funding_caption", lang)),
    )
)
st.html(blocks.block(blocks.heading(t("vergelijk.timeline_title", lang))))
render.chart_section(
    data,
    call(comparison.timeline_points, facts),
    comparison.label_timeline_points,
    charts.timeline_chart,
    view.timeline_labels(lang),
    comparison.chart_table,
    comparison.TIMELINE_HEADERS,
    lang,
    open_key="vergelijk_tabel_tijdlijn_open",
    stem=f"deelname_{selected}",
    key="vergelijk_tijdlijn",
    picture=(f"grafiek_deelname_{selected}_{lang}", "vergelijk_tijdlijn_beeld"),
    files_first=False,
)
st.html(blocks.block(blocks.caption(t("vergelijk.timeline_caption", lang))))
st.html(get(data, view.stories_html, T.verhalen, names, codes, lang))
