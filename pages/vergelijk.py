"""Vergelijk: a municipality next to comparable municipalities (peers), its province, GGD region and the country."""

import pandas as pd
import streamlit as st

from kansrijke.data import geo
from kansrijke.domain import comparison, peers, stories
from kansrijke.text import fmt_int, fmt_pct, t
from kansrijke.ui import cache, dataset, page_map, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.views import blocks, captions, maps, palette, vega_maps
from kansrijke.views.charts import compare as charts

PEERS_KEY = "peers"
CUSTOM_KEY = "_vergelijk_custom"  # {"for": code, "codes": [...]} when the user changed the proposed peers
SHOWN_PROPOSALS = 10  # rows of the match list beyond the chosen peers
WEIGHT_OPTIONS = [str(v) for v in range(peers.MAX_WEIGHT + 1)]
MAP_TIPS = ("naam", "rol_label", "gelijkenis_label")
TIP_TITLES = {"naam": "naam", "rol_label": "rol", "gelijkenis_label": "gelijkenis"}


def _table_alternative(frame: pd.DataFrame, headers, lang: str, key: str) -> None:
    """The chart's data as a table, built only when a visitor opens it."""
    with widgets.lazy_expander(t("vergelijk.table_alternative", lang), key=key) as box:
        if box.open:
            cache.table(comparison.chart_table, frame, headers, lang)


def _names(features: pd.DataFrame) -> dict[str, str]:
    return features.set_index("code")["naam"].to_dict()


@st.cache_data(show_spinner=False)
def _areas() -> pd.DataFrame:
    return geo.areas_km2(2020)


def _weight_key(feature: str) -> str:
    return f"gewicht_{feature}"


def _remember_choice(selected: str, proposals: list[str]) -> None:
    chosen = list(st.session_state.get(PEERS_KEY, []))
    st.session_state[CUSTOM_KEY] = None if set(chosen) == set(proposals) else {"for": selected, "codes": chosen}


def _reset_choice() -> None:
    st.session_state[CUSTOM_KEY] = None


state.through_app()
lang = state.language()
tables = dataset.tables_or_stop()
features = cache.cached(peers.feature_frame)(
    tables.gemeenten, tables.inwoners, tables.coalities, tables.nnz_deelname, _areas()
)
names = cache.cached(_names)(features)  # shared: read only

page_map.map_first()

# The title and one row of controls (the municipality) above the map; the weights sit beside the map. The map is
# drawn last into its place: it shows the peers the controls below it choose.
title_column, search_column = st.columns([3, 2], vertical_alignment="bottom")
with title_column:
    st.title(t("vergelijk.title", lang))
with search_column:
    selected = widgets.municipality_search(tables.gemeenten, lang)
map_column, side_column = st.columns([3, 1])
with side_column:
    summary_box = st.container()
    with st.expander(t("vergelijk.weights_title", lang), expanded=True):
        st.html(blocks.block(blocks.caption(t("vergelijk.weights_help", lang))))
        weights = {}
        for feature in peers.FEATURE_KEYS:
            key = _weight_key(feature)
            raw = st.query_params.get(key)
            if raw is not None and raw not in WEIGHT_OPTIONS and not st.session_state.get(f"_checked_{key}"):
                st.session_state.setdefault("_url_rejected", []).append(key)
            st.session_state[f"_checked_{key}"] = True
            weights[feature] = st.slider(
                t(f"vergelijk.feature.{feature}", lang),
                0,
                peers.MAX_WEIGHT,
                peers.DEFAULT_WEIGHTS[feature],
                step=1,
                key=key,
                bind="query-params",
                help=t(f"vergelijk.feature_help.{feature}", lang),
            )


def legend() -> str:
    return captions.legend_html(
        [
            ("vergelijk.role.gekozen", list(palette.HIGHLIGHT_RGBA[:3]) + [235]),
            ("vergelijk.role.peer", [*palette.PEER_RGB, 235]),
            ("vergelijk.role.other", list(maps.NOT_YET_FILL)),
        ],
        lang,
    )


def draw_map(chosen_code: str | None, peer_codes: list[str], similarity: pd.Series | None) -> None:
    """The map: the chosen municipality, its peers (outlined) and the rest grey; a click chooses another."""
    map_rows = []
    if chosen_code is not None:
        map_rows.append(
            {
                "code": chosen_code,
                "fill_color": list(palette.HIGHLIGHT_RGBA[:3]) + [235],
                "line_color": list(palette.OUTLINE_SOURCED),
                "rol_label": t("vergelijk.role.gekozen", lang),
                "gelijkenis_label": "",
            }
        )
    for code in peer_codes:
        map_rows.append(
            {
                "code": code,
                "fill_color": [*palette.PEER_RGB, 235],
                "line_color": list(palette.PEER_OUTLINE_RGBA),
                "line_width": 2.0,
                "rol_label": t("vergelijk.role.peer", lang),
                "gelijkenis_label": t(
                    "vergelijk.tooltip_similarity", lang, pct=fmt_pct(similarity[code] * 100, lang, 1)
                ),
            }
        )
    frame = pd.DataFrame(
        map_rows, columns=["code", "fill_color", "line_color", "line_width", "rol_label", "gelijkenis_label"]
    )
    missing = {"rol_label": t("vergelijk.role.other", lang), "gelijkenis_label": ""}
    with map_column:
        if st.session_state.get("vergelijk_zoom"):
            # The zoomable view (deck.gl): built only when asked for.
            outline = maps.outline_layer(
                "peers",
                {
                    "type": "FeatureCollection",
                    "features": [
                        f
                        for f in dataset.municipality_features()["features"]
                        if f["properties"]["code"] in set(peer_codes)
                    ],
                },
                palette.PEER_OUTLINE_RGBA,
                2,
            )
            deck = maps.choropleth_deck(
                frame.drop(columns="line_width"),
                dataset.municipality_features(),
                dataset.province_features(),
                "<b>{naam}</b><br/>{rol_label}<br/>{gelijkenis_label}",
                highlight_code=chosen_code,
                missing_props=missing,
                extra_layers=[outline],
            )
            st.pydeck_chart(deck, height=600)
        else:
            tips = vega_maps.tips(MAP_TIPS, lambda f: t(f"map.tip.{TIP_TITLES[f]}", lang))
            page_map.municipality_map(
                page_map.map_spec(tips, text_columns=MAP_TIPS, description=t("map.description", lang)),
                cache.cached(vega_maps.map_values)(frame, tables.gemeenten, missing, chosen_code),
            )
        page_map.zoomable_toggle(lang, key="vergelijk_zoom")
        st.html(
            blocks.block(blocks.caption(t("vergelijk.map_source", lang)), blocks.paragraph(t("vergelijk.intro", lang)))
        )


# Hand-picked peers from the link (?peers=GM0599,GM0518), read once per session.
if not st.session_state.get("_vergelijk_url_read"):
    st.session_state["_vergelijk_url_read"] = True
    if PEERS_KEY in st.query_params:
        codes = peers.parse_codes(st.query_params.get_all(PEERS_KEY), features["code"], exclude=selected)
        if codes is None or selected is None:
            st.session_state.setdefault("_url_rejected", []).append(PEERS_KEY)
            del st.query_params[PEERS_KEY]
        else:
            st.session_state[CUSTOM_KEY] = {"for": selected, "codes": codes}
state.url_notice(lang)

if selected is None:
    with summary_box:
        st.info(t("vergelijk.pick_hint", lang))
        st.html(blocks.block(legend()))
    draw_map(None, [], None)
    with st.expander(t("vergelijk.method_title", lang)):
        st.markdown(t("vergelijk.method_body", lang, match=fmt_int(peers.MATCH_NUMERIC * 100, lang)))
    st.stop()
if not peers.has_weight(weights):
    with summary_box:
        st.warning(t("vergelijk.no_weight", lang))
    st.stop()

ranked = cache.cached(peers.find_peers)(features, selected, weights, n=None)
proposals = ranked["code"].head(peers.DEFAULT_COUNT).tolist()
custom = st.session_state.get(CUSTOM_KEY)
if custom is not None and custom["for"] != selected:  # another municipality: start from its proposals
    custom = st.session_state[CUSTOM_KEY] = None
chosen = [c for c in (custom["codes"] if custom else proposals) if c != selected]
st.session_state[PEERS_KEY] = chosen
state.keep_in_url(PEERS_KEY, peers.format_codes(chosen) if custom else None, None)

with summary_box:
    peer_names = [names[c] for c in chosen]
    summary = (
        t(
            "vergelijk.map_summary",
            lang,
            naam=names[selected],
            n=fmt_int(len(chosen), lang),
            namen=", ".join(peer_names),
        )
        if chosen
        else t("vergelijk.map_summary_none", lang, naam=names[selected])
    )
    # What the map shows in one sentence, and its legend.
    st.html(blocks.block(blocks.paragraph(summary, strong=True), legend()))
draw_map(selected, chosen, ranked.set_index("code")["gelijkenis"])

st.html(blocks.block(blocks.heading(t("vergelijk.peers_title", lang, naam=names[selected]))))
pick_column, reset_column = st.columns([5, 1])
with pick_column:
    st.multiselect(
        t("vergelijk.peers_label", lang),
        [c for c in sorted(names, key=lambda c: (names[c], c)) if c != selected],
        key=PEERS_KEY,
        format_func=lambda c: names.get(c, c),
        on_change=_remember_choice,
        args=(selected, proposals),
        help=t("vergelijk.peers_help", lang),
    )
with reset_column:
    if custom:
        st.button(t("vergelijk.reset", lang), on_click=_reset_choice, key="vergelijk_reset")
take_home.factsheet_button(tables, selected, lang, key="vergelijk_factsheet")

# The tables are plain HTML tables in the page's text blocks: a change of weights redraws text, not grids.
st.html(
    blocks.block(
        blocks.heading(t("vergelijk.list_title", lang)),
        blocks.caption(t("vergelijk.list_caption", lang, n=fmt_int(SHOWN_PROPOSALS, lang))),
        cache.table_html(
            comparison.match_table,
            ranked,
            chosen,
            proposals,
            SHOWN_PROPOSALS,
            lang,
            label=t("vergelijk.list_title", lang),
        )[1],
    )
)
widgets.lazy_download_buttons(
    cache.cached(comparison.ranking_download)(ranked, features, chosen),
    f"peers_{selected}",
    lang,
    key="vergelijk_lijst",
)
with st.expander(t("vergelijk.method_title", lang)):
    st.markdown(t("vergelijk.method_body", lang, match=fmt_int(peers.MATCH_NUMERIC * 100, lang)))

parts = cache.cached(comparison.contributions)(ranked, chosen, lang)
if not parts.empty:
    st.html(blocks.block(blocks.heading(t("vergelijk.why_title", lang))))
    why_spec = cache.chart(
        charts.contribution_chart,
        parts,
        {
            "x": t("vergelijk.axis.bijdrage", lang),
            "naam": t("vergelijk.col.gemeente", lang),
            "kenmerk": t("vergelijk.legend.kenmerk", lang),
        },
    )
    st.html(blocks.block(blocks.caption(t("vergelijk.why_caption", lang))))
    take_home.spec_downloads(why_spec, stem=f"grafiek_waarom_{selected}_{lang}", lang=lang, key="vergelijk_waarom")

# Side by side.
codes = [selected, *chosen]
facts = cache.cached(comparison.municipality_facts)(tables, features, codes)
st.html(
    blocks.block(
        blocks.heading(t("vergelijk.side_title", lang)),
        cache.table_html(
            comparison.side_by_side_table, facts, lang, label=t("vergelijk.side_title", lang), row_labels=True
        )[1],
        blocks.caption(t("vergelijk.side_caption", lang, peildatum=comparison.inhabitants_label(facts, lang))),
        blocks.caption(captions.source_line(tables.inwoners.iloc[0], lang)),
        blocks.caption(t("vergelijk.density_note", lang)),
    )
)
widgets.lazy_download_buttons(facts, f"vergelijking_{selected}", lang, key="vergelijk_naast")

references = cache.cached(comparison.reference_figures)(tables, features, selected)
st.html(
    blocks.block(
        blocks.heading(t("vergelijk.reference_title", lang)),
        cache.table_html(
            comparison.reference_table, references, lang, label=t("vergelijk.reference_title", lang), row_labels=True
        )[1],
        blocks.caption(t("vergelijk.reference_caption", lang)),
        *(
            blocks.caption(captions.source_line(row, lang))
            for _, row in cache.cached(comparison.national_sources)(references).iterrows()
        ),
    )
)
widgets.lazy_download_buttons(references, f"referenties_{selected}", lang, key="vergelijk_referenties")

# Funding per inhabitant.
st.html(blocks.block(blocks.heading(t("vergelijk.funding_title", lang))))
bars = cache.cached(comparison.funding_bars)(facts, references, selected)
missing_money = [names[c] for c in codes if c not in set(bars["code"])]
if not bars.empty:
    bars = cache.cached(comparison.label_funding_bars)(bars, lang)
    funding_spec = cache.chart(
        charts.funding_chart,
        bars,
        {
            "x": t("vergelijk.axis.eur_per_inwoner", lang),
            "rol": t("vergelijk.legend.rol", lang),
            "basis": t("vergelijk.legend.basis", lang),
            "naam": t("vergelijk.col.gebied", lang),
        },
    )
    _table_alternative(bars, comparison.FUNDING_HEADERS, lang, key="vergelijk_tabel_financiering_open")
    widgets.lazy_download_buttons(bars, f"impuls_per_inwoner_{selected}", lang, key="vergelijk_financiering")
    take_home.spec_downloads(
        funding_spec,
        stem=f"grafiek_impuls_per_inwoner_{selected}_{lang}",
        lang=lang,
        key="vergelijk_financiering_beeld",
    )
st.html(
    blocks.block(
        blocks.caption(t("vergelijk.funding_missing", lang, namen=", ".join(missing_money))) if missing_money else "",
        blocks.caption(t("vergelijk.funding_caption", lang)),
    )
)

# When each joined.
st.html(blocks.block(blocks.heading(t("vergelijk.timeline_title", lang))))
points = cache.cached(comparison.timeline_points)(facts)
if not points.empty:
    points = cache.cached(comparison.label_timeline_points)(points, lang)
    timeline_spec = cache.chart(
        charts.timeline_chart,
        points,
        {
            "x": t("vergelijk.axis.datum", lang),
            "naam": t("vergelijk.col.gemeente", lang),
            "gebeurtenis": t("vergelijk.legend.gebeurtenis", lang),
            "basis": t("vergelijk.legend.basis", lang),
        },
    )
    _table_alternative(points, comparison.TIMELINE_HEADERS, lang, key="vergelijk_tabel_tijdlijn_open")
    take_home.spec_downloads(
        timeline_spec, stem=f"grafiek_deelname_{selected}_{lang}", lang=lang, key="vergelijk_tijdlijn_beeld"
    )
    widgets.lazy_download_buttons(points, f"deelname_{selected}", lang, key="vergelijk_tijdlijn")
st.html(blocks.block(blocks.caption(t("vergelijk.timeline_caption", lang))))

# Stories.
featured = tables.verhalen[tables.verhalen["code"].isin(codes)]
st.html(
    blocks.block(
        blocks.heading(t("vergelijk.stories_title", lang)),
        blocks.paragraph(t("vergelijk.stories_none", lang)) if featured.empty else "",
        *(
            blocks.boxed(
                blocks.paragraph(f"{names[story['code']]} — {stories.text_in(story, 'titel', lang)}", strong=True),
                blocks.paragraph(stories.text_in(story, "samenvatting", lang)),
                blocks.caption(captions.source_line(story, lang)),
            )
            for _, story in featured.iterrows()
        ),
    )
)
