"""Per-process caches of the Streamlit app: domain results and chart specs, made once per distinct view and shared
by every session (st.cache_data). Download files are not made on a page run at all: widgets.download_buttons hands
Streamlit a function that builds the file when a visitor clicks."""
from __future__ import annotations

import datetime
import functools
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
_FRAME_TOKENS: dict[int, tuple[weakref.ref, object]] = {}
_TOKEN_COUNTER = itertools.count(1)
_TOKEN_LOCK = threading.RLock()   # re-entrant: a weak reference's callback can run while the lock is held


def _token_ref(frame: pd.DataFrame) -> weakref.ref:
    """A weak reference to `frame` that removes the frame's token when the frame is gone."""
    key = id(frame)

    def forget(ref):
        with _TOKEN_LOCK:
            if _FRAME_TOKENS.get(key, (None,))[0] is ref:
                del _FRAME_TOKENS[key]

    return weakref.ref(frame, forget)


def remember_frames(tables: Tables) -> None:
    with _TOKEN_LOCK:
        for frame in (getattr(tables, f.name) for f in fields(tables)):
            entry = _FRAME_TOKENS.get(id(frame))
            if entry is None or entry[0]() is not frame:
                _FRAME_TOKENS[id(frame)] = (_token_ref(frame), next(_TOKEN_COUNTER))


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


_WRAPPED: dict = {}
_WRAPPED_LOCK = threading.Lock()


_PLAIN = (str, int, float, bool, type(None), pd.Timestamp, datetime.date)


class _NoKey(Exception):
    """An argument whose value has no reliable cheap key (its result then gets no token)."""


def _results_key(function, args, kwargs) -> tuple:
    """The identity of one call: loaded and derived frames by token, plain values by value."""
    def key(value):
        if isinstance(value, pd.DataFrame):
            return _frame_key(value)
        if isinstance(value, Tables):
            return _tables_key(value)
        if isinstance(value, _PLAIN):
            return (type(value).__name__, str(value))
        if isinstance(value, (tuple, list, frozenset)):
            return (type(value).__name__, tuple(key(v) for v in value))
        if isinstance(value, dict):
            return ("dict", tuple(sorted((str(k), key(v)) for k, v in value.items())))
        raise _NoKey
    return (f"{function.__module__}.{function.__qualname__}", tuple(key(a) for a in args),
            tuple(sorted((name, key(v)) for name, v in kwargs.items())))


def _remember_result(result, function, args, kwargs) -> None:
    """Give the frames a cached call returned the identity of that call: the same view gives the same token, so a
    cached function called with them next (map_frame(status, ...)) finds its result without hashing their
    content. Domain and view functions never change the frames they are given, and pages do not change results."""
    frames = [result] if isinstance(result, pd.DataFrame) else []
    if isinstance(result, tuple):
        frames = [item for item in result if isinstance(item, pd.DataFrame)]
    if not frames:
        return
    try:
        call = _results_key(function, args, kwargs)
    except _NoKey:
        return
    with _TOKEN_LOCK:
        for n, frame in enumerate(frames):
            _FRAME_TOKENS[id(frame)] = (_token_ref(frame), ("afgeleid", call, n))


def cached(function):
    """`function` with its results kept per distinct arguments (st.cache_data): for the pure domain functions a
    page calls with the tables' frames and the view's plain values. Rerunning a view that was seen before then
    costs a look-up instead of the computation. The loaded tables are keyed by object (never mutated), frames that
    a cached call returned by the token of that call, other frames by content. The wrapper is made once per
    function, keyed by its code object (which Streamlit keeps while a page file is unchanged, so a function a page
    defines gets one wrapper, not one per rerun): making it reads the function's source."""
    code = getattr(function, "__code__", function)
    wrapped = _WRAPPED.get(code)
    if wrapped is not None:
        return wrapped
    store = st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH_FUNCS)(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        result = store(*args, **kwargs)
        _remember_result(result, function, args, kwargs)
        return result

    with _WRAPPED_LOCK:
        return _WRAPPED.setdefault(code, call)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=HASH_FUNCS)
def _chart_spec(make_chart, *args, **kwargs) -> dict:
    # The spec is checked against the Vega-Lite schema by the unit tests of kansrijke/charts (to_dict()); here
    # it is converted without that check, which would otherwise take most of a rerun's time.
    return make_chart(*args, **kwargs).to_dict(validate=False)


def chart_spec(make_chart, *args, **kwargs) -> dict:
    """The Vega-Lite spec of the altair chart `make_chart(*args, **kwargs)`, made once per distinct view."""
    return _chart_spec(make_chart, *args, **kwargs)


def chart(make_chart, *args, **kwargs) -> dict:
    """The altair chart `make_chart(*args, **kwargs)` at full width; its spec made once per distinct view.
    Returns the spec (e.g. for kansrijke.ui.exports.spec_downloads, the chart as a picture)."""
    spec = _chart_spec(make_chart, *args, **kwargs)
    st.vega_lite_chart(spec, width="stretch")
    return spec
