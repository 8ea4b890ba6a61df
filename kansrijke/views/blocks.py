"""Text around a map as plain HTML blocks: a heading, a paragraph, a caption, a table, headline figures.

A map page puts the text beside and below its map in one st.html block each, not in a dozen markdown, caption and
metric elements: the browser then inserts one piece of HTML instead of rendering each element (the markdown
renderer, the metric element's code, their styling), and the map paints sooner. Every part takes plain text and
escapes it; `block` joins the parts and puts the style sheet in front. No Streamlit here."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

# Caption grey #4A4F5A on white: contrast 8.3:1; figures as a two-column grid that wraps on a narrow column.
BLOCK_CSS = """<style>
.ks-blok { line-height: 1.6; }
.ks-blok h2 { font-size: 1.5rem; font-weight: 600; margin: 1.5rem 0 0.5rem 0; padding: 0; }
.ks-blok p { margin: 0 0 0.75rem 0; }
.ks-blok .ks-onderschrift { font-size: 0.875rem; color: #4A4F5A; }
.ks-blok .ks-hint { background: #E8F1F8; border-radius: 0.5rem; padding: 0.75rem 1rem; }
.ks-blok .ks-tabelvak { overflow-x: auto; margin-bottom: 1rem; }
.ks-blok table { border-collapse: collapse; font-size: 0.875rem; width: 100%; }
.ks-blok th, .ks-blok td { border-bottom: 1px solid #D5D8DE; padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
.ks-blok .ks-cijfers { display: grid; grid-template-columns: repeat(auto-fit, minmax(6.5rem, 1fr)); gap: 0.5rem 1rem;
  margin: 0 0 0.75rem 0; padding: 0; }
.ks-blok .ks-cijfers dt { font-size: 0.875rem; line-height: 1.3; margin: 0; }
.ks-blok .ks-cijfers dd { margin: 0; padding: 0; }
.ks-blok .ks-cijfers .ks-waarde { font-size: 1.7rem; line-height: 1.2; }
.ks-blok .ks-cijfers .ks-noot { font-size: 0.8rem; color: #4A4F5A; }
.ks-blok .ks-cijfers summary { cursor: pointer; }
.ks-blok .ks-kader { border: 1px solid #D5D8DE; border-radius: 0.5rem; padding: 0.75rem 1rem 0 1rem;
  margin-bottom: 0.75rem; }
.ks-blok th[scope="row"] { font-weight: 600; }
</style>"""


@dataclass(frozen=True)
class Figure:
    """A headline figure as shown: its label, its formatted value, lines shown under it (e.g. what was
    published), and a note one click away (its source, or why none states it)."""

    label: str
    value: str
    note: str = ""
    lines: tuple[str, ...] = ()


def _text(text) -> str:
    return html.escape("" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text))


def heading(text: str) -> str:
    """A section heading below the page title (h2)."""
    return f"<h2>{_text(text)}</h2>"


def paragraph(text: str, *, strong: bool = False) -> str:
    body = f"<strong>{_text(text)}</strong>" if strong else _text(text)
    return f"<p>{body}</p>"


def caption(text: str) -> str:
    """A source line or note: smaller, grey (still 8:1 contrast)."""
    return f'<p class="ks-onderschrift">{_text(text)}</p>'


def hint(text: str) -> str:
    """A hint in a light-blue box (what to do next), in the page's reading order."""
    return f'<p class="ks-hint">{_text(text)}</p>'


def table(frame: pd.DataFrame, label: str, row_labels: bool = False) -> str:
    """A short display table as a plain HTML table with a header row; with `row_labels` the index is the first
    column, each label a row header (otherwise the index is left out). Every cell escaped and its whitespace
    folded to single spaces. A table wider than the screen (a phone) scrolls sideways in its own box, which a
    keyboard can reach and a screen reader names by `label`."""

    def cell(value) -> str:
        return " ".join(_text(value).split())

    corner = "<td></td>" if row_labels else ""
    head = corner + "".join(f'<th scope="col">{cell(column)}</th>' for column in frame.columns)
    rows = "".join(
        "<tr>"
        + (f'<th scope="row">{cell(row_label)}</th>' if row_labels else "")
        + "".join(f"<td>{cell(value)}</td>" for value in row)
        + "</tr>"
        for row_label, *row in frame.itertuples(index=True)
    )
    return (
        f'<div class="ks-tabelvak" tabindex="0" role="region" aria-label="{_text(label)}">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def boxed(*parts: str) -> str:
    """Parts in a framed box (one story, one card)."""
    return '<div class="ks-kader">' + "".join(parts) + "</div>"


def figures(items, note_label: str = "") -> str:
    """Headline figures as a description list: per figure its label, its value, its lines and, one click away
    (a native disclosure, reachable by keyboard), its note under `note_label`."""
    cells = []
    for figure in items:
        lines = "".join(f'<dd class="ks-noot">{_text(line)}</dd>' for line in figure.lines)
        note = (
            f'<dd class="ks-noot"><details><summary>{_text(note_label)}</summary>{_text(figure.note)}</details></dd>'
            if figure.note
            else ""
        )
        cells.append(
            f'<div><dt>{_text(figure.label)}</dt><dd class="ks-waarde">{_text(figure.value)}</dd>{lines}{note}</div>'
        )
    return f'<dl class="ks-cijfers">{"".join(cells)}</dl>'


def block(*parts: str) -> str:
    """The parts (HTML from the functions above, or other escaped HTML such as a legend) as one block, its style
    sheet in front. Empty parts are left out."""
    return BLOCK_CSS + '<div class="ks-blok">' + "".join(part for part in parts if part) + "</div>"
