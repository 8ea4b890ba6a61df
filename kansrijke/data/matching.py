"""Match the municipality names and codes of an official table to CBS codes of the 2020 boundaries.

Unlike the search box (kansrijke.domain.search), which offers the best guess, this matcher never guesses: a name either
stands for exactly one 2020 municipality or it is reported. What it folds together:

- case, diacritics, a "Gemeente " prefix, apostrophes, hyphens and spaces ("'s-Hertogenbosch",
  "s-Hertogenbosch", "S HERTOGENBOSCH"), via names.normalise;
- alternative names in common use ("Den Bosch", "Den Haag"; names.ALTERNATIVE_NAMES);
- a province qualifier in brackets: "Bergen (NH)", "Bergen (Noord-Holland)" and "Bergen (NH.)" are GM0373;
  "Hengelo (O)" and "Rijswijk (ZH)" are the 2020 municipalities named without qualifier. A qualifier that names
  another province is not matched; "Bergen" alone is ambiguous (two municipalities) and reported;
- codes in every usual spelling: "GM0363", "gm363", "0363", "363", 363 or 363.0 (an Excel number).

A code or name of a municipality formed after 2020 (schemas.files.OTHER_YEAR_CODES: Eemsdelta 2021, Dijk en Waard,
Land van Cuijk, Maashorst 2022) cannot be split over the 2020 municipalities it replaced: it is reported with
those municipalities named. A misspelt name is reported with the closest 2020 names as a hint, never taken
over. Pure functions; no Streamlit.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from kansrijke.data.names import ALTERNATIVE_NAMES, normalise
from kansrijke.data.schemas.files import BOUNDARY_YEAR, OTHER_YEAR_CODES

# A qualifier in brackets after a name, normalised -> province code (CBS, 2020).
PROVINCE_QUALIFIERS: dict[str, str] = {
    "gr": "PV20",
    "gn": "PV20",
    "groningen": "PV20",
    "fr": "PV21",
    "f": "PV21",
    "frl": "PV21",
    "friesland": "PV21",
    "fryslan": "PV21",
    "dr": "PV22",
    "d": "PV22",
    "drenthe": "PV22",
    "o": "PV23",
    "ov": "PV23",
    "ovl": "PV23",
    "overijssel": "PV23",
    "fl": "PV24",
    "flevoland": "PV24",
    "gld": "PV25",
    "g": "PV25",
    "gl": "PV25",
    "gelderland": "PV25",
    "u": "PV26",
    "ut": "PV26",
    "utr": "PV26",
    "utrecht": "PV26",
    "nh": "PV27",
    "n h": "PV27",
    "noord holland": "PV27",
    "zh": "PV28",
    "z h": "PV28",
    "zuid holland": "PV28",
    "z": "PV29",
    "zl": "PV29",
    "zld": "PV29",
    "zeeland": "PV29",
    "nb": "PV30",
    "n b": "PV30",
    "noord brabant": "PV30",
    "l": "PV31",
    "lb": "PV31",
    "li": "PV31",
    "limburg": "PV31",
}

_BRACKETS = re.compile(r"\(([^()]*)\)")
_CODE = re.compile(r"(?:gm)?\s*0*(\d{1,4})", re.IGNORECASE)
SUGGESTION_CUTOFF = 0.75


@dataclass(frozen=True)
class NameMatch:
    """The result for one cell: `code` when it stands for exactly one 2020 municipality, else `problem`."""

    code: str | None
    how: str  # code | exact | alternatief | toevoeging | onbekend | dubbelzinnig | samengevoegd
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is not None


def _split_qualifier(name: str) -> tuple[str, str | None]:
    """'Bergen (NH.)' -> ('bergen', 'nh'); 'Utrecht' -> ('utrecht', None). Both normalised."""
    qualifiers = _BRACKETS.findall(str(name))
    base = normalise(_BRACKETS.sub(" ", str(name)))
    qualifier = normalise(qualifiers[-1]) if qualifiers else None
    return base, qualifier or None


def parse_code(value) -> str | None:
    """'GM0363', 'gm363', '0363', '363', 363, 363.0 -> 'GM0363'; None when the value is not a code."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if float(value) != int(value) or not 0 < int(value) < 10_000:
            return None
        return f"GM{int(value):04d}"
    found = _CODE.fullmatch(str(value).strip())
    if not found or int(found.group(1)) == 0:
        return None
    return f"GM{int(found.group(1)):04d}"


def merged_message(code: str) -> str:
    year, naam, replaced = OTHER_YEAR_CODES[code]
    return (
        f"{naam} ({code}) bestaat pas sinds de gemeentelijke indeling van {year}; ontstaan uit "
        f"{', '.join(replaced)}. Een bedrag of deelname van de samengevoegde gemeente kan niet worden verdeeld "
        f"over de gemeenten van {BOUNDARY_YEAR}: geef de rijen per gemeente van {BOUNDARY_YEAR}"
    )


class Matcher:
    """Built once per table of 2020 municipalities (columns code, naam, provincie_code)."""

    def __init__(self, municipalities: pd.DataFrame):
        self.names = dict(zip(municipalities["code"], municipalities["naam"]))
        self.province = dict(zip(municipalities["code"], municipalities.get("provincie_code", pd.Series(dtype=str))))
        self.exact: dict[str, str] = {}
        self.base: dict[str, set[str]] = {}
        for code, naam in self.names.items():
            self.exact[normalise(naam)] = code
            base, _ = _split_qualifier(naam)
            self.base.setdefault(base, set()).add(code)
        self.alternatives = {k: v for k, v in ALTERNATIVE_NAMES.items() if v in self.names}
        self.merged = {normalise(naam): code for code, (_, naam, _) in OTHER_YEAR_CODES.items()}

    # ------------------------------------------------------------------------------------------------------
    def by_code(self, value) -> NameMatch:
        code = parse_code(value)
        if code is None:
            return NameMatch(None, "onbekend", "geen gemeentecode (verwacht bijvoorbeeld GM0363 of 363)")
        if code in self.names:
            return NameMatch(code, "code")
        if code in OTHER_YEAR_CODES:
            return NameMatch(None, "samengevoegd", merged_message(code))
        return NameMatch(None, "onbekend", f"gemeentecode {code} bestaat niet in de indeling van {BOUNDARY_YEAR}")

    def by_name(self, value) -> NameMatch:
        text = "" if value is None else str(value).strip()
        wanted = normalise(text)
        if not wanted:
            return NameMatch(None, "onbekend", "lege gemeentenaam")
        if wanted in self.exact:
            return NameMatch(self.exact[wanted], "exact")
        if wanted in self.alternatives:
            return NameMatch(self.alternatives[wanted], "alternatief")
        base, qualifier = _split_qualifier(text)
        if base in self.merged or wanted in self.merged:
            return NameMatch(None, "samengevoegd", merged_message(self.merged.get(base) or self.merged[wanted]))
        candidates = set(self.base.get(base, set()))
        if not candidates and base in self.alternatives:
            candidates = {self.alternatives[base]}
        if candidates:
            province = PROVINCE_QUALIFIERS.get(qualifier or "")
            if province is not None:
                candidates = {c for c in candidates if self.province.get(c) == province}
            if len(candidates) == 1:
                return NameMatch(candidates.pop(), "toevoeging")
            if len(candidates) > 1:
                options = "; ".join(f"{self.names[c]} ({c})" for c in sorted(candidates))
                return NameMatch(
                    None,
                    "dubbelzinnig",
                    f"naam past bij meer dan één gemeente van {BOUNDARY_YEAR}: {options}; "
                    "voeg de provincie toe, bv. 'Bergen (NH)', of gebruik een kolom met gemeentecodes",
                )
        return NameMatch(None, "onbekend", self._unknown_message(wanted))

    def _unknown_message(self, wanted: str) -> str:
        message = f"geen gemeente van {BOUNDARY_YEAR} met deze naam"
        close = difflib.get_close_matches(wanted, list(self.exact), n=3, cutoff=SUGGESTION_CUTOFF)
        if close:
            names = ", ".join(f"{self.names[self.exact[k]]} ({self.exact[k]})" for k in close)
            message += f" (niet automatisch gekoppeld; bedoelt u: {names}?)"
        return message

    def match(self, name=None, code=None) -> NameMatch:
        """Match by code when there is one, else by name. When both are given they must agree."""
        has_code = code is not None and str(code).strip() not in ("", "nan")
        has_name = name is not None and str(name).strip() != ""
        if not has_code:
            return self.by_name(name)
        by_code = self.by_code(code)
        if not by_code.ok or not has_name:
            return by_code
        by_name = self.by_name(name)
        if by_name.ok and by_name.code != by_code.code:
            return NameMatch(
                None,
                "dubbelzinnig",
                f"code {by_code.code} is {self.names[by_code.code]}, maar de naam '{name}' is "
                f"{self.names[by_name.code]} ({by_name.code}); controleer de rij",
            )
        return by_code
