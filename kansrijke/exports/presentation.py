"""Presenter mode as files: the ten slides of kansrijke.domain.slides as an editable PowerPoint (.pptx) and as a
PDF, 16:9, each with its title, note, figures (the published figures of mijlpalen.csv, formatted as on screen),
picture and sources. One layout (kansrijke.exports.layout) feeds both files.
"""

from __future__ import annotations

import pandas as pd

from kansrijke.domain import coalitions, slides, stories
from kansrijke.exports import layout, pictures, style
from kansrijke.exports.layout import SLIDE_W, Box, Page, Picture, Rect, Text
from kansrijke.text import fmt_milestone, fmt_pct, t
from kansrijke.views import coalition_view, palette

MARGIN = 14.0
ACCENT = (11, 90, 142)  # #0B5A8E, the app's primary colour
TRACK = (228, 231, 236)
MAP_PX = (900, 1060)  # map-only picture of a map slide (portrait, like the country)


def _sources_text(sources, lang: str, extra: str = "") -> str:
    parts = [f"{s.bron} ({s.bron_datum})" if s.bron_datum else s.bron for s in sources]
    key = "presentatie.source" if len(parts) == 1 else "presentatie.sources"
    return t(key, lang, sources="; ".join(parts)) + (f". {extra}" if extra else "")


def _cards(figures, lang: str, x: float, y: float, w: float, per_row: int, value_size: float = 30) -> list[Box]:
    """A figure card per published figure: value, what it counts, its date; a bar on the left like on screen."""
    items: list[Box] = []
    gap = 6.0
    card_w = (w - gap * (per_row - 1)) / per_row
    row_h = value_size * 0.3528 * 1.3 + 26
    for index, figure in enumerate(figures):
        value = fmt_milestone(figure.row, lang)
        # Bold DejaVu/Arial digits are about 0.62 em wide: shrink a long value until it fits on one line.
        size = min(value_size, (card_w - 5) / max(1, len(value)) / (0.3528 * 0.62))
        cx = x + (index % per_row) * (card_w + gap)
        cy = y + (index // per_row) * (row_h + 4)
        items.append(Rect(cx, cy, 1.6, row_h - 2, ACCENT))
        items.append(
            Text(
                cx + 4, cy, card_w - 4, value_size * 0.3528 * 1.3, value, size=round(size, 1), bold=True, name="figure"
            )
        )
        items.append(
            Text(cx + 4, cy + value_size * 0.3528 * 1.3 + 1, card_w - 4, 14, t(figure.ref.label_key, lang), size=11)
        )
        items.append(
            Text(
                cx + 4,
                cy + value_size * 0.3528 * 1.3 + 16,
                card_w - 4,
                6,
                slides.date_text(figure.row, lang),
                size=9,
                rgb=style.MUTED_RGB,
            )
        )
    return items


def _legend(lang: str, x: float, y: float, w: float) -> list[Box]:
    items: list[Box] = []
    entries: list[tuple[str, tuple[int, int, int], bool]] = []
    for tranche, rgb in palette.TRANCHE_RGB.items():
        entries.append((t(f"tranche.{tranche}", lang), style.on_white(palette.fill_rgba(rgb, "bron")), False))
        entries.append((t(f"tranche.{tranche}.model", lang), style.on_white(palette.fill_rgba(rgb, "model")), True))
    entries.append((t("legend.not_yet", lang), pictures.GREY_FILL, False))
    for index, (label, rgb, hatched) in enumerate(entries):
        row_y = y + index * 6.2
        items.append(Rect(x, row_y, 5, 4.2, rgb, outline=style.HATCH_RGB, hatched=hatched))
        items.append(Text(x + 7, row_y + 0.2, w - 7, 5, label, size=8.5))
    return items


def slide_pages(tables, lang: str) -> list[Page]:
    """The slides laid out as pages (same sequence, texts and numbers as the presenter mode)."""
    deck = slides.build(tables.mijlpalen, tables.verhalen)
    story_list = stories.stories(tables.verhalen, tables.gemeenten, lang)
    pages = []
    width = SLIDE_W - 2 * MARGIN
    for slide in deck:
        spec = slide.spec
        title = t(spec.title_key, lang)
        items: list[Box] = [
            Text(
                MARGIN,
                8,
                width,
                6,
                f"{t('presentatie.kicker', lang)} · "
                f"{t('presentatie.counter', lang, n=slide.number, total=len(deck))}".upper(),
                size=9,
                rgb=style.MUTED_RGB,
            ),
            Text(MARGIN, 15, width, 16, title, size=30, bold=True, name="title"),
            Text(MARGIN, 33, width, 12, t(spec.note_key, lang), size=13),
        ]
        extra = ""
        notes = ""
        if spec.kind == "cijfers":
            items += _cards(
                slide.figures, lang, MARGIN, 52, width, per_row=3, value_size=30 if len(slide.figures) <= 3 else 24
            )
        elif spec.kind == "kaart":
            date = pd.Timestamp(spec.stand)
            data = pictures.coalition_map_data(tables, date, lang)
            png = pictures.map_picture(data, "png", with_text=False, width_px=MAP_PX[0], height_px=MAP_PX[1])
            map_h = 122.0
            map_w = map_h * MAP_PX[0] / MAP_PX[1]
            items.append(Picture(MARGIN, 47, map_w, map_h, png, alt=data.summary))
            right = MARGIN + map_w + 10
            right_w = SLIDE_W - MARGIN - right
            items += _cards(slide.figures, lang, right, 50, right_w, per_row=1, value_size=30)
            counts = coalitions.counts_at(tables.coalities, tables.gemeenten, date)
            items.append(Text(right, 92, right_w, 22, coalition_view.summary_sentence(counts, lang), size=11))
            items += _legend(lang, right, 118, right_w)
            extra = t("presentatie.map_credit", lang)
            notes = data.summary
        elif spec.kind == "nnz":
            first, reach = slide.figures[0], slide.figures[1:]
            target, progress_pct = slide.target, slide.progress_pct
            if target is None or progress_pct is None:
                raise ValueError(f"slide {slide.number} ({spec.kind}) has no target to measure its first figure by")
            progress = t(
                "presentatie.nnz.progress",
                lang,
                pct=fmt_pct(progress_pct, lang),
                target=fmt_milestone(target.row, lang),
                target_date=slides.date_text(target.row, lang),
            )
            left_w = 110.0
            items += _cards([first], lang, MARGIN, 52, left_w, per_row=1, value_size=34)
            share = max(0.0, min(100.0, progress_pct)) / 100
            items.append(Rect(MARGIN, 100, left_w, 8, TRACK, outline=style.TEXT_RGB))
            items.append(Rect(MARGIN, 100, left_w * share, 8, ACCENT))
            items.append(Text(MARGIN, 111, left_w, 12, progress, size=12, name="progress"))
            right = MARGIN + left_w + 16
            right_w = SLIDE_W - MARGIN - right
            items.append(Text(right, 50, right_w, 9, t("presentatie.nnz.reach", lang), size=18, bold=True))
            items += _cards(reach, lang, right, 62, right_w, per_row=3, value_size=26)
            items.append(
                Text(right, 112, right_w, 14, t("presentatie.nnz.reach_note", lang), size=10, rgb=style.MUTED_RGB)
            )
        elif spec.kind == "verhaal":
            if spec.story is None:
                raise ValueError(f"slide {slide.number} ({spec.kind}) names no municipality's story")
            story = stories.story_of(spec.story, story_list)
            text_w = width - 78
            items.append(Text(MARGIN, 49, text_w, 12, story.titel, size=20, bold=True, name="story"))
            items.append(
                Text(
                    MARGIN,
                    62,
                    text_w,
                    7,
                    f"{stories.places_text(story, lang)} · {t('verhalen.theme', lang, thema=story.thema)}",
                    size=12,
                    bold=True,
                )
            )
            items.append(Text(MARGIN, 72, text_w, 90, story.samenvatting, size=15))
            locator = pictures.locator_picture(story.codes[0])
            items.append(
                Picture(SLIDE_W - MARGIN - 66, 49, 66, 66 * 600 / 520, locator, alt=stories.places_text(story, lang))
            )
            extra = t("exports.map_credit", lang)
        items.append(Rect(MARGIN, 171, width, 0.3, (176, 176, 176)))
        items.append(
            Text(
                MARGIN,
                173,
                width,
                14,
                _sources_text(slide.sources, lang, extra),
                size=8.5,
                rgb=style.MUTED_RGB,
                name="sources",
            )
        )
        pages.append(Page(items=tuple(items), notes=notes, title=title))
    return pages


def presentation_title(lang: str) -> str:
    return t("exports.slides.title", lang)


def pptx_bytes(tables, lang: str) -> bytes:
    """The ten slides as an editable PowerPoint file."""
    return layout.to_pptx(slide_pages(tables, lang), presentation_title(lang), lang, pictures.data_date(tables))


def pdf_bytes(tables, lang: str) -> bytes:
    """The ten slides as a 16:9 PDF."""
    return layout.to_pdf(slide_pages(tables, lang), presentation_title(lang), lang, pictures.data_date(tables))
