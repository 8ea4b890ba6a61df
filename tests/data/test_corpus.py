"""The broken-file corpus: end-to-end proof that a broken data folder gives a precise error and never hurts the
running app.

Each `Case` says how to break a valid data folder (one realistic mistake: a spreadsheet export gone wrong, a
column lost, a wrong code ...) and which error that must give: file, spreadsheet row, column and a fragment of
the message. For every case:
- `python -m kansrijke.data.validate DIR` (run as a module, all cases in one Python process) exits 1 and prints a line
  with exactly that file, row and column and the fragment;
- a TableStore that served good data keeps serving the very same tables, marks them stale and reports the issue;
- for a sample of cases, the whole app (AppTest) keeps showing the same figures under a warning.

tests/data/test_validation.py checks the loader rule by rule; this file checks the chain CLI -> store -> app.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kansrijke.data.store import TableStore
from tests.data.conftest import write_context, write_valid_data

ROOT = Path(__file__).resolve().parents[2]


# --- how to break a folder (each works on any valid data folder) ----------------------------------------------


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _text(header: list[str], rows: list[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def rows_edit(file: str, change: Callable[[list[str], list[dict[str, str]]], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        header, rows = _read(folder / file)
        change(header, rows)
        (folder / file).write_text(_text(header, rows), encoding="utf-8")

    return edit


def set_cell(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Spreadsheet row numbers: the header is row 1, the first data row row 2."""

    def change(header, rows):
        rows[row - 2][column] = value

    return rows_edit(file, change)


def drop_column(file: str, column: str):
    def change(header, rows):
        header.remove(column)
        for r in rows:
            r.pop(column)

    return rows_edit(file, change)


def add_column(file: str, column: str, value: str):
    def change(header, rows):
        header.append(column)
        for r in rows:
            r[column] = value

    return rows_edit(file, change)


def rename_column(file: str, old: str, new: str):
    def change(header, rows):
        header[header.index(old)] = new
        for r in rows:
            r[new] = r.pop(old)

    return rows_edit(file, change)


def repeat_row(file: str, row: int):
    return rows_edit(file, lambda header, rows: rows.append(dict(rows[row - 2])))


def drop_rows(file: str, column: str, value: str):
    def change(header, rows):
        rows[:] = [r for r in rows if r[column] != value]

    return rows_edit(file, change)


def raw_bytes(file: str, make: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / file
        path.write_bytes(make(path.read_bytes() if path.exists() else b""))

    return edit


def with_context(edit: Callable[[Path], None]) -> Callable[[Path], None]:
    """The optional context table added (valid, reconciling with the national totals), then `edit` applied."""

    def both(folder: Path) -> None:
        write_context(folder)
        edit(folder)

    return both


def latin1_with_accent(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Saved by a spreadsheet as 'CSV (Windows)': a name with an accent, the whole file in Latin-1."""

    def edit(folder: Path) -> None:
        set_cell(file, row, column, value)(folder)
        path = folder / file
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))

    return edit


def excel_workbook(file: str) -> Callable[[Path], None]:
    """A real .xlsx workbook of the table, saved under the .csv name."""

    def edit(folder: Path) -> None:
        from openpyxl import Workbook

        header, rows = _read(folder / file)
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for r in rows:
            sheet.append([r[c] for c in header])
        book.save(folder / file)

    return edit


def dutch_excel_export(file: str) -> Callable[[Path], None]:
    """Dutch Excel's 'CSV (puntkomma)': byte order mark and semicolons."""

    def edit(folder: Path) -> None:
        header, rows = _read(folder / file)
        (folder / file).write_text("\ufeff" + _text(header, rows, delimiter=";"), encoding="utf-8")

    return edit


def grow_to(file: str, size: int) -> Callable[[Path], None]:
    """A file past the size limit (sparse: costs no disk; the loader checks the size before reading)."""

    def edit(folder: Path) -> None:
        with open(folder / file, "r+b") as handle:
            handle.truncate(size)

    return edit


def remove(file: str) -> Callable[[Path], None]:
    return lambda folder: (folder / file).unlink()


def cut_last_line(file: str) -> Callable[[Path], None]:
    """A copy that stopped half-way through the last line."""

    def make(data: bytes) -> bytes:
        last = data.rstrip(b"\n").rsplit(b"\n", 1)
        return last[0] + b"\n" + last[1].split(b",")[0] + b"," + b"\n"

    return raw_bytes(file, make)


def unquoted_comma(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """A value with a comma written without quotes (hand-edited in a text editor)."""

    def edit(folder: Path) -> None:
        path = folder / file
        _header, rows = _read(path)
        lines = path.read_text(encoding="utf-8").split("\n")
        original = rows[row - 2][column]
        lines[row - 1] = lines[row - 1].replace(original, value, 1)
        path.write_text("\n".join(lines), encoding="utf-8")

    return edit


# --- the corpus -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    breaks: Callable[[Path], None]
    file: str
    row: int | None
    column: str | None
    fragment: str

    def prefix(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom {self.column}")
        return ", ".join(where) + ": "


G, I, C, F = "gemeenten_2020.csv", "inwoners_2020.csv", "coalities.csv", "financiering.csv"
P, D, M, V = "nnz_programmas.csv", "nnz_deelname.csv", "mijlpalen.csv", "verhalen.csv"
E = "gebeurtenissen.csv"  # optional: absent from the valid test folder
K = "context_2020.csv"  # optional: absent from the valid test folder, written by with_context
EVENTS = (
    b"datum,datum_label,gebeurtenis,gemeenten,bedrag_eur,basis,bron,bron_url,bron_datum,toelichting\n"
    b"2022-05,meicirculaire 2022,meicirculaire_2022,deelnemers,,bron,Nieuwsbericht,,2022,\n"
)

CORPUS = [
    Case("missing column", drop_column(I, "inwoners"), I, None, "inwoners", "verplichte kolom ontbreekt"),
    Case("extra column", add_column(F, "opmerking", "nagekeken"), F, None, "opmerking", "onbekende kolom"),
    Case("renamed header", rename_column(G, "code", "gemeentecode"), G, None, "code", "verplichte kolom ontbreekt"),
    Case("text where a number belongs", set_cell(I, 4, "inwoners", "onbekend"), I, 4, "inwoners", "geen geheel getal"),
    Case("euro sign in an amount", set_cell(F, 3, "bedrag_eur", "€ 35000"), F, 3, "bedrag_eur", "geen geheel getal"),
    Case("decimal comma in a year", set_cell(F, 2, "jaar", "2019,0"), F, 2, "jaar", "geen jaartal"),
    Case("negative amount", set_cell(F, 2, "bedrag_eur", "-20000"), F, 2, "bedrag_eur", "mag niet negatief zijn"),
    Case("negative inhabitants", set_cell(I, 2, "inwoners", "-5"), I, 2, "inwoners", "groter dan 0"),
    Case("dutch date", set_cell(C, 2, "datum_deelname", "01-05-2019"), C, 2, "datum_deelname", "JJJJ-MM-DD"),
    Case("duplicate municipality", repeat_row(C, 3), C, 8, "code", "komt al voor in rij 3"),
    # a repeated key in every kind of table: composite keys, header-only-allowed and optional files included
    Case("duplicate inhabitants row", repeat_row(I, 2), I, 357, "code", "komt al voor in rij 2; één inwonertal"),
    Case("duplicate funding row", repeat_row(F, 4), F, 8, "code+regeling", "komt al voor in rij 4"),
    Case("duplicate programme", repeat_row(P, 3), P, 4, "programma_id", "komt al voor in rij 3"),
    Case("duplicate programme membership", repeat_row(D, 2), D, 6, "programma_id+code", "komt al voor in rij 2"),
    Case("duplicate milestone", repeat_row(M, 3), M, 14, "indicator+datum+bron", "komt al voor in rij 3"),
    Case("duplicate story", repeat_row(V, 2), V, 3, "code+titel", "komt al voor in rij 2"),
    Case(
        "duplicate event in the optional file",
        raw_bytes(E, lambda _: EVENTS + EVENTS.split(b"\n", 1)[1]),
        E,
        3,
        "gebeurtenis",
        "komt al voor in rij 2",
    ),
    Case("unknown code", set_cell(D, 2, "code", "GM9998"), D, 2, "code", "onbekende gemeentecode"),
    Case("code of a later boundary year", set_cell(C, 2, "code", "GM1979"), C, 2, "code", "geen gemeentecode van 2020"),
    Case("HTML around a code", set_cell(V, 2, "code", "<b>GM0363</b>"), V, 2, "code", "geen gemeentecode"),
    Case(
        "link to a missing programme",
        set_cell(D, 3, "programma_id", "NNZ42"),
        D,
        3,
        "programma_id",
        "programma staat niet in nnz_programmas.csv",
    ),
    Case(
        "municipality missing from inhabitants", drop_rows(I, "code", "GM0599"), I, None, "code", "gemeente ontbreekt"
    ),
    Case("totals no longer reconcile", set_cell(F, 2, "bedrag_eur", "21000"), M, 7, "waarde", "berekend x = 176000"),
    Case("basis spelled with a capital", set_cell(C, 2, "basis", "Bron"), C, 2, "basis", "toegestaan: bron, model"),
    Case(
        "formula in a source url",
        set_cell(V, 2, "bron_url", '=HYPERLINK("http://evil.example")'),
        V,
        2,
        "bron_url",
        "geen geldige URL",
    ),
    Case("empty file", raw_bytes(G, lambda _: b""), G, None, None, "leeg (0 bytes)"),
    Case("only blank lines", raw_bytes(C, lambda _: b"\n\n  \n"), C, None, None, "alleen witruimte"),
    Case("header only", raw_bytes(F, lambda data: data.split(b"\n")[0] + b"\n"), F, None, None, "alleen een kopregel"),
    Case("missing file", remove(P), P, None, None, "bestand ontbreekt"),
    Case(
        "latin-1 export",
        latin1_with_accent(G, 3, "naam", "Súdwest-Fryslân"),
        G,
        3,
        None,
        "geen geldige UTF-8 (lijkt Windows-1252/Latin-1)",
    ),
    Case("utf-16 export", raw_bytes(V, lambda data: data.decode("utf-8").encode("utf-16")), V, None, None, "NUL-bytes"),
    Case("excel workbook renamed to .csv", excel_workbook(C), C, None, None, "ZIP-bestand"),
    Case(
        "old excel file renamed to .csv",
        raw_bytes(M, lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        M,
        None,
        None,
        "oud Excel-bestand (.xls)",
    ),
    Case("50 MB file", grow_to(F, 51 * 1024 * 1024), F, None, None, "bestand is te groot (51.0 MB, grens 50 MB)"),
    Case("byte order mark and semicolons", dutch_excel_export(C), C, 1, None, "puntkomma"),
    Case(
        "unquoted comma in a name",
        unquoted_comma(G, 5, "naam", "Gemeente, met komma"),
        G,
        5,
        None,
        "11 velden, de kopregel heeft er 10",
    ),
    Case("last line cut off", cut_last_line(V), V, 2, None, "de kopregel heeft er 8"),
    # the CBS key figures (context_2020.csv)
    Case(
        "context share above 100",
        with_context(set_cell(K, 3, "aandeel_met_kinderen", "104")),
        K,
        3,
        "aandeel_met_kinderen",
        "waarde '104' — een percentage ligt tussen 0 en 100",
    ),
    Case(
        "context negative count",
        with_context(set_cell(K, 4, "levendgeborenen", "-12")),
        K,
        4,
        "levendgeborenen",
        "waarde '-12' — mag niet negatief zijn",
    ),
    Case(
        "context inhabitants do not add up to the national total",
        with_context(set_cell(K, 2, "inwoners", "60000")),
        K,
        None,
        "inwoners",
        "waarde '17418549' — som over alle gemeenten is 17418549, gepubliceerd 17407585",
    ),
    Case(
        "context repeated code",
        with_context(repeat_row(K, 2)),
        K,
        357,
        "code",
        "waarde 'GM0003' — komt al voor in rij 2; één rij kerncijfers per gemeente",
    ),
    Case(
        "context code of a later boundary year",
        with_context(set_cell(K, 5, "code", "GM1980")),
        K,
        5,
        "code",
        "waarde 'GM1980' — geen gemeentecode van 2020: GM1980 (Dijk en Waard)",
    ),
    Case(
        "column named twice",
        raw_bytes(V, lambda data: data.replace(b"thema,", b"titel,", 1)),
        V,
        1,
        "titel",
        "kolomnaam komt twee keer voor",
    ),
]
IDS = [case.id for case in CORPUS]


def test_corpus_is_large_and_names_are_unique():
    assert len(CORPUS) >= 25
    assert len(set(IDS)) == len(IDS)


# --- 1. the command line ----------------------------------------------------------------------------------------

RUN_AS_MODULE = """
import runpy, sys
for folder in sys.argv[1:]:
    print("@@@ folder " + folder, flush=True)
    sys.argv = ["kansrijke.data.validate", folder]
    try:
        runpy.run_module("kansrijke.data.validate", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as stop:
        code = stop.code
    print(f"@@@ exit {code}", flush=True)
"""


@pytest.fixture(scope="module")
def cli_output(tmp_path_factory) -> dict[str, tuple[int | str, str]]:
    """Case id -> (exit code, printed report) of `python -m kansrijke.data.validate <broken folder>`."""
    base = tmp_path_factory.mktemp("corpus")
    folders = {}
    for i, case in enumerate(CORPUS):
        folder = write_valid_data(base / f"case{i:02d}")
        case.breaks(folder)
        folders[str(folder)] = case.id
    done = subprocess.run(
        [sys.executable, "-c", RUN_AS_MODULE, *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    results: dict[str, tuple[int | str, str]] = {}
    current = ""
    lines: list[str] = []
    for line in done.stdout.splitlines():
        if line.startswith("@@@ folder "):
            current, lines = folders[line.removeprefix("@@@ folder ")], []
        elif line.startswith("@@@ exit "):
            code = line.removeprefix("@@@ exit ")
            results[current] = (int(code) if code.lstrip("-").isdigit() else code, "\n".join(lines))
        else:
            lines.append(line)
    return results


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_validate_cli_exits_1_with_the_precise_error(cli_output, case):
    code, report = cli_output[case.id]
    assert code == 1, report
    hits = [line for line in report.splitlines() if line.startswith(case.prefix()) and case.fragment in line]
    assert hits, f"expected a line starting {case.prefix()!r} containing {case.fragment!r}; got:\n{report}"
    assert "Traceback" not in report


# --- 2. the store the app uses: the last good data stays --------------------------------------------------------


@pytest.fixture(scope="module")
def store_folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("store")
    pristine = write_valid_data(base / "pristine")
    live = base / "live"
    shutil.copytree(pristine, live)
    store = TableStore(live)
    good = store.snapshot()
    assert good.tables is not None and good.issues == []
    return store, good.tables, pristine, live


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_store_keeps_serving_the_last_good_data(store_folders, case):
    store, good_tables, pristine, live = store_folders
    shutil.rmtree(live)
    shutil.copytree(pristine, live)
    case.breaks(live)
    snapshot = store.snapshot()
    assert snapshot.tables is good_tables, "the store must keep the tables that validated"
    assert snapshot.stale
    lines = [str(issue) for issue in snapshot.issues]
    assert any(line.startswith(case.prefix()) and case.fragment in line for line in lines), lines


# --- 3. the whole app: same figures, a warning, the report -----------------------------------------------------

# (the reconcile case is left out here: on the shipped data a 1,000 euro change stays within a 'circa' figure)
APP_SAMPLE = [
    "missing column",
    "code of a later boundary year",
    "duplicate municipality",
    "latin-1 export",
    "excel workbook renamed to .csv",
    "50 MB file",
    "byte order mark and semicolons",
    "empty file",
]


@pytest.fixture(scope="module")
def running_app(tmp_path_factory):
    from streamlit.testing.v1 import AppTest

    from kansrijke.data.paths import DATA_DIR, DATA_DIR_ENV

    base = tmp_path_factory.mktemp("app")
    live = base / "data"
    shutil.copytree(DATA_DIR, live)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(live))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
        assert not at.exception and not at.warning
        figures = {m.label: m.value for m in at.metric}
        yield at, figures, live


@pytest.mark.parametrize("case_id", APP_SAMPLE)
def test_app_keeps_its_figures_and_warns(running_app, case_id):
    from kansrijke.data.paths import DATA_DIR

    at, figures, live = running_app
    case = next(c for c in CORPUS if c.id == case_id)
    shutil.rmtree(live)
    shutil.copytree(DATA_DIR, live)
    case.breaks(live)
    at.run()
    assert not at.exception
    assert at.warning, "a warning says the files are broken and the last good data is shown"
    assert {m.label: m.value for m in at.metric} == figures
    report = "\n".join(block.value for block in at.code)
    assert case.file in report
    assert at.get("vega_lite_chart"), "the map is still there"
