"""Reconciliation with the published national milestones (mijlpalen.csv): the figures computed from the tables
must agree with what was published, within the published wording ("circa", "ruim", "bijna", ...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from kansrijke.data.issues import DataIssue
from kansrijke.data.schemas.cross import CrossCheck, Frames
from kansrijke.data.schemas.files import FILES
from kansrijke.vocabulary import REGELINGEN


@dataclass(frozen=True)
class Measure:
    """A figure computed from the tables at a date; `text` describes it ({d} = that date)."""

    table: str
    text: str
    compute: Callable[[Frames, pd.Timestamp], float]


def tranche_count(tranche: str) -> Measure:
    return Measure(
        "coalities",
        f"aantal rijen in coalities.csv met tranche {tranche}",
        lambda t, d: int((t["coalities"]["tranche"] == tranche).sum()),
    )


def coalities_by_date() -> Measure:
    return Measure(
        "coalities",
        "aantal rijen in coalities.csv met datum_deelname t/m {d}",
        lambda t, d: int((t["coalities"]["datum_deelname"] <= d).sum()),
    )


def funding_sum(*regelingen: str) -> Measure:
    return Measure(
        "financiering",
        f"som van bedrag_eur in financiering.csv voor {', '.join(regelingen)}",
        lambda t, d: int(t["financiering"].loc[t["financiering"]["regeling"].isin(regelingen), "bedrag_eur"].sum()),
    )


def started_by(table: str) -> Measure:
    return Measure(
        table,
        f"aantal rijen in {FILES[table]} met start_datum t/m {{d}}",
        lambda t, d: int((t[table]["start_datum"] <= d).sum()),
    )


@dataclass(frozen=True)
class Reconciliation:
    indicator: str
    on: str | None  # the mijlpalen row with exactly this datum must exist and is checked
    also_from: str | None  # rows with a datum on or after this are checked as well (if present)
    measure: Measure  # with on=None: every row of the indicator is checked, at least one must exist


RECONCILIATIONS = (
    #              indicator              on            also_from     measured in the tables
    Reconciliation("gids_gemeenten", None, None, tranche_count("gids_2019")),
    Reconciliation("tranche3_gemeenten", None, None, tranche_count("tranche3_2020")),
    Reconciliation("gemeenten_coalitie", "2020-07-01", "2022-12-31", coalities_by_date()),
    Reconciliation("impuls_gids_eur", None, None, funding_sum("impuls_gids_2019")),
    Reconciliation("impuls_tranche3_eur", None, None, funding_sum("impuls_tranche3_2020")),
    Reconciliation("aanvulling_gids_eur", None, None, funding_sum("aanvulling_gids_2021")),
    Reconciliation("impuls_totaal_eur", None, None, funding_sum(*REGELINGEN)),
    Reconciliation("nnz_programmas", "2020-07-01", None, started_by("nnz_programmas")),
    Reconciliation("nnz_gemeenten", "2020-07-01", None, started_by("nnz_deelname")),
)

# kwalificatie -> (wording, accepted range for the computed x given the published v, test).
# Integer-safe arithmetic so that boundaries such as 90 for "bijna 100" are exact.
TOLERANCES: dict[str, tuple[str, str, Callable[[float, float], bool]]] = {
    "exact": ("precies", "x = v", lambda x, v: x == v),
    "circa": ("circa", "v - 5% ≤ x ≤ v + 5%", lambda x, v: abs(x - v) * 20 <= v),
    "ruim": ("ruim", "v ≤ x ≤ v + 25%", lambda x, v: v <= x and x * 4 <= v * 5),
    "bijna": ("bijna", "v - 10% ≤ x ≤ v", lambda x, v: v * 9 <= x * 10 and x <= v),
    "meer_dan": ("meer dan", "x > v", lambda x, v: x > v),
}


def within_tolerance(kwalificatie: str, published: float, computed: float) -> bool:
    return TOLERANCES[kwalificatie][2](computed, published)


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def reconciliation_check(rule: Reconciliation) -> CrossCheck:
    def run(t: Frames) -> list[DataIssue]:
        milestones = t["mijlpalen"]
        rows = milestones[milestones["indicator"] == rule.indicator]
        if rule.on is not None:
            on = pd.Timestamp(rule.on)
            present = (rows["datum"] == on).any()
            selected = rows["datum"] == on
            if rule.also_from is not None:
                selected |= rows["datum"] >= pd.Timestamp(rule.also_from)
            rows = rows[selected]
        else:
            present = not rows.empty
        if not present:
            when = f" met datum {rule.on}" if rule.on else ""
            return [
                DataIssue(
                    FILES["mijlpalen"],
                    None,
                    "indicator",
                    rule.indicator,
                    f"rij{when} ontbreekt; nodig om te controleren: {rule.measure.text.format(d=rule.on)}",
                )
            ]
        issues = []
        for row, milestone in rows.iterrows():
            day = milestone["datum"]
            computed = rule.measure.compute(t, day)
            kwalificatie, published = milestone["kwalificatie"], milestone["waarde"]
            if not within_tolerance(kwalificatie, published, computed):
                wording, accepted, _ = TOLERANCES[kwalificatie]
                what = rule.measure.text.format(d=day.strftime("%Y-%m-%d"))
                issues.append(
                    DataIssue(
                        FILES["mijlpalen"],
                        row,
                        "waarde",
                        _number_text(published),
                        f"{rule.indicator} klopt niet met de tabellen: "
                        f"gepubliceerd {wording} {_number_text(published)} "
                        f"(v; toegestaan {accepted}), berekend x = {_number_text(computed)}: {what}",
                    )
                )
        return issues

    return CrossCheck(("mijlpalen", rule.measure.table), (), run)


RECONCILIATION_CHECKS: tuple[CrossCheck, ...] = tuple(reconciliation_check(rule) for rule in RECONCILIATIONS)
