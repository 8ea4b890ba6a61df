"""What a page asks for, as plain values: a call of a pure function (kansrijke/domain, kansrijke/views) with plain
values, loaded tables by name (T.coalities) and the results of other calls as its arguments. kansrijke.ui.cache
makes each call once per data version and shares the result; its key is made of names and plain values only."""

from __future__ import annotations

import datetime
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kansrijke.data.tables import Tables


@dataclass(frozen=True)
class Table:
    """A loaded table, named (e.g. T.coalities): an argument of a Call, replaced by the frame of the data asked."""

    name: str  # "*": all of them (the Tables)


TABLES = Table("*")


class _Tables:
    def __getattr__(self, name: str) -> Table:
        if name not in Tables.__dataclass_fields__:
            raise AttributeError(f"no table {name!r}")
        return Table(name)


T = _Tables()  # T.coalities, T.gemeenten, ...


@dataclass(frozen=True)
class Call:
    """A call of a module-level function with plain values, loaded tables (T.x) and results of other calls: what
    a page or the renderer asks for. Its key is made of the function's name and those values, never of frames."""

    function: Callable[..., Any]
    args: tuple = ()
    kwargs: tuple = ()  # (name, value) pairs

    def key(self) -> tuple:
        name = f"{self.function.__module__}.{self.function.__qualname__}"
        if "<" in name:
            raise ValueError(f"a cached call takes a module-level function, not {name}")
        return (name, key_of(self.args), key_of(self.kwargs))


def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Call:
    return Call(function, args, tuple(sorted(kwargs.items())))


_PLAIN = (str, int, float, bool, type(None), pd.Timestamp, datetime.date)


def key_of(value: Any) -> Any:
    """The key of an argument: plain values as they are, tables by name, calls by their own key."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Table):
        return ("T", value.name)
    if isinstance(value, Call):
        return value.key()
    if isinstance(value, (tuple, list, frozenset)):
        return (type(value).__name__, *(key_of(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *sorted((str(k), key_of(v)) for k, v in value.items()))
    if isinstance(value, types.FunctionType):  # a function handed on (e.g. the chart a spec is made of)
        name = f"{value.__module__}.{value.__qualname__}"
        if "<" in name:
            raise ValueError(f"a cached call takes module-level functions, not {name}")
        return ("fn", name)
    if hasattr(value, "__dataclass_params__") and value.__dataclass_params__.frozen:
        return (type(value).__qualname__, *(key_of(getattr(value, f)) for f in value.__dataclass_fields__))
    raise TypeError(
        f"not a plain value for a cache key: {type(value).__name__} (pass a table as T.x, a result as a Call)"
    )


def chart_spec(make_chart: Callable[..., Any], *args: Any, **kwargs: Any) -> dict:
    """The Vega-Lite spec of the altair chart `make_chart(*args, **kwargs)`. Checked against the Vega-Lite schema by
    the unit tests of kansrijke/views/charts; converted here without that check (most of a rerun's time)."""
    return make_chart(*args, **kwargs).to_dict(validate=False)


def geometry() -> tuple[Call, Call]:
    """The municipalities (boundary year 2020) and provinces as GeoJSON, for the zoomable map (read-only)."""
    from kansrijke.data import geo

    return call(geo.municipality_features, 2020), call(geo.province_features)
