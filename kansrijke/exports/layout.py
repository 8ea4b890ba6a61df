"""A page as positioned boxes (text, picture, rectangle), drawn by two back ends: PowerPoint (python-pptx, editable
text boxes and shapes) and PDF (fpdf2). One layout for both keeps the two files of the presentation identical in
content: the same titles, figures, pictures and sources in the same places.

Units: millimetres from the top-left corner; font sizes in points.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from kansrijke.exports import pdf as pdfkit
from kansrijke.exports import style

SLIDE_W, SLIDE_H = 338.667, 190.5  # 16:9 (13.333 x 7.5 inch), PowerPoint's widescreen size


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    w: float
    h: float
    text: str
    size: float = 14
    bold: bool = False
    italic: bool = False
    rgb: tuple[int, int, int] = style.TEXT_RGB
    name: str = ""  # shape name in the .pptx (e.g. "title"), for readers and tests


@dataclass(frozen=True)
class Picture:
    x: float
    y: float
    w: float
    h: float
    png: bytes
    alt: str = ""


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    rgb: tuple[int, int, int]
    outline: tuple[int, int, int] | None = None
    hatched: bool = False


Box = Text | Picture | Rect  # what a page is made of


@dataclass(frozen=True)
class Page:
    items: tuple[Box, ...] = ()
    notes: str = ""  # speaker notes (.pptx only)
    title: str = ""
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------ PowerPoint


def to_pptx(pages: list[Page], title: str, lang: str, date_iso: str | None) -> bytes:
    """An editable 16:9 .pptx: every Text a real text box, every Rect a shape, every Picture an image."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.dml import MSO_PATTERN
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Mm, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Mm(SLIDE_W), Mm(SLIDE_H)
    blank = deck.slide_layouts[6]
    for page in pages:
        slide = deck.slides.add_slide(blank)
        for item in page.items:
            if isinstance(item, Text):
                box = slide.shapes.add_textbox(Mm(item.x), Mm(item.y), Mm(item.w), Mm(item.h))
                if item.name:
                    box.name = item.name
                frame = box.text_frame
                frame.word_wrap = True
                frame.auto_size = MSO_AUTO_SIZE.NONE
                frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
                for number, line in enumerate(str(item.text).split("\n")):
                    paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
                    run = paragraph.add_run()
                    run.text = line
                    run.font.size = Pt(item.size)
                    run.font.bold = item.bold
                    run.font.italic = item.italic
                    run.font.name = "Arial"
                    run.font.color.rgb = RGBColor(*item.rgb)
            elif isinstance(item, Picture):
                picture = slide.shapes.add_picture(io.BytesIO(item.png), Mm(item.x), Mm(item.y), Mm(item.w), Mm(item.h))
                if item.alt:
                    picture._element.nvPicPr.cNvPr.set("descr", item.alt)
            elif isinstance(item, Rect):
                shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Mm(item.x), Mm(item.y), Mm(item.w), Mm(item.h))
                if item.hatched:
                    shape.fill.patterned()
                    shape.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
                    shape.fill.fore_color.rgb = RGBColor(*style.HATCH_RGB)
                    shape.fill.back_color.rgb = RGBColor(*item.rgb)
                else:
                    shape.fill.solid()
                    shape.fill.fore_color.rgb = RGBColor(*item.rgb)
                if item.outline is None:
                    shape.line.fill.background()
                else:
                    shape.line.color.rgb = RGBColor(*item.outline)
                    shape.line.width = Pt(0.75)
                shape.shadow.inherit = False
        if page.notes:
            slide.notes_slide.notes_text_frame.text = page.notes
    props = deck.core_properties
    props.title = title
    props.author = props.last_modified_by = "Kansrijke Start dashboard"
    props.language = lang
    props.revision = 1
    props.created = props.modified = pdfkit.fixed_date(date_iso).replace(tzinfo=None)
    buffer = io.BytesIO()
    deck.save(buffer)
    return style.normalise_zip(buffer.getvalue())


# ------------------------------------------------------------------------------------------------ PDF


def to_pdf(pages: list[Page], title: str, lang: str, date_iso: str | None) -> bytes:
    """The same pages as a PDF (fonts embedded, text searchable)."""
    document = pdfkit.new_pdf(SLIDE_W, SLIDE_H, title, lang, date_iso)
    for page in pages:
        document.add_page()
        for item in page.items:
            if isinstance(item, Text):
                document.set_font(pdfkit.FAMILY, ("B" if item.bold else "") + ("I" if item.italic else ""), item.size)
                document.set_text_color(*item.rgb)
                document.set_xy(item.x, item.y)
                document.multi_cell(item.w, item.size * 0.3528 * 1.22, str(item.text), align="L")
            elif isinstance(item, Picture):
                pdfkit.image(document, item.png, item.x, item.y, item.w, item.h, alt=item.alt)
            elif isinstance(item, Rect):
                with document.local_context():
                    document.set_fill_color(*item.rgb)
                    document.rect(item.x, item.y, item.w, item.h, style="F")
                    if item.hatched:
                        pdfkit.hatch(document, item.x, item.y, item.w, item.h)
                    if item.outline is not None:
                        document.set_draw_color(*item.outline)
                        document.set_line_width(0.25)
                        document.rect(item.x, item.y, item.w, item.h, style="D")
    return pdfkit.pdf_bytes(document)
