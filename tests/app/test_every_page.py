"""Every page registered in app.py: renders in Dutch and English without an exception, with exactly one main
heading, and keeps the language in the URL."""

import re

import pytest

from kansrijke.data.paths import ROOT
from kansrijke.text import t

PAGE_FILES = re.findall(r'st\.Page\("(pages/[a-z_-]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))


def test_app_registers_every_page_file():
    on_disk = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    assert sorted(PAGE_FILES) == on_disk


def test_every_url_path_is_its_file_name():
    """A deep link opened as a server's first request is routed by file name before app.py runs."""
    registered = re.findall(
        r'st\.Page\("pages/([a-z_-]+)\.py".*?url_path="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8")
    )
    assert len(registered) == len(PAGE_FILES)
    assert [stem for stem, _ in registered] == [url for _, url in registered]


@pytest.mark.parametrize("page", PAGE_FILES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_renders_with_one_main_heading(app, page, lang):
    app.query_params["lang"] = lang
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.title) == 1
    # The language stays in the URL on every page (Dutch, the default, is left out).
    assert app.query_params.get("lang") == ("en" if lang == "en" else None)


def test_language_switch_is_in_the_sidebar_in_the_chosen_language(app):
    app.query_params["lang"] = "en"
    app.run()
    switch = app.sidebar.segmented_control(key="lang")
    assert switch.value == "en"
    assert switch.label == t("sidebar.language", "en") != t("sidebar.language", "nl")
    switch.set_value("nl").run()
    assert app.title[0].value == t("kaart.title", "nl")
    assert "lang" not in app.query_params


def test_unknown_language_in_url_falls_back_to_dutch_with_notice(app):
    app.query_params["lang"] = "xx"
    app.run()
    assert not app.exception
    assert app.sidebar.segmented_control(key="lang").value == "nl"
    assert any("lang" in toast.value for toast in app.toast)
