"""Texts that go next to a figure, map or table: source lines, basis of a row, legends, the timeline table.
Plain strings and frames, no Streamlit; everything from the data is escaped for markdown/HTML."""

from __future__ import annotations

import html

import pandas as pd

from kansrijke.domain import stories
from kansrijke.text import fmt_date, fmt_milestone, t


def source_line(row: pd.Series | None, lang: str) -> str:
    """'Bron: document (datum)' for a milestone or fact row, as plain text."""
    if row is None:
        return ""
    date = row.get("bron_datum", "")
    return (
        t("source.line", lang, bron=row["bron"], datum=date)
        if date
        else t("source.line_nodate", lang, bron=row["bron"])
    )


def source_caption(row: pd.Series | None, lang: str) -> str:
    """source_line escaped for markdown (st.caption)."""
    return escape_markdown(source_line(row, lang))


def headline_note(figure, date, lang: str) -> str:
    """The note behind a headline figure on the map page, as plain text: what it counts and the publication that
    states it (or that it follows from the others, or that the tranche had not started yet)."""
    note = "" if figure.key == "totaal" else t(f"tranche.{figure.key}", lang)
    if figure.source is not None:
        return f"{note} {source_line(figure.source, lang)}".strip()
    if figure.derived:
        return f"{note} {t('headline.derived', lang)}".strip()
    return f"{note} {t('headline.none', lang, date=fmt_date(date, lang))}".strip()


def escape_markdown(text: str) -> str:
    """Text that st.markdown/st.caption shows literally: HTML escaped and markdown punctuation neutralised."""
    escaped = html.escape(str(text), quote=False)
    for ch in "\\`*_[]<>#|~$":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def stand_label(date, lang: str) -> str:
    key = f"stand.{pd.Timestamp(date).date().isoformat()}"
    try:
        return t(key, lang)
    except KeyError:
        return fmt_date(date, lang)


def legend_html(items, lang: str) -> str:
    """Legend swatches; labels come from the catalogue and are escaped."""
    return legend_lines_html([(t(label_key, lang), rgba) for label_key, rgba in items])


def legend_lines_html(items) -> str:
    """Legend swatches with labels as given (text, escaped), e.g. the class labels made from the data."""
    lines = []
    for label, rgba in items:
        r, g, b, a = rgba
        swatch = (
            f'<span style="display:inline-block;width:1.1em;height:1.1em;margin-right:.5em;'
            f'vertical-align:middle;border:1px solid #333;background:rgba({r},{g},{b},{a / 255:.2f})"></span>'
        )
        lines.append(f"<div>{swatch}{html.escape(label)}</div>")
    return "\n".join(lines)


def timeline_table(milestones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published counts as a readable table: date as published, figure, what it counts, source."""
    return pd.DataFrame(
        {
            t("timeline.col_date", lang): milestones["datum_label"],
            t("timeline.col_figure", lang): milestones.apply(lambda row: fmt_milestone(row, lang), axis=1),
            t("timeline.col_indicator", lang): milestones["indicator"].map(lambda k: t(f"indicator.{k}", lang)),
            t("timeline.col_source", lang): milestones["bron"] + " (" + milestones["bron_datum"] + ")",
            t("timeline.col_note", lang): milestones["toelichting"],
        }
    )


STORY_LIST_CSS = """<style>
.ks-verhalen details { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; margin-bottom: 0.5rem; }
.ks-verhalen summary { cursor: pointer; padding: 0.6rem 1rem; }
.ks-verhalen details > p { margin: 0 1rem 0.6rem 1rem; }
.ks-verhalen .ks-bron { font-size: 0.875rem; color: #4A4F5A; }
</style>"""


def story_list_html(story_list, lang: str) -> str:
    """The stories of the map's pins as one block of native disclosure widgets (<details>, keyboard and screen
    reader friendly): per story its number and title, then its places and theme, summary and source. Every text
    from the data is escaped."""
    items = []
    for story in story_list:
        items.append(
            f"<details><summary>{html.escape(f'{story.number} · {story.titel}')}</summary>"
            f"<p><strong>{html.escape(stories.places_text(story, lang))}</strong> · "
            f"{html.escape(t('verhalen.theme', lang, thema=story.thema))}</p>"
            f"<p>{html.escape(story.samenvatting)}</p>"
            f'<p class="ks-bron">{html.escape(stories.source_label(story, lang))}</p></details>'
        )
    return STORY_LIST_CSS + '<div class="ks-verhalen">' + "".join(items) + "</div>"


def basis_text(row: pd.Series, lang: str) -> str:
    """'Bron: ...' for a sourced row; 'Gemodelleerd (regel ...)' plus any partial evidence for a modelled row."""
    if row["basis"] == "bron":
        return source_caption(row, lang)
    rules = [r.strip() for r in str(row.get("regel", "")).split(";") if r.strip()]
    text = t("basis.model_rule", lang, regel="; ".join(t(f"regel.{r}", lang) for r in rules))
    if row.get("bron"):
        text += " " + t("basis.evidence", lang, bron=row["bron"])
    return escape_markdown(text)
