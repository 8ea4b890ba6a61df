"""kansrijke/ui/cache.py: one cached wrapper per function, and frames returned by a cached call keyed by that call
(not by their content), so the next cached function of the same view finds its result without hashing them."""
from __future__ import annotations

import gc

import pandas as pd

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
    assert first is not again                       # st.cache_data hands out copies ...
    assert cache._frame_key(first) == cache._frame_key(again)   # ... with the same key
    assert cache._frame_key(first)[0] == "tabel"    # a token, not a content hash
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
    del result
    gc.collect()
    assert key not in cache._FRAME_TOKENS
