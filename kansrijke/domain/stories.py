"""The stories: municipalities featured in the progress reports (data/verhalen.csv), in the reader's language.

Pure functions (no Streamlit). A story is one title/theme/summary; it can be pinned on more than one municipality
(the Zuid-Limburg story names Heerlen and Sittard-Geleen), so the file has one row per municipality and a story
groups the rows that share a Dutch title. Stories are numbered 1, 2, ... in file order; the number is the label
of its pins on the map and of its entry in the list beside the map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kansrijke.text import normalise_lang, t

# Columns with a translation: Dutch column -> English column (data/README.md, verhalen.csv).
TRANSLATED = {"titel": "titel_en", "thema": "thema_en", "samenvatting": "samenvatting_en"}

# A section of a report as the source names it: a box ("kader ...") or a paragraph ("§2.1").
_SECTION = re.compile(r"(kader\s+'[^']+'|§\s*\d+(?:\.\d+)*)")


@dataclass(frozen=True)
class Story:
    number: int  # 1-based, in file order
    codes: tuple[str, ...]  # the municipalities it is pinned on
    places: tuple[str, ...]  # their names (gemeenten_2020.naam), same order as codes
    titel: str
    thema: str
    samenvatting: str
    bron: str  # as published: report and section
    bron_datum: str
    bron_url: str

    @property
    def section(self) -> str:
        return source_section(self.bron)


def text_in(row, column: str, lang: str) -> str:
    """A story cell in the reader's language; the Dutch text where no English text is given."""
    if normalise_lang(lang) == "en":
        english = str(row.get(TRANSLATED[column], "") or "").strip()
        if english:
            return english
    return str(row[column])


def source_section(bron: str) -> str:
    """The section of the report a story summarises, e.g. "kader 'Gemeente Delft' bij §2.1"; '' if none named.

    The report is everything before it ("Derde voortgangsrapportage ..., juli 2020")."""
    match = _SECTION.search(bron)
    return bron[match.start() :].strip() if match else ""


def stories(verhalen: pd.DataFrame, gemeenten: pd.DataFrame, lang: str) -> list[Story]:
    """The stories in file order, texts in `lang`. Rows with the same Dutch title form one story."""
    names = dict(zip(gemeenten["code"], gemeenten["naam"]))
    grouped: dict[str, list[pd.Series]] = {}
    for _, row in verhalen.iterrows():
        grouped.setdefault(row["titel"], []).append(row)
    result = []
    for number, rows in enumerate(grouped.values(), start=1):
        first = rows[0]
        codes = tuple(dict.fromkeys(r["code"] for r in rows))
        result.append(
            Story(
                number=number,
                codes=codes,
                places=tuple(names.get(code, code) for code in codes),
                titel=text_in(first, "titel", lang),
                thema=text_in(first, "thema", lang),
                samenvatting=text_in(first, "samenvatting", lang),
                bron=str(first["bron"]),
                bron_datum=str(first.get("bron_datum", "") or ""),
                bron_url=str(first.get("bron_url", "") or ""),
            )
        )
    return result


def story_of(code: str, all_stories: list[Story]) -> Story:
    """The story pinned on a municipality (the first, if several)."""
    for story in all_stories:
        if code in story.codes:
            return story
    raise ValueError(f"no story is pinned on {code!r} (data/verhalen.csv)")


def source_label(story: Story, lang: str) -> str:
    """'Bron: <report, section> (<date>)' as plain text."""
    if story.bron_datum:
        return t("source.line", lang, bron=story.bron, datum=story.bron_datum)
    return t("source.line_nodate", lang, bron=story.bron)


PIN_COLUMNS = ("code", "naam", "lon", "lat", "number", "verhaal", "titel", "thema", "bron_label")


def pins(all_stories: list[Story], centroids: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per pinned municipality (PIN_COLUMNS): where (centroid), the pin's number and the texts of its
    tooltip in `lang`. `centroids` is geo.centroids(): code, lon, lat; a code without one raises ValueError."""
    where = centroids.set_index("code")
    rows = []
    for story in all_stories:
        for code, place in zip(story.codes, story.places):
            if code not in where.index:
                raise ValueError(f"story {story.number} is pinned on {code!r}, which has no boundary (centroid)")
            rows.append(
                {
                    "code": code,
                    "naam": place,
                    "lon": round(float(where.at[code, "lon"]), 5),
                    "lat": round(float(where.at[code, "lat"]), 5),
                    "number": str(story.number),
                    "verhaal": t("verhalen.kind", lang, number=story.number),
                    "titel": story.titel,
                    "thema": story.thema,
                    "bron_label": source_label(story, lang),
                }
            )
    return pd.DataFrame(rows, columns=list(PIN_COLUMNS))


def places_text(story: Story, lang: str) -> str:
    """'Gemeente: Delft' / 'Gemeenten: Heerlen en Sittard-Geleen'."""
    key = "verhalen.places" if len(story.places) == 1 else "verhalen.places_many"
    names = list(story.places)
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + t("list.and", lang) + names[-1]
    return t(key, lang, places=joined)
