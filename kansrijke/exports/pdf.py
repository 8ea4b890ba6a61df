"""PDF documents with fpdf2: fonts embedded from the package (DejaVu Sans, see kansrijke.exports.style), no
dates of writing inside, and small helpers shared by the factsheet and the slides.

Why fpdf2 (and not reportlab): pure Python (installs as one ~0.5 MB wheel plus fontTools, which matplotlib needs
anyway), writes a one-page factsheet in a few milliseconds, embeds a subset of any TrueType font given as a file
(nothing fetched), keeps text as real, searchable text, and has no C extension to build; LGPL-3.0 allows using it
unchanged from our code. reportlab is BSD-licensed but four times the size with a C accelerator, and its
layout engine is more than a one-page sheet needs.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from kansrijke.exports import style

FAMILY = "DejaVu"
# The characters a PDF of ours can show: Latin (with every accented letter of Dutch and its neighbours), Greek,
# punctuation, currency, arrows, maths and geometric signs. Anything else is left out with a warning by fpdf2.
UNICODE_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x300, 0x36F),
    (0x370, 0x3FF),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x215F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
)


def fixed_date(iso: str | None) -> datetime:
    """The date written into a file's metadata: the data's own date (never the moment of writing)."""
    text = (str(iso or "") + "-01-01")[:10] if len(str(iso or "")) == 4 else (str(iso or "") + "-01")[:10]
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return datetime(2020, 1, 1, tzinfo=UTC)


def new_pdf(width_mm: float, height_mm: float, title: str, lang: str, date_iso: str | None) -> FPDF:
    """A PDF with the project's fonts and deterministic metadata (title, language, the data's date)."""
    pdf = FPDF(unit="mm", format=(width_mm, height_mm))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    regular, bold, italic = font_files()
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    pdf.add_font(FAMILY, "I", str(italic))
    pdf.set_font(FAMILY, size=10)
    pdf.set_title(title)
    pdf.set_author("Kansrijke Start dashboard")
    pdf.set_creator("Kansrijke Start dashboard")
    pdf.set_producer("Kansrijke Start dashboard")
    pdf.set_lang(lang)
    pdf.set_creation_date(fixed_date(date_iso))
    return pdf


@functools.lru_cache(maxsize=1)
def font_files() -> tuple[Path, Path, Path]:
    """The three DejaVu faces cut down to UNICODE_RANGES (about a quarter of the size): fpdf2 reads a cut font
    in 40 ms instead of 200 ms, which counts when 355 factsheets are written. Made once, kept in the temporary
    folder under a name that changes with the source file; the font stays DejaVu, from the matplotlib package."""
    return _cut_font(style.FONT_REGULAR), _cut_font(style.FONT_BOLD), _cut_font(style.FONT_ITALIC)


def _cut_font(source: Path) -> Path:
    from fontTools import subset
    from fontTools import version as fonttools_version
    from fontTools.ttLib import TTFont

    stat = source.stat()
    tag = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{fonttools_version}|{UNICODE_RANGES}".encode())
    folder = Path(tempfile.gettempdir()) / "kansrijke-fonts"
    target = folder / f"{source.stem}-{tag.hexdigest()[:16]}.ttf"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    options.recalc_timestamp = False
    options.drop_tables += ["FFTM"]
    font = TTFont(str(source), recalcTimestamp=False)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[c for low, high in UNICODE_RANGES for c in range(low, high + 1)])
    cutter.subset(font)
    partial = folder / f"{target.name}.{os.getpid()}.part"
    font.save(str(partial))
    os.replace(partial, target)  # atomic: a parallel process never reads half a file
    return target


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
