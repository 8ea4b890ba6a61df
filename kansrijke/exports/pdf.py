"""PDF documents with fpdf2: fonts embedded from the package (DejaVu Sans, see kansrijke.exports.style), no
dates of writing inside, and small helpers shared by the factsheet and the slides.

Why fpdf2 (and not reportlab): pure Python (installs as one ~0.5 MB wheel plus fontTools, which matplotlib needs
anyway), writes a one-page factsheet in a few milliseconds, embeds a subset of any TrueType font given as a file
(nothing fetched), keeps text as real, searchable text, and has no C extension to build; LGPL-3.0 allows using it
unchanged from our code. reportlab is BSD-licensed but four times the size with a C accelerator, and its
layout engine is more than a one-page sheet needs.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone

from fpdf import FPDF

from kansrijke.exports import style

FAMILY = "DejaVu"


def fixed_date(iso: str | None) -> datetime:
    """The date written into a file's metadata: the data's own date (never the moment of writing)."""
    text = (str(iso or "") + "-01-01")[:10] if len(str(iso or "")) == 4 else (str(iso or "") + "-01")[:10]
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return datetime(2020, 1, 1, tzinfo=timezone.utc)


def new_pdf(width_mm: float, height_mm: float, title: str, lang: str, date_iso: str | None) -> FPDF:
    """A PDF with the project's fonts and deterministic metadata (title, language, the data's date)."""
    pdf = FPDF(unit="mm", format=(width_mm, height_mm))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FAMILY, "", str(style.FONT_REGULAR))
    pdf.add_font(FAMILY, "B", str(style.FONT_BOLD))
    pdf.add_font(FAMILY, "I", str(style.FONT_ITALIC))
    pdf.set_font(FAMILY, size=10)
    pdf.set_title(title)
    pdf.set_author("Kansrijke Start dashboard")
    pdf.set_creator("Kansrijke Start dashboard")
    pdf.set_producer("Kansrijke Start dashboard")
    pdf.set_lang(lang)
    pdf.set_creation_date(fixed_date(date_iso))
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def hatch(pdf: FPDF, x: float, y: float, w: float, h: float, step: float = 1.6, width: float = 0.2) -> None:
    """Diagonal lines (lower left to upper right) inside a rectangle: the mark of a modelled row."""
    with pdf.local_context():
        pdf.set_draw_color(*style.HATCH_RGB)
        pdf.set_line_width(width)
        with pdf.rect_clip(x, y, w, h):
            offset = -h
            while offset < w:
                pdf.line(x + offset, y + h, x + offset + h, y)
                offset += step


def swatch(pdf: FPDF, x: float, y: float, w: float, h: float, rgb, hatched: bool) -> None:
    """A legend swatch: the class colour, hatched when it stands for modelled rows, with a thin outline."""
    with pdf.local_context():
        pdf.set_fill_color(*rgb)
        pdf.set_draw_color(*style.HATCH_RGB)
        pdf.set_line_width(0.2)
        pdf.rect(x, y, w, h, style="F")
        if hatched:
            hatch(pdf, x, y, w, h)
        pdf.rect(x, y, w, h, style="D")


def image(pdf: FPDF, data: bytes, x: float, y: float, w: float = 0, h: float = 0, alt: str = "") -> None:
    pdf.image(io.BytesIO(data), x=x, y=y, w=w, h=h, alt_text=alt or None)
