"""Data problems as plain values, so a page or the CLI can show all of them at once.

A `DataIssue` points at one spot in one file, the way someone with the CSV open in a
spreadsheet would look for it: row 1 is the header, the first data row is row 2.
`row` is None when the problem is about the file as a whole (missing, empty, not UTF-8 ...).

Values are only ever *shown*, never interpreted: `str(issue)` truncates them and makes
control characters visible, so every issue is exactly one line of plain text even when the
value contains newlines or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN_CHARS = 80

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def show_value(value: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """One-line, length-limited rendering of a cell value for a report."""
    text = value if len(value) <= limit else value[:limit] + "…"
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class DataIssue:
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom {show_value(self.column)}")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"waarde '{show_value(self.value)}' — "
        return text + show_value(self.message, limit=1000)

    def sort_key(self) -> tuple:
        # file-level problems first within a file, then by row, then by column
        return (self.file, self.row is not None, self.row or 0, self.column or "", self.message)


def count_problems(n: int) -> str:
    return "1 probleem" if n == 1 else f"{n} problemen"


def format_report(issues: list[DataIssue]) -> str:
    """One line per issue, sorted by file and row."""
    return "\n".join(str(issue) for issue in sorted(issues, key=DataIssue.sort_key))


class DataValidationError(Exception):
    """Raised by `load_tables` when the data files break the contract; carries every issue."""

    def __init__(self, issues: list[DataIssue]):
        self.issues: list[DataIssue] = list(issues)
        super().__init__(f"{count_problems(len(self.issues))} in de data")

    def report(self) -> str:
        return format_report(self.issues)

    def __str__(self) -> str:
        return f"{count_problems(len(self.issues))} in de data:\n{self.report()}"
