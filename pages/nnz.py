"""Placeholder until this page lands (see pages/README.md)."""
import streamlit as st

from kansrijke import ui
from kansrijke.text import t

st.title(t("nav.nnz", ui.language()))
