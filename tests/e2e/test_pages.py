"""Every page registered in app.py, in a real browser: it loads in Dutch and English without an exception box,
console error or request off this machine, shows one main heading, and leaves a 1280x720 screenshot in
artifacts/screenshots/."""

import pytest

from kansrijke.text import t
from tests.e2e import harness
from tests.e2e.conftest import screenshot

PAGES = harness.registered_pages()


def test_app_py_registers_pages():
    assert PAGES, "no st.Page(...) found in app.py"
    assert sum(p.default for p in PAGES) == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("app_page", PAGES, ids=[p.slug for p in PAGES])
def test_page_loads_cleanly(visit, app_page, lang):
    query = "" if lang == "nl" else "?lang=en"
    page = visit.open(app_page.path + query)
    assert visit.exceptions() == [], "an exception box is on the page"
    headings = page.locator("[data-testid=stMain] h1").all_inner_texts()
    assert len(headings) == 1 and headings[0].strip(), headings
    # WCAG 3.1.1: the document says which language it is in (Streamlit's own page says "en" on Dutch pages).
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=10_000)
    if app_page.default:  # the map is the slowest element: wait until it is drawn
        harness.wait_map_painted(page)
    suffix = "" if lang == "nl" else "-en"
    screenshot(page, f"{app_page.slug}{suffix}")
    visit.assert_clean()


def test_sidebar_links_reach_every_page(visit):
    page = visit.open("/")
    links = page.locator("[data-testid=stSidebarNav] a")
    paths = sorted(
        href.split("127.0.0.1:")[1].split("/", 1)[1] if "/" in href.split("127.0.0.1:")[1] else ""
        for href in (links.nth(i).get_attribute("href") or "" for i in range(links.count()))
    )
    expected = sorted("" if p.default else p.url_path for p in PAGES)
    assert [p.rstrip("/") for p in paths] == expected
    for app_page in PAGES:
        if app_page.default:
            continue
        page = visit.open("/")  # the presenter mode hides the sidebar: start each time from home
        page.locator(f"[data-testid=stSidebarNav] a[href$='/{app_page.url_path}']").click()
        page.wait_for_url(f"**/{app_page.url_path}**")
        harness.wait_ready(page)
        assert page.locator("[data-testid=stMain] h1").count() == 1
    visit.assert_clean()


@pytest.mark.parametrize("app_page", [p for p in PAGES if not p.default], ids=lambda p: p.slug)
def test_deep_link_as_first_request_of_a_fresh_server(browser, tmp_path, app_page):
    """The first request after a server start is the one Streamlit routes by file name: it must still open the
    page through app.py (page list with titles, language switch), with no 'page not found' dialog."""
    from tests.e2e.conftest import open_visit

    with harness.Server(harness.ROOT / "app.py", harness.copy_data(tmp_path / "data")) as fresh:
        context, tab = open_visit(browser, fresh.url)
        try:
            page = tab.open(f"/{app_page.url_path}?lang=en")
            assert page.url.split("?")[0].endswith(f"/{app_page.url_path}")
            assert page.locator("[role=dialog]").count() == 0
            switch = page.locator("[data-testid=stSidebar]")  # hidden on the presenter's page, there all the same
            assert switch.get_by_role("radio", name="English", include_hidden=True).count() == 1
            nav = page.locator("[data-testid=stSidebarNav] a").all_inner_texts()
            assert len(nav) == len(PAGES) and t("nav.over_data", "en") in nav, nav
            assert page.locator("[data-testid=stMain] h1").count() == 1
            tab.assert_clean()
        finally:
            context.close()
