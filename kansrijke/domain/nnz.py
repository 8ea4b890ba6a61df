"""Nu Niet Zwanger (NNZ): programmes and reach over time, progress to the target of 50 programmes.

Pure functions on the validated tables (kansrijke.data.tables); no Streamlit, no text. Two kinds of figures meet here
and are never mixed up:

- the **tables** (nnz_programmas, nnz_deelname) describe the programmes and their municipalities on 1 July 2020
  (`TABLE_STAND`); 10 programmes have a sourced start, the other 17 a modelled one (rule nnz_start_onbekend: the
  start is not published, so it is set to the date of the count, the latest date the sources allow); besides, a
  programme whose source gives a start after that stand (Twente: spring 2021, Oldenzaal from 2023) is in the
  tables with that start and the municipalities the source names, so it counts only from its start;
- the **published milestones** (mijlpalen.csv) are national figures, each with its own source, date and indicator.
  They count different things (regions where NNZ runs, regions starting, programmes, GGD regions with a team,
  municipalities, shares) and are shown as such, side by side, never merged into one series.

Progress to the target is defined on the tables: the number of programmes whose start (sourced or modelled) is
on or before the chosen date, against the published target (indicator nnz_doel_programmas). The published
programme count on or before that date is reported next to it as a check, not substituted for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kansrijke.data.model import NNZ_STAND

TABLE_STAND = pd.Timestamp(NNZ_STAND)

PROGRAMME_INDICATOR = "nnz_programmas"
TARGET_INDICATOR = "nnz_doel_programmas"
# Published points drawn on the programme chart: each counts something slightly different (see module docstring).
PROGRAMME_MARKER_INDICATORS = ("nnz_regios_actief", "nnz_regios_startend", "nnz_programmas", "nnz_ggd_regios")
# Published reach of the programme: municipalities (count), share of municipalities, share of inhabitants.
REACH_COUNT_INDICATORS = ("nnz_gemeenten",)
REACH_SHARE_INDICATORS = ("nnz_gemeenten_pct", "nnz_inwoners_pct")
REACH_INDICATORS = REACH_COUNT_INDICATORS + REACH_SHARE_INDICATORS

# Start-year classes of the map. The sources date the oldest programmes only as "before 2018" (Nijmegen,
# Rotterdam) or 2014 (Midden-Brabant), before the national roll-out of 2018, so they share one class.
START_CLASS_FIRST_YEAR = 2018
START_CLASS_LAST_YEAR = 2020
START_CLASSES = ("voor_2018", "2018", "2019", "2020", "vanaf_2021")
NOT_STARTED = "geen"


# ---------------------------------------------------------------------------------------------- programmes


def started_by(programmes: pd.DataFrame, date) -> pd.DataFrame:
    """The programme rows whose start (sourced or modelled) is on or before `date`."""
    return programmes[programmes["start_datum"] <= pd.Timestamp(date)]


def target_row(milestones: pd.DataFrame) -> pd.Series:
    """The published target for the number of programmes (the latest such row)."""
    rows = milestones[milestones["indicator"] == TARGET_INDICATOR]
    if rows.empty:
        raise ValueError(f"mijlpalen has no row with indicator {TARGET_INDICATOR!r} (the target)")
    return rows.sort_values("datum").iloc[-1]


def latest_published(milestones: pd.DataFrame, indicator: str, date) -> pd.Series | None:
    """The latest published row of `indicator` dated on or before `date`, or None."""
    rows = milestones[(milestones["indicator"] == indicator) & (milestones["datum"] <= pd.Timestamp(date))]
    return rows.sort_values("datum").iloc[-1] if not rows.empty else None


@dataclass(frozen=True)
class Progress:
    date: pd.Timestamp
    started: int  # programmes started on or before date (tables)
    sourced: int  # of which with a sourced start
    modelled: int  # of which with a modelled start
    target: int  # published target (programmes)
    target_source: pd.Series  # the milestone row stating the target
    published: pd.Series | None  # latest published programme count on or before date (a check)
    beyond_tables: bool  # date lies after TABLE_STAND: the tables know nothing newer

    @property
    def pct(self) -> float:
        """Progress in percent of the target (54.0 for 27 of 50)."""
        return 100.0 * self.started / self.target


def progress_at(programmes: pd.DataFrame, milestones: pd.DataFrame, date) -> Progress:
    """Programmes started by `date` per the tables, against the published target."""
    date = pd.Timestamp(date)
    started = started_by(programmes, date)
    target = target_row(milestones)
    if not target["waarde"] > 0:
        raise ValueError(f"target {TARGET_INDICATOR} must be positive, got {target['waarde']!r}")
    return Progress(
        date=date,
        started=len(started),
        sourced=int((started["basis"] == "bron").sum()),
        modelled=int((started["basis"] == "model").sum()),
        target=int(target["waarde"]),
        target_source=target,
        published=latest_published(milestones, PROGRAMME_INDICATOR, date),
        beyond_tables=date > TABLE_STAND,
    )


def programme_steps(programmes: pd.DataFrame, until=TABLE_STAND) -> pd.DataFrame:
    """The cumulative number of programmes by start date, as two step series ending at `until`:

    reeks 'bron' counts only rows with a sourced start; reeks 'alle' counts every row (sourced and modelled).
    Columns: reeks, datum, programmas, gemodelleerd (modelled rows counted in that step's value).
    One row per series at every start date on or before `until`, plus one at `until` so the line reaches it.
    """
    until = pd.Timestamp(until)
    rows = programmes[programmes["start_datum"] <= until]
    dates = sorted(set(rows["start_datum"]) | {until})
    out = []
    for date in dates:
        upto = rows[rows["start_datum"] <= date]
        modelled = int((upto["basis"] == "model").sum())
        out.append({"reeks": "bron", "datum": date, "programmas": len(upto) - modelled, "gemodelleerd": 0})
        out.append({"reeks": "alle", "datum": date, "programmas": len(upto), "gemodelleerd": modelled})
    frame = pd.DataFrame(out, columns=["reeks", "datum", "programmas", "gemodelleerd"])
    return frame.sort_values(["reeks", "datum"], ignore_index=True)


def programme_markers(milestones: pd.DataFrame, with_target: bool = False) -> pd.DataFrame:
    """The published programme-related points (regions active, regions starting, programmes, GGD regions with a
    team; with_target also the target), each row as published with its source, in date order."""
    indicators = PROGRAMME_MARKER_INDICATORS + ((TARGET_INDICATOR,) if with_target else ())
    rows = milestones[milestones["indicator"].isin(indicators)]
    return rows.sort_values(["datum", "indicator"], ignore_index=True)


def date_options(programmes: pd.DataFrame, milestones: pd.DataFrame, until=TABLE_STAND) -> list[pd.Timestamp]:
    """The dates a reader can choose: every programme start and every published NNZ programme point up to
    `until` (the stand of the tables), sorted, without duplicates; `until` itself is always included."""
    until = pd.Timestamp(until)
    dates = set(programmes.loc[programmes["start_datum"] <= until, "start_datum"])
    markers = programme_markers(milestones)
    dates |= set(markers.loc[markers["datum"] <= until, "datum"])
    dates.add(until)
    return sorted(pd.Timestamp(d) for d in dates)


# ---------------------------------------------------------------------------------------------- reach


def reach_series(milestones: pd.DataFrame, indicators=REACH_INDICATORS) -> pd.DataFrame:
    """Every published reach figure (municipalities, share of municipalities, share of inhabitants; or only
    `indicators`) in date order. Rows that disagree (176 in February 2022, 172 in July 2022) are both kept, each
    with its source."""
    rows = milestones[milestones["indicator"].isin(indicators)]
    return rows.sort_values(["datum", "indicator", "bron"], ignore_index=True)


# ---------------------------------------------------------------------------------------------- municipalities


def start_class(date) -> str:
    """The map class of a programme start: 'voor_2018', '2018', '2019', '2020' or 'vanaf_2021'."""
    year = pd.Timestamp(date).year
    if year < START_CLASS_FIRST_YEAR:
        return START_CLASSES[0]
    if year > START_CLASS_LAST_YEAR:
        return START_CLASSES[-1]
    return str(year)


def membership_at(links: pd.DataFrame, programmes: pd.DataFrame, date) -> pd.DataFrame:
    """One row per municipality in a programme (in the tables): code, programma_id, programma (name),
    centrumgemeente, start_datum and provenance of the municipality's own row, started (start on or before
    `date`) and klasse (start class, or 'geen' when not yet started at `date`)."""
    date = pd.Timestamp(date)
    names = programmes.set_index("programma_id")
    out = links[["code", "programma_id", "start_datum", "basis", "regel", "bron", "bron_url", "bron_datum"]].copy()
    unknown = sorted(set(out["programma_id"]) - set(names.index))
    if unknown:
        raise ValueError(f"nnz_deelname refers to unknown programme(s) {unknown}")
    out["programma"] = out["programma_id"].map(names["naam"])
    out["centrumgemeente"] = out["programma_id"].map(names["centrumgemeente"])
    out["started"] = out["start_datum"] <= date
    out["klasse"] = [start_class(d) if s else NOT_STARTED for d, s in zip(out["start_datum"], out["started"])]
    return out.sort_values("code", ignore_index=True)


@dataclass(frozen=True)
class Reach:
    date: pd.Timestamp
    municipalities: int  # municipalities in a started programme (tables)
    of: int  # municipalities in the boundary year
    programmes: int  # programmes with at least one started municipality
    sourced: int  # municipalities whose row has basis bron
    modelled: int
    per_class: dict[str, int]


def reach_at(links: pd.DataFrame, programmes: pd.DataFrame, municipalities: pd.DataFrame, date) -> Reach:
    """What the map shows at `date`, counted from the tables."""
    members = membership_at(links, programmes, date)
    started = members[members["started"]]
    return Reach(
        date=pd.Timestamp(date),
        municipalities=len(started),
        of=len(municipalities),
        programmes=started["programma_id"].nunique(),
        sourced=int((started["basis"] == "bron").sum()),
        modelled=int((started["basis"] == "model").sum()),
        per_class={c: int((started["klasse"] == c).sum()) for c in START_CLASSES},
    )


def programme_of(links: pd.DataFrame) -> dict[str, str]:
    """{municipality code: programma_id}, the grouping used to draw the programme areas."""
    return dict(zip(links["code"], links["programma_id"]))


def outline_collection(outlines: dict, started_ids) -> dict:
    """The dissolved programme areas (kansrijke.data.geo.dissolve) of the programmes in `started_ids` only."""
    keep = set(started_ids)
    return {
        "type": "FeatureCollection",
        "features": [f for f in outlines["features"] if f["properties"]["code"] in keep],
    }


def programme_table(programmes: pd.DataFrame, links: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """One row per programme: id, name, GGD region, centre (code and name), its municipalities (count and names),
    start and provenance. Sorted by programme id."""
    names = municipalities.set_index("code")["naam"]
    ggd = municipalities.drop_duplicates("ggd_code").set_index("ggd_code")["ggd_regio"]
    member_names = (
        links.assign(naam=links["code"].map(names)).sort_values("naam").groupby("programma_id")["naam"].agg(list)
    )
    out = pd.DataFrame(
        {
            "programma_id": programmes["programma_id"],
            "naam": programmes["naam"],
            "ggd_regio": programmes["ggd_code"].map(ggd),
            "centrumgemeente": programmes["centrumgemeente"],
            "centrumgemeente_naam": programmes["centrumgemeente"].map(names),
            "aantal_gemeenten": programmes["programma_id"].map(member_names.map(len)).fillna(0).astype(int),
            "gemeenten": programmes["programma_id"].map(member_names.map(", ".join)).fillna(""),
            "start_datum": programmes["start_datum"],
            "basis": programmes["basis"],
            "regel": programmes["regel"],
            "bron": programmes["bron"],
            "bron_url": programmes["bron_url"],
            "bron_datum": programmes["bron_datum"],
        }
    )
    return out.sort_values("programma_id", ignore_index=True)
