"""Reading an official table (CSV in any common delimiter and encoding, .xlsx, .ods) into a grid: rows of cells,
each with its row number as a spreadsheet shows it. Problems with the file itself are DataIssues."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from kansrijke.data.issues import DataIssue

MAX_BYTES = 20 * 1024 * 1024  # as server.maxUploadSize in .streamlit/config.toml; checked again here
ZIP_SIGNATURE = b"PK\x03\x04"

Grid = list[tuple[int, list]]


def cell_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def read_grid(path: Path, sheet: str | None = None) -> tuple[Grid | None, list[DataIssue]]:
    file = path.name
    if not path.is_file():
        return None, [DataIssue(file, None, None, None, "bestand bestaat niet")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [
            DataIssue(
                file, None, None, None, f"bestand is te groot ({size / 2**20:.1f} MB, grens {MAX_BYTES // 2**20} MB)"
            )
        ]
    if size == 0:
        return None, [DataIssue(file, None, None, None, "bestand is leeg (0 bytes)")]
    suffix = path.suffix.casefold()
    head = path.read_bytes()[:4]
    if suffix in (".xlsx", ".xlsm") or (head == ZIP_SIGNATURE and suffix != ".ods"):
        return _read_xlsx(path, sheet)
    if suffix == ".ods":
        return _read_ods(path, sheet)
    if suffix == ".xls":
        return None, [DataIssue(file, None, None, None, "oud Excel-formaat (.xls); sla het op als .xlsx of CSV")]
    return _read_csv(path)


def _read_xlsx(path: Path, sheet: str | None) -> tuple[Grid | None, list[DataIssue]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        return None, [DataIssue(path.name, None, None, None, f"Excel-bestand onleesbaar ({type(error).__name__})")]
    try:
        if sheet is not None and sheet not in book.sheetnames:
            return None, [
                DataIssue(
                    path.name, None, None, sheet, f"werkblad bestaat niet (werkbladen: {', '.join(book.sheetnames)})"
                )
            ]
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        grid = [(number, list(values)) for number, values in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return grid, []


def _read_ods(path: Path, sheet: str | None) -> tuple[Grid | None, list[DataIssue]]:
    try:
        frame = pd.read_excel(path, engine="odf", header=None, dtype=object, sheet_name=sheet or 0)
    except ImportError:
        return None, [
            DataIssue(
                path.name,
                None,
                None,
                None,
                "ODS-bestanden kunnen hier niet worden gelezen (odfpy ontbreekt); sla het werkblad op als .xlsx of CSV",
            )
        ]
    except Exception as error:
        return None, [DataIssue(path.name, None, None, None, f"ODS-bestand onleesbaar ({type(error).__name__})")]
    return [
        (i + 1, [None if pd.isna(v) else v for v in row]) for i, row in enumerate(frame.itertuples(index=False))
    ], []


def _read_csv(path: Path) -> tuple[Grid | None, list[DataIssue]]:
    data = path.read_bytes()
    if b"\x00" in data:
        return None, [
            DataIssue(
                path.name,
                None,
                None,
                None,
                "bevat NUL-bytes: geen tekstbestand (UTF-16?); sla het op als CSV UTF-8 of .xlsx",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's 'CSV (gescheiden door lijstscheidingsteken)'
    best: tuple[int, str] | None = None
    for delimiter in (";", ",", "\t"):
        lengths = [len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if len(r) > 1]
        if not lengths:
            continue
        mode = max(set(lengths), key=lengths.count)
        score = lengths.count(mode) * (mode > 1)
        if best is None or score > best[0]:
            best = (score, delimiter)
    delimiter = best[1] if best else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        return None, [DataIssue(path.name, None, None, None, f"CSV onleesbaar: {error}")]
    return [(number, row) for number, row in enumerate(rows, start=1)], []
