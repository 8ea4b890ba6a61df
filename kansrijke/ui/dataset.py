"""The data the app serves: the last tables that validated with their version (cache.Data), and the read-only
geometry (one copy per process)."""

from __future__ import annotations

import hashlib
import itertools
import threading
from pathlib import Path

import streamlit as st

from kansrijke.data.paths import data_dir
from kansrijke.data.store import Snapshot, TableStore, fingerprint
from kansrijke.data.tables import Tables, validate_dir
from kansrijke.text import t
from kansrijke.ui import cache
from kansrijke.ui.state import language


class _Served:
    """The table store of a data folder and the version of the tables it last handed out: a digest of the files
    it read (names, sizes, times) and a number that is new for every load in this process, so that two loads can
    never share a version, even when a file changed while it was read."""

    _loads = itertools.count(1)

    def __init__(self, folder: Path):
        self.folder = folder
        self.store = TableStore(folder)
        self._lock = threading.Lock()
        self._last: tuple[Tables, str] | None = None

    def data(self, tables: Tables) -> cache.Data:
        with self._lock:
            if self._last is None or self._last[0] is not tables:
                digest = hashlib.sha1(repr(fingerprint(self.folder)).encode()).hexdigest()[:12]
                self._last = (tables, f"{digest}.{next(self._loads)}")
            return cache.Data(self._last[1], tables)


@cache.shared(max_entries=8, checked=False)  # a service with state of its own, not a result
def _served(folder: str) -> _Served:
    return _Served(Path(folder))


def data_or_stop() -> cache.Data:
    """The validated tables and their version. When the files on disk are broken, show the report and keep serving
    the last good data; when there never was good data, show the report and stop the page (never a traceback)."""
    lang = language()
    served = _served(str(data_dir()))
    snapshot: Snapshot = served.store.snapshot()
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
    assert snapshot.tables is not None
    return served.data(snapshot.tables)


@cache.shared(max_entries=4)
def _issues(folder: str, stamp: tuple) -> list[str]:
    return [str(issue) for issue in validate_dir(Path(folder))]


def current_issues() -> list[str]:
    """Every problem of the files on disk now, validated again only when a file changes (keyed by the folder's
    fingerprint: names, sizes, times)."""
    folder = data_dir()
    return _issues(str(folder), fingerprint(folder))
