"""What the comparison page shows and which peers it shows them for: the state of the hand-picked peers as a pure
function of the link's values and the widgets' values, the map frame (the chosen municipality, its peers, the rest
grey), its legend and the summary sentence. No Streamlit: kansrijke.ui keeps the state between runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from kansrijke.domain import peers
from kansrijke.text import fmt_int, fmt_pct, t
from kansrijke.views import blocks, maps, palette
from kansrijke.views import compare_map as compare_map_view
from kansrijke.views.calls import TABLES, Call, T, call, chart_spec, geometry
from kansrijke.views.captions import legend_html
from kansrijke.views.page import Chart, Controls, Downloads, Expander, Html, LazyTable, MapView, Pictures, Section

PEERS_KEY = "peers"  # the URL parameter (and the multiselect) of the hand-picked peers: ?peers=GM0599,GM0518
WEIGHT_OPTIONS = tuple(str(v) for v in range(peers.MAX_WEIGHT + 1))
SHOWN_PROPOSALS = 10  # rows of the match list beyond the chosen peers


def weight_key(feature: str) -> str:
    """The URL parameter (and slider key) of a feature's weight: gewicht_inwoners."""
    return f"gewicht_{feature}"


def rejected_weights(url: Mapping[str, str]) -> tuple[str, ...]:
    """The weight parameters in the link whose value is not a weight (0..MAX_WEIGHT): those sliders show their
    default, and the page says which values it could not use."""
    keys = (weight_key(feature) for feature in peers.FEATURE_KEYS)
    return tuple(key for key in keys if key in url and url[key] not in WEIGHT_OPTIONS)


@dataclass(frozen=True)
class PeerState:
    """The peers a visitor has picked by hand (`picked`, None: the proposals) and the municipality they belong to
    (`of`); `link_read`: the peers of the link have been taken (once per visit)."""

    of: str | None = None
    picked: tuple[str, ...] | None = None
    link_read: bool = False


@dataclass(frozen=True)
class PeerView:
    """What the page shows: the peers in their order, the link's value for them (None: leave it out, the
    proposals), and whether the link's peers could not be used (then the page says so and drops them)."""

    chosen: tuple[str, ...]
    link_value: str | None
    link_rejected: bool = False


def link_peers(state: PeerState, raw: Iterable[str] | None, known: Iterable[str], selected: str | None):
    """The state after reading the link's peers (`raw`: the values of ?peers=, None when absent), once per visit:
    codes that are all known CBS codes become the hand-picked peers of `selected`; anything else, or peers without
    a municipality, is rejected. Returns (state, rejected)."""
    if state.link_read:
        return state, False
    state = replace(state, link_read=True)
    if raw is None:
        return state, False
    codes = peers.parse_codes(list(raw), known, exclude=selected)
    if codes is None or selected is None:
        return state, True
    return replace(state, of=selected, picked=tuple(codes)), False


def picked_peers(state: PeerState, selected: str, proposals: Iterable[str], widget: Iterable[str]) -> PeerState:
    """The state after the visitor changed the peer list to `widget`: the proposals again (in any order) count as
    no hand-picked peers."""
    codes = tuple(widget)
    return (
        replace(state, of=None, picked=None)
        if set(codes) == set(proposals)
        else replace(state, of=selected, picked=codes)
    )


def reset_peers(state: PeerState) -> PeerState:
    """The state after 'back to the proposals'."""
    return replace(state, of=None, picked=None)


def peer_view(state: PeerState, selected: str, proposals: Iterable[str]) -> tuple[PeerState, PeerView]:
    """The peers to show for `selected`: the hand-picked ones when they belong to it, otherwise the proposals
    (another municipality starts from its own proposals, and forgets the hand-picked peers of the last one)."""
    if state.picked is not None and state.of != selected:
        state = reset_peers(state)
    if state.picked is None:
        return state, PeerView(tuple(c for c in proposals if c != selected), None)
    chosen = tuple(c for c in state.picked if c != selected)
    return state, PeerView(chosen, peers.format_codes(chosen))


MAP_COLUMNS = ["code", "fill_color", "line_color", "line_width", "rol_label", "gelijkenis_label"]
CHOSEN_FILL = [*palette.HIGHLIGHT_RGBA[:3], 235]
PEER_FILL = [*palette.PEER_RGB, 235]


def map_frame(chosen: str | None, peer_codes: tuple[str, ...], ranked: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """The map frame (kansrijke.views.map_contract): the chosen municipality, its peers (outlined, with their
    similarity) and no row for the rest (grey, missing_props)."""
    rows: list[dict[str, object]] = []
    if chosen is not None:
        rows.append(
            {
                "code": chosen,
                "fill_color": CHOSEN_FILL,
                "line_color": list(palette.OUTLINE_SOURCED),
                "rol_label": t("vergelijk.role.gekozen", lang),
                "gelijkenis_label": "",
            }
        )
    similarity = {} if ranked is None else ranked.set_index("code")["gelijkenis"]
    for code in peer_codes:
        rows.append(
            {
                "code": code,
                "fill_color": PEER_FILL,
                "line_color": list(palette.PEER_OUTLINE_RGBA),
                "line_width": 2.0,
                "rol_label": t("vergelijk.role.peer", lang),
                "gelijkenis_label": t(
                    "vergelijk.tooltip_similarity", lang, pct=fmt_pct(similarity[code] * 100, lang, 1)
                ),
            }
        )
    return pd.DataFrame(rows, columns=MAP_COLUMNS)


def missing_props(lang: str) -> dict[str, str]:
    """The tooltip lines of a municipality that is neither chosen nor a peer."""
    return {"rol_label": t("vergelijk.role.other", lang), "gelijkenis_label": ""}


def map_values(
    municipalities: pd.DataFrame, chosen: str | None, peer_codes: tuple, ranked: pd.DataFrame | None, lang: str
) -> pd.DataFrame:
    """The comparison map's values (kansrijke.views.vega_maps.map_values)."""
    from kansrijke.views.vega_maps import map_values as values

    return values(map_frame(chosen, peer_codes, ranked, lang), municipalities, missing_props(lang), chosen)


def legend(lang: str) -> str:
    """The map's legend (HTML): the chosen municipality, its peers, the rest."""
    return legend_html(
        [
            ("vergelijk.role.gekozen", CHOSEN_FILL),
            ("vergelijk.role.peer", PEER_FILL),
            ("vergelijk.role.other", list(maps.NOT_YET_FILL)),
        ],
        lang,
    )


def map_deck(chosen, peer_codes: tuple, ranked, lang: str, features: dict, provinces: dict):
    """The zoomable view (deck.gl): the chosen municipality, its peers outlined, the rest grey."""
    outline = _peer_outline(features, peer_codes)
    return maps.choropleth_deck(
        map_frame(chosen, peer_codes, ranked, lang).drop(columns="line_width"),
        features,
        provinces,
        "<b>{naam}</b><br/>{rol_label}<br/>{gelijkenis_label}",
        highlight_code=chosen,
        missing_props=missing_props(lang),
        extra_layers=[outline],
    )


def summary(names: Mapping[str, str], selected: str, chosen: tuple[str, ...], lang: str) -> str:
    """What the map shows, in one sentence."""
    if not chosen:
        return t("vergelijk.map_summary_none", lang, naam=names[selected])
    peer_names = ", ".join(names[c] for c in chosen)
    return t("vergelijk.map_summary", lang, naam=names[selected], n=fmt_int(len(chosen), lang), namen=peer_names)


def names_of(features: pd.DataFrame) -> dict[str, str]:
    """code -> name of every municipality in the peer features."""
    return features.set_index("code")["naam"].to_dict()


def stories_html(verhalen: pd.DataFrame, names: Mapping[str, str], codes: tuple[str, ...], lang: str) -> str:
    """The stories of the progress reports about the compared municipalities, as one HTML block (or a line that
    there are none)."""
    from kansrijke.domain.stories import text_in
    from kansrijke.views import blocks
    from kansrijke.views.captions import source_line

    featured = verhalen[verhalen["code"].isin(codes)]
    return blocks.block(
        blocks.heading(t("vergelijk.stories_title", lang)),
        blocks.paragraph(t("vergelijk.stories_none", lang)) if featured.empty else "",
        *(
            blocks.boxed(
                blocks.paragraph(f"{names[story['code']]} — {text_in(story, 'titel', lang)}", strong=True),
                blocks.paragraph(text_in(story, "samenvatting", lang)),
                blocks.caption(source_line(story, lang)),
            )
            for _, story in featured.iterrows()
        ),
    )


def reference_sources(references: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """The source line of every national reference figure (HTML captions)."""
    from kansrijke.domain.comparison import national_sources
    from kansrijke.views import blocks
    from kansrijke.views.captions import source_line

    return tuple(blocks.caption(source_line(row, lang)) for _, row in national_sources(references).iterrows())


# The labels of the comparison charts: label -> catalogue key.
CONTRIBUTION_LABELS = {
    "x": "vergelijk.axis.bijdrage",
    "naam": "vergelijk.col.gemeente",
    "kenmerk": "vergelijk.legend.kenmerk",
}
FUNDING_LABELS = {
    "x": "vergelijk.axis.eur_per_inwoner",
    "rol": "vergelijk.legend.rol",
    "basis": "vergelijk.legend.basis",
    "naam": "vergelijk.col.gebied",
}
TIMELINE_LABELS = {
    "x": "vergelijk.axis.datum",
    "naam": "vergelijk.col.gemeente",
    "gebeurtenis": "vergelijk.legend.gebeurtenis",
    "basis": "vergelijk.legend.basis",
}


def labels_in(keys: Mapping[str, str], lang: str) -> dict[str, str]:
    """A chart's labels in `lang` (label -> catalogue key)."""
    return {name: t(key, lang) for name, key in keys.items()}


def missing_money(names: Mapping[str, str], codes: tuple[str, ...], bars: pd.DataFrame) -> tuple[str, ...]:
    """The compared municipalities without impulse money (no bar in the funding chart)."""
    return tuple(names[c] for c in codes if c not in set(bars["code"]))


def features_of() -> Call:
    """The peer features of every municipality (size, CBS context, density, programme, area), as a page asks for
    them."""
    from kansrijke.data import geo

    return call(
        peers.feature_frame,
        T.gemeenten,
        T.inwoners,
        T.coalities,
        T.nnz_deelname,
        call(geo.areas_km2, 2020),
        T.context,  # the CBS key figures: the default weights rest on them
    )


def ranked_of(selected: str, weights: Mapping[str, int]) -> Call:
    """Every other municipality ranked by similarity to `selected` under `weights`."""
    return call(peers.find_peers, features_of(), selected, dict(weights), n=None)


def compare_map(
    selected: str | None,
    chosen: tuple[str, ...],
    weights: Mapping[str, int],
    lang: str,
    characteristic: str = compare_map_view.ROLES,
) -> MapView:
    """The comparison map: the chosen municipality, its peers (outlined) and the rest grey, or (`characteristic`,
    one of compare_map_view.OPTIONS) the country coloured by a characteristic with the chosen one and its peers
    outlined; a click chooses another municipality."""
    from kansrijke.views import vega_maps

    features, provinces = geometry()
    if characteristic != compare_map_view.ROLES:
        tips = (
            *vega_maps.catalogue_tips({"naam": "naam", "rol_label": "rol"}, lang),
            vega_maps.Tip("waarde_label", t("vergelijk.kaart.tip", lang)),
        )
        return MapView(
            zoom_key="vergelijk_zoom",
            spec=call(
                vega_maps.map_spec,
                tips,
                text_columns=("rol_label", "waarde_label"),
                description=t("map.description", lang),
            ),
            values=call(
                compare_map_view.map_values, features_of(), T.gemeenten, characteristic, selected, chosen, lang
            ),
            deck=call(characteristic_deck, features_of(), characteristic, selected, chosen, lang, features, provinces),
        )
    ranked = None if selected is None else ranked_of(selected, weights)
    return MapView(
        zoom_key="vergelijk_zoom",
        spec=call(
            vega_maps.map_spec,
            vega_maps.catalogue_tips(vega_maps.PEER_TIPS, lang),
            text_columns=tuple(vega_maps.PEER_TIPS),
            description=t("map.description", lang),
        ),
        values=call(map_values, T.gemeenten, selected, chosen, ranked, lang),
        deck=call(map_deck, selected, chosen, ranked, lang, features, provinces),
    )


def characteristic_deck(
    feature_frame: pd.DataFrame, characteristic: str, chosen, peer_codes: tuple, lang: str, features, provinces
):
    """The zoomable view of the characteristic map: the classes, the peers outlined, the chosen one highlighted."""
    frame = compare_map_view.map_frame(feature_frame, characteristic, chosen, peer_codes, lang)
    return maps.choropleth_deck(
        frame[["code", "fill_color", "line_color", "rol_label", "waarde_label"]],
        features,
        provinces,
        "<b>{naam}</b><br/>{rol_label}<br/>{waarde_label}",
        highlight_code=chosen,
        extra_layers=[_peer_outline(features, peer_codes)],
    )


def _peer_outline(features: dict, peer_codes: tuple):
    return maps.outline_layer(
        "peers",
        {
            "type": "FeatureCollection",
            "features": [f for f in features["features"] if f["properties"]["code"] in set(peer_codes)],
        },
        palette.PEER_OUTLINE_RGBA,
        2,
    )


def under_map(lang: str) -> tuple[Section, ...]:
    return (
        Html(
            blocks.block(blocks.caption(t("vergelijk.map_source", lang)), blocks.paragraph(t("vergelijk.intro", lang)))
        ),
    )


def method(lang: str) -> Expander:
    return Expander(
        t("vergelijk.method_title", lang),
        t("vergelijk.method_body", lang, match=fmt_int(peers.MATCH_NUMERIC * 100, lang)),
    )


def _chart(
    rows: Call,
    label,
    make_chart,
    labels: dict,
    headers: dict,
    lang: str,
    open_key: str,
    stem: str,
    key: str,
    picture: tuple[str, str],
    files_first: bool,
) -> tuple[Section, ...]:
    """A comparison chart of `rows` labelled in `lang`, its table one click away, its files and its pictures."""
    from kansrijke.domain.comparison import chart_table

    labelled = call(label, rows, lang)
    spec = call(chart_spec, make_chart, labelled, labels)
    files: tuple[Section, ...] = (Downloads(labelled, stem, key), Pictures(spec, *picture))
    table = LazyTable(
        t("vergelijk.table_alternative", lang), open_key, call(chart_table, labelled, headers, lang), None
    )
    return (Chart(spec), table, *(files if files_first else files[::-1]))


def peer_context_html(
    context_table: pd.DataFrame,
    names: Mapping[str, str],
    ranked_frame: pd.DataFrame,
    selected: str,
    chosen: tuple[str, ...],
    weights: Mapping[str, int],
    lang: str,
) -> str:
    """The peers with their CBS context and the reason each is proposed, the source and date of the figures, and
    the note that the ranking rests partly on the model when a modelled characteristic weighs."""
    from kansrijke.views import context_view
    from kansrijke.views.captions import source_line

    title = t("vergelijk.context_title", lang, naam=names[selected])
    reasons = ranked_frame.set_index("code")["lijkt_op"].to_dict()
    table = context_view.peer_context_table(context_table, names, selected, chosen, reasons, lang)
    note = context_view.modelled_ranking_note(weights, lang)
    source = source_line(context_table.iloc[0], lang) if not context_table.empty else ""
    return blocks.block(
        blocks.heading(title),
        blocks.table(table, title),
        blocks.caption(source),
        blocks.caption(t("vergelijk.context_caption", lang)),
        blocks.paragraph(note, strong=True) if note else "",
    )


def compare_rest(
    tables,
    feature_frame: pd.DataFrame,
    ranked_frame: pd.DataFrame,
    selected: str,
    chosen: tuple[str, ...],
    proposals: tuple[str, ...],
    weights: Mapping[str, int],
    lang: str,
) -> tuple[Section, ...]:
    """Below the comparison map: the peer list (the page's controls), the match list, why they match, the
    municipalities side by side, the reference figures, funding per inhabitant, when each joined, the stories.
    `feature_frame` and `ranked_frame` are the results of features_of() and ranked_of(selected, weights)."""
    from kansrijke.domain import comparison
    from kansrijke.views.captions import source_line
    from kansrijke.views.charts import compare as charts

    features, ranked = features_of(), ranked_of(selected, weights)
    names = names_of(feature_frame)
    codes = (selected, *chosen)
    facts = call(comparison.municipality_facts, TABLES, features, list(codes))
    facts_frame = comparison.municipality_facts(tables, feature_frame, list(codes))
    references = call(comparison.reference_figures, TABLES, features, selected)
    references_frame = comparison.reference_figures(tables, feature_frame, selected)
    parts = comparison.contributions(ranked_frame, list(chosen), lang)
    bars = comparison.funding_bars(facts_frame, references_frame, selected)
    points = comparison.timeline_points(facts_frame)
    missing = [names[c] for c in codes if c not in set(bars["code"])]
    why: tuple[Section, ...] = ()
    if not parts.empty:
        why_spec = call(
            chart_spec,
            charts.contribution_chart,
            call(comparison.contributions, ranked, list(chosen), lang),
            labels_in(CONTRIBUTION_LABELS, lang),
        )
        why = (
            Html(blocks.block(blocks.heading(t("vergelijk.why_title", lang)))),
            Chart(why_spec),
            Html(blocks.block(blocks.caption(t("vergelijk.why_caption", lang)))),
            Pictures(why_spec, f"grafiek_waarom_{selected}_{lang}", "vergelijk_waarom"),
        )
    side_title, reference_title, list_title = (t(f"vergelijk.{k}_title", lang) for k in ("side", "reference", "list"))
    bars_call = call(comparison.funding_bars, facts, references, selected)
    return (
        Html(blocks.block(blocks.heading(t("vergelijk.peers_title", lang, naam=names[selected])))),
        Controls("peers"),
        Html(peer_context_html(tables.context, names, ranked_frame, selected, chosen, weights, lang)),
        Html(
            blocks.block(
                blocks.heading(list_title),
                blocks.caption(t("vergelijk.list_caption", lang, n=fmt_int(SHOWN_PROPOSALS, lang))),
                blocks.table(
                    comparison.match_table(ranked_frame, list(chosen), list(proposals), SHOWN_PROPOSALS, lang),
                    list_title,
                ),
            )
        ),
        Downloads(
            call(comparison.ranking_download, ranked, features, list(chosen)), f"peers_{selected}", "vergelijk_lijst"
        ),
        method(lang),
        *why,
        Html(
            blocks.block(
                blocks.heading(side_title),
                blocks.table(comparison.side_by_side_table(facts_frame, lang), side_title, row_labels=True),
                blocks.caption(
                    t("vergelijk.side_caption", lang, peildatum=comparison.inhabitants_label(facts_frame, lang))
                ),
                blocks.caption(source_line(tables.inwoners.iloc[0], lang)),
                blocks.caption(t("vergelijk.density_note", lang)),
            )
        ),
        Downloads(facts, f"vergelijking_{selected}", "vergelijk_naast"),
        Html(
            blocks.block(
                blocks.heading(reference_title),
                blocks.table(comparison.reference_table(references_frame, lang), reference_title, row_labels=True),
                blocks.caption(t("vergelijk.reference_caption", lang)),
                *reference_sources(references_frame, lang),
            )
        ),
        Downloads(references, f"referenties_{selected}", "vergelijk_referenties"),
        Html(blocks.block(blocks.heading(t("vergelijk.funding_title", lang)))),
        *(
            ()
            if bars.empty
            else _chart(
                bars_call,
                comparison.label_funding_bars,
                charts.funding_chart,
                labels_in(FUNDING_LABELS, lang),
                comparison.FUNDING_HEADERS,
                lang,
                "vergelijk_tabel_financiering_open",
                f"impuls_per_inwoner_{selected}",
                "vergelijk_financiering",
                (f"grafiek_impuls_per_inwoner_{selected}_{lang}", "vergelijk_financiering_beeld"),
                True,
            )
        ),
        Html(
            blocks.block(
                blocks.caption(t("vergelijk.funding_missing", lang, namen=", ".join(missing))) if missing else "",
                blocks.caption(t("vergelijk.funding_caption", lang)),
            )
        ),
        Html(blocks.block(blocks.heading(t("vergelijk.timeline_title", lang)))),
        *(
            ()
            if points.empty
            else _chart(
                call(comparison.timeline_points, facts),
                comparison.label_timeline_points,
                charts.timeline_chart,
                labels_in(TIMELINE_LABELS, lang),
                comparison.TIMELINE_HEADERS,
                lang,
                "vergelijk_tabel_tijdlijn_open",
                f"deelname_{selected}",
                "vergelijk_tijdlijn",
                (f"grafiek_deelname_{selected}_{lang}", "vergelijk_tijdlijn_beeld"),
                False,
            )
        ),
        Html(blocks.block(blocks.caption(t("vergelijk.timeline_caption", lang)))),
        Html(stories_html(tables.verhalen, names, codes, lang)),
    )
