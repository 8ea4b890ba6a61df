"""Local coalitions over time: who takes part at a date, counts per tranche, the published timeline.

Pure functions on the validated tables (kansrijke.data.tables); no Streamlit, no text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kansrijke.vocabulary import TRANCHES

NOT_YET = "geen"

# The dates the map can show: the grid on which per-municipality data exist.
STANDS = (
    pd.Timestamp("2019-12-31"),
    pd.Timestamp("2020-07-01"),
    pd.Timestamp("2022-12-31"),
)
DEFAULT_STAND = pd.Timestamp("2020-07-01")

# Milestone indicators that belong on the coalition timeline.
TIMELINE_INDICATORS = (
    "gemeenten_coalitie",
    "gids_gemeenten",
    "tranche3_gemeenten",
    "coalities",
    "aandeel_coalitie_gevormd",
    "gids_gemeenten_totaal",  # the GIDS programme's own count (150 and 155, both published), beside 147 of 150
)


def status_at(coalitions: pd.DataFrame, municipalities: pd.DataFrame, date, sourced_only: bool = False) -> pd.DataFrame:
    """One row per municipality: code, tranche (or 'geen' when not yet taking part at `date`), basis,
    datum_deelname and the provenance columns of its coalition row. With sourced_only, modelled rows count as
    unknown ('geen', basis 'model')."""
    date = pd.Timestamp(date)
    rows = coalitions.copy()
    rows = rows[rows["datum_deelname"] <= date]
    if sourced_only:
        rows = rows[rows["basis"] == "bron"]
    keep = ["code", "tranche", "datum_deelname", "basis", "regel", "bron", "bron_url", "bron_datum", "toelichting"]
    keep = [c for c in keep if c in rows.columns]
    status = municipalities[["code"]].merge(rows[keep], on="code", how="left")
    status["tranche"] = status["tranche"].fillna(NOT_YET)
    # A municipality not (yet) taking part still has a basis: that of its later row (with that row's rule, so the
    # tooltip says why it joins later), or model when the later row is hidden or absent.
    later = coalitions.set_index("code")
    status["basis"] = status["basis"].fillna(status["code"].map(later["basis"])).fillna("model")
    if not sourced_only and "regel" in later:
        status["regel"] = status["regel"].fillna(status["code"].map(later["regel"]))
    for column in ("regel", "bron", "bron_url", "bron_datum", "toelichting"):
        if column in status:
            status[column] = status[column].fillna("")
    return status


@dataclass(frozen=True)
class Counts:
    date: pd.Timestamp
    total: int  # municipalities taking part
    of: int  # municipalities in the boundary year
    per_tranche: dict[str, int]
    sourced: int  # of those taking part, rows with basis bron
    modelled: int


def counts_at(coalitions: pd.DataFrame, municipalities: pd.DataFrame, date, sourced_only: bool = False) -> Counts:
    status = status_at(coalitions, municipalities, date, sourced_only=sourced_only)
    taking_part = status[status["tranche"] != NOT_YET]
    per_tranche = {t: int((taking_part["tranche"] == t).sum()) for t in TRANCHES}
    return Counts(
        date=pd.Timestamp(date),
        total=len(taking_part),
        of=len(municipalities),
        per_tranche=per_tranche,
        sourced=int((taking_part["basis"] == "bron").sum()),
        modelled=int((taking_part["basis"] == "model").sum()),
    )


def timeline(milestones: pd.DataFrame) -> pd.DataFrame:
    """Published coalition counts in date order, each with its source (for the small dated timeline)."""
    rows = milestones[milestones["indicator"].isin(TIMELINE_INDICATORS)]
    return rows.sort_values(["datum", "indicator"], ignore_index=True)


@dataclass(frozen=True)
class Headline:
    key: str  # "totaal" or a tranche
    value: int
    source: pd.Series | None  # the published milestone that states this figure, if any
    derived: bool  # True when no publication states it and it follows from the others


# Which published indicators can state each headline figure.
HEADLINE_INDICATORS = {
    "totaal": ("gemeenten_coalitie", "gids_gemeenten"),
    "gids_2019": ("gids_gemeenten",),
    "tranche3_2020": ("tranche3_gemeenten",),
    "impuls_2022": (),
}


def headline_figures(counts: Counts, milestones: pd.DataFrame) -> list[Headline]:
    """The figures above the map for a stand, each paired with the publication that states that very figure
    (same value, dated on or before the stand). A figure no publication states is marked derived."""
    values = {"totaal": counts.total, **counts.per_tranche}
    figures = []
    for key, indicators in HEADLINE_INDICATORS.items():
        value = values[key]
        rows = milestones[
            milestones["indicator"].isin(indicators)
            & (milestones["datum"] <= counts.date)
            & (milestones["waarde"] == value)
            & (milestones["kwalificatie"] == "exact")
        ]
        source = rows.sort_values("datum").iloc[-1] if not rows.empty else None
        figures.append(Headline(key=key, value=int(value), source=source, derived=source is None and value > 0))
    return figures
