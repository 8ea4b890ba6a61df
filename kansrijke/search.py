"""Find a municipality by the name people actually type.

Case, diacritics, a "Gemeente " prefix, apostrophes, hyphens and brackets are ignored, and common alternative
names ("Den Bosch", "Den Haag", "The Hague") resolve to the official CBS name. Pure functions; no Streamlit.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

# Alternative names in common use -> CBS code (2020 boundaries).
ALTERNATIVE_NAMES: dict[str, str] = {
    "den bosch": "GM0796",
    "s hertogenbosch": "GM0796",
    "hertogenbosch": "GM0796",
    "den haag": "GM0518",
    "s gravenhage": "GM0518",
    "gravenhage": "GM0518",
    "the hague": "GM0518",
    "hague": "GM0518",
    "sittard": "GM1883",
    "geleen": "GM1883",
    "geldrop": "GM1771",
    "mierlo": "GM1771",
    "ljouwert": "GM0080",
    # Short forms used in official tables (kansrijke.matching relies on these as well).
    "nuenen": "GM0820",
    "nuenen c a": "GM0820",
}

_PREFIXES = ("gemeente ", "gem ", "municipality of ")
_FUZZY_CUTOFF = 0.8


def normalise(name: str) -> str:
    """Lower case, no diacritics, no prefix, punctuation folded to single spaces."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[’‘`´']", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Match:
    code: str
    naam: str
    how: str  # "exact", "alternatief", "begin", "deel", "gelijkend"


def _index(municipalities: pd.DataFrame) -> dict[str, str]:
    return {normalise(n): c for c, n in zip(municipalities["code"], municipalities["naam"])}


def find_municipality(query: str, municipalities: pd.DataFrame, limit: int = 8) -> list[Match]:
    """Best matches first: exact name, alternative name, name starting with the query, name containing it,
    then similar spellings. Returns [] for an empty query or no match."""
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
    for key in difflib.get_close_matches(wanted, list(by_name) + list(ALTERNATIVE_NAMES), n=limit, cutoff=_FUZZY_CUTOFF):
        add(by_name.get(key) or ALTERNATIVE_NAMES[key], "gelijkend")
    return found[:limit]


def resolve(query: str, municipalities: pd.DataFrame) -> str | None:
    """The single code a query stands for, or None when there is no match."""
    matches = find_municipality(query, municipalities, limit=1)
    return matches[0].code if matches else None
