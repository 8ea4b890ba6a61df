"""Per-process caches of the Streamlit app: domain results, display tables and chart specs, made once per distinct
view and shared by every session (st.cache_resource: every session gets the same object, not a copy). A visit
then costs look-ups, and a session keeps references to shared results instead of copies of its own (which would
also make every garbage collection walk them). Download files are not made on a page run at all:
widgets.download_buttons hands Streamlit a function that builds the file when a visitor clicks.

Shared results are read-only by contract: domain and view functions never change the frames they are given, and
pages do not change what they get back. `CHECK_SHARED` (set by the tests) verifies that on every look-up."""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import json
import pickle
import threading
import types
import weakref
from dataclasses import fields

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from kansrijke.data.tables import Tables
from kansrijke.views import blocks

# Cache keys of the loaded tables' frames: a token per frame object, so that a cached function called with
# `tables.financiering` does not hash 400 rows on every rerun. The weak reference makes sure a token belongs to
# that very object (a new frame that happens to get the id of a dropped one gets a new token).
_FRAME_TOKENS: dict[int, tuple[weakref.ref, object]] = {}
_TOKEN_COUNTER = itertools.count(1)
_TOKEN_LOCK = threading.RLock()  # re-entrant: a weak reference's callback can run while the lock is held


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


# The identity of a cached call (function, arguments' keys) as a small number: a frame that such a call returned
# is keyed by that number, so keys stay flat however many cached calls a view chains (Streamlit's hasher walks a
# key element by element, and nested call keys made that most of a rerun's time).
_CALL_NUMBERS: dict[tuple, int] = {}


def _call_number(call: tuple) -> int:
    with _TOKEN_LOCK:
        number = _CALL_NUMBERS.get(call)
        if number is None:
            number = _CALL_NUMBERS[call] = next(_TOKEN_COUNTER)
        return number


def _frame_key(frame: pd.DataFrame) -> tuple:
    entry = _FRAME_TOKENS.get(id(frame))
    if entry is not None and entry[0]() is frame:
        return ("tabel", entry[1])
    return ("inhoud", _content_key(frame))  # a derived frame: by content


def _content_key(frame: pd.DataFrame | pd.Series) -> str:
    try:
        content = str(int(pd.util.hash_pandas_object(frame, index=True).sum()))
    except TypeError:  # cells holding lists (colours)
        content = hashlib.sha256(pickle.dumps(frame)).hexdigest()
    if isinstance(frame, pd.Series):
        return "|".join([content, str(frame.name), str(frame.dtype)])
    return "|".join([content, *map(str, frame.columns), *map(str, frame.dtypes)])


def _tables_key(tables: Tables) -> str:
    return " ".join(map(str, (_frame_key(getattr(tables, f.name)) for f in fields(tables))))


HASH_FUNCS = {
    Tables: _tables_key,
    pd.DataFrame: _frame_key,
    pd.Series: _content_key,
    types.FunctionType: lambda function: f"{function.__module__}.{function.__qualname__}",
}


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

    return (
        f"{function.__module__}.{function.__qualname__}",
        tuple(key(a) for a in args),
        tuple(sorted((name, key(v)) for name, v in kwargs.items())),
    )


def _remember_result(result, function, args, kwargs) -> None:
    """Give the frames a cached call returned the identity of that call, so a cached function called with them
    next (map_frame(status, ...)) finds its result by token instead of hashing their content. A shared result
    keeps the token it got the first time."""
    frames = [result] if isinstance(result, pd.DataFrame) else []
    if isinstance(result, tuple):
        frames = [item for item in result if isinstance(item, pd.DataFrame)]
    frames = [f for f in frames if not _has_token(f)]
    if not frames:
        return
    try:
        call = _results_key(function, args, kwargs)
    except _NoKey:
        return
    number = _call_number(call)
    with _TOKEN_LOCK:
        for n, frame in enumerate(frames):
            _FRAME_TOKENS[id(frame)] = (_token_ref(frame), f"{number}.{n}")


def _has_token(frame: pd.DataFrame) -> bool:
    entry = _FRAME_TOKENS.get(id(frame))
    return entry is not None and entry[0]() is frame


# Read-only check of shared results (tests): id of a result -> (the result, its fingerprint when first made).
CHECK_SHARED = False
_FINGERPRINTS: dict[int, tuple[object, str]] = {}


class SharedResultChanged(AssertionError):
    """A page or function changed a result that every session shares."""


def _fingerprint(value) -> str:
    """The content of a result (frames by their values: their pickles also change when pandas caches something)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _content_key(value)
    if isinstance(value, (tuple, list)):
        return "[" + ",".join(map(_fingerprint, value)) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{_fingerprint(v)}" for k, v in value.items()) + "}"
    return hashlib.sha256(pickle.dumps(value)).hexdigest()


def _check_shared(result, name: str) -> None:
    try:
        known = _FINGERPRINTS.get(id(result))
        now = _fingerprint(result)
    except Exception:  # not picklable: not checked
        return
    if known is None or known[0] is not result:
        _FINGERPRINTS[id(result)] = (result, now)
    elif known[1] != now:
        raise SharedResultChanged(f"the shared result of {name} was changed after it was made")


def _shared(function, max_entries: int):
    """st.cache_resource of `function` with the project's keys, checked under CHECK_SHARED."""
    store = st.cache_resource(show_spinner=False, max_entries=max_entries, hash_funcs=HASH_FUNCS)(function)
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def call(*args, **kwargs):
        result = store(*args, **kwargs)
        if CHECK_SHARED:
            _check_shared(result, name)
        return result

    call.clear = store.clear
    return call


def cached(function):
    """`function` with its results kept per distinct arguments and shared by every session: for the pure domain
    and view functions a page calls with the tables' frames and the view's plain values. Rerunning a view that was
    seen before then costs a look-up instead of the computation. The loaded tables are keyed by object (never
    mutated), frames that a cached call returned by the token of that call, other frames by content. The wrapper
    is made once per function, keyed by its code object (which Streamlit keeps while a page file is unchanged, so
    a function a page defines gets one wrapper, not one per rerun): making it reads the function's source."""
    code = getattr(function, "__code__", function)
    wrapped = _WRAPPED.get(code)
    if wrapped is not None:
        return wrapped
    store = _shared(function, max_entries=256)

    @functools.wraps(function)
    def call(*args, **kwargs):
        result = store(*args, **kwargs)
        _remember_result(result, function, args, kwargs)
        return result

    call.clear = store.clear
    with _WRAPPED_LOCK:
        return _WRAPPED.setdefault(code, call)


def _as_arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


_arrow_shared = _shared(_as_arrow, max_entries=512)


def table(build, *args, **kwargs) -> pd.DataFrame:
    """st.dataframe of the display table `cached(build)(*args, **kwargs)` (index hidden), converted to Arrow once
    per process and distinct view (keyed by the frame's token): a rerun sends the shared Arrow table as it is.
    Returns the frame (shared, read-only), e.g. for its download buttons."""
    frame = cached(build)(*args, **kwargs)
    st.dataframe(_arrow_shared(frame), hide_index=True, width="stretch")
    return frame


_html_table_shared = _shared(blocks.table, max_entries=256)


def table_html(build, *args, label: str, row_labels: bool = False, **kwargs) -> tuple[pd.DataFrame, str]:
    """For a short table that is always on the page (a timeline, a comparison): the display table
    `cached(build)(*args, **kwargs)` and that table as plain HTML (blocks.table: named `label`, its index as row
    headers if `row_labels`; made once per distinct view), which the page puts in one of its HTML blocks: a browser
    draws it without the interactive grid and its scripts. The frame is shared and read-only (e.g. for its
    downloads)."""
    frame = cached(build)(*args, **kwargs)
    return frame, _html_table_shared(frame, label, row_labels)


def _make_chart_spec(make_chart, *args, **kwargs) -> dict:
    # The spec is checked against the Vega-Lite schema by the unit tests of kansrijke/charts (to_dict()); here
    # it is converted without that check, which would otherwise take most of a rerun's time.
    return make_chart(*args, **kwargs).to_dict(validate=False)


_chart_spec = _shared(_make_chart_spec, max_entries=256)


def chart_spec(make_chart, *args, **kwargs) -> dict:
    """The Vega-Lite spec of the altair chart `make_chart(*args, **kwargs)`, made once per distinct view."""
    return _chart_spec(make_chart, *args, **kwargs)


# The charts of a page (not its map) are drawn on a canvas: hundreds of bars are one bitmap instead of hundreds of
# SVG elements, so the browser draws them, and redraws them after a change, in less time, and a new visitor's map
# (SVG, drawn first) does not wait for them. Each chart's table (its text alternative) sits beside it.
CHART_RENDERER = "canvas"


def _make_display_spec(make_chart, *args, **kwargs) -> dict:
    """The chart's spec as the page sends it: its named datasets (records) as Arrow bytes, the form Streamlit
    sends them in (a rerun sends them as they are instead of converting the records again), under names by
    position ("gegevens_0", ...) instead of altair's hash of their content. A view that changes only the data
    then sends the same spec, and the browser updates the chart it has instead of building a new one. Drawn with
    CHART_RENDERER (usermeta.embedOptions, which Streamlit passes to vega-embed)."""
    spec = dict(_chart_spec(make_chart, *args, **kwargs))
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"renderer": CHART_RENDERER}}
    datasets = spec.pop("datasets", None)
    if not isinstance(datasets, dict):
        return spec if datasets is None else {**spec, "datasets": datasets}
    names = {name: f"gegevens_{n}" for n, name in enumerate(datasets)}
    text = json.dumps(spec)
    for name, stable in names.items():
        text = text.replace(json.dumps(name), json.dumps(stable))
    spec = json.loads(text)
    spec["datasets"] = {
        names[name]: dataframe_util.convert_anything_to_arrow_bytes(values) if isinstance(values, list) else values
        for name, values in datasets.items()
    }
    return spec


_display_spec = _shared(_make_display_spec, max_entries=256)


def chart(make_chart, *args, **kwargs) -> dict:
    """The altair chart `make_chart(*args, **kwargs)` at full width; its spec made once per distinct view.
    Returns the spec with its data as JSON (e.g. for kansrijke.ui.exports.spec_downloads, the chart as a picture)."""
    st.vega_lite_chart(_display_spec(make_chart, *args, **kwargs), width="stretch")
    return _chart_spec(make_chart, *args, **kwargs)
