"""AppTest of the take-home buttons: where a municipality is selected there is a factsheet, every map offers a
PNG and an SVG, the presenter mode offers PowerPoint and PDF. Files are built only when asked (deferred data):
the test calls the builder the button would run and reads the file back."""

import io

from pptx import Presentation
from pypdf import PdfReader

from tests.app.conftest import open_expanders


def open_page(app, page, **params):
    """The page with every take-home expander opened (their buttons are built only then)."""
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception
    open_expanders(app)
    return app


def test_map_page_offers_map_pictures_and_the_selected_factsheet(app, downloads):
    open_page(app, None, zoek="amsterdam")
    builders = downloads.deferred(app)
    assert {
        "kaart_coalities_2020-07-01_nl.png",
        "kaart_coalities_2020-07-01_nl.svg",
        "factsheet_GM0363_amsterdam_nl.pdf",
    } <= set(builders)
    pdf = builders["factsheet_GM0363_amsterdam_nl.pdf"]()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Amsterdam" in text and "Noord-Holland" in text
    assert downloads(app)  # the table downloads (their expander is open too)


def test_no_factsheet_without_a_selection(app, downloads):
    open_page(app, None)
    assert not any(name.startswith("factsheet_") for name in downloads.deferred(app))


def test_funding_and_compare_pages_offer_the_factsheet(app, downloads):
    open_page(app, "pages/financiering.py", zoek="GM0796", lang="en")
    names = set(downloads.deferred(app))
    assert "factsheet_GM0796_s-hertogenbosch_en.pdf" in names
    assert "kaart_financiering_totaal_en.png" in names
    assert any(n.startswith("grafiek_ranglijst_totaal_en") for n in names)
    app.switch_page("pages/vergelijk.py")
    app.run()
    assert not app.exception
    open_expanders(app)
    builders = downloads.deferred(app)
    assert "factsheet_GM0796_s-hertogenbosch_en.pdf" in builders
    assert {"grafiek_impuls_per_inwoner_gm0796_en.png", "grafiek_deelname_gm0796_en.svg"} <= set(builders)
    png = builders["grafiek_impuls_per_inwoner_gm0796_en.png"]()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_nnz_page_offers_its_map_and_charts(app, downloads):
    open_page(app, "pages/nu-niet-zwanger.py")
    names = set(downloads.deferred(app))
    assert {
        "kaart_nu-niet-zwanger_2020-07-01_nl.png",
        "kaart_nu-niet-zwanger_2020-07-01_nl.svg",
        "grafiek_nnz_bereik_gemeenten_nl.png",
        "grafiek_nnz_bereik_procent_nl.svg",
    } <= names
    assert any(n.startswith("grafiek_nnz_programmas_") for n in names)


def test_presenter_mode_offers_powerpoint_and_pdf(app, downloads):
    open_page(app, "pages/presentatie.py", dia="3")
    builders = downloads.deferred(app)
    assert {"kansrijke-start-presentatie_nl.pptx", "kansrijke-start-presentatie_nl.pdf"} <= set(builders)
    deck = Presentation(io.BytesIO(builders["kansrijke-start-presentatie_nl.pptx"]()))
    assert len(deck.slides) == 10


def test_take_home_buttons_are_built_only_when_their_expander_opens(app, downloads):
    app.query_params["zoek"] = "amsterdam"
    app.run()
    closed = set(downloads.deferred(app))
    assert closed == {"factsheet_GM0363_amsterdam_nl.pdf"}  # beside the detail panel, not in an expander
    assert not downloads(app)
    open_expanders(app)
    assert {"kaart_coalities_2020-07-01_nl.png", "kaart_coalities_2020-07-01_nl.svg"} <= set(downloads.deferred(app))
    assert downloads(app)
