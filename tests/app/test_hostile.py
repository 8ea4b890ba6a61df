"""Hostile municipality names (HTML, a script tag, a markdown link) in the data are shown as text, never run.

Every municipality of a private data copy gets such a name (tests/e2e/harness.write_hostile_names). On every
page registered in app.py, every element Streamlit sends to the browser is checked: no raw tag or markdown link
from the data reaches markdown, captions, headings, alerts or metrics; the map's tooltip fields are HTML-escaped.
The browser side (no dialog opens, the literal text is visible) is tests/e2e/test_hostile.py.
"""

import html
import json
import re

import pytest

from kansrijke.text import LANGUAGES
from kansrijke.ui.state import language_script
from tests.app.conftest import deck_spec, layer, vega_map
from tests.app.test_every_page import PAGE_FILES
from tests.e2e.harness import HOSTILE_NAMES, write_hostile_names

# raw tags, and a markdown link whose closing bracket is not escaped (escaped: \\](javascript:...)
LANGUAGE_SCRIPTS = {language_script(lang) for lang in LANGUAGES}
RAW = re.compile(r"<img|<script|(?<!\\)\]\(javascript:")
# st.html blocks are HTML only (no markdown is rendered): there a markdown link is text, a raw tag is not.
RAW_TAG = re.compile(r"<img|<script")
# Elements whose payload is data for a renderer that never interprets it as HTML or markdown: table cells are
# drawn as text on a canvas (glide-data-grid), chart data goes to vega as values. The map is checked separately.
DATA_ONLY = {
    "dataframe",
    "arrow_data_frame",
    "arrow_table",
    "arrow_vega_lite_chart",
    "vega_lite_chart",
    "deck_gl_json_chart",
}
# Widgets whose options are drawn as plain text (only their label and help are markdown): check those fields.
PLAIN_OPTIONS = {"multiselect", "selectbox"}


@pytest.fixture
def hostile(app):
    app.names = write_hostile_names(app.data_folder)
    return app


def walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def shown_elements(at):
    """(type, proto text) of every element of the last run, except pure data payloads."""
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", type(node).__name__)
        if proto is None or kind in DATA_ONLY:
            continue
        if kind in PLAIN_OPTIONS:
            yield kind, "\n".join([proto.label, proto.help, proto.placeholder])
            continue
        if kind == "html" and proto.body in LANGUAGE_SCRIPTS:  # the app's own fixed <html lang> script
            continue
        yield kind, str(proto)


def unescape_markdown(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def test_detail_panel_shows_a_script_name_as_text(hostile):
    hostile.query_params["zoek"] = "rotterdam"
    hostile.run()
    assert not hostile.exception
    name = HOSTILE_NAMES["GM0599"]
    headings = [s.value for s in hostile.subheader]
    assert any(unescape_markdown(h) == name for h in headings), headings
    assert not any("<script" in h for h in headings)


def test_search_shows_a_markdown_link_name_as_text(hostile):
    hostile.query_params["zoek"] = "klik hier"
    hostile.run()
    assert not hostile.exception
    name = HOSTILE_NAMES["GM0344"]
    headings = [s.value for s in hostile.subheader]
    assert any(unescape_markdown(h) == name for h in headings), headings
    # the brackets are escaped, so markdown draws no link
    assert not any(RAW.search(h) for h in headings)


def test_vega_map_carries_names_as_data_only(hostile):
    """The Vega map's tooltip is a list of fields (Vega's tooltip handler escapes their values); no name is part
    of the spec's text (marks, titles, expressions): names travel only as values in the lookup data."""
    hostile.run()
    assert not hostile.exception
    shown = vega_map(hostile)
    names = shown.values.set_index("code")["naam"]
    for code in ("GM0363", "GM0599", "GM0344"):
        assert names[code] == HOSTILE_NAMES[code]
    text = json.dumps(shown.spec)
    assert "alert(" not in text and "<img" not in text and "<script" not in text
    for layer_spec in shown.layers():
        for tip in layer_spec.get("encoding", {}).get("tooltip", []):
            assert set(tip) == {"field", "title", "type"}, tip


def test_map_tooltip_puts_names_only_in_text_positions(hostile):
    """Streamlit's deck renderer HTML-escapes every {field} value it puts into the tooltip template; that is only
    safe when no {field} sits inside a tag (an attribute). The names themselves reach the map as data."""
    hostile.run()
    hostile.toggle(key="kaart_zoom").set_value(True).run()
    assert not hostile.exception
    spec = deck_spec(hostile)
    template = json.loads(hostile.get("deck_gl_json_chart")[0].proto.tooltip)["html"]
    assert "{naam}" in template
    assert not re.search(r"<[^>]*\{[^}]*\}[^>]*>", template), template
    features = layer(spec, "gemeenten")["data"]["features"]
    names = {f["properties"]["code"]: f["properties"]["naam"] for f in features}
    for code in ("GM0363", "GM0599"):
        assert html.unescape(names[code]) == HOSTILE_NAMES[code]


@pytest.mark.parametrize("query", ["rotterdam", "klik hier", "alert"])
@pytest.mark.parametrize("page", PAGE_FILES)
def test_no_page_lets_a_hostile_name_through(hostile, page, query):
    hostile.run()
    hostile.switch_page(page)
    if query:
        hostile.query_params["zoek"] = query
    hostile.run()
    assert not hostile.exception, [e.value for e in hostile.exception]
    leaks = [
        (kind, text[:300])
        for kind, text in shown_elements(hostile)
        if (RAW_TAG if kind == "html" else RAW).search(text)
    ]
    assert leaks == []
