"""The downloadable tables: every row and column kept, readable back, formulas neutralised."""

import io

import pandas as pd

from kansrijke.data.downloads import csv_bytes, safe_frame, xlsx_bytes

FRAME = pd.DataFrame(
    {
        "code": ["GM0363", "GM0796"],
        "naam": ["Amsterdam", '=HYPERLINK("http://x")'],
        "bedrag_eur": [1234.5, 20000.0],
        "basis": ["bron", "model"],
        "bron": ["Meicirculaire 2019", ""],
    }
)


def test_csv_round_trips_with_accents_and_all_columns():
    frame = FRAME.assign(naam=["Súdwest-Fryslân", "'s-Hertogenbosch"])
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == list(frame.columns)
    assert back["naam"].tolist() == ["Súdwest-Fryslân", "'s-Hertogenbosch"]
    assert back["bedrag_eur"].tolist() == [1234.5, 20000.0]


def test_xlsx_round_trips_rows_and_columns():
    back = pd.read_excel(
        io.BytesIO(xlsx_bytes(FRAME, "financiering")), sheet_name="financiering", keep_default_na=False
    )
    assert back.shape == FRAME.shape
    assert back["basis"].tolist() == ["bron", "model"]
    assert back["bedrag_eur"].tolist() == [1234.5, 20000.0]


def test_text_that_looks_like_a_formula_is_kept_as_text():
    safe = safe_frame(FRAME)
    assert safe.loc[1, "naam"] == '\'=HYPERLINK("http://x")'
    assert safe.loc[0, "naam"] == "Amsterdam"
    assert safe["bedrag_eur"].tolist() == [1234.5, 20000.0]  # numbers untouched
    back = pd.read_excel(io.BytesIO(xlsx_bytes(FRAME)), keep_default_na=False)
    assert back.loc[1, "naam"].startswith("'=")


def test_long_sheet_names_are_cut_to_excel_limit():
    name = "een_heel_lange_naam_voor_een_tabblad_in_excel"
    book = pd.read_excel(io.BytesIO(xlsx_bytes(FRAME, name)), sheet_name=None)
    assert list(book) == [name[:31]]


def test_dates_are_iso_dates_in_both_files():
    frame = pd.DataFrame({"code": ["GM0363", "GM0599"], "datum_deelname": pd.to_datetime(["2019-05-31", None])})
    csv = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    xlsx = pd.read_excel(io.BytesIO(xlsx_bytes(frame)), dtype=str, keep_default_na=False)
    assert csv["datum_deelname"].tolist() == xlsx["datum_deelname"].tolist() == ["2019-05-31", ""]
