"""Accessibility audit: axe-core on every page in app.py's PAGES, in Dutch and English, at desktop (1280x720) and
phone (390x844) size. Any violation of a WCAG 2.0/2.1 level A or AA rule fails, with the rule, its impact, the
elements at fault and the rule's help text.

axe-core comes from the npm registry, pinned in tests/e2e/axe/package-lock.json; the test runs `npm ci` there when
node_modules is missing and injects the local axe.min.js (never a CDN). Without npm or axe the audit skips loudly
on a developer machine and fails in CI (CI=true), as the browser tests do without chromium.
"""

from typing import Any

import pytest

from tests.e2e import harness
from tests.e2e.conftest import open_visit, viewport

PAGES = harness.registered_pages()
SIZES: dict[str, dict[str, Any]] = {  # browser context options per screen size
    "desktop": {"viewport": viewport(harness.VIEWPORT)},
    "phone": {"viewport": viewport(harness.PHONE), "is_mobile": True, "has_touch": True},
}


@pytest.fixture(scope="session")
def axe_script():
    try:
        return harness.ensure_axe()
    except RuntimeError as error:
        message = f"axe-core not available: accessibility audit NOT RUN. {error}"
        if harness.in_ci():
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("app_page", PAGES, ids=[p.slug for p in PAGES])
def test_page_meets_wcag_21_aa(browser, server, axe_script, app_page, lang, size):
    context, visit = open_visit(browser, server.url, **SIZES[size])
    try:
        page = visit.open(app_page.path + ("" if lang == "nl" else "?lang=en"))
        if app_page.default:  # the map arrives last: audit the page as a visitor finally sees it
            harness.wait_map_painted(page)
        violations = harness.axe_violations(page, axe_script)
        assert not violations, (
            f"{app_page.path} ({lang}, {size}) breaks WCAG 2.1 A/AA rules:\n" + harness.describe_violations(violations)
        )
        visit.assert_clean()
    finally:
        context.close()


def test_audit_reports_a_violation(browser, axe_script):
    """The audit itself: a page with an unlabelled text box and an image without alt text gives both rules."""
    context = browser.new_context(viewport=viewport(harness.VIEWPORT))
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="nl"><head><title>t</title></head><body><main><h1>Kop</h1>'
            '<input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            '<pre style="overflow:auto;width:50px">' + "x" * 400 + "</pre></main></body></html>"
        )
        found = {v["id"]: v for v in harness.axe_violations(page, axe_script)}
        assert {"label", "image-alt", "scrollable-region-focusable"} <= set(found), sorted(found)
        text = harness.describe_violations(list(found.values()))
        assert "label [critical]" in text and "at input" in text and "at img" in text
    finally:
        context.close()


@pytest.mark.parametrize("app_page", PAGES, ids=[p.slug for p in PAGES])
def test_page_with_a_municipality_chosen_meets_wcag_21_aa(browser, server, axe_script, app_page):
    """The same audit on the views a search opens (detail panel, highlighted map, peers), desktop, Dutch."""
    context, visit = open_visit(browser, server.url)
    try:
        page = visit.open(app_page.path + "?zoek=Utrecht")
        violations = harness.axe_violations(page, axe_script)
        assert not violations, (
            f"{app_page.path}?zoek=Utrecht breaks WCAG 2.1 A/AA rules:\n" + harness.describe_violations(violations)
        )
        visit.assert_clean()
    finally:
        context.close()


def test_every_slide_meets_wcag_21_aa(browser, server, axe_script):
    """Presenter mode: every slide, walked with the next-slide key (desktop, Dutch)."""
    presenter = next(p for p in PAGES if p.file == "pages/presentatie.py")
    context, visit = open_visit(browser, server.url)
    try:
        page = visit.open(f"{presenter.path}?dia=1")
        slide, failures = 1, []
        while True:
            violations = harness.axe_violations(page, axe_script)
            if violations:
                failures.append(f"slide {slide}:\n" + harness.describe_violations(violations))
            page.locator("[data-testid=stMain]").click(position={"x": 5, "y": 5})
            page.keyboard.press("ArrowRight")
            try:
                page.wait_for_function(
                    f"() => new URLSearchParams(location.search).get('dia') === '{slide + 1}'", timeout=10_000
                )
            except Exception:  # the last slide: the key no longer moves on
                break
            slide += 1
            harness.wait_rerun(page)
            harness.wait_settled(page, quiet_s=0.5)
        assert slide > 1, "the next-slide key did not move on"
        assert not failures, "\n".join(failures)
        visit.assert_clean()
    finally:
        context.close()
