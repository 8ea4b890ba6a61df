"""The presentation's slide sequence (kansrijke/domain/slides.py) against the figures in data/mijlpalen.csv."""

import csv

import pytest

from kansrijke.data.paths import DATA_DIR
from kansrijke.data.tables import load_tables
from kansrijke.domain import coalitions, slides
from kansrijke.text import catalogue


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def built(tables):
    return slides.build(tables.mijlpalen, tables.verhalen)


def published() -> dict[tuple[str, str], float]:
    """(indicator, datum) -> waarde, read straight from the CSV (not through the loader)."""
    with open(DATA_DIR / "mijlpalen.csv", encoding="utf-8", newline="") as fh:
        return {(row["indicator"], row["datum"]): float(row["waarde"]) for row in csv.DictReader(fh)}


def test_sequence_order_and_count():
    kinds = [spec.kind for spec in slides.SLIDES]
    assert kinds == ["cijfers", "kaart", "kaart", "kaart", "cijfers", "cijfers", "nnz", "verhaal", "verhaal", "verhaal"]
    assert [spec.stand for spec in slides.SLIDES if spec.kind == "kaart"] == [
        s.date().isoformat() for s in coalitions.STANDS
    ]  # the map replays every stand, oldest first
    assert [spec.key for spec in slides.SLIDES][:1] == ["coalities_2020"]


def test_every_slide_has_a_title_and_note_in_both_languages_and_a_source(built):
    for lang in ("nl", "en"):
        texts = catalogue(lang)
        for slide in built:
            assert texts.get(slide.spec.title_key), (lang, slide.number)
            assert texts.get(slide.spec.note_key), (lang, slide.number)
    for slide in built:
        assert slide.sources, f"slide {slide.number} names no source"
        assert all(s.bron.strip() and s.bron_datum.strip() for s in slide.sources), slide.number


def test_titles_differ_between_neighbouring_slides_except_the_stories():
    keys = [spec.title_key for spec in slides.SLIDES if spec.kind != "verhaal"]
    assert len(keys) == len(set(keys))


def test_national_figures_are_the_published_ones(built):
    csv_values = published()
    first = built[0]
    assert [f.row["waarde"] for f in first.figures] == [275, 147, 128]
    assert [f.row["noemer"] for f in first.figures][:2] == [355, 150]
    for slide in built:
        for figure in slide.figures:
            assert figure.row["waarde"] == csv_values[(figure.ref.indicator, figure.ref.datum)]


def test_funding_slide_shows_the_five_national_amounts(built):
    funding = next(s for s in built if s.spec.key == "financiering")
    shown = {(f.ref.indicator, f.row["kwalificatie"]): f.row["waarde"] for f in funding.figures}
    assert shown == {
        ("impuls_gids_eur", "exact"): 9_000_000,
        ("impuls_tranche3_eur", "bijna"): 3_000_000,
        ("aanvulling_gids_eur", "ruim"): 2_000_000,
        ("impuls_totaal_eur", "circa"): 14_000_000,
        ("budget_structureel_eur", "exact"): 23_000_000,
    }


def test_nnz_slide_measures_27_programmes_against_the_target_of_50(built):
    csv_values = published()
    nnz = next(s for s in built if s.spec.kind == "nnz")
    started = csv_values[("nnz_programmas", "2020-07-01")]
    target = csv_values[("nnz_doel_programmas", "2021-12-31")]
    assert (started, target) == (27, 50)
    assert nnz.progress_pct == pytest.approx(54.0)  # 27 / 50 by hand
    assert [f.row["waarde"] for f in nnz.figures[1:]] == [124, 176, 172]
    assert {s.bron_datum for s in nnz.sources} == {"2020-07", "2022-02-10", "2022-07-08"}


def test_story_slides_point_at_stories_in_the_file(built, tables):
    codes = set(tables.verhalen["code"])
    story_slides = [s for s in built if s.spec.kind == "verhaal"]
    assert 2 <= len(story_slides) <= 3
    for slide in story_slides:
        assert slide.spec.story in codes
        assert "kader" in slide.sources[0].bron


def test_a_missing_milestone_is_named(tables):
    without = tables.mijlpalen[tables.mijlpalen["indicator"] != "nnz_doel_programmas"]
    with pytest.raises(ValueError, match="nnz_doel_programmas.*2021-12-31"):
        slides.build(without, tables.verhalen)


def test_a_missing_story_is_named(tables):
    with pytest.raises(ValueError, match="GM0503"):
        slides.build(tables.mijlpalen, tables.verhalen[tables.verhalen["code"] != "GM0503"])


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, (1, True)),
        ("", (1, True)),
        ("3", (3, True)),
        ("10", (10, True)),
        (" 2 ", (2, True)),
        ("0", (1, False)),
        ("11", (1, False)),
        ("-1", (1, False)),
        ("abc", (1, False)),
        ("2.5", (1, False)),
        ("٣", (1, False)),
    ],
)
def test_slide_number_from_the_url(raw, expected):
    assert slides.parse_slide_number(raw, 10) == expected


def test_step_stays_within_the_sequence():
    assert slides.step(10, 1, 10) == 10
    assert slides.step(1, -1, 10) == 1
    assert slides.step(3, 1, 10) == 4
    assert slides.step(99, 0, 10) == 10


@pytest.mark.parametrize(
    "label, expected",
    [
        ("1 juli 2020", "1 July 2020"),
        ("april 2023", "April 2023"),
        ("2019", "2019"),
        ("eind 2022", "end of 2022"),
        ("vanaf 2023", "from 2023"),
        ("iets anders", "iets anders"),
    ],
)
def test_published_date_labels_in_english(label, expected):
    assert slides.date_text({"datum_label": label}, "en") == expected
    assert slides.date_text({"datum_label": label}, "nl") == label


def test_the_map_stand_of_a_slide_is_its_own_or_that_of_the_last_map_slide_before_it():
    specs = (
        slides.SlideSpec("cijfers", "a"),
        slides.SlideSpec("kaart", "b", stand="2019-12-31"),
        slides.SlideSpec("nnz", "c"),
        slides.SlideSpec("kaart", "d", stand="2022-12-31"),
        slides.SlideSpec("verhaal", "e", story="GM0363"),
    )
    assert [slides.map_stand(specs, n) for n in range(1, 6)] == [
        "2019-12-31",
        "2019-12-31",
        "2019-12-31",
        "2022-12-31",
        "2022-12-31",
    ]
    assert slides.map_stand(specs[:1], 1) is None


def test_the_conference_slides_never_recolour_a_hidden_map():
    """Between a map slide and the next or previous slide the map's stand changes only when both are map slides."""
    specs = slides.SLIDES
    for n in range(1, len(specs)):
        if not (specs[n - 1].kind == specs[n].kind == "kaart"):
            assert slides.map_stand(specs, n) == slides.map_stand(specs, n + 1), n
