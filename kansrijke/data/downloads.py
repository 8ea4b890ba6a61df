"""The table behind a chart as a file: CSV (UTF-8 with BOM, so Excel reads the accents) and Excel (.xlsx).

Both keep every column given, including `basis` and the source columns. A text cell that a spreadsheet would
read as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe, so a
hostile name in the data can never run as a formula on a user's machine. Dates are written as ISO dates
(2019-12-31) in both, the way the data files hold them.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which text cells cannot be taken for spreadsheet formulas; numbers are left as numbers."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
        elif out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_neutralise)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV: comma separated, '.' as decimal point, UTF-8 with a byte order mark."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """The table as one Excel sheet (sheet names are cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()
