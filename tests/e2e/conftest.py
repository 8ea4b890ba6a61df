"""Browser tests: the real app (`streamlit run app.py`) in Debian's chromium, driven by Playwright.

Without chromium these tests skip with a loud reason on a developer machine and FAIL in CI (CI=true): the CI
script installs chromium itself, so its absence there is a broken set-up, not a reason to skip.
Every test records every request the page makes and fails when one leaves this machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, FloatRect, Locator, Page, ViewportSize

from tests.e2e import harness

MISSING = (
    f"chromium not found at {harness.CHROMIUM}: browser tests NOT RUN. "
    "Install it with `sudo apt-get install chromium` (or set KANSRIJKE_CHROMIUM)."
)


def pytest_collection_modifyitems(config, items):
    if harness.chromium_available():
        return
    if harness.in_ci():
        return  # the browser fixture fails every browser test with MISSING
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.skip(reason=MISSING))


def pytest_terminal_summary(terminalreporter):
    if not harness.chromium_available() and not harness.in_ci():
        terminalreporter.section("browser tests skipped", sep="!", red=True, bold=True)
        terminalreporter.write_line(MISSING, red=True, bold=True)


# Opening a page at /<page> makes Streamlit's frontend probe /<page>/_stcore/health and /host-config first to
# find the server's base path; the 404 it gets there is expected, then it uses /_stcore/... . Not an app error.
BASE_PATH_PROBE = re.compile(r"^https?://[^/]+/[^_][^?]*/_stcore/(health|host-config)$")


def console_error_counts(message: ConsoleMessage) -> bool:
    if message.type != "error":
        return False
    location = (message.location or {}).get("url", "")
    return not (message.text.startswith("Failed to load resource") and BASE_PATH_PROBE.match(location))


# Package scope, not session: Playwright's sync API keeps an event loop running on the main thread while it is
# open, and the tests after this package (tests/serving) run asyncio clients and a Playwright of their own.
@pytest.fixture(scope="package")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="package")
def browser(playwright):
    if not harness.chromium_available():
        pytest.fail(f"CI=true but {MISSING}", pytrace=False)
    browser = playwright.chromium.launch(executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def server(tmp_path_factory):
    """The app on a private copy of the shipped data."""
    data = harness.copy_data(tmp_path_factory.mktemp("e2e") / "data")
    with harness.Server(harness.ROOT / "app.py", data) as running:
        yield running


@dataclass
class Visit:
    """One browser tab on a server, with everything it asked for and everything that went wrong in it."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str = "/") -> Page:
        self.page.goto(self.base_url + path)
        harness.wait_ready(self.page)
        # Between connecting and the first run the script state can already read notRunning: the page is only
        # there once its main heading is.
        self.page.wait_for_selector("[data-testid=stMain] h1", timeout=120_000)
        harness.wait_ready(self.page)
        harness.wait_settled(self.page)
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not harness.is_local(url)]

    def exceptions(self) -> list[str]:
        return self.page.locator(harness.EXCEPTION).all_inner_texts()

    def assert_clean(self) -> None:
        assert self.exceptions() == [], "an exception box is on the page"
        assert self.page_errors == [], "uncaught JavaScript errors"
        assert self.console_errors == [], "errors in the browser console"
        assert self.foreign_requests() == [], "requests left localhost"


def viewport(size: Mapping[str, Any]) -> ViewportSize:
    """A window size of harness (width, height) as Playwright's type for it."""
    return {"width": int(size["width"]), "height": int(size["height"])}


def box_of(locator: Locator) -> FloatRect:
    """Where an element is on the page; it must be shown (Playwright gives None for an element that is not)."""
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not shown"
    return box


def open_visit(browser: Browser, base_url: str, **context_options: Any) -> tuple[BrowserContext, Visit]:
    options: dict[str, Any] = {"viewport": viewport(harness.VIEWPORT), "accept_downloads": True, **context_options}
    context = browser.new_context(**options)
    page = context.new_page()
    visit = Visit(page, base_url)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("websocket", lambda socket: visit.requests.append(socket.url))
    page.on(
        "console",
        lambda message: (
            visit.console_errors.append(f"{message.text} ({(message.location or {}).get('url', '')})")
            if console_error_counts(message)
            else None
        ),
    )
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))

    def on_dialog(dialog):
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return context, visit


@pytest.fixture
def visit(browser, server):
    """A fresh tab on the app; after the test, no request may have left localhost."""
    context, tab = open_visit(browser, server.url)
    yield tab
    context.close()
    assert tab.foreign_requests() == [], f"requests left localhost: {tab.foreign_requests()}"


def screenshot(page: Page, name: str) -> Path:
    harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = harness.SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
