"""The contract of a page's map frame, shared by both map engines (vega_maps for the page map, maps for the
zoomable pydeck map): one row per municipality code with its fill and outline colour as RGBA."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

REQUIRED_COLUMNS = ("code", "fill_color", "line_color")


def rgba(value, code: str, column: str) -> list[int]:
    """`value` as four integers 0..255, or a ValueError that names the municipality and the column."""
    try:
        parts = [int(part) for part in value]
    except (TypeError, ValueError):
        parts = []
    if len(parts) != 4 or not all(0 <= part <= 255 for part in parts):
        raise ValueError(f"{column} for {code} must be 4 integers 0..255 (RGBA), got {value!r}")
    return parts


def check_frame(frame: pd.DataFrame, known_codes: Collection[str]) -> None:
    """The frame has the required columns, at most one row per code, and only codes that are on the map."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks column(s) {missing}")
    duplicated = sorted(set(frame.loc[frame["code"].duplicated(), "code"]))
    if duplicated:
        raise ValueError(f"frame has more than one row for {duplicated[:5]}")
    unknown = sorted(set(frame["code"]) - set(known_codes))
    if unknown:
        raise ValueError(f"frame has codes that are not on the map: {unknown[:5]}")
