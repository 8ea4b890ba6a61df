"""The rows under the header: each name or code matched to a 2020 municipality (never guessed), each amount read
and rounded to whole euros, rows without an amount left out, the totals row checked against the sum."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from kansrijke.data.issues import DataIssue
from kansrijke.data.matching import Matcher
from kansrijke.data.names import normalise
from kansrijke.data.official.amounts import detect_style, header_multiplier, parse_amount
from kansrijke.data.official.grid import Grid, cell_text
from kansrijke.data.official.kinds import Kind
from kansrijke.data.official.layout import NOTE_PREFIXES, TOTAL_NAMES, Layout, find_layout


@dataclass(frozen=True)
class OfficialRow:
    row: int
    code: str
    as_written: str  # the name (or code) as the file writes it
    amount: int | None  # whole euros (funding kinds)


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


def parse_table(
    grid: Grid,
    kind: Kind,
    file: str,
    municipalities: pd.DataFrame,
    *,
    name_column: str | None = None,
    code_column: str | None = None,
    amount_column: str | None = None,
) -> ParsedTable:
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
            result.issues.append(
                DataIssue(
                    file,
                    None,
                    amount_label,
                    None,
                    "bedragen staan door elkaar in Nederlandse (1.234,56) en Engelse "
                    "(1,234.56) notatie; maak de kolom eenduidig",
                )
            )
            return result

    first_row_of: dict[str, int] = {}
    for number, cells in body:
        name = cell_text(cell(cells, layout.name_col))
        raw_code = cell(cells, layout.code_col)
        code = cell_text(raw_code)
        raw_amount = cell(cells, layout.amount_col)
        if not name and not code and cell_text(raw_amount) == "":
            continue
        if _is_totals(name) or (layout.name_col is None and _is_totals(code)):
            result.totals_row = number
            if kind.has_amounts and not result.issues:  # with rows left out the sum says nothing
                _check_totals(result, layout, number, raw_amount, factor)
            break  # what follows a totals row are notes
        if name.casefold().startswith(NOTE_PREFIXES) and cell_text(raw_amount) == "":
            result.notes_skipped.append(number)
            continue
        amount = None
        if kind.has_amounts:
            try:
                value = parse_amount(raw_amount, result.style)
            except ValueError as error:
                result.issues.append(DataIssue(file, number, amount_label, cell_text(raw_amount), str(error)))
                continue
            if value is None or value == 0:
                result.without_amount.append(number)
                continue
            if value < 0:
                result.issues.append(DataIssue(file, number, amount_label, cell_text(raw_amount), "bedrag is negatief"))
                continue
            euros = value * factor
            whole = euros.quantize(Decimal(1), rounding=ROUND_HALF_UP)
            result.rounded += int(whole != euros)
            amount = int(whole)
        if not name and not code:
            result.issues.append(
                DataIssue(file, number, layout.label(layout.name_col), None, "bedrag zonder gemeentenaam of -code")
            )
            continue
        match = matcher.match(name=name or None, code=raw_code if code else None)
        column = layout.label(layout.code_col if code else layout.name_col)
        if match.code is None:  # not one 2020 municipality: the matcher says why
            result.issues.append(DataIssue(file, number, column, code or name, str(match.problem)))
            continue
        if match.code in first_row_of:
            result.issues.append(
                DataIssue(
                    file,
                    number,
                    column,
                    code or name,
                    f"{match.code} ({matcher.names[match.code]}) staat al in rij "
                    f"{first_row_of[match.code]}; één rij per gemeente",
                )
            )
            continue
        first_row_of[match.code] = number
        result.rows.append(OfficialRow(number, match.code, " ".join((name or code).split()), amount))
    if not result.rows and not result.issues:
        result.issues.append(
            DataIssue(file, None, None, None, "geen enkele gemeente met gegevens gevonden onder de kopregel")
        )
    return result


def _check_totals(result: ParsedTable, layout: Layout, number: int, raw, factor: int) -> None:
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
        result.issues.append(
            DataIssue(
                result.file,
                number,
                layout.label(layout.amount_col),
                cell_text(raw),
                f"totaalrij klopt niet met de rijen erboven: som van de rijen is {summed} euro, "
                f"de totaalrij zegt {expected} euro (ontbreken er rijen, of is de notatie "
                "van de bedragen verkeerd gelezen?)",
            )
        )
