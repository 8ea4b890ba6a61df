"""Shared Streamlit widgets: the municipality search, the detail panel of one municipality, download buttons."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from kansrijke.data.downloads import csv_bytes, xlsx_bytes
from kansrijke.domain.search import find_municipality
from kansrijke.domain.stories import text_in
from kansrijke.text import data_label, fmt_date, fmt_eur, fmt_int, t
from kansrijke.ui.cache import Data, T, get
from kansrijke.views.captions import basis_text, escape_markdown, source_caption


def municipality_search(data: Data, lang: str, key: str = "zoek") -> str | None:
    """Search box; returns the code of the best match (or None). Other matches are listed underneath."""
    query = st.text_input(
        t("search.label", lang), key=key, placeholder=t("search.placeholder", lang), bind="query-params"
    )
    if not query:
        return None
    matches = get(data, find_municipality, query, T.gemeenten)
    if not matches:
        st.caption(escape_markdown(t("search.none", lang, query=query)))
        return None
    others = [m.naam for m in matches[1:5]]
    if others:
        st.caption(escape_markdown(t("search.more", lang, names=", ".join(others))))
    return matches[0].code


def detail_panel(detail, date, lang: str, context: str = "") -> None:
    """The detail of one municipality: place, inhabitants, its CBS context (`context`, an HTML block such as
    views.context_panel.panel_html), coalition, funding, NNZ, stories; every fact with its basis."""
    m, pop, c = detail.municipality, detail.population, detail.coalition
    st.subheader(escape_markdown(m["naam"]))
    st.write(escape_markdown(t("detail.place", lang, provincie=m["provincie"], ggd=m["ggd_regio"])))
    st.write(
        escape_markdown(
            t(
                "detail.inhabitants",
                lang,
                n=fmt_int(int(pop["inwoners"]), lang),
                peildatum=data_label(pop["peildatum"], lang),
            )
        )
    )
    if context:
        st.html(context)
    if c is not None:
        joined = pd.Timestamp(c["datum_deelname"]) <= pd.Timestamp(date)
        key = "detail.coalition_joined" if joined else "detail.coalition_later"
        st.write(
            escape_markdown(
                t(key, lang, tranche=t(f"tranche.{c['tranche']}", lang), date=fmt_date(c["datum_deelname"], lang))
            )
        )
        st.caption(basis_text(c, lang))
    for _, row in detail.funding.iterrows():
        st.write(
            escape_markdown(
                t(
                    "detail.funding",
                    lang,
                    regeling=t(f"regeling.{row['regeling']}", lang),
                    jaar=row["jaar"],
                    bedrag=fmt_eur(row["bedrag_eur"], lang),
                )
            )
        )
        st.caption(basis_text(row, lang))
    if detail.nnz_programme is not None:
        p, link = detail.nnz_programme, detail.nnz_link
        st.write(escape_markdown(t("detail.nnz", lang, naam=p["naam"], start=fmt_date(link["start_datum"], lang))))
        st.caption(basis_text(link, lang))
    else:
        st.write(t("detail.nnz_none", lang))
    for _, story in detail.stories.iterrows():
        with st.container(border=True):
            st.markdown(
                f"**{escape_markdown(text_in(story, 'titel', lang))}** — "
                f"{escape_markdown(text_in(story, 'thema', lang))}"
            )
            st.write(escape_markdown(text_in(story, "samenvatting", lang)))
            st.caption(source_caption(story, lang))


OPEN_SUFFIX = "_open"  # the key of every lazy expander ends in this; its state is True while it is open


def lazy_expander(label: str, key: str, icon: str | None = None):
    """An expander whose content a page builds only while it is open (`with lazy_expander(...) as box: if
    box.open: ...`): opening or closing it reruns the page. For the tables behind charts and maps, which most
    visitors never open: a closed one costs a visit nothing."""
    if not key.endswith(OPEN_SUFFIX):
        raise ValueError(f"the key of a lazy expander ends in {OPEN_SUFFIX!r} (tests open them all by it): {key!r}")
    return st.expander(label, key=key, on_change="rerun", icon=icon)


def lazy_download_buttons(frame: pd.DataFrame, stem: str, lang: str, key: str) -> None:
    """download_buttons in a box of their own, built when a visitor opens it (lazy_expander): a table that is on
    the page offers its files one click away, and a page run without them sends and redraws less."""
    with lazy_expander(t("download.title", lang, n=fmt_int(len(frame), lang)), key=f"{key}_open") as box:
        if box.open:
            download_buttons(frame, stem, lang, key)


def download_buttons(frame: pd.DataFrame, stem: str, lang: str, key: str) -> None:
    """CSV and Excel downloads of the table behind a chart (all columns kept, basis and source included).

    The files are made when a visitor clicks (Streamlit runs the function then, in the visitor's own worker), not
    on every page run: most visitors never download, and an .xlsx takes ~0.2 s to write."""
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("download.csv", lang),
            lambda: csv_bytes(frame),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
        )
    with right:
        st.download_button(
            t("download.xlsx", lang),
            lambda: xlsx_bytes(frame, stem),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            on_click="ignore",
        )
    st.caption(t("download.rows", lang, n=fmt_int(len(frame), lang)))


def filter_row(options: dict[str, list[str]], title, label) -> dict[str, str]:
    """One select box per filter, side by side, each kept in the URL under its key ("" = all, left out): `options`
    key -> values, `title(key)` its label, `label(key, value)` a value's name. Returns key -> the chosen value."""
    from kansrijke.ui.state import keep_in_url

    chosen: dict[str, str] = {}
    for column, (key, values) in zip(st.columns(len(options)), options.items()):
        with column:
            chosen[key] = str(st.selectbox(title(key), values, key=key, format_func=partial(label, key)))
            keep_in_url(key, chosen[key], "")
    return chosen


def weight_sliders(features, key_of, defaults, max_weight: int, lang: str, label=None) -> dict[str, int]:
    """One slider per peer feature (0..max_weight, kept in the URL under key_of(feature)), labelled by
    label(feature, lang) (default: the catalogue's vergelijk.feature.<feature>). Returns the weights."""
    return {
        feature: st.slider(
            label(feature, lang) if label else t(f"vergelijk.feature.{feature}", lang),
            0,
            max_weight,
            defaults[feature],
            step=1,
            key=key_of(feature),
            bind="query-params",
            help=t(f"vergelijk.feature_help.{feature}", lang),
        )
        for feature in features
    }


def filter_values(options: dict[str, list[str]]) -> dict[str, str]:
    """The values the filter_row select boxes hold in this run (before they are drawn): what the visitor chose or
    the URL restored, "" (all) otherwise."""
    return {key: v if (v := st.session_state.get(key, "")) in values else "" for key, values in options.items()}
