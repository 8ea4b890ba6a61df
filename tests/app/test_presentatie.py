"""AppTest of the presenter mode (pages/presentatie.py): slides from the URL, buttons, language, notices."""

import csv
import json

import pytest

from kansrijke.data.paths import DATA_DIR
from kansrijke.domain import slides
from kansrijke.views import vega_maps
from tests.app.conftest import vega_map

PAGE = "pages/presentatie.py"
COUNT = len(slides.SLIDES)


def open_at(app, dia=None, lang=None):
    if dia is not None:
        app.query_params["dia"] = dia
    if lang is not None:
        app.query_params["lang"] = lang
    app.run()  # app.py (the home page) first: it takes the language from the URL
    app.switch_page(PAGE)
    app.run()
    assert not app.exception
    return app


def shown_text(app) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_renders_the_first_slide_with_one_title_and_published_figures(app):
    open_at(app)
    assert len(app.title) == 1
    assert app.title[0].value == "Lokale coalities op 1 juli 2020"
    text = shown_text(app)
    for figure in ("275 van 355", "147 van 150", "128"):
        assert figure in text
    assert "Bronnen: Derde voortgangsrapportage" in text
    assert "dia" not in app.query_params  # slide 1 is the default: a clean link


def test_starts_at_the_slide_in_the_url(app):
    open_at(app, dia="3")
    assert len(app.title) == 1
    assert app.title[0].value == "1 juli 2020: de derde tranche doet mee"
    shown = vega_map(app, key="dia_kaart")
    assert len(shown.values) == 355
    assert set(shown.urls()) == {vega_maps.MAP_URL}  # nothing but the static map file
    assert "cartocdn" not in json.dumps(shown.spec)
    assert (shown.values["tranche_label"] != "Nog geen deelname").sum() == 275
    assert "Dia 3 van 10" in shown_text(app)


def test_map_slides_are_one_map_recoloured(app):
    """2019 -> 2020 -> 2022: the same spec in the same place, only the values change (147, 275, 355 coloured)."""
    open_at(app, dia="2")
    specs, coloured = [], []
    for step in range(3):
        if step:
            app.button(key="dia_volgende").click().run()
        shown = vega_map(app, key="dia_kaart")
        specs.append(shown.spec)
        coloured.append(int((shown.values["tranche_label"] != "Nog geen deelname").sum()))
    assert specs[0] == specs[1] == specs[2]
    assert coloured == [147, 275, 355]


def test_next_and_previous_move_and_update_the_url(app):
    open_at(app, dia="3")
    app.button(key="dia_volgende").click().run()
    assert app.query_params["dia"] == "4"
    assert app.title[0].value == "Eind 2022: alle gemeenten doen mee"
    app.button(key="dia_vorige").click().run()
    app.button(key="dia_vorige").click().run()
    assert app.query_params["dia"] == "2"
    app.button(key="dia_vorige").click().run()
    assert "dia" not in app.query_params
    assert app.title[0].value == "Lokale coalities op 1 juli 2020"
    assert app.button(key="dia_vorige").disabled


def test_the_keyboard_buttons_move_too(app):
    open_at(app, dia="5")
    app.button(key="dia_spatie").click().run()
    assert app.query_params["dia"] == "6"
    app.button(key="dia_pagedown").click().run()
    assert app.query_params["dia"] == "7"
    app.button(key="dia_pageup").click().run()
    assert app.query_params["dia"] == "6"


def test_the_last_slide_does_not_go_beyond_the_end(app):
    open_at(app, dia=str(COUNT - 1))
    app.button(key="dia_volgende").click().run()
    assert app.query_params["dia"] == str(COUNT)
    for key in ("dia_volgende", "dia_spatie", "dia_pagedown"):
        assert app.button(key=key).disabled, key
    app.run()
    assert app.query_params["dia"] == str(COUNT)
    assert not app.button(key="dia_vorige").disabled


@pytest.mark.parametrize("bad", ["0", "99", "drie", "-2"])
def test_an_invalid_slide_opens_slide_1_with_a_notice(app, bad):
    open_at(app, dia=bad)
    assert app.title[0].value == "Lokale coalities op 1 juli 2020"
    assert any("bestaat niet" in toast.value and bad in toast.value for toast in app.toast)
    assert "dia" not in app.query_params


def test_english(app):
    open_at(app, dia="6", lang="en")
    assert app.title[0].value == "Impulse money for municipalities"
    text = shown_text(app)
    for amount in ("€9 million", "almost €3 million", "over €2 million", "about €14 million", "€23 million per year"):
        assert amount in text, amount
    assert "Slide 6 of 10" in text


def test_nnz_slide_shows_progress_against_the_target(app):
    open_at(app, dia="7")
    with open(DATA_DIR / "mijlpalen.csv", encoding="utf-8", newline="") as fh:
        rows = {(r["indicator"], r["datum"]): r for r in csv.DictReader(fh)}
    started = int(rows[("nnz_programmas", "2020-07-01")]["waarde"])
    target = int(rows[("nnz_doel_programmas", "2021-12-31")]["waarde"])
    text = shown_text(app)
    assert f"{round(100 * started / target)}% van het doel van {target}" in text
    for reach in ("124 van 355", "176", "172"):
        assert reach in text
    assert "Antwoord op Kamervragen 2022Z10872" in text


def test_story_slide_in_dutch(app):
    open_at(app, dia="9")
    assert app.title[0].value == "Verhalen uit de praktijk"
    assert [s.value for s in app.subheader] == ["Delft: een integrale blik op zwangeren"]
    assert "kader &#x27;Gemeente Delft&#x27; bij §2.1" in shown_text(app)


def test_story_slide_in_english_keeps_the_source_as_published(app):
    open_at(app, dia="10", lang="en")
    assert app.title[0].value == "Stories from practice"
    assert [s.value for s in app.subheader] == ["South Limburg: Kansrijke Start within Trendbreuk"]
    text = shown_text(app)
    assert "Municipalities: Heerlen and Sittard-Geleen" in text
    assert "Source: Derde voortgangsrapportage" in text and "kader &#x27;Zuid-Limburg&#x27; bij §2.3" in text


def test_page_hides_sidebar_and_toolbar_only_here(app):
    open_at(app)
    css = next(m.value for m in app.markdown if "<style>" in m.value)
    assert '[data-testid="stSidebar"]' in css and '[data-testid="stToolbar"]' in css
    assert "http" not in css  # no remote fonts or images


def test_every_slide_holds_the_map_in_one_place_hidden_where_the_slide_has_none(app):
    """The first slide (national figures) already holds the map of the next slide, hidden: the step to slide 2
    shows a map the browser has drawn (same spec, same values), and slide 5 keeps slide 4's values."""

    def hidden() -> bool:
        return any("visibility: hidden" in e.proto.body for e in app.get("html"))

    def coloured(shown) -> int:
        return int((shown.values["tranche_label"] != "Nog geen deelname").sum())

    open_at(app)
    first = vega_map(app, key="dia_kaart")
    assert hidden() and coloured(first) == 147
    app.button(key="dia_volgende").click().run()
    second = vega_map(app, key="dia_kaart")
    assert not hidden()
    assert second.spec == first.spec and second.values.equals(first.values)
    for _ in range(3):
        app.button(key="dia_volgende").click().run()
    assert app.query_params["dia"] == "5" and hidden()
    assert coloured(vega_map(app, key="dia_kaart")) == 355
