"""The conference presentation as data: which slides, in which order, showing which published figures.

Pure (no Streamlit). `SLIDES` is the sequence; every figure refers to a row of data/mijlpalen.csv by indicator
and date, so the numbers on screen are the published ones and each slide can name its sources. `build` looks
those rows up (and the stories in data/verhalen.csv) and fails loudly when one is missing. pages/presentatie.py
only renders what `build` returns.

Slide kinds:
- ``cijfers``: national figures (cards);
- ``kaart``: the coalition map at one of coalitions.STANDS, with the published count of that stand;
- ``nnz``: Nu Niet Zwanger against its target (the first figure's share of the target) and its reach;
- ``verhaal``: one story from the progress reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kansrijke.text import fmt_date, month_name, normalise_lang, t

KINDS = ("cijfers", "kaart", "nnz", "verhaal")
URL_KEY = "dia"  # ?dia=3 opens the third slide (1-based)


@dataclass(frozen=True)
class FigureRef:
    """A published figure: the mijlpalen.csv row with this indicator and datum (ISO date)."""

    indicator: str
    datum: str

    @property
    def label_key(self) -> str:
        """What the figure counts, from the shared catalogue (algemeen.json, indicator.*)."""
        return f"indicator.{self.indicator}"


@dataclass(frozen=True)
class SlideSpec:
    kind: str
    key: str  # slug; texts under presentatie.<key>.*
    figures: tuple[FigureRef, ...] = ()
    stand: str | None = None  # kaart: ISO date, one of coalitions.STANDS
    story: str | None = None  # verhaal: a municipality code in verhalen.csv
    target: FigureRef | None = None  # nnz: the goal the first figure is measured against

    @property
    def title_key(self) -> str:
        return f"presentatie.{self.key}.title"

    @property
    def note_key(self) -> str:
        """A one-line explanation under the title (every slide has one)."""
        return f"presentatie.{self.key}.note"


def _ref(indicator: str, datum: str) -> FigureRef:
    return FigureRef(indicator, datum)


SLIDES: tuple[SlideSpec, ...] = (
    SlideSpec(
        "cijfers",
        "coalities_2020",
        figures=(
            _ref("gemeenten_coalitie", "2020-07-01"),
            _ref("gids_gemeenten", "2019-12-31"),
            _ref("tranche3_gemeenten", "2020-04-30"),
        ),
    ),
    SlideSpec("kaart", "kaart_2019", stand="2019-12-31", figures=(_ref("gids_gemeenten", "2019-12-31"),)),
    SlideSpec("kaart", "kaart_2020", stand="2020-07-01", figures=(_ref("gemeenten_coalitie", "2020-07-01"),)),
    SlideSpec("kaart", "kaart_2022", stand="2022-12-31", figures=(_ref("gemeenten_coalitie", "2022-12-31"),)),
    SlideSpec(
        "cijfers",
        "werkende_coalities",
        figures=(
            _ref("aandeel_coalitie_gevormd", "2021-01-31"),
            _ref("coalities", "2022-02-10"),
            _ref("gemeenten_coalitie", "2023-04-12"),
        ),
    ),
    SlideSpec(
        "cijfers",
        "financiering",
        figures=(
            _ref("impuls_gids_eur", "2019-12-31"),
            _ref("impuls_tranche3_eur", "2020-07-01"),
            _ref("aanvulling_gids_eur", "2020-07-01"),
            _ref("impuls_totaal_eur", "2020-07-01"),
            _ref("budget_structureel_eur", "2023-01-01"),
        ),
    ),
    SlideSpec(
        "nnz",
        "nnz",
        target=_ref("nnz_doel_programmas", "2021-12-31"),
        figures=(
            _ref("nnz_programmas", "2020-07-01"),
            _ref("nnz_gemeenten", "2020-07-01"),
            _ref("nnz_gemeenten", "2022-02-10"),
            _ref("nnz_gemeenten", "2022-07-08"),
        ),
    ),
    SlideSpec("verhaal", "verhaal", story="GM0796"),  # Den Bosch
    SlideSpec("verhaal", "verhaal", story="GM0503"),  # Delft
    SlideSpec("verhaal", "verhaal", story="GM0917"),  # Zuid-Limburg (Heerlen, Sittard-Geleen)
)


@dataclass(frozen=True)
class Source:
    bron: str
    bron_datum: str


@dataclass(frozen=True)
class Figure:
    ref: FigureRef
    row: dict  # the mijlpalen.csv row (datum, datum_label, waarde, ...)


@dataclass(frozen=True)
class Slide:
    number: int  # 1-based position
    spec: SlideSpec
    figures: tuple[Figure, ...]
    target: Figure | None = None
    sources: tuple[Source, ...] = field(default=())

    @property
    def progress_pct(self) -> float | None:
        """nnz: the first figure as a percentage of the target (27 of 50 -> 54.0)."""
        if self.target is None or not self.figures:
            return None
        return 100.0 * float(self.figures[0].row["waarde"]) / float(self.target.row["waarde"])


def milestone_row(milestones: pd.DataFrame, ref: FigureRef) -> dict:
    """The one mijlpalen row for a reference; ValueError naming the reference when there is none (or several)."""
    day = pd.Timestamp(ref.datum)
    rows = milestones[(milestones["indicator"] == ref.indicator) & (pd.to_datetime(milestones["datum"]) == day)]
    if len(rows) != 1:
        raise ValueError(
            f"mijlpalen.csv has {len(rows)} rows for indicator {ref.indicator!r} on {ref.datum}; "
            "a presentation slide needs exactly one"
        )
    return rows.iloc[0].to_dict()


def _distinct_sources(rows: list[dict]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for row in rows:
        key = (str(row["bron"]), str(row.get("bron_datum", "") or ""))
        seen.setdefault(key, Source(*key))
    return tuple(seen.values())


def build(milestones: pd.DataFrame, verhalen: pd.DataFrame, specs: tuple[SlideSpec, ...] = SLIDES) -> list[Slide]:
    """The slides with their published figures and sources looked up. ValueError for a reference the data lacks."""
    slides = []
    for number, spec in enumerate(specs, start=1):
        if spec.kind not in KINDS:
            raise ValueError(f"slide {number}: unknown kind {spec.kind!r}")
        figures = tuple(Figure(ref, milestone_row(milestones, ref)) for ref in spec.figures)
        target = Figure(spec.target, milestone_row(milestones, spec.target)) if spec.target else None
        source_rows = [f.row for f in figures] + ([target.row] if target else [])
        if spec.kind == "verhaal":
            story_rows = verhalen[verhalen["code"] == spec.story]
            if story_rows.empty:
                raise ValueError(f"slide {number}: no story for {spec.story!r} in verhalen.csv")
            source_rows.append(story_rows.iloc[0].to_dict())
        slides.append(Slide(number, spec, figures, target, _distinct_sources(source_rows)))
    return slides


def parse_slide_number(raw: str | None, count: int) -> tuple[int, bool]:
    """The 1-based slide to open for ?dia=<raw>: (number, True) when raw is 1..count, (1, False) when it is
    anything else, (1, True) when there is no value."""
    if raw is None or raw == "":
        return 1, True
    text = str(raw).strip()
    if text.isdigit() and text.isascii() and 1 <= int(text) <= count:
        return int(text), True
    return 1, False


def step(number: int, delta: int, count: int) -> int:
    """The slide number after moving `delta` slides, kept within 1..count (no wrap-around)."""
    return min(count, max(1, number + delta))


def map_stand(specs, number: int) -> str | None:
    """The stand whose map slide `number` (1-based) holds: on a map slide its own; on any other slide that of the
    last map slide before it, else of the first map slide (None: no map slides). The page keeps one map in one
    place and hides it on the other slides, so a step between slides never recolours a map nobody sees."""
    stands = [(n, spec.stand) for n, spec in enumerate(specs, start=1) if spec.kind == "kaart"]
    if not stands:
        return None
    before = [stand for n, stand in stands if n <= number]
    return before[-1] if before else stands[0][1]


# Dutch month names as published labels write them ("1 juli 2020"): the catalogue's own (CLDR), read once.
_MONTHS_NL = tuple(month_name(month, "nl") for month in range(1, 13))
_PERIOD_WORDS = ("begin", "eind", "vanaf", "zomer")


def date_text(row: dict, lang: str) -> str:
    """The date of a published figure in the reader's language, with the precision it was published with.

    Dutch: `datum_label` as published. English: "1 juli 2020" -> "1 July 2020", "april 2023" -> "April 2023",
    "eind 2022" -> "end of 2022" (presentatie.date.*); a label of another shape is shown as published."""
    label = str(row.get("datum_label", "") or "").strip()
    if normalise_lang(lang) == "nl" or not label:
        return label
    parts = label.split()
    if len(parts) == 1 and parts[0].isdigit():
        return label
    if len(parts) == 2 and parts[1].isdigit():
        if parts[0] in _MONTHS_NL:
            return fmt_date(f"{parts[1]}-{_MONTHS_NL.index(parts[0]) + 1:02d}", lang)
        if parts[0] in _PERIOD_WORDS:
            return t(f"presentatie.date.{parts[0]}", lang, year=parts[1])
    if len(parts) == 3 and parts[0].isdigit() and parts[1] in _MONTHS_NL and parts[2].isdigit():
        return fmt_date(f"{parts[2]}-{_MONTHS_NL.index(parts[1]) + 1:02d}-{int(parts[0]):02d}", lang)
    return label
