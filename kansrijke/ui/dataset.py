"""The data the app serves: the last tables that validated, and the read-only geometry (one copy per process)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kansrijke.data import geo
from kansrijke.data.paths import data_dir
from kansrijke.data.store import Snapshot, TableStore
from kansrijke.text import t
from kansrijke.ui.cache import remember_frames
from kansrijke.ui.state import language


@st.cache_resource(show_spinner=False)
def _store(folder: str) -> TableStore:
    return TableStore(Path(folder))


@st.cache_resource(show_spinner=False)
def municipality_features() -> dict:
    return geo.municipality_features(2020)


@st.cache_resource(show_spinner=False)
def province_features() -> dict:
    return geo.province_features()


def tables_or_stop():
    """The validated tables. When the files on disk are broken, show the report and keep serving the last good
    data; when there never was good data, show the report and stop the page (never a traceback)."""
    lang = language()
    snapshot: Snapshot = _store(str(data_dir())).snapshot()
    if snapshot.issues:
        report = "\n".join(str(issue) for issue in snapshot.issues)
        if snapshot.tables is None:
            st.error(t("data.error_title", lang))
            st.write(t("data.error_body", lang))
            st.code(report, language=None)
            st.stop()
        st.warning(t("data.stale", lang, n=len(snapshot.issues)))
        with st.expander(t("data.stale_details", lang)):
            st.code(report, language=None)
    remember_frames(snapshot.tables)
    return snapshot.tables
