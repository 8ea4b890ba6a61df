"""The presentation as files, read back: the .pptx opens with python-pptx and has the ten slides of the presenter
mode with their titles, figures (as on screen) and sources in editable text boxes; the PDF has the same ten pages."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from kansrijke.domain import slides
from kansrijke.exports import presentation
from kansrijke.text import fmt_milestone, t


@pytest.fixture(scope="module")
def files(tables):
    return {
        lang: (presentation.pptx_bytes(tables, lang), presentation.pdf_bytes(tables, lang)) for lang in ("nl", "en")
    }


def texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pptx_has_the_ten_slides_of_presenter_mode_with_titles(files, tables, lang):
    deck = Presentation(io.BytesIO(files[lang][0]))
    expected = slides.build(tables.mijlpalen, tables.verhalen)
    assert len(deck.slides) == len(expected) == 10
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    for slide, spec in zip(deck.slides, expected):
        titles = [s.text_frame.text for s in slide.shapes if s.name == "title"]
        assert titles == [t(spec.spec.title_key, lang)]


def test_pptx_figures_and_sources_are_the_published_ones_in_editable_text(files, tables):
    deck = Presentation(io.BytesIO(files["nl"][0]))
    for slide, built in zip(deck.slides, slides.build(tables.mijlpalen, tables.verhalen)):
        text = texts(slide)
        for figure in built.figures:
            assert fmt_milestone(figure.row, "nl") in text
            assert figure.row["bron"] in text  # its source named on the slide
        kinds = [shape.shape_type for shape in slide.shapes]
        assert kinds.count(MSO_SHAPE_TYPE.TEXT_BOX) >= 4  # real text, not one picture per slide
        if built.spec.kind == "kaart":
            assert MSO_SHAPE_TYPE.PICTURE in kinds
            assert "CBS/PDOK" in text


def test_nnz_slide_states_progress_like_the_screen(files, tables):
    deck = Presentation(io.BytesIO(files["en"][0]))
    built = [s for s in slides.build(tables.mijlpalen, tables.verhalen) if s.spec.kind == "nnz"][0]
    text = texts(deck.slides[built.number - 1])
    assert "27 of 50" in text and "54%" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_has_ten_16_9_pages_with_titles_and_sources(files, tables, lang):
    reader = PdfReader(io.BytesIO(files[lang][1]))
    built = slides.build(tables.mijlpalen, tables.verhalen)
    assert len(reader.pages) == 10
    box = reader.pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
    for page, slide in zip(reader.pages, built):
        text = " ".join(page.extract_text().split())
        assert " ".join(t(slide.spec.title_key, lang).split()) in text
        assert slide.sources[0].bron.split(",")[0] in text


def test_files_are_identical_for_identical_inputs(files, tables):
    assert presentation.pptx_bytes(tables, "nl") == files["nl"][0]
    assert presentation.pdf_bytes(tables, "nl") == files["nl"][1]


def test_hostile_story_names_stay_text(hostile):
    tables, names = hostile
    deck = Presentation(io.BytesIO(presentation.pptx_bytes(tables, "nl")))
    all_text = "\n".join(texts(slide) for slide in deck.slides)
    assert names["GM0796"] in all_text  # the Den Bosch story names its place literally
    reader = PdfReader(io.BytesIO(presentation.pdf_bytes(tables, "nl")))
    assert len(reader.pages) == 10
    assert "/JavaScript" not in str(reader.trailer["/Root"])
