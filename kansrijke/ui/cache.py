"""The one way the app caches: a result is made once per process and distinct call, and shared by every session.

    @cache.shared()                               a module-level function of plain, hashable values; a parameter
    def areas(year: int) -> pd.DataFrame: ...     named `_x` is left out of the key (Streamlit's rule)

    cache.of(data, funding_view.map_values, scope, lang)    a function of the tables and plain values, keyed
                                                            by the data version (cache.Data) and those values

Keys are flat: the version of the data (a short digest of the files' names, sizes and times that the table store
loaded, kansrijke.ui.dataset) and the view's plain values, so a warm rerun costs a look-up and no hashing of frames.
Each cache holds a bounded number of results (max_entries; the oldest go first), so a new data version pushes out
the old one's results. Every result is shared read-only: domain and view functions never change the frames they
are given, and pages and the renderer do not change what they get back; `CHECK_SHARED` (on in the app tests)
proves it on every look-up. Download files are not made on a page run at all (kansrijke.ui.widgets, ui.exports).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, Protocol, TypeVar

import pandas as pd
import streamlit as st

from kansrijke.data.tables import Tables
from kansrijke.views.calls import TABLES, Call, T, Table, call

__all__ = ["TABLES", "Call", "Data", "T", "Table", "call", "get", "resolve", "shared"]

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

CHECK_SHARED = False  # set by the tests: every look-up checks that the shared result is unchanged


@dataclass(frozen=True)
class Data:
    """The tables a page shows and their version (the key of everything cached from them)."""

    version: str
    tables: Tables


class SharedResultChanged(AssertionError):
    """A page or function changed a result that every session shares."""


class _Held:
    """A cached result and, once checked, its fingerprint (kept with it, so it goes when the result goes)."""

    __slots__ = ("fingerprint", "value")

    def __init__(self, value: Any):
        self.value = value
        self.fingerprint: str | None = None


def _fingerprint(value: Any) -> str:
    """The content of a result (frames by their values: their pickles also change when pandas caches something)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        try:
            content = str(int(pd.util.hash_pandas_object(value, index=True).sum()))
        except TypeError:  # cells holding lists (colours)
            content = hashlib.sha256(pickle.dumps(value)).hexdigest()
        if isinstance(value, pd.Series):
            return "|".join([content, str(value.name), str(value.dtype)])
        return "|".join([content, *map(str, value.columns), *map(str, value.dtypes)])
    if isinstance(value, (tuple, list, dict)) and any(map(_holds_frames, _items(value))):
        return "[" + ",".join(f"{k!r}:{_fingerprint(v)}" for k, v in _pairs(value)) + "]"
    if hasattr(value, "__dataclass_fields__"):
        return _fingerprint({name: getattr(value, name) for name in value.__dataclass_fields__})
    return hashlib.sha256(pickle.dumps(value)).hexdigest()  # plain values and nested plain containers, at once


def _holds_frames(value: Any) -> bool:
    return isinstance(value, (pd.DataFrame, pd.Series, tuple, list)) or hasattr(value, "__dataclass_fields__")


def _items(value: Any) -> list:
    return list(value.values()) if isinstance(value, dict) else list(value)


def _pairs(value: Any) -> list:
    return list(value.items()) if isinstance(value, dict) else list(enumerate(value))


def _check(held: _Held, name: str) -> None:
    try:
        now = _fingerprint(held.value)
    except (pickle.PicklingError, TypeError, AttributeError):  # not picklable (e.g. holds a function): not checked
        return
    if held.fingerprint is None:
        held.fingerprint = now
    elif held.fingerprint != now:
        raise SharedResultChanged(f"the shared result of {name} was changed after it was made")


class Cached(Protocol[P, R_co]):
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...
    def clear(self) -> None: ...


def shared(max_entries: int = 256, checked: bool = True) -> Callable[[Callable[P, R]], Cached[P, R]]:
    """Cache a module-level function of plain, hashable values (st.cache_resource: every session gets the same
    object, not a copy). Parameters whose names start with `_` are not part of the key. `checked=False` only for
    a service with state of its own (the table store), which is not a result."""

    def decorate(function: Callable[P, R]) -> Cached[P, R]:
        @functools.wraps(function)  # the cache's identity and key: the function's name, source and parameters
        def held(*args: P.args, **kwargs: P.kwargs) -> _Held:
            return _Held(function(*args, **kwargs))

        store = st.cache_resource(show_spinner=False, max_entries=max_entries)(held)
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            result = store(*args, **kwargs)
            if CHECK_SHARED and checked:
                _check(result, name)
            return result.value

        call.clear = store.clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate


def _resolve(value: Any, data: Data) -> Any:
    if isinstance(value, Table):
        return data.tables if value is TABLES or value.name == "*" else getattr(data.tables, value.name)
    if isinstance(value, Call):
        return _made(data.version, value.key(), value, data)
    if isinstance(value, (tuple, list)) and any(isinstance(v, (Table, Call)) for v in value):
        return type(value)(_resolve(v, data) for v in value)
    return value


@shared(max_entries=4096)
def _made(version: str, key: tuple, _call: Call, _data: Data) -> Any:
    args = [_resolve(a, _data) for a in _call.args]
    kwargs = {name: _resolve(v, _data) for name, v in _call.kwargs}
    return _call.function(*args, **kwargs)


def get(data: Data, function: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """`function(*args, **kwargs)` with loaded tables (T.x) and results of other calls (cache.call) as arguments,
    made once per data version and distinct arguments, and shared."""
    asked = call(function, *args, **kwargs)
    return _made(data.version, asked.key(), asked, data)


def resolve(data: Data, asked: Any) -> Any:
    """The value of `asked` (a Call, a table T.x, or a plain value as it is)."""
    return _resolve(asked, data)
