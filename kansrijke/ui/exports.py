"""Take-home files on the pages: pictures of maps and charts, the presentation as PowerPoint/PDF, factsheets.

Every file is made only when a visitor clicks its button (a download button with deferred data: Streamlit runs
the builder on its own thread, so the page script and other visitors never wait for it), and is kept per view and
data version (kansrijke.ui.cache), so the second visitor who asks
for the same file gets it at once. The builders live in kansrijke.exports (no Streamlit).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from kansrijke.exports.names import MIME, PICTURE_FORMATS, factsheet_name, safe_filename
from kansrijke.text import t
from kansrijke.ui.cache import TABLES, Data, get
from kansrijke.ui.widgets import lazy_expander

STEM = {"kaart": "coalities", "financiering": "financiering", "nnz": "nu-niet-zwanger"}
MAP_DATA = {"kaart": "coalition_map_data", "financiering": "funding_map_data", "nnz": "nnz_map_data"}
DEFAULT_BASE_URL = "http://localhost:8501"  # as kansrijke.exports.factsheet.DEFAULT_BASE_URL


def map_file(tables, kind: str, option, lang: str, fmt: str, highlight: str | None = None) -> bytes:
    """A map picture: kind kaart (option = stand), financiering (option = scope) or nnz (option = date)."""
    from kansrijke.exports import pictures

    data = getattr(pictures, MAP_DATA[kind])(tables, option, lang, highlight=highlight)
    return pictures.map_picture(data, fmt)


def chart_file(spec: dict, fmt: str) -> bytes:
    from kansrijke.exports import pictures

    return pictures.chart_picture(spec, fmt)


def slides_file(tables, lang: str, fmt: str) -> bytes:
    from kansrijke.exports import presentation

    return presentation.pptx_bytes(tables, lang) if fmt == "pptx" else presentation.pdf_bytes(tables, lang)


def factsheet_file(tables, code: str, lang: str, base_url: str) -> bytes:
    from kansrijke.exports import factsheet

    return factsheet.factsheet_pdf(tables, code, lang, base_url=base_url)


def base_url() -> str:
    """The address of the app as the visitor reaches it (for the link printed on a factsheet)."""
    try:
        url = st.context.url
    except Exception:  # no browser session (e.g. a test without a request)
        url = None
    if not url:
        return DEFAULT_BASE_URL
    parts = urlsplit(url)
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")


# Every take-home button's key starts with this (its element then has the class st-key-meenemen_...), so that
# browser tests can tell these files from the table downloads.
KEY_PREFIX = "meenemen_"


def _button(label: str, build, file_name: str, fmt: str, key: str) -> None:
    st.download_button(
        label,
        data=build,
        file_name=file_name,
        mime=MIME[fmt],
        key=KEY_PREFIX + key,
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )


def take_home_expander(label: str, key: str):
    """The expander of a take-home file's buttons: built when a visitor opens it (kansrijke.ui.widgets.lazy_expander),
    so a visit that takes nothing home costs nothing for them."""
    return lazy_expander(label, key=f"{KEY_PREFIX}{key}_open", icon=":material/photo_library:")


def map_downloads(data: Data, kind: str, option, lang: str, key: str, highlight: str | None = None) -> None:
    """'Meenemen': the map as PNG (1920 px, for slides and print) and SVG, with legend, sources and date."""
    stem = f"kaart_{STEM[kind]}_{option}_{lang}"
    with take_home_expander(t("exports.take_home", lang), key) as box:
        if not box.open:
            return
        st.caption(t("exports.map_hint", lang))
        left, right = st.columns(2)
        for column, fmt in zip((left, right), PICTURE_FORMATS):
            with column:
                _button(
                    t(f"exports.map_{fmt}", lang),
                    lambda fmt=fmt: get(data, map_file, TABLES, kind, option, lang, fmt, highlight),
                    f"{safe_filename(stem)}.{fmt}",
                    fmt,
                    f"{key}_{fmt}",
                )


def spec_downloads(data: Data, spec: dict, stem: str, lang: str, key: str) -> None:
    """A chart spec as shown on the page (the return value of kansrijke.ui.render.chart) as PNG and SVG."""
    with take_home_expander(t("exports.take_home_chart", lang), key) as box:
        if not box.open:
            return
        left, right = st.columns(2)
        for column, fmt in zip((left, right), ("png", "svg")):
            with column:
                _button(
                    t(f"exports.chart_{fmt}", lang),
                    lambda fmt=fmt: get(data, chart_file, spec, fmt),
                    f"{safe_filename(stem)}.{fmt}",
                    fmt,
                    f"{key}_{fmt}",
                )


def factsheet_button(data: Data, code: str, lang: str, key: str) -> None:
    """'Factsheet (PDF)' of the selected municipality: one A4 page to take to the council."""
    url = base_url()
    _button(
        t("exports.factsheet_button", lang),
        lambda: get(data, factsheet_file, TABLES, code, lang, url),
        factsheet_name(code, data.tables.gemeenten.set_index("code")["naam"].get(code, code), lang),
        "pdf",
        key,
    )


def slides_downloads(data: Data, lang: str, key: str = "dia_bestanden") -> None:
    """'Download als PowerPoint' and 'Download als PDF' of all ten slides."""
    left, right = st.columns(2)
    with left:
        _button(
            t("exports.slides_pptx", lang),
            lambda: get(data, slides_file, TABLES, lang, "pptx"),
            f"kansrijke-start-presentatie_{lang}.pptx",
            "pptx",
            f"{key}_pptx",
        )
    with right:
        _button(
            t("exports.slides_pdf", lang),
            lambda: get(data, slides_file, TABLES, lang, "pdf"),
            f"kansrijke-start-presentatie_{lang}.pdf",
            "pdf",
            f"{key}_pdf",
        )
