"""The loader contract: a valid directory loads typed; every broken variant gives a precise issue.

The valid directory is built by conftest.write_valid_data (355 municipalities, milestones that
reconcile). Each broken variant edits one or two files of a fresh copy.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from kansrijke.data.issues import DataIssue, DataValidationError, format_report
from kansrijke.data.schemas import contract, reconciliation
from kansrijke.data.tables import (
    Tables,
    cbs_03759ned_to_inwoners,
    is_cbs_03759ned,
    load_tables,
    validate_dir,
)
from kansrijke.vocabulary import KWALIFICATIES

ROOT = Path(__file__).resolve().parents[2]


# --- helpers to edit one CSV of the fixture as header + list of dicts -------------------------


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(file: str, data_row: int, column: str, value: str) -> Callable[[Path], None]:
    """Edit the cell at spreadsheet row `data_row` (2 = first data row)."""

    def edit(data_dir: Path) -> None:
        header, rows = read_csv(data_dir / file)
        rows[data_row - 2][column] = value
        write_csv(data_dir / file, header, rows)

    return edit


def edit_rows(file: str, change: Callable[[list[str], list[dict[str, str]]], None]) -> Callable[[Path], None]:
    def edit(data_dir: Path) -> None:
        header, rows = read_csv(data_dir / file)
        change(header, rows)
        write_csv(data_dir / file, header, rows)

    return edit


def write_bytes(file: str, data: bytes) -> Callable[[Path], None]:
    def write(data_dir: Path) -> None:
        (data_dir / file).write_bytes(data)

    return write


def find(
    issues: list[DataIssue], file: str, row: int | None, column: str | None, value: str | None, message: str
) -> DataIssue:
    """The one issue at (file, row, column) whose value and message contain the given parts."""
    hits = [
        i
        for i in issues
        if i.file == file
        and i.row == row
        and i.column == column
        and (value is None or (i.value is not None and value in i.value))
        and message in i.message
    ]
    assert hits, f"no issue {file}/{row}/{column}/{value!r}/{message!r} in:\n{format_report(issues)}"
    return hits[0]


# --- the valid directory ----------------------------------------------------------------------


def test_valid_dir_has_no_issues(valid_dir: Path) -> None:
    assert validate_dir(valid_dir) == []


def test_valid_dir_loads_typed_tables(valid_dir: Path) -> None:
    tables = load_tables(valid_dir)
    assert isinstance(tables, Tables)
    assert tables.row_counts() == {
        "gemeenten": 355,
        "inwoners": 355,
        "coalities": 6,
        "financiering": 6,
        "nnz_programmas": 2,
        "nnz_deelname": 4,
        "mijlpalen": 12,
        "verhalen": 1,
        "gebeurtenissen": 0,
        "context": 0,
    }
    assert tables.inwoners["inwoners"].dtype == "int64"
    assert tables.financiering["bedrag_eur"].dtype == "int64"
    assert tables.financiering["jaar"].dtype == "int64"
    assert tables.mijlpalen["waarde"].dtype == "float64"
    assert tables.mijlpalen["noemer"].isna().sum() == 11  # empty noemer -> NaN, "355" -> 355.0
    assert tables.mijlpalen["noemer"].max() == 355.0
    for frame, column in [
        (tables.coalities, "datum_deelname"),
        (tables.nnz_programmas, "start_datum"),
        (tables.nnz_deelname, "start_datum"),
        (tables.mijlpalen, "datum"),
    ]:
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    assert tables.coalities.loc[tables.coalities["code"] == "GM0518", "datum_deelname"].item() == pd.Timestamp(
        "2020-06-01"
    )
    # bron_datum keeps its precision as text: "2019-05", "2020-09-15", "2019"
    assert set(tables.coalities["bron_datum"]) == {"2019-05", "", "2020-09-15"}
    assert tables.gemeenten["code"].iloc[0] == "GM0003" and tables.gemeenten["naam"].iloc[3] == "'s-Gravenhage"
    assert isinstance(tables.gemeenten.index, pd.RangeIndex)
    assert list(tables.coalities.columns) == list(contract.SCHEMAS["coalities"].columns)


def test_load_tables_raises_with_the_same_issues_as_validate_dir(valid_dir: Path) -> None:
    set_cell("coalities.csv", 3, "tranche", "tranche9")(valid_dir)
    with pytest.raises(DataValidationError) as caught:
        load_tables(valid_dir)
    assert caught.value.issues == validate_dir(valid_dir)
    assert "coalities.csv, rij 3, kolom tranche: waarde 'tranche9'" in caught.value.report()


def test_context_table_loads_typed_when_present(valid_dir: Path) -> None:
    from tests.data.conftest import write_context

    tables = load_tables(write_context(valid_dir))
    figures = tables.context
    assert len(figures) == 355 and figures["code"].is_unique
    assert figures["inwoners"].dtype == "int64" and figures["stedelijkheid"].dtype == "int64"
    assert figures["aandeel_met_kinderen"].dtype == "float64"
    assert int(figures["inwoners"].sum()) == 17_407_585 and int(figures["levendgeborenen"].sum()) == 168_681
    assert list(figures.columns) == list(contract.SCHEMAS["context"].columns)


def test_column_order_is_free(valid_dir: Path) -> None:
    header, rows = read_csv(valid_dir / "verhalen.csv")
    write_csv(valid_dir / "verhalen.csv", list(reversed(header)), rows)
    assert validate_dir(valid_dir) == []
    assert list(load_tables(valid_dir).verhalen.columns)[0] == "code"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '=HYPERLINK("http://evil.example")',
        'Gemeente "A", met komma\'s; en \u00e9\u00eb\u00ef',
        "{{ 7*7 }} ${7*7} %s",
    ],
)
def test_hostile_text_is_kept_verbatim(valid_dir: Path, hostile: str) -> None:
    set_cell("gemeenten_2020.csv", 4, "naam", hostile)(valid_dir)
    set_cell("verhalen.csv", 2, "samenvatting", hostile + "\nop een tweede regel")(valid_dir)
    tables = load_tables(valid_dir)
    assert tables.gemeenten.loc[2, "naam"] == hostile
    assert tables.verhalen.loc[0, "samenvatting"] == hostile + "\nop een tweede regel"


# --- broken variants ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    id: str
    edit: Callable[[Path], None]
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str


def _drop_column(name):
    def change(header, rows):
        header.remove(name)
        for r in rows:
            del r[name]

    return change


def _add_column(name, value):
    def change(header, rows):
        header.append(name)
        for r in rows:
            r[name] = value

    return change


def _duplicate_row(index):
    return lambda header, rows: rows.append(dict(rows[index]))


def _delete_where(column, value):
    def change(header, rows):
        rows[:] = [r for r in rows if r[column] != value]

    return change


BROKEN = [
    Broken(
        "missing column",
        edit_rows("gemeenten_2020.csv", _drop_column("provincie")),
        "gemeenten_2020.csv",
        None,
        "provincie",
        None,
        "verplichte kolom ontbreekt",
    ),
    Broken(
        "extra column",
        edit_rows("coalities.csv", _add_column("opmerking", "x")),
        "coalities.csv",
        None,
        "opmerking",
        None,
        "onbekende kolom",
    ),
    Broken(
        "inwoners not a number",
        set_cell("inwoners_2020.csv", 3, "inwoners", "abc"),
        "inwoners_2020.csv",
        3,
        "inwoners",
        "abc",
        "geen geheel getal",
    ),
    Broken(
        "inwoners zero",
        set_cell("inwoners_2020.csv", 5, "inwoners", "0"),
        "inwoners_2020.csv",
        5,
        "inwoners",
        "0",
        "groter dan 0",
    ),
    Broken(
        "negative amount",
        set_cell("financiering.csv", 4, "bedrag_eur", "-120000"),
        "financiering.csv",
        4,
        "bedrag_eur",
        "-120000",
        "mag niet negatief zijn",
    ),
    Broken(
        "amount with thousands separator",
        set_cell("financiering.csv", 2, "bedrag_eur", "20.000"),
        "financiering.csv",
        2,
        "bedrag_eur",
        "20.000",
        "geen geheel getal",
    ),
    Broken(
        "duplicate coalition code",
        edit_rows("coalities.csv", _duplicate_row(1)),
        "coalities.csv",
        8,
        "code",
        "GM0014",
        "komt al voor in rij 3",
    ),
    Broken(
        "duplicate funding key",
        edit_rows("financiering.csv", _duplicate_row(0)),
        "financiering.csv",
        8,
        "code+regeling",
        "GM0003 / impuls_gids_2019",
        "komt al voor in rij 2",
    ),
    Broken(
        "municipality in two programmes",
        set_cell("nnz_deelname.csv", 5, "code", "GM2001"),
        "nnz_deelname.csv",
        5,
        "code",
        "GM2001",
        "hoogstens één NNZ-programma",
    ),
    Broken(
        "tranche not allowed",
        set_cell("coalities.csv", 5, "tranche", "tranche9"),
        "coalities.csv",
        5,
        "tranche",
        "tranche9",
        "niet toegestaan (toegestaan: gids_2019, tranche3_2020, impuls_2022)",
    ),
    Broken(
        "basis not allowed",
        set_cell("coalities.csv", 2, "basis", "schatting"),
        "coalities.csv",
        2,
        "basis",
        "schatting",
        "toegestaan: bron, model",
    ),
    Broken(
        "model row where only bron is allowed",
        set_cell("gemeenten_2020.csv", 2, "basis", "model"),
        "gemeenten_2020.csv",
        2,
        "basis",
        "model",
        "toegestaan: bron)",
    ),
    Broken(
        "bad code format",
        set_cell("verhalen.csv", 2, "code", "0363"),
        "verhalen.csv",
        2,
        "code",
        "0363",
        "geen gemeentecode",
    ),
    Broken(
        "bad programme id",
        set_cell("nnz_programmas.csv", 2, "programma_id", "NNZ1"),
        "nnz_programmas.csv",
        2,
        "programma_id",
        "NNZ1",
        "NNZ07",
    ),
    Broken(
        "impossible date",
        set_cell("coalities.csv", 4, "datum_deelname", "2019-02-30"),
        "coalities.csv",
        4,
        "datum_deelname",
        "2019-02-30",
        "geen geldige datum",
    ),
    Broken(
        "dutch date format",
        set_cell("nnz_deelname.csv", 3, "start_datum", "15-01-2020"),
        "nnz_deelname.csv",
        3,
        "start_datum",
        "15-01-2020",
        "JJJJ-MM-DD",
    ),
    Broken(
        "bad bron_datum",
        set_cell("coalities.csv", 2, "bron_datum", "2019-13"),
        "coalities.csv",
        2,
        "bron_datum",
        "2019-13",
        "geen geldige brondatum",
    ),
    Broken(
        "javascript url",
        set_cell("verhalen.csv", 2, "bron_url", "javascript:alert(1)"),
        "verhalen.csv",
        2,
        "bron_url",
        "javascript:alert(1)",
        "geen geldige URL",
    ),
    Broken(
        "required text empty",
        set_cell("gemeenten_2020.csv", 6, "naam", ""),
        "gemeenten_2020.csv",
        6,
        "naam",
        None,
        "verplicht veld is leeg",
    ),
    Broken(
        "basis bron without bron",
        set_cell("coalities.csv", 2, "bron", ""),
        "coalities.csv",
        2,
        "bron",
        None,
        "basis is bron, dus bron",
    ),
    Broken(
        "basis model without regel",
        set_cell("coalities.csv", 4, "regel", ""),
        "coalities.csv",
        4,
        "regel",
        None,
        "basis is model, dus regel",
    ),
    Broken(
        "basis bron with regel",
        set_cell("financiering.csv", 2, "regel", "deelname_uit_impuls"),
        "financiering.csv",
        2,
        "regel",
        "deelname_uit_impuls",
        "regel moet leeg zijn",
    ),
    Broken(
        "unknown code",
        set_cell("coalities.csv", 3, "code", "GM9999"),
        "coalities.csv",
        3,
        "code",
        "GM9999",
        "onbekende gemeentecode",
    ),
    Broken(
        "code of the 2021+ boundary year",
        set_cell("financiering.csv", 2, "code", "GM1979"),
        "financiering.csv",
        2,
        "code",
        "GM1979",
        "geen gemeentecode van 2020",
    ),
    Broken(
        "unknown centre municipality",
        set_cell("nnz_programmas.csv", 2, "centrumgemeente", "GM1991"),
        "nnz_programmas.csv",
        2,
        "centrumgemeente",
        "GM1991",
        "Maashorst",
    ),
    Broken(
        "unknown ggd",
        set_cell("nnz_programmas.csv", 3, "ggd_code", "GG9999"),
        "nnz_programmas.csv",
        3,
        "ggd_code",
        "GG9999",
        "onbekende GGD-code",
    ),
    Broken(
        "municipality missing from inwoners",
        edit_rows("inwoners_2020.csv", _delete_where("code", "GM0599")),
        "inwoners_2020.csv",
        None,
        "code",
        "GM0599",
        "gemeente ontbreekt",
    ),
    Broken(
        "only 354 municipalities",
        edit_rows("gemeenten_2020.csv", _delete_where("code", "GM2349")),
        "gemeenten_2020.csv",
        None,
        None,
        None,
        "354 gemeenten; verwacht precies 355",
    ),
    Broken(
        "link to a missing programme",
        set_cell("nnz_deelname.csv", 3, "programma_id", "NNZ99"),
        "nnz_deelname.csv",
        3,
        "programma_id",
        "NNZ99",
        "programma staat niet in nnz_programmas.csv",
    ),
    Broken(
        "centre not in own programme",
        set_cell("nnz_programmas.csv", 3, "centrumgemeente", "GM0599"),
        "nnz_programmas.csv",
        3,
        "centrumgemeente",
        "GM0599",
        "niet deel aan het eigen programma NNZ02",
    ),
    Broken(
        "programme without participants",
        edit_rows("nnz_deelname.csv", _delete_where("programma_id", "NNZ02")),
        "nnz_programmas.csv",
        3,
        "programma_id",
        "NNZ02",
        "geen deelnemende gemeenten",
    ),
    Broken(
        "funding for a municipality without coalition",
        set_cell("financiering.csv", 2, "code", "GM2002"),
        "financiering.csv",
        2,
        "code",
        "GM2002",
        "staat niet in coalities.csv",
    ),
    Broken(
        "funding scheme of the wrong tranche",
        set_cell("financiering.csv", 6, "regeling", "aanvulling_gids_2021"),
        "financiering.csv",
        6,
        "regeling",
        "aanvulling_gids_2021",
        "als tranche3_2020",
    ),
    Broken(
        "totals no longer reconcile",
        set_cell("mijlpalen.csv", 2, "waarde", "4"),
        "mijlpalen.csv",
        2,
        "waarde",
        "4",
        "gepubliceerd precies 4 (v; toegestaan x = v), berekend x = 3: "
        "aantal rijen in coalities.csv met tranche gids_2019",
    ),
    Broken(
        "later coalition count out of tolerance",
        set_cell("mijlpalen.csv", 6, "waarde", "6"),
        "mijlpalen.csv",
        6,
        "waarde",
        "6",
        "gepubliceerd meer dan 6 (v; toegestaan x > v), berekend x = 6: "
        "aantal rijen in coalities.csv met datum_deelname t/m 2023-04-12",
    ),
    Broken(
        "amount sum beyond circa",
        set_cell("mijlpalen.csv", 8, "waarde", "43000"),
        "mijlpalen.csv",
        8,
        "waarde",
        "43000",
        "circa 43000 (v; toegestaan v - 5% ≤ x ≤ v + 5%), berekend x = 46000",
    ),
    Broken(
        "reconciliation row missing",
        edit_rows("mijlpalen.csv", _delete_where("indicator", "nnz_programmas")),
        "mijlpalen.csv",
        None,
        "indicator",
        "nnz_programmas",
        "met datum 2020-07-01 ontbreekt",
    ),
    Broken(
        "reconciliation row at another date only",
        set_cell("mijlpalen.csv", 12, "datum", "2020-08-01"),
        "mijlpalen.csv",
        None,
        "indicator",
        "nnz_gemeenten",
        "ontbreekt",
    ),
    Broken(
        "missing file", lambda d: (d / "verhalen.csv").unlink(), "verhalen.csv", None, None, None, "bestand ontbreekt"
    ),
    Broken("empty file", write_bytes("coalities.csv", b""), "coalities.csv", None, None, None, "leeg (0 bytes)"),
    Broken(
        "header only",
        write_bytes("nnz_deelname.csv", b"programma_id,code,start_datum,basis,regel,bron,bron_url,bron_datum\n"),
        "nnz_deelname.csv",
        None,
        None,
        None,
        "alleen een kopregel",
    ),
    Broken(
        "latin-1 bytes",
        write_bytes("gemeenten_2020.csv", "code,naam\nGM0003,Appingedam\nGM0005,Sûdwest-Fryslân\n".encode("latin-1")),
        "gemeenten_2020.csv",
        3,
        None,
        None,
        "geen geldige UTF-8 (lijkt Windows-1252/Latin-1): byte 0xFB op byte-positie 36 (regel 3)",
    ),
    Broken(
        "xlsx renamed to csv",
        write_bytes("financiering.csv", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64),
        "financiering.csv",
        None,
        None,
        None,
        "ZIP-bestand (waarschijnlijk een Excel-werkmap .xlsx)",
    ),
    Broken(
        "ragged line",
        write_bytes(
            "verhalen.csv",
            b"code,titel,thema,samenvatting,basis,bron,bron_url,bron_datum\n"
            b"GM0363,Titel,thema,Samenvatting,bron,Bron,,2020\n"
            b"GM0363,Titel, met komma,thema,Samenvatting,bron,Bron,,2020\n",
        ),
        "verhalen.csv",
        3,
        None,
        None,
        "9 velden, de kopregel heeft er 8; rij overgeslagen",
    ),
    Broken(
        "ragged line after a quoted line break",
        write_bytes(
            "verhalen.csv",
            b"code,titel,thema,samenvatting,basis,bron,bron_url,bron_datum\n"
            b'GM0363,Titel,thema,"Eerste regel\ntweede regel",bron,Bron,,2020\n'
            b"GM0363,Titel,thema,Samenvatting,bron,Bron,,2020,\n",
        ),
        "verhalen.csv",
        3,
        None,
        None,
        "9 velden, de kopregel heeft er 8 (regel 4 van het bestand)",
    ),
    Broken(
        "semicolon separated",
        write_bytes("verhalen.csv", b"code;titel;thema\nGM0363;a;b\n"),
        "verhalen.csv",
        1,
        None,
        None,
        "puntkomma",
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=[b.id for b in BROKEN])
def test_broken_variant_gives_precise_issue(valid_dir: Path, case: Broken) -> None:
    case.edit(valid_dir)
    with pytest.raises(DataValidationError) as caught:
        load_tables(valid_dir)
    find(caught.value.issues, case.file, case.row, case.column, case.value, case.message)


def test_tranche_issue_reads_as_one_dutch_line(valid_dir: Path) -> None:
    set_cell("coalities.csv", 5, "tranche", "tranche9")(valid_dir)
    [issue] = validate_dir(valid_dir)
    assert str(issue) == (
        "coalities.csv, rij 5, kolom tranche: waarde 'tranche9' — niet toegestaan "
        "(toegestaan: gids_2019, tranche3_2020, impuls_2022)"
    )


def test_missing_programme_row_does_not_cascade(valid_dir: Path) -> None:
    """A row left out for a per-table issue must not make cross-table counts fail as well."""
    set_cell("nnz_deelname.csv", 2, "start_datum", "2019-3-1")(valid_dir)
    issues = validate_dir(valid_dir)
    assert [(i.file, i.row, i.column) for i in issues] == [("nnz_deelname.csv", 2, "start_datum")]


def test_rows_with_issues_are_left_out_but_the_rest_is_cross_checked(valid_dir: Path) -> None:
    set_cell("coalities.csv", 2, "datum_deelname", "gisteren")(valid_dir)
    set_cell("coalities.csv", 3, "code", "GM1980")(valid_dir)
    issues = validate_dir(valid_dir)
    find(issues, "coalities.csv", 2, "datum_deelname", "gisteren", "geen geldige datum")
    find(issues, "coalities.csv", 3, "code", "GM1980", "Dijk en Waard")
    assert len(issues) == 2  # reconciliation against the incomplete coalities is skipped


def test_issues_from_all_files_are_collected_at_once(valid_dir: Path) -> None:
    set_cell("inwoners_2020.csv", 2, "inwoners", "-1")(valid_dir)
    set_cell("inwoners_2020.csv", 10, "inwoners", "tien")(valid_dir)
    write_bytes("verhalen.csv", b"")(valid_dir)
    set_cell("nnz_deelname.csv", 3, "programma_id", "NNZ77")(valid_dir)
    issues = validate_dir(valid_dir)
    assert sorted((i.file, i.row) for i in issues) == [
        ("inwoners_2020.csv", 2),
        ("inwoners_2020.csv", 10),
        ("nnz_deelname.csv", 3),
        ("verhalen.csv", None),
    ]


def test_file_over_size_limit_is_not_read(valid_dir: Path) -> None:
    with open(valid_dir / "mijlpalen.csv", "r+b") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no 51 MB actually written
    issue = find(validate_dir(valid_dir), "mijlpalen.csv", None, None, None, "te groot (51.0 MB, grens 50 MB)")
    assert issue.row is None


@pytest.mark.parametrize(
    "change",
    [
        lambda data: b"\xef\xbb\xbf" + data,  # UTF-8 with BOM, as Excel writes "CSV UTF-8"
        lambda data: data.replace(b"\n", b"\r\n"),  # Windows line endings
        lambda data: data + b"\n\n",  # trailing blank lines
    ],
    ids=["bom", "crlf", "blank-lines"],
)
def test_common_spreadsheet_exports_are_accepted(valid_dir: Path, change) -> None:
    for file in ("verhalen.csv", "coalities.csv"):
        path = valid_dir / file
        path.write_bytes(change(path.read_bytes()))
    assert validate_dir(valid_dir) == []


# --- reconciliation tolerances -------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwalificatie, computed, ok",
    [
        ("exact", 100, True),
        ("exact", 101, False),
        ("exact", 99, False),
        ("circa", 95, True),
        ("circa", 105, True),
        ("circa", 94, False),
        ("circa", 106, False),
        ("ruim", 100, True),
        ("ruim", 125, True),
        ("ruim", 99, False),
        ("ruim", 126, False),
        ("bijna", 90, True),
        ("bijna", 100, True),
        ("bijna", 89, False),
        ("bijna", 101, False),
        ("meer_dan", 101, True),
        ("meer_dan", 100, False),
    ],
)
def test_tolerance_per_kwalificatie(kwalificatie: str, computed: int, ok: bool) -> None:
    assert reconciliation.within_tolerance(kwalificatie, 100, computed) is ok


def test_every_kwalificatie_has_a_tolerance() -> None:
    assert set(reconciliation.TOLERANCES) == set(KWALIFICATIES)


# --- CBS 03759ned as drop-in for inwoners_2020.csv -------------------------------------------------


def _cbs_frame() -> pd.DataFrame:
    rows = [  # Geslacht, Leeftijd, BurgerlijkeStaat, RegioS, Perioden, BevolkingOp1Januari_1
        ("T001038", "10000", "T001019", "GM0003  ", "2020JJ00", "11801"),
        ("T001038", "10000", "T001019", "GM0003  ", "2019JJ00", "11721"),  # other year
        ("3000   ", "10000", "T001019", "GM0003  ", "2020JJ00", "5839"),  # men only
        ("T001038", "70100", "T001019", "GM0003  ", "2020JJ00", "612"),  # one age group
        ("T001038", "10000", "1010   ", "GM0003  ", "2020JJ00", "4990"),  # unmarried only
        ("T001038", "10000", "T001019", "NL01    ", "2020JJ00", "17407585"),  # the country
        ("T001038", "10000", "T001019", "PV20    ", "2020JJ00", "585866"),  # a province
        ("T001038", "10000", "T001019", "GM0014  ", "2020JJ00", "  232874"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["Geslacht", "Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden", "BevolkingOp1Januari_1"],
        index=range(2, 2 + len(rows)),
        dtype="str",
    )
    frame.insert(0, "ID", [str(i) for i in range(len(rows))])
    return frame


def test_cbs_conversion_keeps_2020_municipal_totals_only() -> None:
    converted = cbs_03759ned_to_inwoners(_cbs_frame())
    assert list(converted.index) == [2, 9]  # original spreadsheet rows, for issue reporting
    assert converted.to_dict("records") == [
        {
            "code": "GM0003",
            "inwoners": "11801",
            "peildatum": "1 januari 2020",
            "basis": "bron",
            "bron": "CBS StatLine 03759ned, Bevolking op 1 januari",
            "bron_url": "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/03759ned",
            "bron_datum": "2020-01-01",
        },
        {
            "code": "GM0014",
            "inwoners": "232874",
            "peildatum": "1 januari 2020",
            "basis": "bron",
            "bron": "CBS StatLine 03759ned, Bevolking op 1 januari",
            "bron_url": "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/03759ned",
            "bron_datum": "2020-01-01",
        },
    ]


def test_cbs_conversion_without_breakdown_columns() -> None:
    frame = _cbs_frame().drop(columns=["Geslacht", "Leeftijd", "BurgerlijkeStaat"])
    converted = cbs_03759ned_to_inwoners(frame)
    # without breakdown columns every 2020 GM row counts as a total
    assert list(converted["inwoners"]) == ["11801", "5839", "612", "4990", "232874"]


def test_cbs_shape_is_detected_by_columns() -> None:
    assert is_cbs_03759ned(["ID", "RegioS", "Perioden", "BevolkingOp1Januari_1"])
    assert not is_cbs_03759ned(["code", "inwoners", "peildatum"])
    assert not is_cbs_03759ned(["RegioS", "Perioden"])


def _write_cbs_inwoners(data_dir: Path, delimiter: str, bad: dict[str, str] | None = None) -> dict[str, int]:
    _, project_rows = read_csv(data_dir / "inwoners_2020.csv")
    expected = {r["code"]: int(r["inwoners"]) + 7 for r in project_rows}
    lines = [
        delimiter.join(
            [
                '"ID"',
                '"Geslacht"',
                '"Leeftijd"',
                '"BurgerlijkeStaat"',
                '"RegioS"',
                '"Perioden"',
                '"BevolkingOp1Januari_1"',
            ]
        )
    ]
    for i, (code, count) in enumerate(expected.items()):
        value = (bad or {}).get(code, str(count))
        lines.append(
            delimiter.join([str(2 * i), '"T001038"', '"10000"', '"T001019"', f'"{code}  "', '"2020JJ00"', value])
        )
        lines.append(
            delimiter.join([str(2 * i + 1), '"T001038"', '"10000"', '"T001019"', f'"{code}  "', '"2019JJ00"', "1"])
        )
    lines.append(delimiter.join(["9999", '"T001038"', '"10000"', '"T001019"', '"NL01  "', '"2020JJ00"', "17407585"]))
    (data_dir / "inwoners_2020.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return expected


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_cbs_export_replaces_inwoners(valid_dir: Path, delimiter: str) -> None:
    expected = _write_cbs_inwoners(valid_dir, delimiter)
    tables = load_tables(valid_dir)
    assert dict(zip(tables.inwoners["code"], tables.inwoners["inwoners"])) == expected
    assert set(tables.inwoners["peildatum"]) == {"1 januari 2020"}
    assert tables.inwoners["inwoners"].dtype == "int64"
    assert list(tables.inwoners.columns) == ["code", "inwoners", "peildatum", "basis", "bron", "bron_url", "bron_datum"]


def test_cbs_export_issue_names_the_cbs_column_and_row(valid_dir: Path) -> None:
    _write_cbs_inwoners(valid_dir, ",", bad={"GM0014": "."})  # GM0014 is the 2nd municipality: file row 4
    [issue] = validate_dir(valid_dir)
    assert (issue.file, issue.row, issue.column, issue.value) == ("inwoners_2020.csv", 4, "BevolkingOp1Januari_1", ".")


# --- DataIssue / DataValidationError formatting ------------------------------------------------------


def test_issue_str_forms() -> None:
    assert str(
        DataIssue(
            "coalities.csv",
            14,
            "tranche",
            "tranche9",
            "niet toegestaan (toegestaan: gids_2019, tranche3_2020, impuls_2022)",
        )
    ) == (
        "coalities.csv, rij 14, kolom tranche: waarde 'tranche9' — niet toegestaan "
        "(toegestaan: gids_2019, tranche3_2020, impuls_2022)"
    )
    assert str(DataIssue("verhalen.csv", None, None, None, "bestand ontbreekt")) == "verhalen.csv: bestand ontbreekt"
    assert str(DataIssue("gemeenten_2020.csv", None, "naam", None, "verplichte kolom ontbreekt")) == (
        "gemeenten_2020.csv, kolom naam: verplichte kolom ontbreekt"
    )


def test_issue_value_is_truncated_and_kept_on_one_line() -> None:
    value = "<b>" + "x" * 200 + "\nDROP TABLE"
    line = str(DataIssue("verhalen.csv", 2, "titel", value, "te lang"))
    assert "\n" not in line
    assert "'<b>" + "x" * 77 + "…'" in line
    assert "DROP TABLE" not in line
    assert str(DataIssue("a.csv", 2, "b", "een\nt\twee", "m")) == "a.csv, rij 2, kolom b: waarde 'een\\nt\\twee' — m"


def test_report_is_sorted_by_file_then_row() -> None:
    issues = [
        DataIssue("mijlpalen.csv", 3, "waarde", "4", "c"),
        DataIssue("coalities.csv", 10, "code", "GM9999", "b"),
        DataIssue("coalities.csv", 2, "code", "GM9998", "a"),
        DataIssue("coalities.csv", None, "opmerking", None, "z"),
    ]
    error = DataValidationError(issues)
    assert error.issues == issues
    assert [line.split(":")[0] for line in error.report().splitlines()] == [
        "coalities.csv, kolom opmerking",
        "coalities.csv, rij 2, kolom code",
        "coalities.csv, rij 10, kolom code",
        "mijlpalen.csv, rij 3, kolom waarde",
    ]
    assert str(error).startswith("4 problemen in de data:\n")


# --- CLI -----------------------------------------------------------------------------------------------


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "kansrijke.data.validate", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_cli_reports_every_issue_and_exits_1(valid_dir: Path) -> None:
    set_cell("coalities.csv", 3, "code", "GM1979")(valid_dir)
    set_cell("mijlpalen.csv", 2, "waarde", "4")(valid_dir)
    write_bytes("verhalen.csv", b"PK\x03\x04rest")(valid_dir)
    issues = validate_dir(valid_dir)
    assert len(issues) >= 3
    result = _run_cli(str(valid_dir))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:-1] == [str(i) for i in sorted(issues, key=DataIssue.sort_key)]
    assert lines[-1] == f"{len(issues)} problemen gevonden in {valid_dir}"
    assert "Traceback" not in result.stderr


def test_cli_ok_for_a_valid_dir(valid_dir: Path) -> None:
    result = _run_cli(str(valid_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == (
        f"OK: {valid_dir} voldoet aan het contract (rijen: gemeenten 355, inwoners 355, coalities 6, "
        "financiering 6, nnz_programmas 2, nnz_deelname 4, mijlpalen 12, verhalen 1, gebeurtenissen 0, context 0)"
    )


def test_cli_missing_directory(tmp_path: Path) -> None:
    result = _run_cli(str(tmp_path / "bestaat-niet"))
    assert result.returncode == 1
    assert "map met databestanden bestaat niet" in result.stdout
