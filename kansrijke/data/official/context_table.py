"""Loading the CBS table itself (84799NED, Kerncijfers wijken en buurten 2020, municipality rows) as the context
table, and the inhabitants that follow from it: the kind `context-84799ned` of kansrijke.data.load_official.

`prepare_context(grid, shown)` turns the file's grid into the texts of data/context_2020.csv and inwoners_2020.csv
in the project's shape, or returns the problems in the words of the CBS file: its name, its spreadsheet row and its
column (GeboorteTotaal_24, not levendgeborenen). The caller (load_official) re-runs the model, validates the whole
copy (`translate_issues` maps what the loader reports about the written context file back to the CBS file) and
swaps the files in only when nothing is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from kansrijke.data import context
from kansrijke.data.issues import DataIssue
from kansrijke.data.official.grid import Grid, cell_text
from kansrijke.data.schemas import check_table

CONTEXT_KIND = "context-84799ned"
CONTEXT_LABEL = "CBS StatLine 84799NED, Kerncijfers wijken en buurten 2020 (gemeenten)"
INHABITANTS_FILE = "inwoners_2020.csv"
INHABITANTS_LABEL = "1 januari 2020"
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")


@dataclass
class PreparedContext:
    issues: list[DataIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # relative path -> new text
    rows: list[int] = field(default_factory=list)  # written row (header = 1) -> row of the CBS file
    columns: list[str] = field(default_factory=list)  # the CBS file's header


def _frame(grid: Grid) -> tuple[pd.DataFrame | None, list[str]]:
    """The grid as text, from the first row that holds the 84799NED header; index = spreadsheet rows."""
    for position, (_, cells) in enumerate(grid):
        header = [cell_text(c) for c in cells]
        if context.is_statline(header):
            body = [(n, [cell_text(c) for c in r]) for n, r in grid[position + 1 :] if any(cell_text(c) for c in r)]
            width = len(header)
            records = [(r + [""] * width)[:width] for _, r in body]
            index = pd.Index([n for n, _ in body], name="rij", dtype="int64")
            frame = pd.DataFrame(records, columns=header, index=index, dtype="str")
            return frame.apply(lambda s: s.where(~s.str.fullmatch(_DECIMAL_COMMA), s.str.replace(",", "."))), header
    return None, []


def _csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def prepare_context(grid: Grid, shown: str) -> PreparedContext:
    """The new context and inhabitants files from the grid of a CBS 84799NED file, or the problems with it."""
    prepared = PreparedContext()
    raw, header = _frame(grid)
    if raw is None:
        prepared.issues.append(
            DataIssue(
                shown,
                None,
                None,
                None,
                "geen kopregel van CBS 84799NED gevonden (verwacht onder meer WijkenEnBuurten, AantalInwoners_5 en "
                "GeboorteTotaal_24)",
            )
        )
        return prepared
    missing = context.statline_missing_columns(raw.columns)
    if missing:
        prepared.issues.append(
            DataIssue(shown, 1, None, None, f"kolommen van 84799NED ontbreken: {', '.join(missing)}")
        )
        return prepared
    converted = context.from_statline(raw)
    if converted.empty:
        prepared.issues.append(DataIssue(shown, None, None, None, "geen gemeenterijen (WijkenEnBuurten GMxxxx)"))
        return prepared
    prepared.columns = list(header)
    problems = check_table(context.TABLE, converted.copy())
    if problems:
        prepared.issues = [translate(issue, shown, raw.columns) for issue in problems]
        return prepared
    ordered = converted.sort_values("code")
    prepared.rows = [int(r) for r in ordered.index]
    prepared.files[context.FILE] = _csv_text(ordered)
    inhabitants = pd.DataFrame(
        {
            "code": ordered["code"],
            "inwoners": ordered["inwoners"],
            "peildatum": INHABITANTS_LABEL,
            "basis": "bron",
            "bron": "CBS, Kerncijfers wijken en buurten 2020 (84799NED), aantal inwoners op 1 januari 2020",
            "bron_url": context.SOURCE_URL,
            "bron_datum": "2020-01-01",
        }
    )
    prepared.files[INHABITANTS_FILE] = _csv_text(inhabitants)
    prepared.notes.append(f"{shown}: {len(ordered)} gemeenterijen van 84799NED gelezen")
    return prepared


def translate(issue: DataIssue, shown: str, raw_columns) -> DataIssue:
    """An issue about the converted rows (index = rows of the CBS file) in the words of the CBS file."""
    column = context.statline_source_column(raw_columns, issue.column) if issue.column else issue.column
    return replace(issue, file=shown, column=column)


def translate_issues(issues: list[DataIssue], prepared: PreparedContext, shown: str) -> list[DataIssue]:
    """Issues the loader reports about the written context file, with the CBS file's name, rows and columns."""
    out = []
    for issue in issues:
        if issue.file != context.FILE:
            out.append(issue)
            continue
        row = issue.row
        if row is not None and 2 <= row < len(prepared.rows) + 2:
            row = prepared.rows[row - 2]
        out.append(replace(translate(issue, shown, prepared.columns), row=row))
    return out
