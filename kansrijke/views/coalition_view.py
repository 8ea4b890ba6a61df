"""What the coalition map shows: colours, tooltip lines and the one-sentence summary for a stand.

Pure functions (no Streamlit): they turn the coalition status at a date into a frame that kansrijke.views.maps can
draw, with every string pre-formatted in the chosen language.
"""

from __future__ import annotations

import pandas as pd

from kansrijke.domain.coalitions import NOT_YET, Counts, status_at
from kansrijke.text import data_label, fmt_date, fmt_int, t
from kansrijke.views import blocks, palette
from kansrijke.views.calls import TABLES, T, call, geometry
from kansrijke.views.captions import headline_note
from kansrijke.views.page import Beside, Html, LazyTable, MapPictures, MapView, Rest
from kansrijke.views.vega_maps import map_values

TOOLTIP_FIELDS = ("naam", "tranche_label", "datum_label", "inwoners_label", "basis_label")


def tooltip_html() -> str:
    """The tooltip template; pydeck fills {field} from the feature properties (escaped by kansrijke.views.maps)."""
    return "<b>{naam}</b><br/>{tranche_label}<br/>{datum_label}<br/>{inwoners_label}<br/><i>{basis_label}</i>"


def basis_label(row: pd.Series, lang: str) -> str:
    if row["tranche"] == NOT_YET and not row.get("regel") and row["basis"] != "bron":
        return t("basis.unknown", lang)
    if row["basis"] == "bron":
        return t("tooltip.basis_bron", lang, bron=row["bron"])
    rule = t(f"regel.{row['regel'].split(';')[0].strip()}", lang) if row.get("regel") else t("basis.model", lang)
    return t("tooltip.basis_model", lang, regel=rule)


def map_frame(
    status: pd.DataFrame, municipalities: pd.DataFrame, inhabitants: pd.DataFrame, date, lang: str
) -> pd.DataFrame:
    """One row per municipality with fill/line colours and the tooltip strings."""
    frame = status.merge(municipalities[["code", "naam"]], on="code", how="left")
    frame = frame.merge(inhabitants[["code", "inwoners", "peildatum"]], on="code", how="left")

    def fill(row) -> list[int]:
        if row["tranche"] == NOT_YET:
            return [*palette.NOT_YET_RGB, 200]
        return palette.fill_rgba(palette.TRANCHE_RGB[row["tranche"]], row["basis"])

    def joined(row) -> str:
        if row["tranche"] == NOT_YET:
            return t("tooltip.not_yet", lang, date=fmt_date(date, lang))
        return t("tooltip.joined", lang, date=fmt_date(row["datum_deelname"], lang))

    out = pd.DataFrame({"code": frame["code"], "naam": frame["naam"]})
    out["fill_color"] = frame.apply(fill, axis=1)
    out["line_color"] = frame.apply(
        lambda r: palette.outline_rgba(r["basis"]) if r["tranche"] != NOT_YET else [150, 150, 150, 160], axis=1
    )
    out["tranche_label"] = frame["tranche"].map(lambda v: t(f"tranche.{'none' if v == NOT_YET else v}", lang))
    out["datum_label"] = frame.apply(joined, axis=1)
    out["inwoners_label"] = frame.apply(
        lambda r: t(
            "tooltip.inhabitants", lang, n=fmt_int(int(r["inwoners"]), lang), peildatum=data_label(r["peildatum"], lang)
        ),
        axis=1,
    )
    out["basis_label"] = frame.apply(lambda r: basis_label(r, lang), axis=1)
    # bron / model for a municipality on the map; '' for "not yet" (drawn grey, no outline style)
    out["basis"] = [("" if tr == NOT_YET else str(b or "")) for tr, b in zip(frame["tranche"], frame["basis"])]
    return out


def join_list(items: list[str], lang: str) -> str:
    """'a, b en c' / 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("list.and", lang) + items[-1]


def summary_sentence(counts: Counts, lang: str, sourced_only: bool = False) -> str:
    """One sentence that states what the map shows, for every reader (also a text alternative to the map)."""
    parts = [t(f"summary.part.{tranche}", lang, n=fmt_int(n, lang)) for tranche, n in counts.per_tranche.items() if n]
    key = "kaart.summary_sourced_only" if sourced_only else "kaart.summary"
    return t(
        key,
        lang,
        total=fmt_int(counts.total, lang),
        of=fmt_int(counts.of, lang),
        date=fmt_date(counts.date, lang),
        parts=join_list(parts, lang) or t("summary.none", lang),
        sourced=fmt_int(counts.sourced, lang),
        modelled=fmt_int(counts.modelled, lang),
    )


MAP_TABLE_COLUMNS = [
    "code",
    "naam",
    "provincie",
    "ggd_regio",
    "inwoners",
    "tranche",
    "datum_deelname",
    "basis",
    "regel",
    "bron",
    "bron_url",
    "bron_datum",
]


def map_table(status: pd.DataFrame, municipalities: pd.DataFrame, inhabitants: pd.DataFrame) -> pd.DataFrame:
    """The table behind the coalition map: one row per municipality at the stand, with its basis and source.

    Column names are the data's own (as in data/), so the download reads like the shipped tables; a
    municipality not (yet) taking part has tranche 'geen' and an empty date."""
    frame = status.merge(municipalities[["code", "naam", "provincie", "ggd_regio"]], on="code", how="left")
    frame = frame.merge(inhabitants[["code", "inwoners"]], on="code", how="left")
    frame["datum_deelname"] = frame["datum_deelname"].dt.strftime("%Y-%m-%d").fillna("")
    for column in MAP_TABLE_COLUMNS:
        if column not in frame:
            frame[column] = ""
    return frame[MAP_TABLE_COLUMNS].sort_values("naam", kind="stable").reset_index(drop=True)


def map_values_at(
    coalities: pd.DataFrame,
    municipalities: pd.DataFrame,
    inhabitants: pd.DataFrame,
    date,
    lang: str,
    selected: str | None = None,
    sourced_only: bool = False,
) -> pd.DataFrame:
    """The coalition map's values (kansrijke.views.vega_maps.map_values) at a stand, from the tables."""
    status = status_at(coalities, municipalities, date, sourced_only=sourced_only)
    return map_values(map_frame(status, municipalities, inhabitants, date, lang), municipalities, selected=selected)


def map_table_at(
    coalities: pd.DataFrame, municipalities: pd.DataFrame, inhabitants: pd.DataFrame, date, sourced_only: bool = False
) -> pd.DataFrame:
    """The table behind the coalition map at a stand, from the tables."""
    return map_table(status_at(coalities, municipalities, date, sourced_only=sourced_only), municipalities, inhabitants)


def headline_items(figures, date, lang: str) -> list[blocks.Figure]:
    """The headline figures beside the map (coalitions.headline_figures) as shown: label, number, and the note
    behind each (its publication, or why none states it)."""
    return [
        blocks.Figure(t(f"headline.{figure.key}", lang), fmt_int(figure.value, lang), headline_note(figure, date, lang))
        for figure in figures
    ]


# The story pins share the map's tooltip template in the zoomable view: template field -> pins column.
PIN_FIELDS = {
    "naam": "naam",
    "tranche_label": "verhaal",
    "datum_label": "titel",
    "inwoners_label": "thema",
    "basis_label": "bron_label",
}


def map_deck(tables, date, lang: str, selected, sourced_only: bool, pins: pd.DataFrame, features, provinces):
    """The zoomable view (deck.gl) of the coalition map at `date`, with the story pins."""
    from kansrijke.views import maps

    status = status_at(tables.coalities, tables.gemeenten, date, sourced_only=sourced_only)
    return maps.choropleth_deck(
        map_frame(status, tables.gemeenten, tables.inwoners, date, lang),
        features,
        provinces,
        tooltip_html(),
        view=maps.view_for(selected, features, width_px=700, height_px=600),
        highlight_code=selected,
        extra_layers=maps.story_pin_layers(pins, tooltip_html(), PIN_FIELDS),
    )


def home_map(stand: str, lang: str, selected: str | None, sourced_only: bool) -> MapView:
    """The home page's map at `stand` (ISO date): coalitions coloured by tranche, the story pins, the zoomable view."""
    from kansrijke.data import geo
    from kansrijke.domain import stories
    from kansrijke.views import vega_maps

    date = pd.Timestamp(stand)
    pins = call(stories.pins, call(stories.stories, T.verhalen, T.gemeenten, lang), call(geo.centroids), lang)
    pin_tips = vega_maps.catalogue_tips(vega_maps.STORY_PIN_TIPS, lang)
    features, provinces = geometry()
    return MapView(
        zoom_key="kaart_zoom",
        spec=call(
            vega_maps.map_spec,
            vega_maps.catalogue_tips(vega_maps.COALITION_TIPS, lang),
            pin_tips=pin_tips,
            description=t("map.description", lang),
        ),
        values=call(map_values_at, T.coalities, T.gemeenten, T.inwoners, date, lang, selected, sourced_only),
        deck=call(map_deck, TABLES, date, lang, selected, sourced_only, pins, features, provinces),
        pins=call(vega_maps.pin_values, pins, pin_tips),
    )


def home_beside(tables, stand: str, lang: str, selected: str | None, sourced_only: bool) -> Beside:
    """The text beside the home map, as one block: what it shows in one sentence, the headline figures (each
    source one click away), the legend, and (until one is chosen) how to choose a municipality."""
    from kansrijke.domain import coalitions
    from kansrijke.views import maps
    from kansrijke.views.captions import legend_html

    date = pd.Timestamp(stand)
    counts = coalitions.counts_at(tables.coalities, tables.gemeenten, date, sourced_only=sourced_only)
    figures = coalitions.headline_figures(counts, tables.mijlpalen)
    return Beside(
        blocks.block(
            blocks.paragraph(summary_sentence(counts, lang, sourced_only=sourced_only), strong=True),
            blocks.figures(headline_items(figures, date, lang), t("headline.note", lang)),
            blocks.caption(t("verhalen.legend", lang)),
            legend_html(maps.legend_items(), lang),
            "" if selected else blocks.hint(t("map.click_hint", lang)),
        )
    )


def home_rest(tables, stand: str, lang: str, selected: str | None, sourced_only: bool) -> Rest:
    """Under the home map: its sources and what it shows, the table behind it, its pictures (below the map and the
    text beside it while a municipality is chosen); below it, one block: the published counts over time, and the
    stories behind the pins."""
    from kansrijke.domain import coalitions, stories
    from kansrijke.views import captions

    date = pd.Timestamp(stand)
    timeline = captions.timeline_table(coalitions.timeline(tables.mijlpalen), lang)
    behind = call(map_table_at, T.coalities, T.gemeenten, T.inwoners, date, sourced_only)
    peildatum = data_label(tables.inwoners["peildatum"].iloc[0], lang)
    about_map = (
        Html(blocks.block(blocks.paragraph(t("kaart.intro", lang)))),
        LazyTable(
            t("kaart.table_title", lang), "kaart_tabel_open", behind, behind, f"coalities_{stand}", "kaart_tabel"
        ),
        MapPictures("kaart", stand, "kaart_beeld", selected),
    )
    # With a municipality chosen, only the map's source line sits under it: on a phone, where the text beside the
    # map comes after its column, the details then follow the map right away; the rest moves below.
    return Rest(
        under_map=(
            Html(blocks.block(blocks.caption(t("kaart.map_sources", lang, peildatum=peildatum)))),
            *(() if selected else about_map),
        ),
        below=(
            *(about_map if selected else ()),
            Html(
                blocks.block(
                    blocks.heading(t("timeline.title", lang)),
                    blocks.caption(t("timeline.intro", lang)),
                    blocks.table(timeline, t("timeline.title", lang)),
                    blocks.heading(t("verhalen.list_title", lang)),
                    blocks.caption(t("verhalen.list_intro", lang)),
                    captions.story_list_html(stories.stories(tables.verhalen, tables.gemeenten, lang), lang),
                )
            ),
        ),
    )
