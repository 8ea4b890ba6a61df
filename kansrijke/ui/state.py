"""State that belongs in the URL: the page routing guard, the language, and every control a visitor would share."""

from __future__ import annotations

import streamlit as st

from kansrijke.text import LANGUAGES, t
from kansrijke.ui import internals

LANG_KEY = "lang"
REJECTED_KEY = "_url_rejected"  # URL parameters whose values could not be used, until url_notice shows them


def through_app() -> None:
    """Make sure every page runs inside app.py's navigation (shared sidebar, language, stable URLs).

    Because the pages live in `pages/`, Streamlit's older folder-based navigation handles a server's first
    request: it would run a page file on its own (no sidebar, file names as page titles, "page not found" for
    url paths such as /nu-niet-zwanger). app.py's st.navigation switches that off for the rest of the process;
    on that first request we switch it off here and start the run again, now through app.py (kansrijke.ui.internals)."""
    if internals.folder_navigation_on():
        internals.folder_navigation_off()
        st.rerun()


def language() -> str:
    value = st.session_state.get(LANG_KEY, "nl")
    return value if value in LANGUAGES else "nl"


def restore_from_url(key: str, options) -> None:
    """Before a widget is drawn: take its value from ?key=... once per session. A value that is not one of the
    options is ignored (the default view is shown) and noted for url_notice()."""
    flag = f"_url_restored_{key}"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    raw = st.query_params.get(key)
    if raw is None:
        return
    if raw in [str(o) for o in options]:
        st.session_state[key] = raw
    else:
        reject(key)


def reject(key: str) -> None:
    """Note that the URL's value of `key` could not be used (url_notice says so)."""
    st.session_state.setdefault(REJECTED_KEY, []).append(key)


def keep_in_url(key: str, value, default) -> None:
    """Write a control's value to the URL so the view can be shared; the default is left out."""
    if value == default or value is None:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = str(value)


def url_notice(lang: str) -> None:
    """A short notice when the URL held values that could not be used."""
    rejected = st.session_state.pop(REJECTED_KEY, [])
    if rejected:
        st.toast(t("url.rejected", lang, keys=", ".join(rejected)))


def language_switch() -> str:
    """The language selector (sidebar), kept in the URL as ?lang=en."""
    restore_from_url(LANG_KEY, LANGUAGES)
    st.session_state.setdefault(LANG_KEY, "nl")
    # Both languages in sight, one click: a segmented control (it draws with the buttons every page has)
    st.sidebar.segmented_control(
        t("sidebar.language", language()),
        LANGUAGES,
        key=LANG_KEY,
        required=True,
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
    )
    keep_in_url(LANG_KEY, language(), "nl")
    document_language(language())
    return language()


def document_language(lang: str) -> None:
    """Tell browsers and screen readers the page's language (WCAG 3.1.1): Streamlit serves every page as
    <html lang="en">, so a Dutch page would be read out with English pronunciation. A fixed script with one of the
    known language codes, never text from a visitor or the data; drawn in the sidebar, where it takes no room."""
    st.sidebar.html(language_script(lang), unsafe_allow_javascript=True)


def language_script(lang: str) -> str:
    """The one script the app puts on a page: it sets <html lang> to a known language code."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return f"<script>document.documentElement.lang = '{lang}';</script>"
