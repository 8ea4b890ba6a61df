"""Small shared Streamlit pieces: language, the data (last good), source captions, the municipality search."""
from __future__ import annotations

import hashlib
import html
import itertools
import pickle
import threading
import types
import weakref
from dataclasses import fields
from pathlib import Path

import pandas as pd
import streamlit as st

from kansrijke import geo
from kansrijke.paths import data_dir
from kansrijke.search import find_municipality
from kansrijke.store import Snapshot, TableStore
from kansrijke.tables import Tables
from kansrijke.stories import text_in
from kansrijke.text import LANGUAGES, data_label, fmt_date, fmt_eur, fmt_int, fmt_milestone, t

LANG_KEY = "lang"


# Cache keys of the loaded tables' frames: a token per frame object, so that a cached function called with
# `tables.financiering` does not hash 400 rows on every rerun. The weak reference makes sure a token belongs to
# that very object (a new frame that happens to get the id of a dropped one gets a new token).
_FRAME_TOKENS: dict[int, tuple[weakref.ref, int]] = {}
_TOKEN_COUNTER = itertools.count(1)
_TOKEN_LOCK = threading.Lock()


def _remember_frames(tables: Tables) -> None:
    with _TOKEN_LOCK:
        for frame in (getattr(tables, f.name) for f in fields(tables)):
            entry = _FRAME_TOKENS.get(id(frame))
            if entry is None or entry[0]() is not frame:
                _FRAME_TOKENS[id(frame)] = (weakref.ref(frame), next(_TOKEN_COUNTER))


def _frame_key(frame: pd.DataFrame):
    entry = _FRAME_TOKENS.get(id(frame))
    if entry is not None and entry[0]() is frame:
        return ("tabel", entry[1])
    try:   # a derived frame: by content
        content = int(pd.util.hash_pandas_object(frame, index=True).sum())
    except TypeError:   # cells holding lists (colours)
        content = hashlib.sha256(pickle.dumps(frame)).hexdigest()
    return content, tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes))


def _tables_key(tables: Tables) -> tuple:
    return tuple(_frame_key(getattr(tables, f.name)) for f in fields(tables))


HASH_FUNCS = {Tables: _tables_key, pd.DataFrame: _frame_key,
              types.FunctionType: lambda function: f"{function.__module__}.{function.__qualname__}"}


def cached(function):
    """`function` with its results kept per distinct arguments (st.cache_data): for the pure domain functions a
    page calls with the tables' frames and the view's plain values. Rerunning a view that was seen before then
    costs a look-up instead of the computation. The loaded tables are keyed by object (never mutated), other
    frames by content."""
    return st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH_FUNCS)(function)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH_FUNCS)
def _chart_spec(make_chart, *args, **kwargs) -> dict:
    # The spec is checked against the Vega-Lite schema by the unit tests of kansrijke/charts (to_dict()); here
    # it is converted without that check, which would otherwise take most of a rerun's time.
    return make_chart(*args, **kwargs).to_dict(validate=False)


def chart(make_chart, *args, **kwargs) -> None:
    """The altair chart `make_chart(*args, **kwargs)` at full width; its spec made once per distinct view."""
    st.vega_lite_chart(_chart_spec(make_chart, *args, **kwargs), width="stretch")


def through_app() -> None:
    """Make sure every page runs inside app.py's navigation (shared sidebar, language, stable URLs).

    Because the pages live in `pages/`, Streamlit's older folder-based navigation handles a server's first
    request: it would run a page file on its own (no sidebar, file names as page titles, "page not found" for
    url paths such as /nu-niet-zwanger). app.py's st.navigation switches that off for the rest of the process;
    on that first request we switch it off here and start the run again, now through app.py."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
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
        st.session_state.setdefault("_url_rejected", []).append(key)


def keep_in_url(key: str, value, default) -> None:
    """Write a control's value to the URL so the view can be shared; the default is left out."""
    if value == default or value is None:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = str(value)


def url_notice(lang: str) -> None:
    """A short notice when the URL held values that could not be used."""
    rejected = st.session_state.pop("_url_rejected", [])
    if rejected:
        st.toast(t("url.rejected", lang, keys=", ".join(rejected)))


def language_switch() -> str:
    """The language selector (sidebar), kept in the URL as ?lang=en."""
    restore_from_url(LANG_KEY, LANGUAGES)
    st.sidebar.selectbox(
        t("sidebar.language", language()), LANGUAGES, key=LANG_KEY,
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
    )
    keep_in_url(LANG_KEY, language(), "nl")
    return language()


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
    _remember_frames(snapshot.tables)
    return snapshot.tables


def source_caption(row: pd.Series | None, lang: str) -> str:
    """'Bron: document (datum)' for a milestone or fact row; plain text (escaped for markdown)."""
    if row is None:
        return ""
    date = row.get("bron_datum", "")
    label = t("source.line", lang, bron=row["bron"], datum=date) if date else t("source.line_nodate", lang, bron=row["bron"])
    return escape_markdown(label)


def escape_markdown(text: str) -> str:
    """Text that st.markdown/st.caption shows literally: HTML escaped and markdown punctuation neutralised."""
    escaped = html.escape(str(text), quote=False)
    for ch in "\\`*_[]<>#|~$":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def municipality_search(municipalities: pd.DataFrame, lang: str, key: str = "zoek") -> str | None:
    """Search box; returns the code of the best match (or None). Other matches are listed underneath."""
    query = st.text_input(t("search.label", lang), key=key, placeholder=t("search.placeholder", lang),
                          bind="query-params")
    if not query:
        return None
    matches = find_municipality(query, municipalities)
    if not matches:
        st.caption(escape_markdown(t("search.none", lang, query=query)))
        return None
    others = [m.naam for m in matches[1:5]]
    if others:
        st.caption(escape_markdown(t("search.more", lang, names=", ".join(others))))
    return matches[0].code


def stand_label(date, lang: str) -> str:
    key = f"stand.{pd.Timestamp(date).date().isoformat()}"
    try:
        return t(key, lang)
    except KeyError:
        return fmt_date(date, lang)


def legend_html(items, lang: str) -> str:
    """Legend swatches; labels come from the catalogue and are escaped."""
    lines = []
    for label_key, rgba in items:
        r, g, b, a = rgba
        swatch = (f'<span style="display:inline-block;width:1.1em;height:1.1em;margin-right:.5em;'
                  f'vertical-align:middle;border:1px solid #333;background:rgba({r},{g},{b},{a / 255:.2f})"></span>')
        lines.append(f"<div>{swatch}{html.escape(t(label_key, lang))}</div>")
    return "\n".join(lines)


def timeline_table(milestones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published counts as a readable table: date as published, figure, what it counts, source."""
    return pd.DataFrame({
        t("timeline.col_date", lang): milestones["datum_label"],
        t("timeline.col_figure", lang): milestones.apply(lambda row: fmt_milestone(row, lang), axis=1),
        t("timeline.col_indicator", lang): milestones["indicator"].map(lambda k: t(f"indicator.{k}", lang)),
        t("timeline.col_source", lang): milestones["bron"] + " (" + milestones["bron_datum"] + ")",
        t("timeline.col_note", lang): milestones["toelichting"],
    })


def detail_panel(detail, date, lang: str) -> None:
    """The detail of one municipality: place, coalition, funding, NNZ, stories; every fact with its basis."""
    m, pop, c = detail.municipality, detail.population, detail.coalition
    st.subheader(escape_markdown(m["naam"]))
    st.write(escape_markdown(t("detail.place", lang, provincie=m["provincie"], ggd=m["ggd_regio"])))
    st.write(escape_markdown(t("detail.inhabitants", lang, n=fmt_int(int(pop["inwoners"]), lang),
                                peildatum=data_label(pop["peildatum"], lang))))
    if c is not None:
        joined = pd.Timestamp(c["datum_deelname"]) <= pd.Timestamp(date)
        key = "detail.coalition_joined" if joined else "detail.coalition_later"
        st.write(escape_markdown(t(key, lang, tranche=t(f"tranche.{c['tranche']}", lang),
                                    date=fmt_date(c["datum_deelname"], lang))))
        st.caption(basis_text(c, lang))
    for _, row in detail.funding.iterrows():
        st.write(escape_markdown(t("detail.funding", lang, regeling=t(f"regeling.{row['regeling']}", lang),
                                    jaar=row["jaar"], bedrag=fmt_eur(row["bedrag_eur"], lang))))
        st.caption(basis_text(row, lang))
    if detail.nnz_programme is not None:
        p, link = detail.nnz_programme, detail.nnz_link
        st.write(escape_markdown(t("detail.nnz", lang, naam=p["naam"], start=fmt_date(link["start_datum"], lang))))
        st.caption(basis_text(link, lang))
    else:
        st.write(t("detail.nnz_none", lang))
    for _, story in detail.stories.iterrows():
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(text_in(story, 'titel', lang))}** — "
                        f"{escape_markdown(text_in(story, 'thema', lang))}")
            st.write(escape_markdown(text_in(story, "samenvatting", lang)))
            st.caption(source_caption(story, lang))


def basis_text(row: pd.Series, lang: str) -> str:
    """'Bron: ...' for a sourced row; 'Gemodelleerd (regel ...)' plus any partial evidence for a modelled row."""
    if row["basis"] == "bron":
        return source_caption(row, lang)
    rules = [r.strip() for r in str(row.get("regel", "")).split(";") if r.strip()]
    text = t("basis.model_rule", lang, regel="; ".join(t(f"regel.{r}", lang) for r in rules))
    if row.get("bron"):
        text += " " + t("basis.evidence", lang, bron=row["bron"])
    return escape_markdown(text)


@st.cache_data(show_spinner=False, max_entries=512)
def download_files(frame: pd.DataFrame, stem: str) -> tuple[bytes, bytes]:
    """The CSV and Excel bytes of a table, made once per distinct table (an .xlsx takes ~0.2 s to write)."""
    from kansrijke.downloads import csv_bytes, xlsx_bytes

    return csv_bytes(frame), xlsx_bytes(frame, stem)


def download_buttons(frame: pd.DataFrame, stem: str, lang: str, key: str) -> None:
    """CSV and Excel downloads of the table behind a chart (all columns kept, basis and source included)."""
    csv_data, xlsx_data = download_files(frame, stem)
    left, right = st.columns(2)
    with left:
        st.download_button(t("download.csv", lang), csv_data, file_name=f"{stem}.csv", mime="text/csv",
                           key=f"{key}_csv", on_click="ignore")
    with right:
        st.download_button(t("download.xlsx", lang), xlsx_data, file_name=f"{stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}_xlsx", on_click="ignore")
    st.caption(t("download.rows", lang, n=fmt_int(len(frame), lang)))
