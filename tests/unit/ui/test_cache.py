"""kansrijke/ui/cache.py: one way to cache. A call of a module-level function is made once per data version and
distinct plain arguments and shared by every session (the same object, not a copy); tables are named (T.x) and
results of other calls passed as calls, so a key never holds a frame; each cache is bounded; a changed shared
result is caught under CHECK_SHARED. kansrijke/ui/render.py: a chart's data is sent as Arrow under stable names."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import pytest

from kansrijke.data.tables import Tables
from kansrijke.ui import cache, render
from kansrijke.ui.cache import Data, T, call, get
from kansrijke.views.calls import chart_spec

BASE = pd.DataFrame({"code": ["GM0001", "GM0002"], "waarde": [1, 2]})
CALLS: list[tuple] = []


def tables_with(gemeenten: pd.DataFrame) -> Tables:
    empty = {f.name: pd.DataFrame() for f in fields(Tables)}
    return Tables(**{**empty, "gemeenten": gemeenten})


def doubled(frame: pd.DataFrame, factor: int) -> pd.DataFrame:
    CALLS.append(("doubled", factor))
    return frame.assign(waarde=frame["waarde"] * factor)


def summed(frame: pd.DataFrame) -> int:
    CALLS.append(("summed",))
    return int(frame["waarde"].sum())


@pytest.fixture(autouse=True)
def fresh():
    cache._made.clear()
    CALLS.clear()


def test_a_call_is_made_once_per_data_version_and_arguments_and_shared():
    data = Data("v1", tables_with(BASE))
    first = get(data, doubled, T.gemeenten, 2)
    again = get(data, doubled, T.gemeenten, 2)
    other = get(data, doubled, T.gemeenten, 3)
    assert first is again  # one shared result, not a copy per session
    assert first["waarde"].tolist() == [2, 4] and other["waarde"].tolist() == [3, 6]
    assert CALLS == [("doubled", 2), ("doubled", 3)]


def test_a_new_data_version_is_computed_again_from_its_own_tables():
    old = get(Data("v1", tables_with(BASE)), doubled, T.gemeenten, 2)
    new = get(Data("v2", tables_with(BASE.assign(waarde=[10, 20]))), doubled, T.gemeenten, 2)
    assert old["waarde"].tolist() == [2, 4] and new["waarde"].tolist() == [20, 40]
    assert CALLS == [("doubled", 2), ("doubled", 2)]


def test_results_of_other_calls_are_made_once_and_keys_hold_no_frames():
    data = Data("v1", tables_with(BASE))
    inner = call(doubled, T.gemeenten, 5)
    assert get(data, summed, inner) == 15 and get(data, summed, call(doubled, inner, 2)) == 30
    assert CALLS.count(("doubled", 5)) == 1  # the inner result is shared by both
    key = call(summed, call(doubled, inner, 2)).key()
    flat = repr(key)
    assert "DataFrame" not in flat and "GM0001" not in flat  # names and plain values only
    assert key == call(summed, call(doubled, call(doubled, T.gemeenten, 5), 2)).key()


def test_a_frame_as_argument_is_refused():
    with pytest.raises(TypeError, match="T.x"):
        get(Data("v1", tables_with(BASE)), summed, BASE)


def test_a_function_made_on_the_fly_is_refused():
    with pytest.raises(ValueError, match="module-level"):
        get(Data("v1", tables_with(BASE)), lambda frame: frame, T.gemeenten)


def test_each_cache_is_bounded():
    made = []

    @cache.shared(max_entries=2)
    def square(n: int) -> int:
        made.append(n)
        return n * n

    for n in (1, 2, 3, 1):  # the fourth pushes out the oldest ...
        square(n)
    assert made == [1, 2, 3, 1]  # ... so 1 was made again, while a bounded cache held only two
    square(3)
    assert made == [1, 2, 3, 1]


def test_a_parameter_named_with_an_underscore_is_not_part_of_the_key():
    @cache.shared()
    def first_of(name: str, _rows: list) -> str:
        return f"{name}:{_rows[0]}"

    assert first_of("a", [1]) == "a:1" and first_of("a", [2]) == "a:1"


def test_a_changed_shared_result_is_caught(monkeypatch):
    monkeypatch.setattr(cache, "CHECK_SHARED", True)
    data = Data("v1", tables_with(BASE))
    result = get(data, doubled, T.gemeenten, 19)
    assert get(data, doubled, T.gemeenten, 19) is result  # unchanged: handed out again
    result.loc[0, "waarde"] = -1  # a page that writes into what every session shares
    with pytest.raises(cache.SharedResultChanged, match="_made"):
        get(data, doubled, T.gemeenten, 19)


def bars(frame: pd.DataFrame):
    import altair as alt

    return alt.Chart(frame).mark_bar().encode(x="code", y="waarde")


def test_a_chart_is_sent_with_its_data_as_arrow_and_returned_as_json():
    as_json = chart_spec(bars, BASE)
    shown = render.display_spec(as_json)
    ((name, data),) = as_json["datasets"].items()
    assert data == [{"code": "GM0001", "waarde": 1}, {"code": "GM0002", "waarde": 2}]
    assert list(shown["datasets"]) == ["gegevens_0"] and isinstance(shown["datasets"]["gegevens_0"], bytes)
    assert shown["data"] == {"name": "gegevens_0"} and as_json["data"] == {"name": name}
    # drawn on a canvas in the page; the exported spec (JSON, pictures) says nothing about a renderer
    assert shown["usermeta"]["embedOptions"] == {"renderer": "canvas"} and "usermeta" not in as_json
    rest = {k: v for k, v in shown.items() if k not in ("datasets", "data", "usermeta")}
    assert rest == {k: v for k, v in as_json.items() if k not in ("datasets", "data")}
    # other data, same chart: the spec the page sends is the same (the browser updates the chart in place)
    other = render.display_spec(chart_spec(bars, BASE.assign(waarde=[5, 6])))
    assert {k: v for k, v in other.items() if k != "datasets"} == {k: v for k, v in shown.items() if k != "datasets"}
    assert other["datasets"]["gegevens_0"] != shown["datasets"]["gegevens_0"]


def test_a_renamed_dataset_is_renamed_wherever_a_layer_looks_it_up():
    spec = {"data": {"name": "a1"}, "layer": [{"transform": [{"lookup": "code", "from": {"data": {"name": "b2"}}}]}]}
    renamed = render._renamed(spec, {"a1": "gegevens_0", "b2": "gegevens_1"})
    assert renamed["data"] == {"name": "gegevens_0"}
    assert renamed["layer"][0]["transform"][0]["from"]["data"] == {"name": "gegevens_1"}
    assert spec["data"] == {"name": "a1"}  # the cached spec it came from is left as it was
