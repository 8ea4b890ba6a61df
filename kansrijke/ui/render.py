"""Drawing what a page asks for: display tables, chart specs as sent (data as Arrow under stable names), lines of
text, and the ui layer's CSS. Each is made once per view through kansrijke.ui.cache and sent as made."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from kansrijke.ui import internals
from kansrijke.ui.cache import Call, Data, get, resolve
from kansrijke.views.captions import escape_markdown
from kansrijke.views.page import Line

CSS_DIR = Path(__file__).with_name("css")


@functools.cache
def css(*names: str, extra: str = "") -> str:
    """The CSS files `names` of kansrijke/ui/css/ (read once per process) and `extra`, as one style element."""
    text = "\n".join((CSS_DIR / name).read_text(encoding="utf-8") for name in names)
    return f"<style>\n{text}\n{extra}\n</style>"


def as_arrow(frame: pd.DataFrame) -> bytes:
    return internals.arrow_bytes(frame)


def arrow(data: Data, asked: Call) -> bytes:
    """The frame `asked` as Arrow bytes, made once per view (Streamlit sends bytes as they are)."""
    return get(data, as_arrow, asked)


def as_arrow_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def table(data: Data, asked: Call) -> pd.DataFrame:
    """st.dataframe of the display table `asked` (index hidden), converted to an Arrow table once per view (a rerun
    sends the shared table as it is). Returns the frame (shared, read-only), e.g. for its download buttons."""
    st.dataframe(get(data, as_arrow_table, asked), hide_index=True, width="stretch")
    return resolve(data, asked)


# The charts of a page (not its map) are drawn on a canvas: hundreds of bars are one bitmap instead of hundreds of
# SVG elements, so the browser draws them, and redraws them after a change, in less time, and a new visitor's map
# (SVG, drawn first) does not wait for them. Each chart's table (its text alternative) sits beside it.
CHART_RENDERER = "canvas"


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """`value` with every reference to a named dataset ({"name": ...} under "data") renamed by `names`."""
    if isinstance(value, dict):
        return {
            key: {**item, "name": names[item["name"]]}
            if key == "data" and isinstance(item, dict) and item.get("name") in names
            else _renamed(item, names)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_renamed(item, names) for item in value]
    return value


def display_spec(spec: dict) -> dict:
    """The chart's spec as the page sends it: its named datasets as Arrow bytes, the form Streamlit sends them in (a
    rerun sends them as they are), under names by position ("gegevens_0", ...) instead of altair's hash of their
    content. A view that changes only the data then sends the same spec, and the browser updates the chart it has
    instead of building a new one. Drawn with CHART_RENDERER (usermeta.embedOptions, passed to vega-embed)."""
    spec = dict(spec)
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"renderer": CHART_RENDERER}}
    datasets = spec.pop("datasets", None)
    if not isinstance(datasets, dict):
        return spec if datasets is None else {**spec, "datasets": datasets}
    names = {name: f"gegevens_{n}" for n, name in enumerate(datasets)}
    spec = _renamed(spec, names)
    spec["datasets"] = {
        names[name]: internals.arrow_bytes(values) if isinstance(values, list) else values
        for name, values in datasets.items()
    }
    return spec


_LINE: dict[str, Callable[[str], object]] = {"subheader": st.subheader, "text": st.write, "caption": st.caption}


def lines(items: tuple[Line, ...] | list[Line]) -> None:
    """Lines of text in their roles (views.page.Line), markdown-escaped (names from the data are text), except the
    project's own markdown."""
    for line in items:
        if line.role == "markdown":
            st.markdown(line.text)
        else:
            _LINE[line.role](escape_markdown(line.text))


def lazy_table(
    data: Data, title: str, open_key: str, shown: Call, download: Call | None, stem: str, lang: str, key: str
) -> None:
    """The table `shown` behind a chart or map in an expander built only while open (widgets.lazy_expander:
    `open_key`), with the CSV and Excel files (keys `key`_csv, _xlsx) of `download` (None: no files)."""
    from kansrijke.ui import widgets

    with widgets.lazy_expander(title, key=open_key) as box:
        if box.open:
            table(data, shown)
            if download is not None:
                widgets.download_buttons(resolve(data, download), stem, lang, key=key)
