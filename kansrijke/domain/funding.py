"""Impulse money Kansrijke Start: amounts and euros per inhabitant per municipality, the GIDS top-up, class
breaks for the map, averages, and the reconciliation of the tables with the published national totals.

Pure functions on the validated tables (kansrijke.data.tables); no Streamlit, no text. Every per-municipality frame
keeps the provenance columns (basis, regel, bron, bron_url, bron_datum) so that what is shown can say which
figures are sourced and which are modelled.

Scope: the map and the ranking show one scope at a time, either one scheme (`regeling` in financiering.csv) or
all impulse money together ("totaal"). A municipality without a row in the scope has no amount in these data
(for example the municipalities that joined in 2022: no per-municipality amounts are published); it is left
out, never counted as zero.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd

from kansrijke.data.schemas.reconciliation import within_tolerance
from kansrijke.vocabulary import REGELINGEN, TRANCHES, schemes_by_tranche

TOTAAL = "totaal"
SCOPES = (TOTAAL, *schemes_by_tranche())
DEFAULT_SCOPE = TOTAAL

# Class breaks of the map legend, in euros per inhabitant. Fixed (not computed from the data) so that one colour
# means the same amount in every scope and stays put when official tables replace modelled rows. Class 0 is below
# the first break, class i is [break i-1, break i), the last class is open upwards (see class_of).
# The breaks bracket the published levels: the third tranche ("bijna EUR 3 miljoen" over 128 municipalities,
# about EUR 0.86 per inhabitant) falls in 0.75-1.00, the GIDS impulse before top-up lower.
EUR_PER_INHABITANT_BREAKS = (0.25, 0.50, 0.75, 1.00, 1.50)

# Which schemes each published national amount (mijlpalen.csv indicator) covers.
PUBLISHED_AMOUNTS = {
    "impuls_gids_eur": ("impuls_gids_2019",),
    "impuls_tranche3_eur": ("impuls_tranche3_2020",),
    "aanvulling_gids_eur": ("aanvulling_gids_2021",),
    "impuls_totaal_eur": REGELINGEN,
}
# Published national figures about funding that the tables do not add up to (announcements, later budgets).
CONTEXT_INDICATORS = ("impuls_tranche3_aangekondigd_eur", "budget_structureel_eur")

PROVENANCE = ["basis", "regel", "bron", "bron_url", "bron_datum"]


def regelingen_in(scope: str) -> tuple[str, ...]:
    """The schemes a scope covers; ValueError for an unknown scope."""
    if scope == TOTAAL:
        return REGELINGEN
    if scope in REGELINGEN:
        return (scope,)
    raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")


def _join(values: pd.Series) -> str:
    """Distinct non-empty texts of a group, in order, joined by '; '."""
    seen: list[str] = []
    for value in values:
        for part in str(value).split(";"):
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return "; ".join(seen)


def per_inhabitant(
    funding: pd.DataFrame,
    inhabitants: pd.DataFrame,
    municipalities: pd.DataFrame,
    coalitions: pd.DataFrame,
    scope: str = DEFAULT_SCOPE,
) -> pd.DataFrame:
    """One row per municipality with money in the scope: place, tranche, amount, inhabitants, euros per inhabitant.

    Columns: code, naam, provincie_code, provincie, ggd_code, ggd_regio, tranche, regelingen, bedrag_eur,
    inwoners, peildatum, eur_per_inwoner, basis, regel, bron, bron_url, bron_datum.
    basis is `bron` only when every amount of the municipality in the scope is sourced; otherwise `model`, with the
    rules of the modelled rows in `regel` and the sources of the sourced rows (if any) kept in the bron columns.
    Sorted by euros per inhabitant (highest first), then code.
    """
    rows = funding[funding["regeling"].isin(regelingen_in(scope))]
    grouped = rows.sort_values(["code", "jaar", "regeling"]).groupby("code", sort=True)
    per_code = pd.DataFrame(
        {
            "regelingen": grouped["regeling"].agg(_join),
            "bedrag_eur": grouped["bedrag_eur"].sum().astype("int64"),
            "basis": grouped["basis"].agg(lambda b: "bron" if (b == "bron").all() else "model"),
            "regel": grouped["regel"].agg(_join),
            "bron": grouped["bron"].agg(_join),
            "bron_url": grouped["bron_url"].agg(_join),
            "bron_datum": grouped["bron_datum"].agg(_join),
        }
    ).reset_index()
    places = municipalities[["code", "naam", "provincie_code", "provincie", "ggd_code", "ggd_regio"]]
    frame = places.merge(per_code, on="code", how="inner")
    frame = frame.merge(coalitions[["code", "tranche"]], on="code", how="left")
    frame["tranche"] = frame["tranche"].fillna("")
    frame = frame.merge(inhabitants[["code", "inwoners", "peildatum"]], on="code", how="left")
    if frame["inwoners"].isna().any():
        missing = frame.loc[frame["inwoners"].isna(), "code"].tolist()
        raise ValueError(f"no inhabitants for {missing[:5]}")
    frame["inwoners"] = frame["inwoners"].astype("int64")
    frame["eur_per_inwoner"] = frame["bedrag_eur"] / frame["inwoners"]
    columns = [
        "code",
        "naam",
        "provincie_code",
        "provincie",
        "ggd_code",
        "ggd_regio",
        "tranche",
        "regelingen",
        "bedrag_eur",
        "inwoners",
        "peildatum",
        "eur_per_inwoner",
        *PROVENANCE,
    ]
    return frame[columns].sort_values(["eur_per_inwoner", "code"], ascending=[False, True], ignore_index=True)


def weighted_rate(frame: pd.DataFrame) -> float | None:
    """Euros per inhabitant of a group taken together: total amount / total inhabitants (None for no rows).

    This is the group's own per-inhabitant amount, not the mean of its members' rates (which would give a small
    municipality the same weight as a large one)."""
    if frame.empty:
        return None
    return float(frame["bedrag_eur"].sum() / frame["inwoners"].sum())


def with_births(frame: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """A per_inhabitant frame with the money per child: levendgeborenen (CBS, live births in 2020, from the context
    table) and eur_per_geboorte = bedrag_eur / levendgeborenen (NaN where the births are unknown or 0).

    The money is for the first 1000 days, so euros per live birth sit beside euros per inhabitant. The basis of the
    row is left as it is: it is the basis of the amount. A modelled amount divided by a sourced count is still a
    modelled figure, and only sourced amounts give a sourced euro per birth. The order of the rows is kept."""
    births = context.set_index("code")["levendgeborenen"] if not context.empty else pd.Series(dtype="float64")
    out = frame.copy()
    out["levendgeborenen"] = out["code"].map(births).astype("float64")
    out["eur_per_geboorte"] = out["bedrag_eur"] / out["levendgeborenen"].where(out["levendgeborenen"] > 0)
    return out


def weighted_birth_rate(frame: pd.DataFrame) -> float | None:
    """Euros per live birth of a group taken together (a with_births frame): total amount / total births, over
    the rows whose births are known; None when there are none."""
    known = frame[frame["levendgeborenen"].notna() & (frame["levendgeborenen"] > 0)] if not frame.empty else frame
    if known.empty:
        return None
    return float(known["bedrag_eur"].sum() / known["levendgeborenen"].sum())


@dataclass(frozen=True)
class Averages:
    """Euros per inhabitant of the groups a municipality belongs to, within the scope (None: no group rows)."""

    provincie: str
    provincie_rate: float | None
    tranche: str
    tranche_rate: float | None
    national_rate: float | None


def averages_for(frame: pd.DataFrame, code: str) -> Averages | None:
    """Province and tranche averages (weighted_rate) for the municipality `code` in a per_inhabitant frame;
    None when the municipality has no money in the scope."""
    row = frame[frame["code"] == code]
    if row.empty:
        return None
    provincie, tranche = row["provincie"].iloc[0], row["tranche"].iloc[0]
    return Averages(
        provincie=provincie,
        provincie_rate=weighted_rate(frame[frame["provincie"] == provincie]),
        tranche=tranche,
        tranche_rate=weighted_rate(frame[frame["tranche"] == tranche]),
        national_rate=weighted_rate(frame),
    )


def filter_choices(municipalities: pd.DataFrame) -> dict[str, dict[str, str]]:
    """The values of the ranking filters, code -> name, sorted by name: provincie, ggd and tranche ('' = all)."""

    def pairs(code: str, name: str) -> dict[str, str]:
        unique = municipalities.drop_duplicates(code).sort_values([name, code])
        return dict(zip(unique[code], unique[name]))

    return {
        "provincie": pairs("provincie_code", "provincie"),
        "ggd": pairs("ggd_code", "ggd_regio"),
        "tranche": {tranche: tranche for tranche in TRANCHES},
    }


def filter_rows(
    frame: pd.DataFrame, provincie_code: str | None = None, ggd_code: str | None = None, tranche: str | None = None
) -> pd.DataFrame:
    """The rows of a per_inhabitant frame in a province, GGD region and tranche (None or '' = no filter)."""
    keep = pd.Series(True, index=frame.index)
    if provincie_code:
        keep &= frame["provincie_code"] == provincie_code
    if ggd_code:
        keep &= frame["ggd_code"] == ggd_code
    if tranche:
        keep &= frame["tranche"] == tranche
    return frame[keep].reset_index(drop=True)


# ------------------------------------------------------------------------------------------------ class breaks


def check_breaks(breaks) -> tuple[float, ...]:
    """The breaks as floats; ValueError unless they are positive and strictly increasing."""
    values = tuple(float(b) for b in breaks)
    if not values:
        raise ValueError("at least one class break is needed")
    if values[0] <= 0 or any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"class breaks must be positive and strictly increasing, got {values}")
    return values


def class_of(values: pd.Series, breaks=EUR_PER_INHABITANT_BREAKS) -> pd.Series:
    """Class number per value: 0 below the first break, i for breaks[i-1] <= value < breaks[i], len(breaks) for
    the last break and above. A value equal to a break belongs to the class that starts there."""
    edges = check_breaks(breaks)
    numbers = pd.to_numeric(values, errors="raise")
    if (numbers < 0).any():
        raise ValueError("euros per inhabitant cannot be negative")
    return numbers.apply(lambda v: sum(1 for edge in edges if v >= edge)).astype("int64")


def class_bounds(breaks=EUR_PER_INHABITANT_BREAKS) -> list[tuple[float | None, float | None]]:
    """(lower, upper) per class, None for an open end: [(None, b0), (b0, b1), ..., (b_last, None)]."""
    edges = check_breaks(breaks)
    lows = (None, *edges)
    highs = (*edges, None)
    return list(zip(lows, highs))


def class_counts(frame: pd.DataFrame, breaks=EUR_PER_INHABITANT_BREAKS) -> list[int]:
    """Municipalities per class (for the legend), every class present, also when empty."""
    classes = class_of(frame["eur_per_inwoner"], breaks) if not frame.empty else pd.Series(dtype="int64")
    return [int((classes == i).sum()) for i in range(len(check_breaks(breaks)) + 1)]


# ------------------------------------------------------------------------------------------------ GIDS top-up


@dataclass(frozen=True)
class Tranche3:
    """The third tranche taken together: its total, the inhabitants and the number of municipalities receiving it."""

    bedrag_eur: int
    inwoners: int
    gemeenten: int

    @property
    def level(self) -> float:
        """Euros per inhabitant: the level the GIDS top-up lifts every GIDS municipality to."""
        return self.bedrag_eur / self.inwoners


def tranche3(funding: pd.DataFrame, inhabitants: pd.DataFrame) -> Tranche3:
    """The third tranche's total over the inhabitants of the municipalities receiving it."""
    rows = funding[funding["regeling"] == "impuls_tranche3_2020"]
    if rows.empty:
        raise ValueError("no impuls_tranche3_2020 rows: the tranche-3 level is undefined")
    codes = rows["code"].unique()
    people = int(inhabitants.set_index("code").loc[codes, "inwoners"].sum())
    return Tranche3(bedrag_eur=int(rows["bedrag_eur"].sum()), inwoners=people, gemeenten=len(codes))


def top_up(funding: pd.DataFrame, inhabitants: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Per GIDS municipality (one with an impuls_gids_2019 row): the amount before and after the top-up and both
    per inhabitant, with the basis of each part.

    Columns: code, naam, inwoners, voor_eur, aanvulling_eur, na_eur, voor_per_inwoner, na_per_inwoner,
    basis_voor, basis_aanvulling, basis (bron only when both parts are sourced), regel, bron, bron_url, bron_datum.
    A municipality without an aanvulling row had no top-up (aanvulling_eur 0, basis_aanvulling '').
    Sorted by voor_per_inwoner, then code.
    """
    base = funding[funding["regeling"] == "impuls_gids_2019"].set_index("code")
    extra = funding[funding["regeling"] == "aanvulling_gids_2021"].set_index("code")
    orphans = sorted(set(extra.index) - set(base.index))
    if orphans:
        raise ValueError(f"aanvulling_gids_2021 without impuls_gids_2019 for {orphans[:5]}")
    codes = sorted(base.index)
    frame = pd.DataFrame({"code": codes})
    frame = frame.merge(municipalities[["code", "naam"]], on="code", how="left")
    frame = frame.merge(inhabitants[["code", "inwoners"]], on="code", how="left")
    frame["voor_eur"] = frame["code"].map(base["bedrag_eur"]).astype("int64")
    frame["aanvulling_eur"] = frame["code"].map(extra["bedrag_eur"]).fillna(0).astype("int64")
    frame["na_eur"] = frame["voor_eur"] + frame["aanvulling_eur"]
    frame["voor_per_inwoner"] = frame["voor_eur"] / frame["inwoners"]
    frame["na_per_inwoner"] = frame["na_eur"] / frame["inwoners"]
    frame["basis_voor"] = frame["code"].map(base["basis"])
    frame["basis_aanvulling"] = frame["code"].map(extra["basis"]).fillna("")
    parts = frame[["basis_voor", "basis_aanvulling"]]
    frame["basis"] = parts.apply(lambda r: "bron" if all(b in ("bron", "") for b in r) else "model", axis=1)
    for column in ("regel", "bron", "bron_url", "bron_datum"):
        frame[column] = [
            _join(pd.Series([base.at[c, column], extra.at[c, column] if c in extra.index else ""])) for c in codes
        ]
    return frame.sort_values(["voor_per_inwoner", "code"], ignore_index=True)


# ------------------------------------------------------------------------------------------------ national picture


def reconciliation(funding: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """The published national amounts next to what the tables add up to.

    One row per mijlpalen row of the indicators in PUBLISHED_AMOUNTS (in that order): indicator, datum_label,
    gepubliceerd (waarde), kwalificatie, regelingen, som_tabellen (sum of bedrag_eur over those schemes),
    binnen_formulering (the sum lies within the published wording: reconciliation.within_tolerance), the milestone's
    source columns and toelichting.
    """
    rows = []
    for indicator, schemes in PUBLISHED_AMOUNTS.items():
        total = int(funding.loc[funding["regeling"].isin(schemes), "bedrag_eur"].sum())
        for _, published in milestones[milestones["indicator"] == indicator].sort_values("datum").iterrows():
            rows.append(
                {
                    "indicator": indicator,
                    "datum_label": published["datum_label"],
                    "gepubliceerd": int(round(published["waarde"])),  # euros: whole numbers
                    "kwalificatie": published["kwalificatie"],
                    "regelingen": "; ".join(schemes),
                    "som_tabellen": total,
                    "binnen_formulering": bool(within_tolerance(published["kwalificatie"], published["waarde"], total)),
                    "basis": published["basis"],
                    "bron": published["bron"],
                    "bron_url": published["bron_url"],
                    "bron_datum": published["bron_datum"],
                    "toelichting": published["toelichting"],
                }
            )
    columns = [
        "indicator",
        "datum_label",
        "gepubliceerd",
        "kwalificatie",
        "regelingen",
        "som_tabellen",
        "binnen_formulering",
        "basis",
        "bron",
        "bron_url",
        "bron_datum",
        "toelichting",
    ]
    return pd.DataFrame(rows, columns=columns)


def funding_timeline(milestones: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Every dated national funding fact in date order: the published amounts (mijlpalen, the indicators of
    PUBLISHED_AMOUNTS and CONTEXT_INDICATORS) and the events without amounts (gebeurtenissen).

    Columns: datum (ISO text, precision of the source), datum_label, soort (`mijlpaal` | `gebeurtenis`),
    sleutel (indicator or gebeurtenis key), waarde (whole euros; <NA> when no amount is published), kwalificatie,
    eenheid, gemeenten (whom an event concerns; '' for milestones), basis, bron, bron_url, bron_datum, toelichting.
    """
    wanted = (*PUBLISHED_AMOUNTS, *CONTEXT_INDICATORS)
    published = milestones[milestones["indicator"].isin(wanted)]
    first = pd.DataFrame(
        {
            "datum": published["datum"].dt.strftime("%Y-%m-%d"),
            "datum_label": published["datum_label"],
            "soort": "mijlpaal",
            "sleutel": published["indicator"],
            "waarde": published["waarde"].round().astype("Int64"),
            "kwalificatie": published["kwalificatie"],
            "eenheid": published["eenheid"],
            "gemeenten": "",
            **{c: published[c] for c in ("basis", "bron", "bron_url", "bron_datum", "toelichting")},
        }
    )
    second = pd.DataFrame(
        {
            "datum": events["datum"],
            "datum_label": events["datum_label"],
            "soort": "gebeurtenis",
            "sleutel": events["gebeurtenis"],
            "waarde": events["bedrag_eur"].round().astype("Int64"),
            "kwalificatie": "exact",
            "eenheid": "eur",
            "gemeenten": events["gemeenten"],
            **{c: events[c] for c in ("basis", "bron", "bron_url", "bron_datum", "toelichting")},
        }
    )
    frames = [f for f in (first, second) if not f.empty]
    if not frames:
        return first.iloc[0:0]
    both = pd.concat(frames, ignore_index=True)
    # A month or year sorts by its first day: "2022-05" before "2022-05-31".
    both["_order"] = both["datum"].map(lambda d: d + {4: "-01-01", 7: "-01"}.get(len(d), ""))
    both["_rank"] = both["sleutel"].map(lambda k: wanted.index(k) if k in wanted else len(wanted))
    return both.sort_values(["_order", "_rank", "sleutel"], ignore_index=True).drop(columns=["_order", "_rank"])


def below_level(amounts: pd.Series, inhabitants: pd.Series, level: float) -> pd.Series:
    """True where an amount (whole euros) is below `level` euros per inhabitant by more than the half euro that
    rounding to whole euros may cost (so a rounded-down top-up does not count as short)."""
    return amounts < inhabitants * level - 0.5


def top_up_counts(frame: pd.DataFrame, level: float) -> tuple[int, int]:
    """(GIDS municipalities below the level before the top-up, and after it) for a top_up() frame."""
    before = below_level(frame["voor_eur"], frame["inwoners"], level)
    after = below_level(frame["na_eur"], frame["inwoners"], level)
    return int(before.sum()), int(after.sum())
