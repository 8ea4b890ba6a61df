"""Amounts as the circulaire annexes write them: Dutch ("1.234,56", "€ 1.234,-") or English ("1,234.56") notation,
empty markers ("-", "n.v.t."), and a multiplier in the column header ("x € 1.000")."""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

EMPTY_AMOUNTS = {"", "-", "–", "—", "--", "n.v.t.", "nvt", "n.v.t"}
_CURRENCY = re.compile(r"(€|eur\b|euro\b)", re.IGNORECASE)


def _clean_amount_text(text: str) -> str:
    cleaned = _CURRENCY.sub("", str(text)).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = re.sub(r"[,.]-+$", "", cleaned)  # "1.234,-"
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
    seen = {style for t in texts if isinstance(t, str) and (style := amount_style(t)) is not None}
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
        raise ValueError(
            f"geen bedrag in {'Nederlandse' if style == 'nl' else 'Engelse'} notatie "
            f"(verwacht bijvoorbeeld {'1.234,56' if style == 'nl' else '1,234.56'})"
        )
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
