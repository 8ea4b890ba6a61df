"""Hostile municipality names in a real browser: every page of an app whose 355 names are HTML, a script tag or a
markdown link opens no dialog, injects no element, fetches nothing for them, and shows the literal text."""

import pytest

from tests.e2e import harness
from tests.e2e.conftest import open_visit

PAGES = harness.registered_pages()

INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"]').length,
  scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(')).length,
  links: document.querySelectorAll('a[href^="javascript:"]').length,
})"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data = harness.copy_data(tmp_path_factory.mktemp("hostile") / "data")
    harness.write_hostile_names(data)
    with harness.Server(harness.ROOT / "app.py", data) as running:
        yield running


@pytest.fixture
def hostile_visit(browser, hostile_server):
    context, tab = open_visit(browser, hostile_server.url)
    yield tab
    context.close()


def assert_nothing_ran(visit):
    page = visit.page
    page.wait_for_timeout(500)  # give an injected onerror handler the time to fire
    assert visit.dialogs == [], "a hostile name opened a dialog"
    assert page.evaluate(INJECTED) == {"images": 0, "scripts": 0, "links": 0}
    assert not [url for url in visit.requests if url.split("?")[0].endswith("/x")], "the <img src=x> was fetched"
    visit.assert_clean()


@pytest.mark.parametrize("app_page", PAGES, ids=[p.slug for p in PAGES])
def test_hostile_names_never_run(hostile_visit, app_page):
    page = hostile_visit.open(f"{app_page.path}?zoek=rotterdam")
    if app_page.default:
        harness.wait_map_painted(page)
    assert_nothing_ran(hostile_visit)


def test_detail_panel_shows_the_literal_text(hostile_visit):
    page = hostile_visit.open("/?zoek=rotterdam")
    name = harness.HOSTILE_NAMES["GM0599"]
    heading = page.get_by_role("heading", name=name)
    heading.wait_for(timeout=30_000)
    assert heading.inner_text().strip() == name
    assert_nothing_ran(hostile_visit)


def hover_until_hostile_tooltip(page) -> str:
    """Move over the map until the tooltip shows a (hostile) name; return the tooltip's text."""
    text = harness.hover_map_until(page, lambda text: "alert(" in text)
    assert page.locator(harness.VEGA_TOOLTIP).first.locator("img, script").count() == 0, "a tag became an element"
    return text


def test_zoomable_map_tooltip_shows_the_literal_name(hostile_visit):
    page = hostile_visit.open("/")
    page.get_by_text("Zoombare kaart").click()
    harness.wait_rerun(page)
    text = harness.hover_map_until(page, lambda text: "alert(" in text, harness.DECK_CANVAS, harness.DECK_TOOLTIP)
    assert page.locator(harness.DECK_TOOLTIP).first.locator("img, script").count() == 0, "a tag became an element"
    assert "<img src=x onerror=alert(" in text, text
    assert_nothing_ran(hostile_visit)


def test_tooltip_never_runs_a_name(hostile_visit):
    page = hostile_visit.open("/")
    text = hover_until_hostile_tooltip(page)
    assert "onerror=alert(" in text
    assert_nothing_ran(hostile_visit)


def test_tooltip_shows_the_literal_name(hostile_visit):
    page = hostile_visit.open("/")
    text = hover_until_hostile_tooltip(page)
    assert "<img src=x onerror=alert(" in text, text
