"""The one loader: data/*.csv -> validated, typed `Tables`.

Steps, for every table, collecting problems instead of stopping at the first one:

1. file checks before parsing: missing, over 50 MB (checked before reading), 0 bytes, a ZIP
   (e.g. an .xlsx renamed to .csv) or old Excel file, NUL bytes, not UTF-8 (byte offset and line);
2. CSV parsing with the csv module, all values as text: a row with more or fewer fields than
   the header is reported with its line and left out;
3. the table's pandera schema (kansrijke.data.schemas.contract) on the text values;
4. conversion of the rows that passed: ints -> int64, waarde/noemer -> float64,
   datum_deelname/start_datum/datum -> datetime64; codes, bron_datum and other text stay str;
5. the cross-table checks (kansrijke.data.schemas.checks.CROSS_CHECKS).

`load_tables` raises DataValidationError carrying every issue; `validate_dir` returns them.
No Streamlit here: the app wraps `load_tables` in st.cache_data itself.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from kansrijke.data import paths
from kansrijke.data.issues import DataIssue, DataValidationError
from kansrijke.data.schemas import checks, contract, failures, files

MAX_BYTES = 50 * 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.xls)
UTF8_BOM = "\ufeff"


@dataclass(frozen=True, eq=False)
class Tables:
    """Validated tables, one DataFrame per file (columns as in docs/architecture.md, RangeIndex)."""

    gemeenten: pd.DataFrame
    inwoners: pd.DataFrame
    coalities: pd.DataFrame
    financiering: pd.DataFrame
    nnz_programmas: pd.DataFrame
    nnz_deelname: pd.DataFrame
    mijlpalen: pd.DataFrame
    verhalen: pd.DataFrame
    gebeurtenissen: pd.DataFrame  # optional file: empty when data/gebeurtenissen.csv is absent
    context: pd.DataFrame  # CBS key figures 2020 (kansrijke/data/context.py); empty when context_2020.csv is absent

    def row_counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


def load_tables(data_dir: Path | None = None) -> Tables:
    """Read and check every table in `data_dir` (default kansrijke.data.paths.DATA_DIR).

    Raises DataValidationError with all issues found if anything breaks the contract.
    """
    issues, frames = _check_dir(Path(data_dir) if data_dir is not None else paths.DATA_DIR)
    if issues:
        raise DataValidationError(issues)
    return Tables(**{name: frames[name].reset_index(drop=True) for name in files.TABLE_NAMES})


def validate_dir(data_dir: Path) -> list[DataIssue]:
    """Every problem in `data_dir`, file checks, schemas and cross-table checks together."""
    issues, _ = _check_dir(Path(data_dir))
    return issues


# ---------------------------------------------------------------------------------------------
# CBS StatLine 03759ned as a drop-in replacement for inwoners_2020.csv

CBS_03759NED_COLUMNS = frozenset({"RegioS", "Perioden", "BevolkingOp1Januari_1"})
CBS_03759NED_TOTALS = {"Geslacht": "T001038", "Leeftijd": "10000", "BurgerlijkeStaat": "T001019"}
CBS_03759NED_PERIOD = "2020JJ00"
CBS_03759NED_PROVENANCE = {
    "peildatum": "1 januari 2020",
    "basis": "bron",
    "bron": "CBS StatLine 03759ned, Bevolking op 1 januari",
    "bron_url": "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/03759ned",
    "bron_datum": "2020-01-01",
}
# project column -> column of the CBS file it comes from (issues name the column the user sees)
CBS_03759NED_SOURCE_COLUMNS = {"code": "RegioS", "inwoners": "BevolkingOp1Januari_1"}


def is_cbs_03759ned(columns) -> bool:
    """True when the columns are those of a CBS 03759ned (Bevolking op 1 januari) export."""
    return set(columns) >= CBS_03759NED_COLUMNS


def cbs_03759ned_to_inwoners(raw: pd.DataFrame) -> pd.DataFrame:
    """Turn a CBS StatLine 03759ned export (OData / CSV, all values text) into inwoners_2020 rows.

    inwoners_2020.csv may be replaced by the official table "Bevolking op 1 januari" (03759ned)
    as downloaded from CBS: comma or semicolon separated, with at least the columns RegioS
    (e.g. "GM0003  ", padded), Perioden (e.g. "2020JJ00") and BevolkingOp1Januari_1; ID and
    other measures are ignored. Kept: Perioden 2020JJ00, RegioS starting with GM, and - for the
    breakdown columns that are present - only the totals (Geslacht T001038, Leeftijd 10000,
    BurgerlijkeStaat T001019). The result has the project shape with peildatum "1 januari 2020",
    basis bron and the CBS source; the index (spreadsheet row numbers) of the kept rows is kept.
    """
    region = raw["RegioS"].str.strip()
    keep = (raw["Perioden"].str.strip() == CBS_03759NED_PERIOD) & region.str.startswith("GM")
    for column, total in CBS_03759NED_TOTALS.items():
        if column in raw.columns:
            keep &= raw[column].str.strip() == total
    converted = pd.DataFrame(
        {"code": region[keep], "inwoners": raw.loc[keep, "BevolkingOp1Januari_1"].str.strip()},
        index=raw.index[keep],
    )
    for column, value in CBS_03759NED_PROVENANCE.items():
        converted[column] = value
    return converted.astype("str")


# ---------------------------------------------------------------------------------------------
# Reading one CSV file


def read_csv_file(path: Path, *, accept_cbs_semicolon: bool = False) -> tuple[pd.DataFrame | None, list[DataIssue]]:
    """All-text DataFrame indexed by spreadsheet row (header = 1), or None if unreadable, plus issues.

    `accept_cbs_semicolon` lets a semicolon-separated CBS 03759ned export through (inwoners only).
    """
    file = path.name
    if not path.exists():
        return None, [DataIssue(file, None, None, None, "bestand ontbreekt")]
    if not path.is_file():
        return None, [DataIssue(file, None, None, None, "is geen gewoon bestand")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [
            DataIssue(
                file,
                None,
                None,
                None,
                f"bestand is te groot ({size / 2**20:.1f} MB, grens {MAX_BYTES // 2**20} MB); niet gelezen",
            )
        ]
    if size == 0:
        return None, [DataIssue(file, None, None, None, "bestand is leeg (0 bytes)")]

    data = path.read_bytes()
    text, problem = _decode(data)
    if problem is not None:
        return None, [replace(problem, file=file)]
    if text.strip() == "":
        return None, [DataIssue(file, None, None, None, "bestand bevat alleen witruimte, geen kopregel")]
    return _parse(file, text, accept_cbs_semicolon)


def _decode(data: bytes) -> tuple[str, DataIssue | None]:
    if data.startswith(ZIP_SIGNATURE):
        return "", DataIssue(
            "",
            None,
            None,
            None,
            "dit is een ZIP-bestand (waarschijnlijk een Excel-werkmap .xlsx) met de naam .csv; "
            "sla het op als 'CSV UTF-8 (door komma's gescheiden)'",
        )
    if data.startswith(OLE_SIGNATURE):
        return "", DataIssue(
            "", None, None, None, "dit is een oud Excel-bestand (.xls) met de naam .csv; sla het op als 'CSV UTF-8'"
        )
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return "", DataIssue(
            "",
            None,
            None,
            None,
            f"bevat NUL-bytes (eerste op byte-positie {offset}): geen UTF-8-tekst "
            "(misschien UTF-16 of een binair bestand); sla het op als 'CSV UTF-8'",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad_lines = sum(1 for raw_line in data.split(b"\n") if not _is_utf8(raw_line))
        more = f"; {bad_lines} regels hebben ongeldige bytes" if bad_lines > 1 else ""
        hint = " (lijkt Windows-1252/Latin-1)" if _is_cp1252(data) else ""
        return "", DataIssue(
            "",
            line,
            None,
            None,
            f"geen geldige UTF-8{hint}: byte 0x{data[err.start]:02X} op byte-positie {err.start} "
            f"(regel {line}){more}; sla het bestand op als 'CSV UTF-8'",
        )
    return text.removeprefix(UTF8_BOM), None


def _is_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _parse(file: str, text: str, accept_cbs_semicolon: bool) -> tuple[pd.DataFrame | None, list[DataIssue]]:
    delimiter = ","
    first_line = text.lstrip("\r\n").splitlines()[0]
    if ";" in first_line and "," not in first_line:
        semicolon_header = next(csv.reader([first_line], delimiter=";"))
        if not (accept_cbs_semicolon and is_cbs_03759ned(semicolon_header)):
            return None, [
                DataIssue(
                    file,
                    1,
                    None,
                    None,
                    "scheidingsteken is een puntkomma; het contract vraagt komma's "
                    "(sla op als 'CSV UTF-8 (door komma's gescheiden)')",
                )
            ]
        delimiter = ";"

    issues: list[DataIssue] = []
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row = 0
    try:
        for record in reader:
            row += 1
            if header is None:
                if not record:  # leading blank lines
                    continue
                header = record
                continue
            if not record:  # blank line: nothing to check
                continue
            if len(record) != len(header):
                line = "" if reader.line_num == row else f" (regel {reader.line_num} van het bestand)"
                issues.append(
                    DataIssue(
                        file,
                        row,
                        None,
                        None,
                        f"{len(record)} velden, de kopregel heeft er {len(header)}{line}; "
                        "rij overgeslagen (controleer komma's en aanhalingstekens)",
                    )
                )
                continue
            records.append(record)
            rows.append(row)
    except csv.Error as err:
        issues.append(DataIssue(file, row + 1, None, None, f"CSV onleesbaar vanaf regel {reader.line_num}: {err}"))

    if header is None:
        return None, issues + [DataIssue(file, None, None, None, "geen kopregel gevonden")]
    seen: set[str] = set()
    for name in header:
        if name.strip() == "":
            issues.append(DataIssue(file, 1, None, None, "kopregel bevat een kolom zonder naam"))
        elif name in seen:
            issues.append(DataIssue(file, 1, name, None, "kolomnaam komt twee keer voor in de kopregel"))
        seen.add(name)
    if len(seen) != len(header) or "" in seen:
        return None, issues
    frame = pd.DataFrame(records, columns=header, index=pd.Index(rows, name="rij", dtype="int64"), dtype="str")
    return frame, issues


# ---------------------------------------------------------------------------------------------
# Whole directory


def convert_types(name: str, raw: pd.DataFrame) -> pd.DataFrame:
    """Typed copy of a checked all-text table, columns in contract order (index kept)."""
    typed = {}
    for column, kind in contract.column_types(name).items():
        values = raw[column]
        if kind == "int":
            typed[column] = values.astype("int64")
        elif kind == "float":
            typed[column] = pd.to_numeric(values.where(values != ""), errors="raise").astype("float64")
        elif kind == "date":
            typed[column] = pd.to_datetime(values, format="%Y-%m-%d")
        else:
            typed[column] = values.astype("str")
    return pd.DataFrame(typed, index=raw.index)


def _check_table_file(name: str, data_dir: Path) -> tuple[pd.DataFrame | None, list[DataIssue]]:
    """Typed frame of the rows without issues (None if the table cannot be used) and the issues."""
    file = files.FILES[name]
    if name in files.OPTIONAL_FILES and not (data_dir / file).exists():
        empty = pd.DataFrame(
            {column: pd.Series(dtype="str") for column in contract.SCHEMAS[name].columns},
            index=pd.Index([], name="rij", dtype="int64"),
        )
        return convert_types(name, empty), []
    raw, issues = read_csv_file(data_dir / file, accept_cbs_semicolon=(name == "inwoners"))
    if raw is None:
        return None, issues

    renamed: dict[str, str] = {}
    if name == "inwoners" and is_cbs_03759ned(raw.columns):
        raw = cbs_03759ned_to_inwoners(raw)
        renamed = CBS_03759NED_SOURCE_COLUMNS
        if raw.empty:
            issues.append(
                DataIssue(
                    file,
                    None,
                    None,
                    None,
                    f"CBS 03759ned-bestand zonder rijen voor Perioden {CBS_03759NED_PERIOD}, GM-codes en de totalen",
                )
            )
    elif raw.empty and name in files.ROWS_REQUIRED and not issues:
        issues.append(DataIssue(file, None, None, None, "bestand heeft alleen een kopregel, geen gegevensrijen"))

    expected = files.EXPECTED_ROWS.get(name)
    if expected is not None and not raw.empty and len(raw) != expected:
        issues.append(
            DataIssue(
                file,
                None,
                None,
                None,
                f"{len(raw)} gemeenten; verwacht precies {expected} (gemeentelijke indeling {files.BOUNDARY_YEAR})",
            )
        )

    table_issues = failures.check_table(name, raw)
    issues += [replace(i, column=renamed.get(i.column, i.column)) if i.column else i for i in table_issues]

    if not set(contract.SCHEMAS[name].columns) <= set(raw.columns):
        return None, issues
    bad_rows = {i.row for i in issues if i.row is not None} & set(raw.index)
    return convert_types(name, raw.drop(index=sorted(bad_rows))), issues


def _check_dir(data_dir: Path) -> tuple[list[DataIssue], dict[str, pd.DataFrame]]:
    if not data_dir.is_dir():
        return [DataIssue(str(data_dir), None, None, None, "map met databestanden bestaat niet")], {}
    issues: list[DataIssue] = []
    frames: dict[str, pd.DataFrame] = {}
    complete: set[str] = set()
    for name in files.TABLE_NAMES:
        frame, table_issues = _check_table_file(name, data_dir)
        issues += table_issues
        if frame is not None:
            frames[name] = frame
            if not table_issues:
                complete.add(name)
    issues += checks.cross_table_issues(frames, complete)
    return issues, frames
