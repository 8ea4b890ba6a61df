"""kansrijke/ui/cache.py: one cached wrapper per function, results shared by every session (the same object, not a
copy), frames returned by a cached call keyed by that call (not by their content), so the next cached function of
the same view finds its result without hashing them; a changed shared result is caught under CHECK_SHARED."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from kansrijke.ui import cache


def doubled(frame: pd.DataFrame, factor: int) -> pd.DataFrame:
    return frame.assign(waarde=frame["waarde"] * factor)


def summed(frame: pd.DataFrame) -> int:
    return int(frame["waarde"].sum())


def per_series(values: pd.Series) -> pd.DataFrame:
    return values.to_frame("waarde")


BASE = pd.DataFrame({"code": ["GM0001", "GM0002"], "waarde": [1, 2]})


def test_the_wrapper_is_made_once_per_function():
    assert cache.cached(doubled) is cache.cached(doubled)
    assert cache.cached(doubled) is not cache.cached(summed)


def test_a_result_is_keyed_by_its_call_and_equal_calls_share_the_key():
    first = cache.cached(doubled)(BASE, 2)
    again = cache.cached(doubled)(BASE, 2)
    other = cache.cached(doubled)(BASE, 3)
    assert first is again  # one shared result, not a copy per session
    assert cache._frame_key(first)[0] == "tabel"  # a token, not a content hash
    assert cache._frame_key(first) != cache._frame_key(other)
    assert cache.cached(summed)(first) == 6 and cache.cached(summed)(other) == 9


def test_a_frame_made_outside_a_cached_call_is_keyed_by_content():
    outside = doubled(BASE, 2)
    assert cache._frame_key(outside)[0] != "tabel"
    assert cache._frame_key(outside) == cache._frame_key(doubled(BASE, 2))
    assert cache._frame_key(outside) != cache._frame_key(doubled(BASE, 5))


def test_arguments_without_a_reliable_key_give_no_token():
    result = cache.cached(per_series)(pd.Series([1, 2, 3]))
    assert cache._frame_key(result)[0] != "tabel"


def test_the_token_goes_when_the_frame_goes():
    result = cache.cached(doubled)(BASE, 7)
    key = id(result)
    assert key in cache._FRAME_TOKENS
    cache.cached(doubled).clear()  # the cache let go of it (a new data version, or evicted) ...
    del result  # ... and so did the last session
    gc.collect()
    assert key not in cache._FRAME_TOKENS


def test_keys_stay_flat_however_many_cached_calls_a_view_chains():
    once = cache.cached(doubled)(BASE, 11)
    twice = cache.cached(doubled)(once, 13)
    thrice = cache.cached(doubled)(twice, 17)
    keys = [cache._frame_key(frame) for frame in (once, twice, thrice)]
    assert all(kind == "tabel" and isinstance(token, str) and len(token) < 16 for kind, token in keys)
    assert len(set(keys)) == 3
    assert cache.cached(summed)(thrice) == summed(doubled(doubled(doubled(BASE, 11), 13), 17))


def test_a_changed_shared_result_is_caught(monkeypatch):
    monkeypatch.setattr(cache, "CHECK_SHARED", True)
    result = cache.cached(doubled)(BASE, 19)
    assert cache.cached(doubled)(BASE, 19) is result  # unchanged: handed out again
    result.loc[0, "waarde"] = -1  # a page that writes into what every session shares
    with pytest.raises(cache.SharedResultChanged, match="doubled"):
        cache.cached(doubled)(BASE, 19)


def test_a_chart_is_sent_with_its_data_as_arrow_and_returned_as_json():
    import altair as alt

    def bars(frame):
        return alt.Chart(frame).mark_bar().encode(x="code", y="waarde")

    shown = cache._display_spec(bars, BASE)
    as_json = cache._chart_spec(bars, BASE)
    ((name, data),) = as_json["datasets"].items()
    assert data == [{"code": "GM0001", "waarde": 1}, {"code": "GM0002", "waarde": 2}]
    assert list(shown["datasets"]) == ["gegevens_0"] and isinstance(shown["datasets"]["gegevens_0"], bytes)
    assert shown["data"] == {"name": "gegevens_0"} and as_json["data"] == {"name": name}
    # drawn on a canvas in the page; the exported spec (JSON, pictures) says nothing about a renderer
    assert shown["usermeta"]["embedOptions"] == {"renderer": "canvas"} and "usermeta" not in as_json
    rest = {k: v for k, v in shown.items() if k not in ("datasets", "data", "usermeta")}
    assert rest == {k: v for k, v in as_json.items() if k not in ("datasets", "data")}
    # other data, same chart: the spec the page sends is the same (the browser updates the chart in place)
    other = cache._display_spec(bars, BASE.assign(waarde=[5, 6]))
    assert {k: v for k, v in other.items() if k != "datasets"} == {k: v for k, v in shown.items() if k != "datasets"}
    assert other["datasets"]["gegevens_0"] != shown["datasets"]["gegevens_0"]
