"""Finding the header row of an annex under its title rows, and in it the name, code and amount columns (or the
columns the user named)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kansrijke.data.issues import DataIssue
from kansrijke.data.names import normalise
from kansrijke.data.official.grid import Grid, cell_text
from kansrijke.data.official.kinds import Kind

HEADER_SEARCH_ROWS = 60

_CODE_HEADER = re.compile(r"(gemeente|gem|cbs|gm)?\s*(code|nummer|nr|no)(\s*(gemeente|cbs))?")
_AMOUNT_WORDS = ("bedrag", "uitkering", "budget", "amount", "toekenning", "impuls", "totaal", "euro")
TOTAL_NAMES = {
    "totaal",
    "total",
    "totaal generaal",
    "generaal totaal",
    "eindtotaal",
    "nederland",
    "som",
    "totaal nederland",
    "alle gemeenten",
    "grand total",
}
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
    return (
        norm.startswith("gemeente") or norm in ("naam", "municipality", "name", "gemeenten") or norm == "naam gemeente"
    )


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


def find_layout(
    grid: Grid,
    kind: Kind,
    file: str,
    name_column: str | None = None,
    code_column: str | None = None,
    amount_column: str | None = None,
) -> tuple[Layout | None, list[DataIssue]]:
    wanted = {
        k: v.strip().casefold()
        for k, v in (("name", name_column), ("code", code_column), ("amount", amount_column))
        if v
    }
    for number, cells in grid[:HEADER_SEARCH_ROWS]:
        headers = [cell_text(c) for c in cells]
        folded = [h.casefold() for h in headers]

        def given(role: str) -> int | None:
            return folded.index(wanted[role]) if role in wanted and wanted[role] in folded else None

        if wanted and not any(given(r) is not None for r in wanted):
            continue
        name_col = (
            given("name") if "name" in wanted else next((i for i, h in enumerate(headers) if is_name_header(h)), None)
        )
        code_col = (
            given("code") if "code" in wanted else next((i for i, h in enumerate(headers) if is_code_header(h)), None)
        )
        if name_col is None and code_col is None:
            continue
        if not kind.has_amounts:
            return Layout(number, name_col, code_col, None, headers), []
        if "amount" in wanted:
            amount_col = given("amount")
            if amount_col is None:
                return None, [
                    DataIssue(
                        file,
                        number,
                        amount_column,
                        None,
                        "kolom voor het bedrag niet gevonden in de kopregel "
                        f"(kolommen: {', '.join(h for h in headers if h)})",
                    )
                ]
            return Layout(number, name_col, code_col, amount_col, headers), []
        candidates = [i for i, h in enumerate(headers) if i not in (name_col, code_col) and is_amount_header(h)]
        if not candidates:
            continue
        if len(candidates) > 1:
            totals = [i for i in candidates if "totaal" in normalise(headers[i])]
            if len(totals) != 1:
                labels = ", ".join(f"'{headers[i]}'" for i in candidates)
                return None, [
                    DataIssue(
                        file,
                        number,
                        None,
                        None,
                        f"meer dan één kolom met bedragen ({labels}); kies er één met --amount-column",
                    )
                ]
            candidates = totals
        return Layout(number, name_col, code_col, candidates[0], headers), []
    what = "een kolom met gemeentenamen of -codes" + (" en een kolom met bedragen" if kind.has_amounts else "")
    hint = (
        " (gezocht naar de opgegeven kolomnamen)"
        if wanted
        else "; geef de kolommen op met --name-column/--code-column en --amount-column"
    )
    return None, [
        DataIssue(
            file, None, None, None, f"geen kopregel gevonden met {what} in de eerste {HEADER_SEARCH_ROWS} rijen{hint}"
        )
    ]
