"""Kansrijke Start dashboard: entry point (page config, shared sidebar, navigation)."""
import streamlit as st

from kansrijke import ui
from kansrijke.paths import ROOT
from kansrijke.text import t

# A local icon file: Material or emoji icons would be fetched from a font CDN, and the app must work offline.
ASSETS = ROOT / "kansrijke" / "assets"

st.set_page_config(page_title="Kansrijke Start", page_icon=str(ASSETS / "favicon.png"), layout="wide")

lang = ui.language_switch()

# One entry per page in pages/; a new page (funding, Nu Niet Zwanger, comparison, about the data) is added here.
PAGES = [
    st.Page("pages/kaart.py", title=t("nav.kaart", lang), url_path="kaart", default=True),
]

st.navigation(PAGES).run()
