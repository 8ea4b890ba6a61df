"""Kansrijke Start dashboard: entry point (page config, shared sidebar, navigation)."""

import streamlit as st

from kansrijke.data.paths import ROOT
from kansrijke.text import t
from kansrijke.ui import deferred, state

# A local icon file: Material or emoji icons would be fetched from a font CDN, and the app must work offline.
ASSETS = ROOT / "kansrijke" / "assets"

state.through_app()
deferred.count_run()

st.set_page_config(page_title="Kansrijke Start", page_icon=str(ASSETS / "favicon.png"), layout="wide")

lang = state.language_switch()

# One entry per page in pages/ (see pages/README.md). The url_path is part of every shared link: keep it stable,
# and equal to the file name: a server's first request is routed by file name (see state.through_app).
PAGES = [
    st.Page("pages/kaart.py", title=t("nav.kaart", lang), url_path="kaart", default=True),
    st.Page("pages/financiering.py", title=t("nav.financiering", lang), url_path="financiering"),
    st.Page("pages/nu-niet-zwanger.py", title=t("nav.nnz", lang), url_path="nu-niet-zwanger"),
    st.Page("pages/vergelijk.py", title=t("nav.vergelijk", lang), url_path="vergelijk"),
    st.Page("pages/presentatie.py", title=t("nav.presentatie", lang), url_path="presentatie"),
    st.Page("pages/over-de-data.py", title=t("nav.over_data", lang), url_path="over-de-data"),
]

st.navigation(PAGES).run()
