"""Kansrijke Start dashboard: entry point (page config, shared sidebar, navigation)."""
import streamlit as st

from kansrijke import ui
from kansrijke.text import t

st.set_page_config(page_title="Kansrijke Start", page_icon=":material/child_care:", layout="wide")

lang = ui.language_switch()

# One entry per page in pages/; a new page (funding, Nu Niet Zwanger, comparison, about the data) is added here.
PAGES = [
    st.Page("pages/kaart.py", title=t("nav.kaart", lang), icon=":material/map:", url_path="kaart", default=True),
]

st.navigation(PAGES).run()
