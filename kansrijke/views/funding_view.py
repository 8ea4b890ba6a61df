"""What the funding page shows: map colours and tooltips, legend rows, the summary sentence and the readable
tables, with every string pre-formatted in the chosen language.

Pure functions (no Streamlit) on the frames of kansrijke.domain.funding. The downloads keep the frames of
kansrijke.domain.funding as they are (domain column names, basis and source columns); the tables here are for reading.
"""

from __future__ import annotations

import html

import pandas as pd

from kansrijke.domain import funding
from kansrijke.text import data_label, fmt_eur, fmt_eur_per_inhabitant, fmt_int, fmt_milestone, fmt_qualified, t
from kansrijke.views import blocks, palette
from kansrijke.views.calls import Call, T, call, chart_spec, geometry
from kansrijke.views.captions import source_line
from kansrijke.views.charts.funding import ranking_chart, top_up_chart
from kansrijke.views.context_view import eur_per_birth_label
from kansrijke.views.page import (
    Beside,
    Caption,
    Chart,
    Controls,
    Downloads,
    Html,
    LazyTable,
    Line,
    MapPictures,
    MapView,
    Notice,
    Pictures,
    Rest,
)
from kansrijke.views.vega_maps import map_values

TOOLTIP_FIELDS = (
    "per_inwoner_label",
    "bedrag_label",
    "inwoners_label",
    "tranche_label",
    "regelingen_label",
    "basis_label",
)
NO_AMOUNT_LINE = [150, 150, 150, 160]


def tooltip_html() -> str:
    """Tooltip template; pydeck fills {field} from the feature (values escaped by kansrijke.views.maps)."""
    return (
        "<b>{naam}</b><br/>{per_inwoner_label}<br/>{bedrag_label}<br/>{inwoners_label}<br/>{tranche_label}"
        "<br/>{regelingen_label}<br/><i>{basis_label}</i>"
    )


def scope_label(scope: str, lang: str) -> str:
    return t("financiering.scope.totaal", lang) if scope == funding.TOTAAL else t(f"regeling.{scope}", lang)


def tranche_label(tranche: str, lang: str) -> str:
    return t(f"tranche.{tranche}", lang) if tranche else t("tranche.none", lang)


def regelingen_label(regelingen: str, lang: str) -> str:
    return ", ".join(t(f"regeling.{r.strip()}", lang) for r in regelingen.split(";") if r.strip())


def basis_label(row: pd.Series, lang: str) -> str:
    """'Bron: ...' for a fully sourced row; 'Gemodelleerd — rule(s)' otherwise, naming a partial source if any."""
    if row["basis"] == "bron":
        return t("tooltip.basis_bron", lang, bron=row["bron"])
    rules = "; ".join(t(f"regel.{r.strip()}", lang) for r in str(row["regel"]).split(";") if r.strip())
    text = t("tooltip.basis_model", lang, regel=rules or t("basis.model", lang))
    if row.get("bron"):
        text += " " + t("basis.evidence", lang, bron=row["bron"])
    return text


def map_frame(frame: pd.DataFrame, lang: str, breaks=funding.EUR_PER_INHABITANT_BREAKS) -> pd.DataFrame:
    """One row per municipality with money in the scope: class colour (lighter when modelled) and tooltip lines."""
    classes = funding.class_of(frame["eur_per_inwoner"], breaks)
    colours = palette.EUR_CLASS_RGB
    if len(colours) < len(funding.check_breaks(breaks)) + 1:
        raise ValueError(f"{len(breaks) + 1} classes but only {len(colours)} colours in palette.EUR_CLASS_RGB")
    out = pd.DataFrame({"code": frame["code"]})
    out["fill_color"] = [palette.fill_rgba(colours[c], b) for c, b in zip(classes, frame["basis"])]
    out["line_color"] = [palette.outline_rgba(b) for b in frame["basis"]]
    out["per_inwoner_label"] = frame["eur_per_inwoner"].map(lambda v: fmt_eur_per_inhabitant(v, lang))
    out["bedrag_label"] = frame["bedrag_eur"].map(
        lambda v: t("financiering.tooltip.amount", lang, bedrag=fmt_eur(v, lang))
    )
    out["inwoners_label"] = [
        t("tooltip.inhabitants", lang, n=fmt_int(n, lang), peildatum=data_label(p, lang))
        for n, p in zip(frame["inwoners"], frame["peildatum"])
    ]
    out["tranche_label"] = frame["tranche"].map(lambda v: tranche_label(v, lang))
    out["regelingen_label"] = frame["regelingen"].map(lambda v: regelingen_label(v, lang))
    out["basis_label"] = frame.apply(lambda r: basis_label(r, lang), axis=1)
    out["basis"] = frame["basis"].astype(str).to_numpy()
    return out


def missing_props(scope: str, lang: str) -> dict[str, str]:
    """Tooltip text of a grey municipality (no amount in the scope)."""
    return {"per_inwoner_label": t("financiering.tooltip.no_amount", lang, scope=scope_label(scope, lang))}


def class_label(low: float | None, high: float | None, lang: str) -> str:
    if low is None:
        return t("financiering.class.below", lang, high=fmt_eur(high, lang, 2))
    if high is None:
        return t("financiering.class.above", lang, low=fmt_eur(low, lang, 2))
    return t("financiering.class.between", lang, low=fmt_eur(low, lang, 2), high=fmt_eur(high, lang, 2))


def legend_rows(frame: pd.DataFrame, lang: str, breaks=funding.EUR_PER_INHABITANT_BREAKS) -> list[dict]:
    """Per class: label, count, sourced and modelled colour; then the grey row for 'no amount'."""
    counts = funding.class_counts(frame, breaks)
    rows = []
    for (low, high), count, rgb in zip(funding.class_bounds(breaks), counts, palette.EUR_CLASS_RGB):
        rows.append(
            {
                "label": t(
                    "financiering.legend.class", lang, klasse=class_label(low, high, lang), n=fmt_int(count, lang)
                ),
                "colours": [palette.fill_rgba(rgb, "bron"), palette.fill_rgba(rgb, "model")],
            }
        )
    rows.append({"label": t("financiering.legend.no_amount", lang), "colours": [[*palette.NOT_YET_RGB, 255]]})
    return rows


def legend_html(rows: list[dict], lang: str) -> str:
    """Swatches (sourced, modelled) and escaped labels; a note explains the lighter swatch."""

    def swatch(rgba) -> str:
        r, g, b, a = rgba
        return (
            f'<span style="display:inline-block;width:1.1em;height:1.1em;margin-right:.3em;vertical-align:middle;'
            f'border:1px solid #333;background:rgba({r},{g},{b},{a / 255:.2f})"></span>'
        )

    lines = [f"<div>{''.join(swatch(c) for c in row['colours'])} {html.escape(row['label'])}</div>" for row in rows]
    lines.append(f"<div><small>{html.escape(t('financiering.legend.note', lang))}</small></div>")
    return "\n".join(lines)


def summary_sentence(frame: pd.DataFrame, n_municipalities: int, scope: str, lang: str) -> str:
    """What the map shows, in one sentence (also the text alternative to the map)."""
    rate = funding.weighted_rate(frame)
    return t(
        "financiering.summary",
        lang,
        n=fmt_int(len(frame), lang),
        of=fmt_int(n_municipalities, lang),
        scope=scope_label(scope, lang),
        bedrag=fmt_eur(int(frame["bedrag_eur"].sum()), lang),
        inwoners=fmt_int(int(frame["inwoners"].sum()), lang),
        rate=fmt_eur_per_inhabitant(rate, lang),
        grey=fmt_int(n_municipalities - len(frame), lang),
        sourced=fmt_int(int((frame["basis"] == "bron").sum()), lang),
        modelled=fmt_int(int((frame["basis"] == "model").sum()), lang),
    )


def _source_text(row: pd.Series) -> str:
    if not row.get("bron"):
        return ""
    return f"{row['bron']} ({row['bron_datum']})" if row.get("bron_datum") else row["bron"]


def amounts_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows behind the map and the ranking, readable: name, place, tranche, amount, €/inhabitant, basis."""
    return pd.DataFrame(
        {
            t("financiering.col.gemeente", lang): frame["naam"],
            t("financiering.col.provincie", lang): frame["provincie"],
            t("financiering.col.ggd", lang): frame["ggd_regio"],
            t("financiering.col.tranche", lang): frame["tranche"].map(lambda v: tranche_label(v, lang)),
            t("financiering.col.regelingen", lang): frame["regelingen"].map(lambda v: regelingen_label(v, lang)),
            t("financiering.col.bedrag", lang): frame["bedrag_eur"].map(lambda v: fmt_eur(v, lang)),
            t("financiering.col.inwoners", lang): frame["inwoners"].map(lambda v: fmt_int(v, lang)),
            t("financiering.col.per_inwoner", lang): frame["eur_per_inwoner"].map(
                lambda v: fmt_eur_per_inhabitant(v, lang)
            ),
            **birth_columns(frame, lang),
            t("financiering.col.basis", lang): frame.apply(lambda r: basis_label(r, lang), axis=1),
        }
    )


def birth_columns(frame: pd.DataFrame, lang: str) -> dict[str, pd.Series]:
    """The money per child of an amounts table (a with_births_sourced frame): live births 2020 and euros per live
    birth, marked modelled where the amount is; none for a frame without births."""
    if "eur_per_geboorte" not in frame:
        return {}
    return {
        t("financiering.col.geboorten", lang): frame["levendgeborenen"].map(lambda v: fmt_int(v, lang)),
        t("financiering.col.per_geboorte", lang): [
            eur_per_birth_label(value, basis, lang) for value, basis in zip(frame["eur_per_geboorte"], frame["basis"])
        ],
    }


def with_births_sourced(amounts: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """funding.with_births (live births 2020 and euros per live birth; the row's basis stays the amount's) with the
    source of the births beside them: levendgeborenen_bron and levendgeborenen_bron_datum (CBS, from the context
    table; empty where a municipality has no row in it)."""
    out = funding.with_births(amounts, context)
    sources = context.set_index("code") if not context.empty else pd.DataFrame(columns=["bron", "bron_datum"])
    out["levendgeborenen_bron"] = out["code"].map(sources["bron"]).fillna("").astype(str)
    out["levendgeborenen_bron_datum"] = out["code"].map(sources["bron_datum"]).fillna("").astype(str)
    return out


def top_up_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("financiering.col.gemeente", lang): frame["naam"],
            t("financiering.col.inwoners", lang): frame["inwoners"].map(lambda v: fmt_int(v, lang)),
            t("financiering.col.voor", lang): frame["voor_eur"].map(lambda v: fmt_eur(v, lang)),
            t("financiering.col.aanvulling", lang): frame["aanvulling_eur"].map(lambda v: fmt_eur(v, lang)),
            t("financiering.col.na", lang): frame["na_eur"].map(lambda v: fmt_eur(v, lang)),
            t("financiering.col.voor_per_inwoner", lang): frame["voor_per_inwoner"].map(
                lambda v: fmt_eur_per_inhabitant(v, lang)
            ),
            t("financiering.col.na_per_inwoner", lang): frame["na_per_inwoner"].map(
                lambda v: fmt_eur_per_inhabitant(v, lang)
            ),
            t("financiering.col.basis", lang): frame.apply(lambda r: basis_label(r, lang), axis=1),
        }
    )


def published_text(row: pd.Series, lang: str) -> str:
    """A published amount with its wording: 'bijna € 3 miljoen'."""
    return fmt_milestone(
        {"waarde": row["gepubliceerd"], "kwalificatie": row["kwalificatie"], "eenheid": "eur", "noemer": None}, lang
    )


def national_items(frame: pd.DataFrame, lang: str) -> list[blocks.Figure]:
    """The national picture as figures: per published total the sum of the tables, with what was published (and
    whether the tables fit it) and its source shown under it."""
    return [
        blocks.Figure(
            t(f"indicator.{row['indicator']}", lang),
            fmt_eur(row["som_tabellen"], lang),
            lines=(
                t(
                    "financiering.national.published",
                    lang,
                    datum=row["datum_label"],
                    tekst=published_text(row, lang),
                    fits=fits_text(row, lang),
                ),
                source_line(row, lang),
            ),
        )
        for _, row in frame.iterrows()
    ]


def reconciliation_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Published amount (as worded), what the tables add up to (exact euros), whether that fits the wording."""
    return pd.DataFrame(
        {
            t("financiering.col.wat", lang): frame["indicator"].map(lambda k: t(f"indicator.{k}", lang)),
            t("financiering.col.gepubliceerd", lang): frame.apply(lambda r: published_text(r, lang), axis=1),
            t("financiering.col.som_tabellen", lang): frame["som_tabellen"].map(lambda v: fmt_eur(v, lang)),
            t("financiering.col.binnen", lang): frame.apply(lambda r: fits_text(r, lang), axis=1),
            t("financiering.col.bron", lang): frame.apply(_source_text, axis=1),
        }
    )


def event_text(row: pd.Series, lang: str) -> str:
    """What a dated funding fact says: a published amount as worded, or an event from the catalogue."""
    if row["soort"] == "mijlpaal":
        figure = fmt_milestone(
            {"waarde": row["waarde"], "kwalificatie": row["kwalificatie"], "eenheid": row["eenheid"], "noemer": None},
            lang,
        )
        return t("financiering.timeline.milestone", lang, wat=t(f"indicator.{row['sleutel']}", lang), cijfer=figure)
    try:
        what = t(f"financiering.gebeurtenis.{row['sleutel']}", lang)
    except KeyError:  # an event the catalogue does not know: its own note, as written in the data
        what = row["toelichting"]
    if pd.isna(row["waarde"]):
        amount = t("financiering.timeline.no_amount", lang)
    else:
        amount = fmt_qualified(row["waarde"], "exact", lang, fmt_eur)
    return t("financiering.timeline.event", lang, wat=what, bedrag=amount)


def timeline_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("financiering.col.datum", lang): frame["datum_label"],
            t("financiering.col.wat", lang): frame.apply(lambda r: event_text(r, lang), axis=1),
            t("financiering.col.voor_wie", lang): frame["gemeenten"].map(
                lambda g: t(f"financiering.gemeenten.{g}", lang) if g else ""
            ),
            t("financiering.col.bron", lang): frame.apply(_source_text, axis=1),
        }
    )


def fits_text(row: pd.Series, lang: str) -> str:
    """'ja — 'ruim': tot 25% erboven' for a reconciliation row."""
    key = "financiering.fits.yes" if row["binnen_formulering"] else "financiering.fits.no"
    return t(key, lang, wording=t(f"financiering.wording.{row['kwalificatie']}", lang))


def average_rules(averages: funding.Averages | None, frame: pd.DataFrame, lang: str) -> list[tuple[str, float]]:
    """The rule lines of the ranking: province and tranche averages of the selected municipality, and the average of
    all municipalities with an amount (that one alone when nothing is selected)."""
    rules = []
    if averages is not None:
        rules.append(
            (
                t(
                    "financiering.rule.provincie",
                    lang,
                    naam=averages.provincie,
                    rate=fmt_eur_per_inhabitant(averages.provincie_rate, lang),
                ),
                averages.provincie_rate,
            )
        )
        rules.append(
            (
                t(
                    "financiering.rule.tranche",
                    lang,
                    tranche=tranche_label(averages.tranche, lang),
                    rate=fmt_eur_per_inhabitant(averages.tranche_rate, lang),
                ),
                averages.tranche_rate,
            )
        )
    national = funding.weighted_rate(frame)
    if national is not None:
        rules.append((t("financiering.rule.national", lang, rate=fmt_eur_per_inhabitant(national, lang)), national))
    return [(label, value) for label, value in rules if value is not None]


def download_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A funding frame as downloaded: every column kept (basis and sources included), rates to 4 decimals."""
    out = frame.copy()
    for column in ("eur_per_inwoner", "voor_per_inwoner", "na_per_inwoner", "eur_per_geboorte"):
        if column in out:
            out[column] = out[column].round(4)
    return out


def map_values_for(
    financiering: pd.DataFrame,
    inwoners: pd.DataFrame,
    gemeenten: pd.DataFrame,
    coalities: pd.DataFrame,
    scope: str,
    lang: str,
    selected: str | None = None,
) -> pd.DataFrame:
    """The funding map's values (kansrijke.views.vega_maps.map_values) for a scheme, from the tables."""
    amounts = funding.per_inhabitant(financiering, inwoners, gemeenten, coalities, scope)
    return map_values(map_frame(amounts, lang), gemeenten, missing_props(scope, lang), selected)


def amounts_of(scope: str) -> Call:
    """The per-inhabitant amounts of a scheme with the money per live birth (with_births_sourced), as a page asks
    for them (made once per data version and scheme)."""
    amounts = call(funding.per_inhabitant, T.financiering, T.inwoners, T.gemeenten, T.coalities, scope)
    return call(with_births_sourced, amounts, T.context)


CHART_LABELS = (
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


def chart_labels(lang: str) -> dict[str, str]:
    """The labels of the funding charts in `lang`."""
    return {key: t(f"financiering.chart.{key}", lang) for key in CHART_LABELS}


def top_up_labels(level: float, lang: str) -> dict[str, str]:
    """The labels of the top-up chart: those of chart_labels and the line of the tranche-3 level."""
    return {
        **chart_labels(lang),
        "level": t("financiering.chart.level", lang, rate=fmt_eur_per_inhabitant(level, lang)),
    }


def detail_lines(
    amounts: pd.DataFrame, gemeenten: pd.DataFrame, selected: str, scope: str, lang: str
) -> tuple[Line, ...]:
    """What the funding page says beside the map about the selected municipality: its amount, its rate, the
    averages of its province, its tranche and the country, and the basis of the amount."""
    name = gemeenten.set_index("code").at[selected, "naam"]
    averages = funding.averages_for(amounts, selected)
    if averages is None:
        return (Line("text", t("financiering.detail.none", lang, naam=name, scope=scope_label(scope, lang))),)
    row = amounts[amounts["code"] == selected].iloc[0]
    detail = t(
        "financiering.detail",
        lang,
        naam=name,
        bedrag=fmt_eur(row["bedrag_eur"], lang),
        inwoners=fmt_int(row["inwoners"], lang),
        rate=fmt_eur_per_inhabitant(row["eur_per_inwoner"], lang),
        scope=scope_label(scope, lang),
    )
    compared = t(
        "financiering.detail.averages",
        lang,
        provincie=averages.provincie,
        p=fmt_eur_per_inhabitant(averages.provincie_rate, lang),
        tranche=tranche_label(averages.tranche, lang),
        t=fmt_eur_per_inhabitant(averages.tranche_rate, lang),
        n=fmt_eur_per_inhabitant(averages.national_rate, lang),
    )
    per_child: tuple[Line, ...] = ()
    if "eur_per_geboorte" in row:
        births = t(
            "financiering.detail.per_geboorte",
            lang,
            geboorten=fmt_int(row["levendgeborenen"], lang),
            rate=eur_per_birth_label(row["eur_per_geboorte"], row["basis"], lang),
        )
        per_child = (Line("text", births), Line("caption", t("context.eur_per_geboorte_note", lang)))
    return (
        Line("subheader", name),
        Line("text", detail),
        *per_child[:1],
        Line("text", compared),
        Line("caption", basis_label(row, lang)),
        *per_child[1:],
    )


def ranking_rules(amounts: pd.DataFrame, selected: str | None, lang: str) -> list[tuple[str, float]]:
    """The rule lines of the ranking chart (average_rules) for the selected municipality, if any."""
    averages = funding.averages_for(amounts, selected) if selected else None
    return average_rules(averages, amounts, lang)


def top_up_summary(gids: pd.DataFrame, level: float, lang: str) -> str:
    """How many GIDS municipalities were below the tranche-3 level before and after the top-up."""
    below_before, below_after = funding.top_up_counts(gids, level)
    return t(
        "financiering.topup.summary",
        lang,
        below=fmt_int(below_before, lang),
        n=fmt_int(len(gids), lang),
        after_below=fmt_int(below_after, lang),
    )


def top_up_level_caption(tranche3: funding.Tranche3, lang: str) -> str:
    return t(
        "financiering.topup.level",
        lang,
        bedrag=fmt_eur(tranche3.bedrag_eur, lang),
        inwoners=fmt_int(tranche3.inwoners, lang),
        n=fmt_int(tranche3.gemeenten, lang),
        rate=fmt_eur_per_inhabitant(tranche3.level, lang),
    )


def filter_label(key: str, value: str, choices: dict[str, dict[str, str]], lang: str) -> str:
    """The name of a ranking filter's value: a province or GGD region by name (funding.filter_choices), a tranche."""
    return tranche_label(value, lang) if key == "tranche" else choices[key].get(value, value)


def map_deck(amounts: pd.DataFrame, scope: str, lang: str, selected: str | None, features: dict, provinces: dict):
    """The zoomable view (deck.gl) of the funding map of a scheme."""
    from kansrijke.views import maps

    return maps.choropleth_deck(
        map_frame(amounts, lang),
        features,
        provinces,
        tooltip_html(),
        view=maps.view_for(selected, features, width_px=700, height_px=600),
        highlight_code=selected,
        missing_props=missing_props(scope, lang),
    )


def funding_map(scope: str, lang: str, selected: str | None) -> MapView:
    """The funding page's map of a scheme: euros per inhabitant in classes, and its zoomable view."""
    from kansrijke.views import vega_maps

    features, provinces = geometry()
    return MapView(
        zoom_key="fin_zoom",
        spec=call(
            vega_maps.map_spec,
            vega_maps.catalogue_tips(vega_maps.FUNDING_TIPS, lang),
            text_columns=tuple(vega_maps.FUNDING_TIPS),
            description=t("map.description", lang),
        ),
        values=call(map_values_for, T.financiering, T.inwoners, T.gemeenten, T.coalities, scope, lang, selected),
        deck=call(map_deck, amounts_of(scope), scope, lang, selected, features, provinces),
    )


def funding_beside(tables, scope: str, lang: str, selected: str | None) -> Beside:
    """What the map shows in one sentence, its legend, and (until one is chosen) how to choose a municipality; for
    a chosen one, its amount against its province, its tranche and the country, and its factsheet."""
    amounts = with_births_sourced(
        funding.per_inhabitant(tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities, scope),
        tables.context,
    )
    block = blocks.block(
        blocks.paragraph(summary_sentence(amounts, len(tables.gemeenten), scope, lang), strong=True),
        legend_html(legend_rows(amounts, lang), lang),
        "" if selected else blocks.hint(t("map.click_hint", lang)),
    )
    if not selected:
        return Beside(block)
    return Beside(block, detail_lines(amounts, tables.gemeenten, selected, scope, lang), selected, "fin_factsheet")


def funding_rest(tables, scope: str, lang: str, selected: str | None, filters: tuple[str, str, str]) -> Rest:
    """Under the funding map and below it: its sources and pictures, the table behind it, the national picture, the
    2022 events, the GIDS top-up and the ranking (filtered by province, GGD region and tranche)."""
    peildatum = data_label(tables.inwoners["peildatum"].iloc[0], lang)
    amounts = amounts_of(scope)
    reconciled = funding.reconciliation(tables.financiering, tables.mijlpalen)
    timeline = call(funding.funding_timeline, T.mijlpalen, T.gebeurtenissen)
    gids = call(funding.top_up, T.financiering, T.inwoners, T.gemeenten)
    gids_frame = funding.top_up(tables.financiering, tables.inwoners, tables.gemeenten)
    tranche3 = funding.tranche3(tables.financiering, tables.inwoners)
    top_up = call(chart_spec, top_up_chart, gids, tranche3.level, top_up_labels(tranche3.level, lang), lang)
    ranking = call(funding.filter_rows, amounts, *filters)
    frame = funding.per_inhabitant(tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities, scope)
    ranked = funding.filter_rows(frame, *filters)
    rules = ranking_rules(frame, selected, lang)
    ranking_chart_spec = call(
        chart_spec, ranking_chart, ranking, chart_labels(lang), lang, highlight_code=selected, rules=rules
    )
    sources = blocks.caption(t("financiering.sources.amounts", lang, peildatum=peildatum))
    if ranked.empty:
        ranking_parts: tuple = (Notice(t("financiering.ranking.empty", lang)),)
    else:
        count = blocks.caption(t("financiering.ranking.count", lang, n=fmt_int(len(ranked), lang)))
        ranking_parts = (
            Chart(ranking_chart_spec),
            Html(blocks.block(count)),
            Pictures(ranking_chart_spec, f"grafiek_ranglijst_{scope}_{lang}", "fin_rang_beeld"),
        )
    return Rest(
        under_map=(
            Html(
                blocks.block(
                    blocks.caption(t("financiering.map_sources", lang, peildatum=peildatum)),
                    blocks.paragraph(t("financiering.intro", lang)),
                )
            ),
            MapPictures("financiering", scope, "fin_beeld", selected),
        ),
        below=(
            LazyTable(
                t("financiering.table.map", lang),
                "fin_tabel_kaart_open",
                call(amounts_table, amounts, lang),
                call(download_frame, amounts),
                f"financiering_{scope}",
                "fin_kaart",
            ),
            Html(
                blocks.block(
                    blocks.heading(t("financiering.national.title", lang)),
                    blocks.paragraph(t("financiering.national.intro", lang)),
                    blocks.figures(national_items(reconciled, lang)),
                )
            ),
            LazyTable(
                t("financiering.table.national", lang),
                "fin_tabel_landelijk_open",
                call(reconciliation_table, call(funding.reconciliation, T.financiering, T.mijlpalen), lang),
                call(funding.reconciliation, T.financiering, T.mijlpalen),
                "financiering_landelijk",
                "fin_landelijk",
            ),
            Html(
                blocks.block(
                    blocks.heading(t("financiering.timeline.title", lang)),
                    blocks.paragraph(t("financiering.timeline.intro", lang)),
                    blocks.table(
                        timeline_table(funding.funding_timeline(tables.mijlpalen, tables.gebeurtenissen), lang),
                        t("financiering.timeline.title", lang),
                    ),
                )
            ),
            Downloads(timeline, "financiering_tijdlijn", "fin_tijdlijn"),
            Html(
                blocks.block(
                    blocks.heading(t("financiering.topup.title", lang)),
                    blocks.paragraph(t("financiering.topup.intro", lang)),
                    blocks.paragraph(top_up_summary(gids_frame, tranche3.level, lang), strong=True),
                )
            ),
            Chart(top_up),
            Html(blocks.block(blocks.caption(top_up_level_caption(tranche3, lang)), sources)),
            LazyTable(
                t("financiering.table.topup", lang),
                "fin_tabel_aanvulling_open",
                call(top_up_table, gids, lang),
                call(download_frame, gids),
                "financiering_aanvulling_gids",
                "fin_aanvulling",
            ),
            Pictures(top_up, f"grafiek_aanvulling_gids_{lang}", "fin_aanvulling_beeld"),
            Html(
                blocks.block(
                    blocks.heading(t("financiering.ranking.title", lang)),
                    blocks.paragraph(t("financiering.ranking.intro", lang)),
                )
            ),
            Controls("filters"),
            *ranking_parts,
            Caption(t("financiering.sources.amounts", lang, peildatum=peildatum)),
            LazyTable(
                t("financiering.table.ranking", lang),
                "fin_tabel_ranglijst_open",
                call(amounts_table, ranking, lang),
                call(download_frame, ranking),
                f"financiering_ranglijst_{scope}",
                "fin_rang",
            ),
        ),
    )
