"""Per-process caches of the Streamlit app: domain results, chart specs and download files, made once per
distinct view and shared by every session (st.cache_data)."""
from __future__ import annotations

import hashlib
import itertools
import pickle
import threading
import types
import weakref
from dataclasses import fields

import pandas as pd
import streamlit as st

from kansrijke.data.tables import Tables


# Cache keys of the loaded tables' frames: a token per frame object, so that a cached function called with
# `tables.financiering` does not hash 400 rows on every rerun. The weak reference makes sure a token belongs to
# that very object (a new frame that happens to get the id of a dropped one gets a new token).
_FRAME_TOKENS: dict[int, tuple[weakref.ref, int]] = {}
_TOKEN_COUNTER = itertools.count(1)
_TOKEN_LOCK = threading.Lock()


def remember_frames(tables: Tables) -> None:
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


_WRAPPERS: dict = {}
_WRAPPERS_LOCK = threading.Lock()


def cached(function):
    """`function` with its results kept per distinct arguments (st.cache_data): for the pure domain functions a
    page calls with the tables' frames and the view's plain values. Rerunning a view that was seen before then
    costs a look-up instead of the computation. The loaded tables are keyed by object (never mutated), other
    frames by content.

    The wrapper itself is made once per function (by its code object, which Streamlit keeps while a page file is
    unchanged): making it reads the function's source, a few milliseconds that every rerun would pay again."""
    code = getattr(function, "__code__", function)
    wrapper = _WRAPPERS.get(code)
    if wrapper is None:
        with _WRAPPERS_LOCK:
            wrapper = _WRAPPERS.setdefault(
                code, st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH_FUNCS)(function))
    return wrapper


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH_FUNCS)
def _chart_spec(make_chart, *args, **kwargs) -> dict:
    # The spec is checked against the Vega-Lite schema by the unit tests of kansrijke/charts (to_dict()); here
    # it is converted without that check, which would otherwise take most of a rerun's time.
    return make_chart(*args, **kwargs).to_dict(validate=False)


def chart_spec(make_chart, *args, **kwargs) -> dict:
    """The Vega-Lite spec of the altair chart `make_chart(*args, **kwargs)`, made once per distinct view."""
    return _chart_spec(make_chart, *args, **kwargs)


def chart(make_chart, *args, **kwargs) -> None:
    """The altair chart `make_chart(*args, **kwargs)` at full width; its spec made once per distinct view."""
    st.vega_lite_chart(_chart_spec(make_chart, *args, **kwargs), width="stretch")


@st.cache_data(show_spinner=False, max_entries=512)
def download_files(frame: pd.DataFrame, stem: str) -> tuple[bytes, bytes]:
    """The CSV and Excel bytes of a table, made once per distinct table (an .xlsx takes ~0.2 s to write)."""
    from kansrijke.data.downloads import csv_bytes, xlsx_bytes

    return csv_bytes(frame), xlsx_bytes(frame, stem)
