"""Every table declares its key (kansrijke.data.schemas.keys.KEYS); a repeated key is one issue naming the file, both
spreadsheet rows (header = row 1) and the key values -- in every table, optional and header-only ones included."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kansrijke.data.issues import DataIssue, format_report
from kansrijke.data.schemas import contract, files, keys
from kansrijke.data.tables import validate_dir
from tests.data.conftest import write_context, write_valid_data

EVENTS_HEADER = [
    "datum",
    "datum_label",
    "gebeurtenis",
    "gemeenten",
    "bedrag_eur",
    "basis",
    "bron",
    "bron_url",
    "bron_datum",
    "toelichting",
]
EVENTS = [
    ["2022-05", "meicirculaire 2022", "meicirculaire_2022", "deelnemers", "", "bron", "Nieuwsbericht", "", "2022", ""],
    [
        "2022-09",
        "septembercirculaire 2022",
        "septembercirculaire_2022",
        "nog_niet_deelnemers",
        "",
        "bron",
        "Nieuwsbericht",
        "",
        "2022",
        "",
    ],
]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The valid test folder plus the optional gebeurtenissen.csv and context_2020.csv (absent from the base folder)."""
    folder = write_context(write_valid_data(tmp_path / "data"))
    _write(folder / "gebeurtenissen.csv", EVENTS_HEADER, [dict(zip(EVENTS_HEADER, row)) for row in EVENTS])
    assert validate_dir(folder) == []
    return folder


def _duplicates(issues: list[DataIssue]) -> list[DataIssue]:
    return [i for i in issues if "komt al voor in rij" in i.message]


def test_every_table_declares_a_key_of_required_contract_columns():
    assert set(keys.KEYS) == set(files.TABLE_NAMES)
    for name in files.TABLE_NAMES:
        key = contract.key_columns(name)
        assert key and set(key) <= set(contract.SCHEMAS[name].columns), name
        assert all(contract.SCHEMAS[name].columns[c].required for c in key), name
        assert contract.SCHEMAS[name].unique == list(key), name


def test_a_key_column_that_a_file_may_leave_out_is_refused():
    columns = dict(contract.SCHEMAS["verhalen"].columns)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(keys.KEYS, "verhalen", ("code", "titel_en"))
        with pytest.raises(ValueError, match=r"verhalen.csv: key columns \['titel_en'\]"):
            contract.table_schema("verhalen", columns)


@pytest.mark.parametrize("name", files.TABLE_NAMES)
def test_a_repeated_row_gives_one_precise_issue_in_every_table(data_dir: Path, name: str):
    file = files.FILES[name]
    header, rows = _read(data_dir / file)
    rows.append(dict(rows[0]))  # the first data row (spreadsheet row 2) once more, at the end
    _write(data_dir / file, header, rows)
    repeated_row = len(rows) + 1
    key = contract.key_columns(name)
    issues = validate_dir(data_dir)
    duplicates = _duplicates(issues)
    assert len(duplicates) == 1, format_report(issues)
    [issue] = duplicates
    assert (issue.file, issue.row, issue.column) == (file, repeated_row, "+".join(key))
    assert issue.value == " / ".join(rows[0][c] for c in key)
    assert issue.message.startswith("komt al voor in rij 2; ")
    assert str(issue).startswith(f"{file}, rij {repeated_row}, kolom {'+'.join(key)}: waarde ")


@pytest.mark.parametrize(
    "name, change, duplicate",
    [
        ("financiering", {"bedrag_eur": "1", "jaar": "2020"}, True),  # same code + regeling: still the same row
        ("financiering", {"regeling": "aanvulling_gids_2021"}, False),  # another scheme: another row
        ("mijlpalen", {"waarde": "4", "toelichting": "x"}, True),  # same indicator, date and source
        ("mijlpalen", {"bron": "Een tweede bron"}, False),  # a second source for the same figure stays
        ("verhalen", {"samenvatting": "Andere woorden."}, True),
        ("verhalen", {"code": "GM0599"}, False),  # one story pinned on two municipalities
        ("gebeurtenissen", {"datum": "2022-06", "toelichting": "x"}, True),
        ("nnz_programmas", {"naam": "Andere naam"}, True),
    ],
)
def test_only_the_key_decides_what_a_duplicate_is(data_dir: Path, name: str, change: dict, duplicate: bool):
    file = files.FILES[name]
    header, rows = _read(data_dir / file)
    rows.append({**rows[0], **change})
    _write(data_dir / file, header, rows)
    found = [i for i in _duplicates(validate_dir(data_dir)) if i.file == file]
    assert bool(found) == duplicate, found


def test_every_repeat_names_the_first_row_and_blank_lines_count_as_rows(data_dir: Path):
    path = data_dir / "financiering.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1]
    # header = row 1, data rows 2-7, a blank row 8, repeats at rows 9 and 10
    path.write_text("\n".join([*lines, "", first, first]) + "\n", encoding="utf-8")
    found = [(i.row, i.message.split(";")[0]) for i in _duplicates(validate_dir(data_dir))]
    assert found == [(9, "komt al voor in rij 2"), (10, "komt al voor in rij 2")]


def test_a_municipality_in_two_programmes_is_reported_once_per_rule(data_dir: Path):
    header, rows = _read(data_dir / "nnz_deelname.csv")
    rows.append(dict(rows[0]))  # row 6: same programme and municipality as row 2 (the key)
    rows.append({**rows[1], "programma_id": "NNZ02"})  # row 7: GM2001 again, now in the other programme
    _write(data_dir / "nnz_deelname.csv", header, rows)
    found = sorted((i.row, i.column, i.value, i.message) for i in _duplicates(validate_dir(data_dir)))
    assert found == [
        (
            6,
            "programma_id+code",
            "NNZ01 / GM0363",
            "komt al voor in rij 2; de sleutel programma_id + code moet uniek zijn",
        ),
        (7, "code", "GM2001", "komt al voor in rij 3; een gemeente hoort bij hoogstens één NNZ-programma"),
    ]


def test_a_missing_key_column_gives_no_false_duplicates(data_dir: Path):
    header, rows = _read(data_dir / "financiering.csv")
    header.remove("regeling")
    for row in rows:
        del row["regeling"]
    _write(data_dir / "financiering.csv", header, rows)  # GM0363 has two rows, told apart only by regeling
    issues = [i for i in validate_dir(data_dir) if i.file == "financiering.csv"]
    assert [(i.column, i.message) for i in issues] == [("regeling", "verplichte kolom ontbreekt")]


def test_header_only_table_with_a_key_is_valid(data_dir: Path):
    header, _ = _read(data_dir / "verhalen.csv")
    _write(data_dir / "verhalen.csv", header, [])
    assert validate_dir(data_dir) == []


def test_a_table_without_key_columns_takes_the_whole_row_as_its_key(data_dir: Path):
    columns = dict(contract.SCHEMAS["verhalen"].columns)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(keys.KEYS, "verhalen", keys.WHOLE_ROW)
        patch.setitem(contract.SCHEMAS, "verhalen", contract.table_schema("verhalen", columns))
        assert contract.key_columns("verhalen") == tuple(columns)
        header, rows = _read(data_dir / "verhalen.csv")
        _write(data_dir / "verhalen.csv", header, [rows[0], {**rows[0], "titel": "Tweede titel"}, rows[0]])
        [issue] = _duplicates(validate_dir(data_dir))
    assert (issue.file, issue.row, issue.column) == ("verhalen.csv", 4, None)
    assert (issue.value or "").startswith("GM0363 / Samen vanaf het begin / coalitie / ")
    assert issue.message.startswith("komt al voor in rij 2; deze tabel heeft geen sleutelkolommen")
