"""What the Nu Niet Zwanger page shows, as text: the progress figure, map colours and tooltips, the summary
sentence, and the tables behind the charts, in the reader's language.

Pure functions (no Streamlit): they turn the figures of kansrijke.domain.nnz into frames and strings that the page,
kansrijke.views.maps and kansrijke.views.charts.nnz can use as they are.
"""

from __future__ import annotations

import pandas as pd

from kansrijke.domain.nnz import NOT_STARTED, START_CLASSES, TABLE_STAND, Progress, Reach, membership_at
from kansrijke.text import fmt_date, fmt_int, fmt_milestone, fmt_pct, t
from kansrijke.views import blocks, palette
from kansrijke.views.calls import TABLES, T, call, chart_spec, geometry
from kansrijke.views.captions import basis_text, source_line
from kansrijke.views.charts.nnz import ProgrammeLabels, ReachLabels
from kansrijke.views.coalition_view import join_list
from kansrijke.views.page import Beside, Chart, Downloads, Html, LazyTable, Line, MapPictures, MapView, Pictures, Rest
from kansrijke.views.vega_maps import map_values, outline_values

NOT_STARTED_FILL = [*palette.NOT_YET_RGB, 200]
NOT_STARTED_LINE = [150, 150, 150, 160]
TOOLTIP_FIELDS = ("programma_label", "centrum_label", "start_label", "basis_label")


def progress_text(progress: Progress, lang: str) -> str:
    """'27 van 50 (54%)' / '27 of 50 (54%)'."""
    return t(
        "nnz.progress_value",
        lang,
        n=fmt_int(progress.started, lang),
        doel=fmt_int(progress.target, lang),
        pct=fmt_pct(progress.pct, lang),
    )


def rule_labels(regel: str, lang: str) -> str:
    """'nnz_gebied_dichtstbij; nnz_start_onbekend' -> the rules' descriptions, joined by '; '."""
    rules = [r.strip() for r in str(regel or "").split(";") if r.strip()]
    return "; ".join(t(f"regel.{r}", lang) for r in rules) or t("basis.model", lang)


def basis_label(row, lang: str) -> str:
    """'Bron: ...' for a sourced row, 'Gemodelleerd — <rules>' for a modelled one (plain text)."""
    if row["basis"] == "bron":
        return t("tooltip.basis_bron", lang, bron=row["bron"])
    return t("tooltip.basis_model", lang, regel=rule_labels(row["regel"], lang))


# ---------------------------------------------------------------------------------------------- map


def tooltip_html() -> str:
    """The tooltip template; pydeck fills {field} from the feature properties (escaped by kansrijke.views.maps)."""
    return "<b>{naam}</b><br/>{programma_label}<br/>{centrum_label}<br/>{start_label}<br/><i>{basis_label}</i>"


def missing_props(lang: str) -> dict[str, str]:
    """Tooltip text for municipalities without a programme in the tables."""
    return {
        "programma_label": t("nnz.tooltip_none", lang),
        "centrum_label": "",
        "start_label": "",
        "basis_label": t("nnz.tooltip_none_basis", lang),
    }


def map_frame(members: pd.DataFrame, municipalities: pd.DataFrame, date, lang: str) -> pd.DataFrame:
    """One row per municipality in a programme (kansrijke.domain.nnz.membership_at): colours by start class (lighter
    when the row is modelled, grey when the programme starts after `date`) and the tooltip lines."""
    names = municipalities.set_index("code")["naam"]
    out = pd.DataFrame({"code": members["code"]})

    def fill(row) -> list[int]:
        if row["klasse"] == NOT_STARTED:
            return list(NOT_STARTED_FILL)
        return palette.fill_rgba(palette.NNZ_START_RGB[row["klasse"]], row["basis"])

    def start(row) -> str:
        when = fmt_date(row["start_datum"], lang)
        if row["started"]:
            return t("nnz.tooltip_start", lang, start=when)
        return t("nnz.tooltip_start_later", lang, start=when, date=fmt_date(date, lang))

    out["fill_color"] = members.apply(fill, axis=1)
    out["line_color"] = members.apply(
        lambda r: palette.outline_rgba(r["basis"]) if r["started"] else list(NOT_STARTED_LINE), axis=1
    )
    out["programma_label"] = members["programma"].map(lambda n: t("nnz.tooltip_programme", lang, naam=n))
    out["centrum_label"] = members["centrumgemeente"].map(lambda c: t("nnz.tooltip_centre", lang, naam=names.get(c, c)))
    out["start_label"] = members.apply(start, axis=1)
    out["basis_label"] = members.apply(lambda r: basis_label(r, lang), axis=1)
    out["basis"] = [str(b or "") if started else "" for b, started in zip(members["basis"], members["started"])]
    return out.reset_index(drop=True)


def legend_items(reach: Reach | None = None) -> list[tuple[str, list[int]]]:
    """(locale key, RGBA) per start class, sourced then modelled, and grey last. With `reach`, only the classes
    that occur at that date (every class otherwise)."""
    items = []
    for klasse in START_CLASSES:
        if reach is not None and not reach.per_class.get(klasse):
            continue
        rgb = palette.NNZ_START_RGB[klasse]
        items.append((f"nnz.class.{klasse}", palette.fill_rgba(rgb, "bron")))
        items.append((f"nnz.class.{klasse}.model", palette.fill_rgba(rgb, "model")))
    items.append(("nnz.legend_none", list(NOT_STARTED_FILL)))
    return items


def headline_items(progress: Progress, reach: Reach, date, lang: str) -> list[blocks.Figure]:
    """The figures beside the map: progress against the target (its source behind it), programmes started and
    municipalities reached (each with its split sourced / modelled behind it)."""

    def split(sourced: int, modelled: int) -> str:
        return t("nnz.started_split", lang, sourced=fmt_int(sourced, lang), modelled=fmt_int(modelled, lang))

    return [
        blocks.Figure(
            t("nnz.progress_label", lang, date=fmt_date(date, lang)),
            progress_text(progress, lang),
            source_line(progress.target_source, lang),
        ),
        blocks.Figure(
            t("nnz.started_label", lang), fmt_int(progress.started, lang), split(progress.sourced, progress.modelled)
        ),
        blocks.Figure(
            t("nnz.municipalities_label", lang),
            fmt_int(reach.municipalities, lang),
            split(reach.sourced, reach.modelled),
        ),
    ]


def published_line(progress: Progress, date, lang: str) -> str:
    """Under the map: the count of programmes published on or before the date with its source, or that none was."""
    if progress.published is None:
        return t("nnz.progress_unpublished", lang, date=fmt_date(date, lang))
    return (
        t(
            "nnz.progress_published",
            lang,
            figure=fmt_milestone(progress.published, lang),
            date=progress.published["datum_label"],
        )
        + " "
        + source_line(progress.published, lang)
    )


def summary_sentence(reach: Reach, lang: str) -> str:
    """One sentence stating what the map shows (also its text alternative)."""
    parts = [
        t("nnz.summary_part", lang, n=fmt_int(n, lang), klasse=t(f"nnz.class_phrase.{k}", lang))
        for k, n in reach.per_class.items()
        if n
    ]
    return t(
        "nnz.summary",
        lang,
        date=fmt_date(reach.date, lang),
        n=fmt_int(reach.municipalities, lang),
        of=fmt_int(reach.of, lang),
        programmes=fmt_int(reach.programmes, lang),
        parts=join_list(parts, lang) or t("summary.none", lang),
        sourced=fmt_int(reach.sourced, lang),
        modelled=fmt_int(reach.modelled, lang),
    )


def selected_text(
    members: pd.DataFrame, municipalities: pd.DataFrame, code: str, date, lang: str
) -> tuple[str, pd.Series | None]:
    """The sentence about one chosen municipality and its membership row (None when it is in no programme)."""
    name = municipalities.set_index("code")["naam"].get(code, code)
    rows = members[members["code"] == code]
    if rows.empty:
        return t("nnz.selected_none", lang, naam=name, stand=fmt_date(TABLE_STAND, lang)), None
    member = rows.iloc[0]
    key = "nnz.selected_in" if member["started"] else "nnz.selected_later"
    return t(
        key,
        lang,
        naam=name,
        programma=member["programma"],
        start=fmt_date(member["start_datum"], lang),
        date=fmt_date(date, lang),
    ), member


# ---------------------------------------------------------------------------------------------- charts, tables


def steps_frame(steps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """kansrijke.domain.nnz.programme_steps with the series names and a tooltip line in the reader's language."""
    out = steps.copy()
    out["reeks_label"] = out["reeks"].map(lambda r: t(f"nnz.series_{r}", lang))
    out["datum_tekst"] = out["datum"].map(lambda d: fmt_date(d, lang))
    return out


def milestone_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Published rows for a chart: date, value, what it counts, the figure as published, source and note."""
    return pd.DataFrame(
        {
            "datum": rows["datum"],
            "waarde": rows["waarde"],
            "indicator": rows["indicator"],
            "wat": rows["indicator"].map(lambda k: t(f"indicator.{k}", lang)),
            "cijfer": rows.apply(lambda r: fmt_milestone(r, lang), axis=1),
            "kwalificatie": rows["kwalificatie"].map(
                lambda k: t(f"nnz.qualifier_kind.{'ondergrens' if k == 'meer_dan' else 'waarde'}", lang)
            ),
            "datum_label": rows["datum_label"],
            "bron": rows["bron"] + " (" + rows["bron_datum"] + ")",
            "toelichting": rows["toelichting"],
        }
    ).reset_index(drop=True)


def milestone_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published rows as a readable, downloadable table (the table alternative of a chart)."""
    return pd.DataFrame(
        {
            t("timeline.col_date", lang): rows["datum_label"],
            t("nnz.col_date_iso", lang): rows["datum"].dt.strftime("%Y-%m-%d"),
            t("timeline.col_figure", lang): rows.apply(lambda r: fmt_milestone(r, lang), axis=1),
            t("timeline.col_indicator", lang): rows["indicator"].map(lambda k: t(f"indicator.{k}", lang)),
            "basis": rows["basis"],
            "bron": rows["bron"],
            "bron_url": rows["bron_url"],
            "bron_datum": rows["bron_datum"],
            t("timeline.col_note", lang): rows["toelichting"],
        }
    ).reset_index(drop=True)


def programme_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """kansrijke.domain.nnz.programme_table with headers in the reader's language; basis and source columns kept."""
    out = table.copy()
    out["start_datum"] = out["start_datum"].dt.strftime("%Y-%m-%d")
    out["regel"] = [rule_labels(r, lang) if b == "model" else "" for r, b in zip(out["regel"], out["basis"])]
    out["basis"] = out["basis"].map(lambda b: t(f"basis.{b}", lang))
    return out.rename(columns={c: t(f"nnz.col.{c}", lang) for c in out.columns})


def map_values_at(
    links: pd.DataFrame,
    programmes: pd.DataFrame,
    municipalities: pd.DataFrame,
    date,
    lang: str,
    selected: str | None = None,
) -> pd.DataFrame:
    """The NNZ map's values (kansrijke.views.vega_maps.map_values) at a date, from the tables."""
    members = membership_at(links, programmes, date)
    return map_values(map_frame(members, municipalities, date, lang), municipalities, missing_props(lang), selected)


def outline_values_at(links: pd.DataFrame, programmes: pd.DataFrame, date) -> pd.DataFrame:
    """Which programme areas the NNZ map outlines at a date (kansrijke.views.vega_maps.outline_values)."""
    members = membership_at(links, programmes, date)
    return outline_values(sorted(set(links["programma_id"])), members.loc[members["started"], "programma_id"])


CHART_DOMAIN = ("2017-01-01", "2024-07-01")  # Midden-Brabant (2014) shows as 1 at the left edge
REACH_DOMAIN = ("2020-01-01", "2024-07-01")


def programme_areas(features: dict, links: pd.DataFrame) -> dict:
    """Every programme's area: its municipalities' polygons dissolved (read-only GeoJSON)."""
    from kansrijke.data import geo
    from kansrijke.domain.nnz import programme_of

    return geo.dissolve(features, programme_of(links))


def map_deck(tables, date, lang: str, selected, outlines: dict, features: dict, provinces: dict):
    """The zoomable view (deck.gl) of the NNZ map at `date`, the areas of the started programmes outlined."""
    from kansrijke.domain import nnz
    from kansrijke.views import maps

    members = membership_at(tables.nnz_deelname, tables.nnz_programmas, date)
    started_ids = members.loc[members["started"], "programma_id"].unique()
    return maps.choropleth_deck(
        map_frame(members, tables.gemeenten, date, lang),
        features,
        provinces,
        tooltip_html(),
        view=maps.view_for(selected, features, width_px=700, height_px=600),
        highlight_code=selected,
        missing_props=missing_props(lang),
        extra_layers=[
            maps.outline_layer(
                "programmas", nnz.outline_collection(outlines, started_ids), palette.NNZ_OUTLINE_RGBA, 2.5
            )
        ],
    )


def selected_lines(members: pd.DataFrame, municipalities: pd.DataFrame, code: str, date, lang: str) -> tuple[Line, ...]:
    """What the NNZ page says beside the map about the selected municipality, and the basis of its membership."""
    sentence, member = selected_text(members, municipalities, code, date, lang)
    return (Line("text", sentence),) + (() if member is None else (Line("caption", basis_text(member, lang)),))


def programme_labels(target: pd.Series, date, lang: str) -> ProgrammeLabels:
    """The labels of the chart of programmes over time, its target line and the chosen date."""
    return ProgrammeLabels(
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
    )


def reach_labels(lang: str, y_key: str) -> ReachLabels:
    """The labels of a reach chart, its y axis named by the catalogue key `y_key`."""
    return ReachLabels(
        x=t("nnz.axis_date", lang),
        y=t(y_key, lang),
        indicator=t("nnz.legend_published", lang),
        figure=t("timeline.col_figure", lang),
        source=t("timeline.col_source", lang),
        date=t("timeline.col_date", lang),
        kind=t("nnz.legend_kind", lang),
        exact_kind=t("nnz.qualifier_kind.waarde", lang),
        lower_kind=t("nnz.qualifier_kind.ondergrens", lang),
    )


def target_source(progress: Progress) -> pd.Series:
    """The published row of the target (50 programmes) that the progress is measured against."""
    return progress.target_source


def nnz_map(date, lang: str, selected: str | None) -> MapView:
    """The NNZ page's map at `date`: municipalities by the start year of their programme, programme areas outlined."""
    from kansrijke.views import vega_maps

    features, provinces = geometry()
    areas = call(programme_areas, features, T.nnz_deelname)
    return MapView(
        zoom_key="nnz_zoom",
        spec=call(
            vega_maps.map_spec,
            vega_maps.catalogue_tips(vega_maps.NNZ_TIPS, lang),
            text_columns=tuple(vega_maps.NNZ_TIPS),
            outlines=areas,
            outline_rgba=palette.NNZ_OUTLINE_RGBA,
            description=t("map.description", lang),
        ),
        values=call(map_values_at, T.nnz_deelname, T.nnz_programmas, T.gemeenten, date, lang, selected),
        deck=call(map_deck, TABLES, date, lang, selected, areas, features, provinces),
        outlines=call(outline_values_at, T.nnz_deelname, T.nnz_programmas, date),
    )


def nnz_beside(tables, date, lang: str, selected: str | None) -> Beside:
    """What the map shows in one sentence, the figures (the source or the split sourced/modelled one click away),
    the legend, and (until one is chosen) how to choose a municipality; for a chosen one, its programme."""
    from kansrijke.domain import nnz
    from kansrijke.views.captions import legend_html

    progress = nnz.progress_at(tables.nnz_programmas, tables.mijlpalen, date)
    reach = nnz.reach_at(tables.nnz_deelname, tables.nnz_programmas, tables.gemeenten, date)
    block = blocks.block(
        blocks.paragraph(summary_sentence(reach, lang), strong=True),
        blocks.figures(headline_items(progress, reach, date, lang), t("headline.note", lang)),
        legend_html(legend_items(reach), lang),
        blocks.caption(t("nnz.legend_outline", lang)),
        "" if selected else blocks.hint(t("map.click_hint", lang)),
    )
    if not selected:
        return Beside(block)
    members = membership_at(tables.nnz_deelname, tables.nnz_programmas, date)
    return Beside(block, selected_lines(members, tables.gemeenten, selected, date, lang))


def nnz_rest(tables, chosen: str, lang: str, selected: str | None) -> Rest:
    """Under the NNZ map and below it: its sources and pictures, the programmes over time against the target, the
    published reach over time, and the table of programmes."""
    from kansrijke.domain import nnz
    from kansrijke.views.charts.nnz import programmes_chart, reach_chart

    date = pd.Timestamp(chosen)
    stand = fmt_date(TABLE_STAND, lang)
    asked_progress = call(nnz.progress_at, T.nnz_programmas, T.mijlpalen, date)
    progress = nnz.progress_at(tables.nnz_programmas, tables.mijlpalen, date)
    reach = nnz.reach_at(tables.nnz_deelname, tables.nnz_programmas, tables.gemeenten, date)
    programmes = call(
        chart_spec,
        programmes_chart,
        call(steps_frame, call(nnz.programme_steps, T.nnz_programmas), lang),
        call(milestone_frame, call(nnz.programme_markers, T.mijlpalen), lang),
        call(target_source, asked_progress),
        date,
        programme_labels(progress.target_source, date, lang),
        CHART_DOMAIN,
    )
    counts, shares = (
        call(
            chart_spec,
            reach_chart,
            call(milestone_frame, call(nnz.reach_series, T.mijlpalen, indicators), lang),
            reach_labels(lang, y_key),
            REACH_DOMAIN,
            y_domain,
        )
        for indicators, y_key, y_domain in (
            (nnz.REACH_COUNT_INDICATORS, "nnz.axis_municipalities", (0, float(reach.of))),
            (nnz.REACH_SHARE_INDICATORS, "nnz.axis_percent", (0, 100)),
        )
    )
    reach_rows = milestone_table(nnz.reach_series(tables.mijlpalen), lang)
    programme_rows = programme_display(
        nnz.programme_table(tables.nnz_programmas, tables.nnz_deelname, tables.gemeenten), lang
    )
    published = call(milestone_table, call(nnz.programme_markers, T.mijlpalen, with_target=True), lang)
    return Rest(
        under_map=(
            Html(
                blocks.block(
                    blocks.caption(t("nnz.map_sources", lang, stand=stand)),
                    blocks.caption(t("nnz.progress_method", lang, stand=stand)),
                    blocks.caption(published_line(progress, date, lang)),
                    blocks.paragraph(t("nnz.intro", lang)),
                )
            ),
            MapPictures("nnz", chosen, "nnz_beeld", selected),
        ),
        below=(
            Html(blocks.block(blocks.heading(t("nnz.programmes_title", lang)))),
            Chart(programmes),
            Pictures(programmes, f"grafiek_nnz_programmas_{chosen}_{lang}", "nnz_grafiek"),
            Html(blocks.block(blocks.caption(t("nnz.programmes_caption", lang, stand=stand)))),
            LazyTable(
                t("nnz.table_alternative", lang),
                "nnz_tabel_gepubliceerd_open",
                published,
                published,
                "nnz_programmas_gepubliceerd",
                "nnz_gepubliceerd",
            ),
            Html(blocks.block(blocks.heading(t("nnz.reach_title", lang)), blocks.caption(t("nnz.reach_intro", lang)))),
            Chart(counts),
            Chart(shares),
            Html(
                blocks.block(
                    blocks.caption(t("nnz.reach_caption", lang)), blocks.table(reach_rows, t("nnz.reach_title", lang))
                )
            ),
            Pictures(counts, f"grafiek_nnz_bereik_gemeenten_{lang}", "nnz_bereik_aantal"),
            Pictures(shares, f"grafiek_nnz_bereik_procent_{lang}", "nnz_bereik_procent"),
            Downloads(call(milestone_table, call(nnz.reach_series, T.mijlpalen), lang), "nnz_bereik", "nnz_bereik"),
            Html(
                blocks.block(
                    blocks.heading(t("nnz.table_title", lang)),
                    blocks.caption(t("nnz.table_intro", lang, stand=stand)),
                    blocks.table(programme_rows, t("nnz.table_title", lang)),
                )
            ),
            Downloads(
                call(programme_display, call(nnz.programme_table, T.nnz_programmas, T.nnz_deelname, T.gemeenten), lang),
                "nnz_programmas",
                "nnz_programmas",
            ),
        ),
    )
