"""Find a municipality by the name people actually type.

Case, diacritics, a "Gemeente " prefix, apostrophes, hyphens and brackets are ignored, and common alternative
names ("Den Bosch", "Den Haag", "The Hague") resolve to the official CBS name; a CBS code ("GM0363") finds its
municipality. Pure functions; no Streamlit.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from kansrijke.data.names import ALTERNATIVE_NAMES, normalise

# A CBS municipality code: "GM0363", "gm 363", or four digits "0363".
_CBS_CODE = re.compile(r"^\s*(?:gm\s*(\d{1,4})|(\d{4}))\s*$", re.IGNORECASE)

_FUZZY_CUTOFF = 0.8


@dataclass(frozen=True)
class Match:
    code: str
    naam: str
    how: str  # "code", "exact", "alternatief", "begin", "deel", "gelijkend"


def _index(municipalities: pd.DataFrame) -> dict[str, str]:
    return {normalise(n): c for c, n in zip(municipalities["code"], municipalities["naam"])}


def find_municipality(query: str, municipalities: pd.DataFrame, limit: int = 8) -> list[Match]:
    """Best matches first: a CBS code ("GM0363", "gm363" or "0363"), exact name, alternative name, name starting
    with the query, name containing it, then similar spellings. Returns [] for an empty query or no match."""
    wanted = normalise(query)
    if not wanted:
        return []
    names = dict(zip(municipalities["code"], municipalities["naam"]))
    by_name = _index(municipalities)
    found: list[Match] = []
    seen: set[str] = set()

    def add(code: str, how: str) -> None:
        if code in names and code not in seen:
            seen.add(code)
            found.append(Match(code, names[code], how))

    cbs = _CBS_CODE.match(str(query))
    if cbs:
        add(f"GM{int(cbs.group(1) or cbs.group(2)):04d}", "code")
    if wanted in by_name:
        add(by_name[wanted], "exact")
    if wanted in ALTERNATIVE_NAMES:
        add(ALTERNATIVE_NAMES[wanted], "alternatief")
    ordered = sorted(by_name.items())
    for key, code in ordered:
        if key.startswith(wanted):
            add(code, "begin")
    for alias, code in sorted(ALTERNATIVE_NAMES.items()):
        if alias.startswith(wanted):
            add(code, "alternatief")
    if len(wanted) >= 3:
        for key, code in ordered:
            if wanted in key:
                add(code, "deel")
    for key in difflib.get_close_matches(
        wanted, list(by_name) + list(ALTERNATIVE_NAMES), n=limit, cutoff=_FUZZY_CUTOFF
    ):
        add(by_name.get(key) or ALTERNATIVE_NAMES[key], "gelijkend")
    return found[:limit]


def resolve(query: str, municipalities: pd.DataFrame) -> str | None:
    """The single code a query stands for, or None when there is no match."""
    matches = find_municipality(query, municipalities, limit=1)
    return matches[0].code if matches else None
