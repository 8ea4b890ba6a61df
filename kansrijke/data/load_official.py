"""Load an official per-municipality table of the programme office into the data, safely.

    python -m kansrijke.data.load_official KIND FILE [--data-dir DIR] [--dry-run]
           [--bron TEXT] [--bron-url URL] [--bron-datum JJJJ[-MM[-DD]]] [--datum JJJJ-MM-DD]
           [--name-column LABEL] [--code-column LABEL] [--amount-column LABEL] [--sheet NAME]

KIND says what the table holds (see KINDS): the amounts of one funding scheme per municipality
(`financiering-gids-2019`, `financiering-tranche3-2020`, `financiering-aanvulling-2021`) or the municipalities of
one tranche (`coalities-gids-2019`, `coalities-tranche3-2020`, `coalities-impuls-2022`). A municipality that gets
money from a scheme is, by that fact, in the scheme's tranche, so a funding table also states tranche membership.

FILE is a CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or an Excel workbook (.xlsx) in the shape of the
circulaire annexes: title rows above the header, a name column ("Gemeente") and/or a code column
("Gemeentecode", "Gemeentenummer"), an amount column ("Bedrag (x € 1)", "Uitkering 2019"; "x € 1.000" in the
header multiplies), amounts in Dutch ("1.234,56", "€ 1.234,-") or English ("1,234.56") notation, a totals row at
the bottom (ignored, but checked against the sum of the rows). Rows without an amount are not in the scheme.

Steps; nothing is written unless every step succeeds:
1. read and parse the file; match every name/code to a 2020 municipality (kansrijke.data.matching). Every unmatched,
   ambiguous, merged-after-2020 or repeated municipality and every unreadable amount is reported with file, row
   and column;
2. in a temporary copy of the data folder: write the rows as facts into bewijs/ (basis bron; source = --bron and the
   file name), re-run the model (kansrijke.data.model: official rows replace modelled ones, the rules fill only what is
   still unknown and keep the published totals) and validate the complete new data set (kansrijke.data.tables);
3. only then replace the changed files in the data folder, each with an atomic rename (model outputs first,
   bewijs/ last). With --dry-run step 3 is skipped.
Exit code 0 on success, 1 when the file or the resulting data set has problems (the report names them), 2 on
wrong arguments.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from kansrijke.data import model, schemas
from kansrijke.data.issues import DataIssue, DataValidationError, count_problems, format_report
from kansrijke.data.matching import Matcher
from kansrijke.data.paths import DATA_DIR, GEO_DIR
from kansrijke.data.names import normalise
from kansrijke.data.tables import load_tables

MAX_BYTES = 20 * 1024 * 1024         # as server.maxUploadSize in .streamlit/config.toml; checked again here
HEADER_SEARCH_ROWS = 60
ZIP_SIGNATURE = b"PK\x03\x04"
EVIDENCE_FUNDING = "bewijs/financiering_bewijs.csv"
EVIDENCE_COALITIONS = "bewijs/coalities_bewijs.csv"
FUNDING_EV_COLUMNS = ["code", "regeling", "jaar", "bedrag_eur", "bron", "bron_url", "bron_datum", "toelichting"]
COALITION_EV_COLUMNS = ["code", "feit", "datum", "bron", "bron_url", "bron_datum", "toelichting"]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str                 # default source description (Dutch), completed by the file name
    tranche: str               # the coalition tranche the rows state
    regeling: str | None = None  # funding scheme; None for a membership list
    jaar: int | None = None

    @property
    def has_amounts(self) -> bool:
        return self.regeling is not None


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("financiering-gids-2019", "Officiële tabel Kansrijke Start: impuls GIDS-gemeenten (tranche 1-2, 2019)",
         "gids_2019", "impuls_gids_2019", 2019),
    Kind("financiering-tranche3-2020", "Officiële tabel Kansrijke Start: impuls derde tranche (2020)",
         "tranche3_2020", "impuls_tranche3_2020", 2020),
    Kind("financiering-aanvulling-2021", "Officiële tabel Kansrijke Start: aanvulling GIDS-gemeenten (2021)",
         "gids_2019", "aanvulling_gids_2021", 2021),
    Kind("coalities-gids-2019", "Officiële lijst Kansrijke Start: GIDS-gemeenten, tranche 1-2 (2019)", "gids_2019"),
    Kind("coalities-tranche3-2020", "Officiële lijst Kansrijke Start: derde tranche (2020)", "tranche3_2020"),
    Kind("coalities-impuls-2022", "Officiële lijst Kansrijke Start: impuls overige gemeenten (2022)", "impuls_2022"),
)}

TRANCHE_FACT = {tranche: fact for fact, tranche in model.SOURCED_TRANCHE_FACTS.items()}

# --------------------------------------------------------------------------------------------------------------
# Amounts in Dutch or English notation
# --------------------------------------------------------------------------------------------------------------

EMPTY_AMOUNTS = {"", "-", "–", "—", "--", "n.v.t.", "nvt", "n.v.t"}
_CURRENCY = re.compile(r"(€|eur\b|euro\b)", re.IGNORECASE)


def _clean_amount_text(text: str) -> str:
    cleaned = _CURRENCY.sub("", str(text)).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = re.sub(r"[,.]-+$", "", cleaned)    # "1.234,-"
    return cleaned.strip()


def amount_style(text: str) -> str | None:
    """'nl' or 'en' when a value can be read in only one notation ('1.234,56', '1,234.5', '1.234.567');
    None when it reads the same in both, in neither, or is empty ('1234', '1.234' is ambiguous: None)."""
    readable = {style for style in ("nl", "en") if _readable(text, style)}
    return readable.pop() if len(readable) == 1 else None


def _readable(text: str, style: str) -> bool:
    try:
        return parse_amount(text, style) is not None
    except ValueError:
        return False


def detect_style(texts) -> tuple[str, bool]:
    """The notation of a column: ('nl' | 'en', consistent). Without any telling value: Dutch (the circulaires are
    Dutch, so '1.234' is one thousand two hundred and thirty-four)."""
    seen = {amount_style(t) for t in texts if isinstance(t, str)} - {None}
    if len(seen) > 1:
        return "nl", False
    return (seen.pop() if seen else "nl"), True


def parse_amount(value, style: str = "nl") -> Decimal | None:
    """Decimal euros, None for an empty cell ('', '-', 'n.v.t.'); ValueError (Dutch message) when unreadable."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        raise ValueError("geen bedrag")
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = _clean_amount_text(value)
    if text.casefold() in EMPTY_AMOUNTS:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.startswith("-"):
        negative, text = True, text[1:]
    thousands, decimal = (".", ",") if style == "nl" else (",", ".")
    pattern = rf"\d{{1,3}}(\{thousands}\d{{3}})*(\{decimal}\d+)?|\d+(\{decimal}\d+)?"
    if not re.fullmatch(pattern, text):
        raise ValueError(f"geen bedrag in {'Nederlandse' if style == 'nl' else 'Engelse'} notatie "
                         f"(verwacht bijvoorbeeld {'1.234,56' if style == 'nl' else '1,234.56'})")
    number = Decimal(text.replace(thousands, "").replace(decimal, "."))
    return -number if negative else number


def header_multiplier(header: str) -> int:
    """'Bedrag (x € 1.000)' -> 1000; 'x € 1 mln' -> 1_000_000; otherwise 1."""
    text = str(header).casefold().replace("\u00a0", " ")
    found = re.search(r"x\s*(?:€|eur)?\s*(1(?:[.,\s]?000)*)\s*(mln|miljoen|mio)?", text)
    if not found:
        return 1
    factor = int(re.sub(r"[.,\s]", "", found.group(1)))
    return factor * (1_000_000 if found.group(2) else 1)


# --------------------------------------------------------------------------------------------------------------
# Reading the file into a grid of cells (row numbers as a spreadsheet shows them)
# --------------------------------------------------------------------------------------------------------------

Grid = list[tuple[int, list]]


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def read_grid(path: Path, sheet: str | None = None) -> tuple[Grid | None, list[DataIssue]]:
    file = path.name
    if not path.is_file():
        return None, [DataIssue(file, None, None, None, "bestand bestaat niet")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [DataIssue(file, None, None, None,
                                f"bestand is te groot ({size / 2**20:.1f} MB, grens {MAX_BYTES // 2**20} MB)")]
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
            return None, [DataIssue(path.name, None, None, sheet,
                                    f"werkblad bestaat niet (werkbladen: {', '.join(book.sheetnames)})")]
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        grid = [(number, list(values)) for number, values in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return grid, []


def _read_ods(path: Path, sheet: str | None) -> tuple[Grid | None, list[DataIssue]]:
    try:
        frame = pd.read_excel(path, engine="odf", header=None, dtype=object, sheet_name=sheet or 0)
    except ImportError:
        return None, [DataIssue(path.name, None, None, None,
                                "ODS-bestanden kunnen hier niet worden gelezen (odfpy ontbreekt); "
                                "sla het werkblad op als .xlsx of CSV")]
    except Exception as error:
        return None, [DataIssue(path.name, None, None, None, f"ODS-bestand onleesbaar ({type(error).__name__})")]
    return [(i + 1, [None if pd.isna(v) else v for v in row]) for i, row in enumerate(frame.itertuples(index=False))], []


def _read_csv(path: Path) -> tuple[Grid | None, list[DataIssue]]:
    data = path.read_bytes()
    if b"\x00" in data:
        return None, [DataIssue(path.name, None, None, None, "bevat NUL-bytes: geen tekstbestand (UTF-16?); "
                                                              "sla het op als CSV UTF-8 of .xlsx")]
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


# --------------------------------------------------------------------------------------------------------------
# Finding the header and the columns
# --------------------------------------------------------------------------------------------------------------

_CODE_HEADER = re.compile(r"(gemeente|gem|cbs|gm)?\s*(code|nummer|nr|no)(\s*(gemeente|cbs))?")
_AMOUNT_WORDS = ("bedrag", "uitkering", "budget", "amount", "toekenning", "impuls", "totaal", "euro")
TOTAL_NAMES = {"totaal", "total", "totaal generaal", "generaal totaal", "eindtotaal", "nederland", "som",
               "totaal nederland", "alle gemeenten", "grand total"}
NOTE_PREFIXES = ("bron", "noot", "toelichting", "opmerking", "*", "note", "source")


def is_code_header(text: str) -> bool:
    return bool(_CODE_HEADER.fullmatch(normalise(text)))


def is_name_header(text: str) -> bool:
    norm = normalise(text)
    if not norm or is_code_header(text):
        return False
    words = norm.split()
    if any(w in ("code", "nummer", "nr", "cbs") for w in words):
        return False
    return norm.startswith("gemeente") or norm in ("naam", "municipality", "name", "gemeenten") or norm == "naam gemeente"


def is_amount_header(text: str) -> bool:
    raw = str(text)
    norm = normalise(raw)
    words = norm.split()
    telling = "€" in raw or "eur" in words or any(w.startswith(_AMOUNT_WORDS) for w in words)
    return bool(norm) and telling and not is_name_header(raw)


@dataclass
class Layout:
    header_row: int
    name_col: int | None
    code_col: int | None
    amount_col: int | None
    headers: list[str]

    def label(self, col: int | None) -> str | None:
        return None if col is None else (self.headers[col] or f"kolom {col + 1}")


def find_layout(grid: Grid, kind: Kind, file: str, name_column: str | None = None, code_column: str | None = None,
                amount_column: str | None = None) -> tuple[Layout | None, list[DataIssue]]:
    wanted = {k: v.strip().casefold() for k, v in
              (("name", name_column), ("code", code_column), ("amount", amount_column)) if v}
    for number, cells in grid[:HEADER_SEARCH_ROWS]:
        headers = [_cell_text(c) for c in cells]
        folded = [h.casefold() for h in headers]

        def given(role: str) -> int | None:
            return folded.index(wanted[role]) if role in wanted and wanted[role] in folded else None

        if wanted and not any(given(r) is not None for r in wanted):
            continue
        name_col = given("name") if "name" in wanted else next((i for i, h in enumerate(headers) if is_name_header(h)), None)
        code_col = given("code") if "code" in wanted else next((i for i, h in enumerate(headers) if is_code_header(h)), None)
        if name_col is None and code_col is None:
            continue
        if not kind.has_amounts:
            return Layout(number, name_col, code_col, None, headers), []
        if "amount" in wanted:
            amount_col = given("amount")
            if amount_col is None:
                return None, [DataIssue(file, number, amount_column, None,
                                        "kolom voor het bedrag niet gevonden in de kopregel "
                                        f"(kolommen: {', '.join(h for h in headers if h)})")]
            return Layout(number, name_col, code_col, amount_col, headers), []
        candidates = [i for i, h in enumerate(headers) if i not in (name_col, code_col) and is_amount_header(h)]
        if not candidates:
            continue
        if len(candidates) > 1:
            totals = [i for i in candidates if "totaal" in normalise(headers[i])]
            if len(totals) != 1:
                labels = ", ".join(f"'{headers[i]}'" for i in candidates)
                return None, [DataIssue(file, number, None, None,
                                        f"meer dan één kolom met bedragen ({labels}); kies er één met --amount-column")]
            candidates = totals
        return Layout(number, name_col, code_col, candidates[0], headers), []
    what = "een kolom met gemeentenamen of -codes" + (" en een kolom met bedragen" if kind.has_amounts else "")
    hint = " (gezocht naar de opgegeven kolomnamen)" if wanted else \
        "; geef de kolommen op met --name-column/--code-column en --amount-column"
    return None, [DataIssue(file, None, None, None,
                            f"geen kopregel gevonden met {what} in de eerste {HEADER_SEARCH_ROWS} rijen{hint}")]


# --------------------------------------------------------------------------------------------------------------
# Parsing the rows
# --------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficialRow:
    row: int
    code: str
    as_written: str            # the name (or code) as the file writes it
    amount: int | None         # whole euros (funding kinds)


@dataclass
class ParsedTable:
    file: str
    kind: Kind
    layout: Layout | None = None
    rows: list[OfficialRow] = field(default_factory=list)
    without_amount: list[int] = field(default_factory=list)
    totals_row: int | None = None
    notes_skipped: list[int] = field(default_factory=list)
    rounded: int = 0
    style: str = "nl"
    issues: list[DataIssue] = field(default_factory=list)


def _is_totals(text: str) -> bool:
    norm = normalise(text)
    return norm in TOTAL_NAMES or norm.startswith("totaal ") or norm.startswith("total ")


def parse_table(grid: Grid, kind: Kind, file: str, municipalities: pd.DataFrame, *, name_column: str | None = None,
                code_column: str | None = None, amount_column: str | None = None) -> ParsedTable:
    result = ParsedTable(file, kind)
    layout, issues = find_layout(grid, kind, file, name_column, code_column, amount_column)
    result.issues += issues
    if layout is None:
        return result
    result.layout = layout
    matcher = Matcher(municipalities)
    body = [(n, cells) for n, cells in grid if n > layout.header_row]

    def cell(cells: list, col: int | None):
        return cells[col] if col is not None and col < len(cells) else None

    amount_label = layout.label(layout.amount_col)
    factor = header_multiplier(amount_label) if amount_label else 1
    if kind.has_amounts:
        texts = [cell(c, layout.amount_col) for _, c in body]
        result.style, consistent = detect_style(texts)
        if not consistent:
            result.issues.append(DataIssue(file, None, amount_label, None,
                                           "bedragen staan door elkaar in Nederlandse (1.234,56) en Engelse "
                                           "(1,234.56) notatie; maak de kolom eenduidig"))
            return result

    first_row_of: dict[str, int] = {}
    for number, cells in body:
        name = _cell_text(cell(cells, layout.name_col))
        raw_code = cell(cells, layout.code_col)
        code = _cell_text(raw_code)
        raw_amount = cell(cells, layout.amount_col)
        if not name and not code and _cell_text(raw_amount) == "":
            continue
        if _is_totals(name) or (layout.name_col is None and _is_totals(code)):
            result.totals_row = number
            if kind.has_amounts and not result.issues:  # with rows left out the sum says nothing
                _check_totals(result, number, raw_amount, factor)
            break  # what follows a totals row are notes
        if name.casefold().startswith(NOTE_PREFIXES) and _cell_text(raw_amount) == "":
            result.notes_skipped.append(number)
            continue
        amount = None
        if kind.has_amounts:
            try:
                value = parse_amount(raw_amount, result.style)
            except ValueError as error:
                result.issues.append(DataIssue(file, number, amount_label, _cell_text(raw_amount), str(error)))
                continue
            if value is None or value == 0:
                result.without_amount.append(number)
                continue
            if value < 0:
                result.issues.append(DataIssue(file, number, amount_label, _cell_text(raw_amount),
                                               "bedrag is negatief"))
                continue
            euros = value * factor
            whole = euros.quantize(Decimal(1), rounding=ROUND_HALF_UP)
            result.rounded += int(whole != euros)
            amount = int(whole)
        if not name and not code:
            result.issues.append(DataIssue(file, number, layout.label(layout.name_col), None,
                                           "bedrag zonder gemeentenaam of -code"))
            continue
        match = matcher.match(name=name or None, code=raw_code if code else None)
        column = layout.label(layout.code_col if code else layout.name_col)
        if not match.ok:
            result.issues.append(DataIssue(file, number, column, code or name, match.problem))
            continue
        if match.code in first_row_of:
            result.issues.append(DataIssue(file, number, column, code or name,
                                           f"{match.code} ({matcher.names[match.code]}) staat al in rij "
                                           f"{first_row_of[match.code]}; één rij per gemeente"))
            continue
        first_row_of[match.code] = number
        result.rows.append(OfficialRow(number, match.code, " ".join((name or code).split()), amount))
    if not result.rows and not result.issues:
        result.issues.append(DataIssue(file, None, None, None, "geen enkele gemeente met gegevens gevonden onder de kopregel"))
    return result


def _check_totals(result: ParsedTable, number: int, raw, factor: int) -> None:
    try:
        total = parse_amount(raw, result.style)
    except ValueError:
        total = None
    if total is None:
        return
    summed = sum(r.amount for r in result.rows if r.amount is not None)
    expected = int((total * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    # each row was rounded to whole euros at most half a euro away
    if abs(expected - summed) > max(1, len(result.rows)) / 2 + 0.5:
        result.issues.append(DataIssue(result.file, number, result.layout.label(result.layout.amount_col),
                                       _cell_text(raw),
                                       f"totaalrij klopt niet met de rijen erboven: som van de rijen is {summed} euro, "
                                       f"de totaalrij zegt {expected} euro (ontbreken er rijen, of is de notatie "
                                       "van de bedragen verkeerd gelezen?)"))


# --------------------------------------------------------------------------------------------------------------
# Turning parsed rows into evidence, and the whole load
# --------------------------------------------------------------------------------------------------------------

def _read_evidence(path: Path, columns: list[str]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame[columns] if set(columns) <= set(frame.columns) else frame


def merge_evidence(parsed: ParsedTable, funding_ev: pd.DataFrame, coalition_ev: pd.DataFrame, *, bron: str,
                   bron_url: str, bron_datum: str, datum: str, names: dict[str, str]
                   ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The evidence tables with the official rows added. Official rows replace earlier evidence for the same
    municipality and scheme, and a tranche fact that contradicts the table; the notes say what was replaced."""
    kind, notes = parsed.kind, []
    codes = [r.code for r in parsed.rows]

    def note_for(row: OfficialRow) -> str:
        return f"officiële tabel {parsed.file}, rij {row.row} ('{row.as_written}')"

    if kind.has_amounts:
        replaced = funding_ev[(funding_ev["regeling"] == kind.regeling) & funding_ev["code"].isin(codes)]
        for _, old in replaced.iterrows():
            new = next(r for r in parsed.rows if r.code == old["code"])
            same = "zelfde bedrag" if str(new.amount) == old["bedrag_eur"] else f"nu {new.amount} euro"
            notes.append(f"{old['code']} {names[old['code']]}: {kind.regeling} {old['bedrag_eur']} euro "
                         f"(bron: {old['bron']}) vervangen door de rij uit {parsed.file} ({same})")
        funding_ev = funding_ev.drop(index=replaced.index)
        added = pd.DataFrame([{"code": r.code, "regeling": kind.regeling, "jaar": str(kind.jaar),
                               "bedrag_eur": str(r.amount), "bron": bron, "bron_url": bron_url,
                               "bron_datum": bron_datum, "toelichting": note_for(r)} for r in parsed.rows],
                             columns=FUNDING_EV_COLUMNS)
        funding_ev = pd.concat([funding_ev, added], ignore_index=True)

    fact = TRANCHE_FACT[kind.tranche]
    tranche_facts = coalition_ev["feit"].isin(list(model.SOURCED_TRANCHE_FACTS))
    same = coalition_ev[tranche_facts & (coalition_ev["feit"] == fact) & coalition_ev["code"].isin(codes)]
    other = coalition_ev[tranche_facts & (coalition_ev["feit"] != fact) & coalition_ev["code"].isin(codes)]
    for _, old in other.iterrows():
        notes.append(f"{old['code']} {names[old['code']]}: {old['feit']} (bron: {old['bron']}) vervangen door "
                     f"{fact} uit {parsed.file}")
    coalition_ev = coalition_ev.drop(index=other.index)
    keep = set(same["code"])   # an earlier source that states the same tranche (often with a date) stays
    undated = "" if datum else "; datum van deelname staat niet in de tabel: de uiterlijke datum van de tranche"
    added = pd.DataFrame([{"code": r.code, "feit": fact, "datum": datum, "bron": bron, "bron_url": bron_url,
                           "bron_datum": bron_datum, "toelichting": note_for(r) + undated}
                          for r in parsed.rows if r.code not in keep], columns=COALITION_EV_COLUMNS)
    coalition_ev = pd.concat([coalition_ev, added], ignore_index=True)
    return funding_ev.reset_index(drop=True), coalition_ev.reset_index(drop=True), notes


def basis_counts(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Per fact table with a basis column: (rows with basis bron, rows with basis model)."""
    counts = {}
    for name, file in schemas.FILES.items():
        path = Path(data_dir) / file
        if not path.is_file():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        if "basis" in frame.columns:
            counts[name] = (int((frame["basis"] == "bron").sum()), int((frame["basis"] == "model").sum()))
    return counts


@dataclass
class LoadResult:
    ok: bool
    issues: list[DataIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    before: dict[str, tuple[int, int]] = field(default_factory=dict)
    after: dict[str, tuple[int, int]] = field(default_factory=dict)
    written: bool = False

    def report(self) -> str:
        lines = list(self.notes)
        if self.issues:
            lines.append(format_report(self.issues))
            lines.append(f"{count_problems(len(self.issues))}; er is niets gewijzigd")
        for name, (bron, modelled) in self.after.items():
            old = self.before.get(name, (bron, modelled))
            if old != (bron, modelled):
                lines.append(f"{schemas.FILES[name]}: bron {old[0]} -> {bron}, model {old[1]} -> {modelled}")
        return "\n".join(lines)


def _validate_arguments(bron_datum: str, datum: str, bron_url: str) -> list[DataIssue]:
    issues = []
    if bron_datum and not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?", bron_datum):
        issues.append(DataIssue("--bron-datum", None, None, bron_datum, "verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD"))
    if datum:
        try:
            pd.Timestamp(datum)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", datum):
                raise ValueError
        except ValueError:
            issues.append(DataIssue("--datum", None, None, datum, "verwacht een datum JJJJ-MM-DD"))
    if bron_url and not re.fullmatch(r"https?://\S+", bron_url):
        issues.append(DataIssue("--bron-url", None, None, bron_url, "verwacht een adres dat begint met http(s)://"))
    return issues


def load_official(kind_name: str, file: Path, data_dir: Path = DATA_DIR, *, dry_run: bool = False,
                  bron: str = "", bron_url: str = "", bron_datum: str = "", datum: str = "",
                  name_column: str | None = None, code_column: str | None = None,
                  amount_column: str | None = None, sheet: str | None = None, display_name: str | None = None,
                  geo_dir: Path = GEO_DIR) -> LoadResult:
    """Parse, apply in a temporary copy, validate, then (unless dry_run) swap the changed files in."""
    data_dir, file = Path(data_dir), Path(file)
    shown = display_name or file.name
    if kind_name not in KINDS:
        return LoadResult(False, [DataIssue(shown, None, None, kind_name,
                                            f"onbekende soort tabel (mogelijk: {', '.join(KINDS)})")])
    kind = KINDS[kind_name]
    issues = _validate_arguments(bron_datum, datum, bron_url)
    if issues:
        return LoadResult(False, issues)
    try:
        current = load_tables(data_dir)
    except DataValidationError as error:
        return LoadResult(False, [DataIssue(str(data_dir), None, None, None,
                                            "de huidige data zijn zelf niet geldig; herstel die eerst "
                                            "(python -m kansrijke.data.validate)"), *error.issues])
    grid, issues = read_grid(file, sheet)
    if grid is None:
        return LoadResult(False, [DataIssue(shown, i.row, i.column, i.value, i.message) for i in issues])
    parsed = parse_table(grid, kind, shown, current.gemeenten, name_column=name_column, code_column=code_column,
                         amount_column=amount_column)
    if parsed.issues:
        return LoadResult(False, parsed.issues)
    names = dict(zip(current.gemeenten["code"], current.gemeenten["naam"]))
    source = f"{bron.strip() or kind.label}; bestand {shown}"
    result = LoadResult(False, before=basis_counts(data_dir))
    result.notes.append(_summary(parsed))

    with tempfile.TemporaryDirectory(prefix="kansrijke-load-") as tmp:
        work = Path(tmp) / "data"
        shutil.copytree(data_dir, work)
        funding_ev = _read_evidence(work / EVIDENCE_FUNDING, FUNDING_EV_COLUMNS)
        coalition_ev = _read_evidence(work / EVIDENCE_COALITIONS, COALITION_EV_COLUMNS)
        funding_ev, coalition_ev, notes = merge_evidence(parsed, funding_ev, coalition_ev, bron=source,
                                                         bron_url=bron_url, bron_datum=bron_datum, datum=datum,
                                                         names=names)
        result.notes += notes
        new_files = {EVIDENCE_FUNDING: model.to_csv_text(funding_ev), EVIDENCE_COALITIONS: model.to_csv_text(coalition_ev)}
        for relative, text in new_files.items():
            (work / relative).write_text(text, encoding="utf-8")
        try:
            modelled = model.build(work, geo_dir)
        except DataValidationError as error:
            result.issues = list(error.issues)
            return result
        except ValueError as error:
            result.issues = [DataIssue("model", None, None, None, f"{error} (na het laden van {shown})")]
            return result
        for name, frame in modelled.items():
            relative = schemas.FILES[name]
            text = model.to_csv_text(frame)
            (work / relative).write_text(text, encoding="utf-8")
            new_files[relative] = text
        try:
            load_tables(work)
        except DataValidationError as error:
            result.notes.append(f"de nieuwe dataset (tijdelijke kopie, met {shown}) haalt de controles niet:")
            result.issues = list(error.issues)
            return result
        result.after = basis_counts(work)
        changed = {rel: text for rel, text in new_files.items()
                   if not (data_dir / rel).is_file() or (data_dir / rel).read_text(encoding="utf-8") != text}
        result.changed = sorted(changed)
        result.ok = True
        if dry_run:
            result.notes.append("proefrun (--dry-run): niets geschreven")
            return result
        # evidence last: until then the data folder still matches its old evidence
        order = sorted(changed, key=lambda rel: rel.startswith("bewijs/"))
        swap_in(data_dir, {rel: changed[rel] for rel in order})
        result.written = True
    return result


def swap_in(data_dir: Path, files: dict[str, str]) -> None:
    """Replace each file by an atomic rename of a complete copy next to it; on failure restore what was replaced."""
    originals: dict[Path, bytes | None] = {}
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, text in files.items():
            target = data_dir / relative
            temporary = target.with_name(f".{target.name}.nieuw")
            temporary.write_text(text, encoding="utf-8")
            staged.append((temporary, target))
        for temporary, target in staged:
            originals[target] = target.read_bytes() if target.exists() else None
            os.replace(temporary, target)
    except OSError:
        for target, content in originals.items():
            if content is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(content)
        raise
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def _summary(parsed: ParsedTable) -> str:
    layout = parsed.layout
    columns = ", ".join(f"'{layout.label(c)}'" for c in (layout.code_col, layout.name_col, layout.amount_col)
                        if c is not None)
    parts = [f"{parsed.file}: kopregel op rij {layout.header_row} (kolommen {columns}); "
             f"{len(parsed.rows)} gemeenten gekoppeld"]
    if parsed.kind.has_amounts:
        total = sum(r.amount for r in parsed.rows)
        parts.append(f"samen {total} euro ({'Nederlandse' if parsed.style == 'nl' else 'Engelse'} notatie)")
    if parsed.without_amount:
        parts.append(f"{len(parsed.without_amount)} rij(en) zonder bedrag overgeslagen (niet in deze regeling)")
    if parsed.totals_row:
        parts.append(f"totaalrij op rij {parsed.totals_row} genegeerd")
    if parsed.rounded:
        parts.append(f"{parsed.rounded} bedragen afgerond op hele euro's")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kansrijke.data.load_official", description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(KINDS), metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    parser.add_argument("file", type=Path, metavar="FILE", help="CSV or .xlsx (circulaire annex shape)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.add_argument("--bron", default="", help="source document (default: a description of KIND)")
    parser.add_argument("--bron-url", default="")
    parser.add_argument("--bron-datum", default="", help="date of the source: YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--datum", default="", help="date the municipalities joined (YYYY-MM-DD), if known")
    parser.add_argument("--name-column")
    parser.add_argument("--code-column")
    parser.add_argument("--amount-column")
    parser.add_argument("--sheet", help="worksheet of an .xlsx (default: the first)")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
        sys.stderr.reconfigure(errors="backslashreplace")
    result = load_official(args.kind, args.file, args.data_dir, dry_run=args.dry_run, bron=args.bron,
                           bron_url=args.bron_url, bron_datum=args.bron_datum, datum=args.datum,
                           name_column=args.name_column, code_column=args.code_column,
                           amount_column=args.amount_column, sheet=args.sheet)
    print(result.report(), file=sys.stdout if result.ok else sys.stderr)
    if result.written:
        print(f"geschreven in {args.data_dir}: {', '.join(result.changed) or 'niets gewijzigd'}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
