"""The documented rules that fill in what no public source gives per municipality.

    python -m kansrijke.data.model            regenerate the modelled tables in data/
    python -m kansrijke.data.model --check    exit 1 if the shipped tables differ from what the rules give

Inputs (all in the repository): data/gemeenten_2020.csv, data/inwoners_2020.csv, data/mijlpalen.csv (the
published national totals), data/bewijs/*.csv (facts about single municipalities from public sources, and
later the official tables of the programme office) and geo/gemeenten_2020.geojson (centroids).
Outputs: data/coalities.csv, data/financiering.csv, data/nnz_programmas.csv, data/nnz_deelname.csv.

Every rule is deterministic (ties broken by municipality code) and adds no variation that no published rule
implies. A row that a source confirms completely has basis `bron`; every other row has basis `model` and names
its rule in `regel`; where a source confirms part of a modelled row (for example that a municipality took part in
2019, but not its tranche) that source is kept in the bron columns as evidence. data/README.md explains each
rule in plain Dutch.

Where a source contradicts a modelled row, the model follows the source: a stated GIDS status is evidence for
tranche 1-2 (rule gids_bekend; not proof that the municipality registered, so gids_not_registered may count the
smallest named ones among the 3 of 150 GIDS municipalities that did not register when the published top-up
needs it), and a stated NNZ start replaces the modelled start (nnz_programmes: a programme that started after 1
July 2020 keeps that start and only its named municipalities, and the counts of 1 July 2020 come from the other
regions). Facts that a municipality had a local coalition at some date (coalitie_bekend) bear on no tranche and
are shown as evidence only.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kansrijke.data import geo
from kansrijke.data.issues import DataIssue, DataValidationError
from kansrijke.data.paths import DATA_DIR, GEO_DIR
from kansrijke.vocabulary import REGELING_TRANCHE, REGELINGEN, TRANCHES

# Dates at which a tranche counts as joined when no source gives a date (the latest date the sources allow).
TRANCHE_DATES = {
    "gids_2019": "2019-12-31",  # "in 2019 hadden 147 GIDS-gemeenten zich aangemeld"
    "tranche3_2020": "2020-04-30",  # 128 registrations reported on 30 April 2020; registration closed
    "impuls_2022": "2022-12-31",  # septembercirculaire 2022 (remaining municipalities), decembercirculaire 2022 (all)
}
NNZ_UNKNOWN_START = "2020-07-01"  # started, date unknown, but counted in the report of 1 July 2020
NNZ_STAND = "2020-07-01"

# Programme sizes (Nu Niet Zwanger design: one programme covers 1 large or on average 6-8 smaller municipalities).
NNZ_REGIONAL_MIN, NNZ_REGIONAL_MAX = 6, 8

PROVENANCE_COLUMNS = ["basis", "regel", "bron", "bron_url", "bron_datum"]

# Evidence facts that state a municipality's tranche in full (rule C1, basis bron): tranche_<tranche>.
SOURCED_TRANCHE_FACTS = {f"tranche_{tranche}": tranche for tranche in TRANCHES}


@dataclass(frozen=True)
class Published:
    """The national totals the model must reproduce, read from data/mijlpalen.csv."""

    gids_count: int
    tranche3_count: int
    gids_eur: int
    tranche3_eur: int
    nnz_programmes: int
    nnz_municipalities: int
    # the GIDS top-up as published ("ruim EUR 2 miljoen") and its wording; None: not checked by the model
    top_up_eur: int | None = None
    top_up_kwalificatie: str = "exact"
    gids_registered_of: int | None = None  # "147 of the 150 GIDS municipalities": GIDS municipalities in all


# 147 of the 150 GIDS municipalities registered for the impulse in 2019 (kansrijkestartnl.nl, Impuls Kansrijke
# Start; ../shared/reference/programme/kansrijkestartnl_impuls_pages.txt)
GIDS_MUNICIPALITIES = 150


def published_totals(milestones: pd.DataFrame) -> Published:
    def value(indicator: str, datum: str | None = None) -> int:
        rows = milestones[milestones["indicator"] == indicator]
        if datum is not None:
            rows = rows[rows["datum"] == datum]
        if len(rows) != 1:
            raise ValueError(f"mijlpalen.csv: expected one row for {indicator} {datum or ''}, found {len(rows)}")
        return int(float(rows["waarde"].iloc[0]))

    return Published(
        gids_count=value("gids_gemeenten"),
        tranche3_count=value("tranche3_gemeenten"),
        gids_eur=value("impuls_gids_eur"),
        tranche3_eur=value("impuls_tranche3_eur"),
        nnz_programmes=value("nnz_programmas", NNZ_STAND),
        nnz_municipalities=value("nnz_gemeenten", NNZ_STAND),
        top_up_eur=value("aanvulling_gids_eur"),
        top_up_kwalificatie=_wording(milestones, "aanvulling_gids_eur"),
        gids_registered_of=GIDS_MUNICIPALITIES,
    )


def _wording(milestones: pd.DataFrame, indicator: str) -> str:
    rows = milestones[milestones["indicator"] == indicator]
    return str(rows["kwalificatie"].iloc[0]) if "kwalificatie" in rows and len(rows) else "exact"


# --------------------------------------------------------------------------------------------------------------
# Coalitions: which tranche each municipality joined in
# --------------------------------------------------------------------------------------------------------------


def _by_size(codes: pd.Index | list[str], inhabitants: pd.Series) -> list[str]:
    """Codes ordered by inhabitants, largest first; ties by code."""
    frame = pd.DataFrame({"code": list(codes)})
    frame["inwoners"] = frame["code"].map(inhabitants)
    return frame.sort_values(["inwoners", "code"], ascending=[False, True])["code"].tolist()


def _evidence_of(ev: pd.DataFrame, code: str) -> pd.Series | None:
    """The first evidence row of a municipality (None without one): kept as partial evidence on a modelled row."""
    if code not in ev.index:
        return None
    rows = ev.loc[[code]]
    return rows.iloc[0]


def _evidence_columns(row: pd.Series | None) -> dict[str, str]:
    if row is None:
        return {"bron": "", "bron_url": "", "bron_datum": "", "toelichting": ""}
    return {k: row[k] for k in ("bron", "bron_url", "bron_datum", "toelichting")}


def assign_tranches(
    inhabitants: pd.Series,
    evidence: pd.DataFrame,
    published: Published,
    not_registered: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """One row per municipality: its tranche, the date it joined and the basis of that row.

    Rules, in order:
      bron                a source states the tranche (and date): taken as is. Facts `tranche_gids_2019`,
                          `tranche_tranche3_2020`, `tranche_impuls_2022` (also written by kansrijke.data.load_official
                          from the programme office's tables); without a date, the tranche's latest date below.
      gids_bekend         a source names the municipality as GIDS-gemeente, or says it took part in 2019
                          (in 2019 only GIDS-gemeenten could register: tranches 1 and 2) -> gids_2019.
      gids_naar_inwoners  the remaining GIDS places go to the largest municipalities by inhabitants: GIDS money
                          went to municipalities by the number of inhabitants of their low-status neighbourhoods;
                          without those scores, total inhabitants is the nearest published measure.
      tranche3_bekend     a source says it took part by 1 July 2020 and it is not GIDS -> tranche3_2020.
      tranche3_naar_inwoners  the remaining tranche-3 places go to the next largest municipalities.
      impuls_2022_overig  every other municipality joined with the impulse for all remaining municipalities (2022).
      gids_niet_aangemeld a municipality a source names as GIDS-gemeente that the model counts among the GIDS
                          municipalities that did not register in 2019 (`not_registered`, chosen by
                          gids_not_registered): as a GIDS municipality it could not join the third tranche, so it
                          joined with the 2022 impulse; the GIDS source stays as evidence.

    A fact `coalitie_bekend` (a source states that the municipality had a local coalition at some date) bears on no
    tranche: a coalition can be formed before or after the registration for the impulse. It is only shown as
    evidence on the municipality's modelled row, like every evidence row of a municipality the rules place by size.
    """
    codes = sorted(inhabitants.index)
    ev = evidence.set_index("code", drop=False)
    rows: dict[str, dict] = {}

    def put(code: str, tranche: str, basis: str, regel: str, datum: str, ev_row: pd.Series | None) -> None:
        rows[code] = {
            "code": code,
            "tranche": tranche,
            "datum_deelname": datum,
            "basis": basis,
            "regel": regel,
            **_evidence_columns(ev_row),
        }

    for fact, tranche in SOURCED_TRANCHE_FACTS.items():
        for code, row in ev[ev["feit"] == fact].iterrows():
            put(code, tranche, "bron", "", row["datum"] or TRANCHE_DATES[tranche], row)
    for code, row in ev[ev["feit"].isin(["gids_gemeente", "deelname_2019"])].iterrows():
        if code in not_registered and row["feit"] == "gids_gemeente":
            put(code, "impuls_2022", "model", "gids_niet_aangemeld", TRANCHE_DATES["impuls_2022"], row)
        elif code not in rows:
            put(code, "gids_2019", "model", "gids_bekend", TRANCHE_DATES["gids_2019"], row)

    gids_now = sum(1 for r in rows.values() if r["tranche"] == "gids_2019")
    free = [c for c in _by_size(codes, inhabitants) if c not in rows]
    for code in free[: max(0, published.gids_count - gids_now)]:
        put(code, "gids_2019", "model", "gids_naar_inwoners", TRANCHE_DATES["gids_2019"], _evidence_of(ev, code))

    confirmed_2020 = ev[ev["feit"] == "deelname_juli_2020"]
    for code, row in confirmed_2020.iterrows():
        if code not in rows:
            put(code, "tranche3_2020", "model", "tranche3_bekend", TRANCHE_DATES["tranche3_2020"], row)

    t3_now = sum(1 for r in rows.values() if r["tranche"] == "tranche3_2020")
    free = [c for c in _by_size(codes, inhabitants) if c not in rows]
    for code in free[: max(0, published.tranche3_count - t3_now)]:
        put(
            code,
            "tranche3_2020",
            "model",
            "tranche3_naar_inwoners",
            TRANCHE_DATES["tranche3_2020"],
            _evidence_of(ev, code),
        )

    for code in codes:
        if code not in rows:
            put(
                code, "impuls_2022", "model", "impuls_2022_overig", TRANCHE_DATES["impuls_2022"], _evidence_of(ev, code)
            )

    table = pd.DataFrame([rows[c] for c in codes])
    counts = table["tranche"].value_counts()
    if counts.get("gids_2019", 0) != published.gids_count or counts.get("tranche3_2020", 0) != published.tranche3_count:
        raise ValueError(
            "de bronnen maken de gepubliceerde aantallen onmogelijk: gids_2019 "
            f"{int(counts.get('gids_2019', 0))} (gepubliceerd {published.gids_count}), tranche3_2020 "
            f"{int(counts.get('tranche3_2020', 0))} (gepubliceerd {published.tranche3_count})"
        )
    return table[["code", "tranche", "datum_deelname", *PROVENANCE_COLUMNS, "toelichting"]]


# --------------------------------------------------------------------------------------------------------------
# Funding: tranche amounts and the GIDS top-up
# --------------------------------------------------------------------------------------------------------------


def split_by_weight(total: int, weights: pd.Series) -> pd.Series:
    """Whole euros proportional to weights, summing exactly to total (largest remainder, ties by index)."""
    if total < 0:
        raise ValueError("total must be >= 0")
    if weights.empty:
        return weights.astype("int64")
    if (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("weights must be >= 0 and not all zero")
    exact = weights / weights.sum() * total
    floors = exact.apply(int)
    remainder = (exact - floors).to_frame("rest")
    remainder["key"] = remainder.index
    order = remainder.sort_values(["rest", "key"], ascending=[False, True]).index
    floors.loc[order[: total - int(floors.sum())]] += 1
    return floors.astype("int64")


def tranche3_rate(tranche3_eur: int, tranche3_inhabitants: int) -> float:
    """Euros per inhabitant of the third tranche (amounts by number of inhabitants)."""
    return tranche3_eur / tranche3_inhabitants


def top_up(base_eur: pd.Series, inhabitants: pd.Series, rate: float) -> pd.Series:
    """GIDS top-up: raise every GIDS municipality to at least the tranche-3 amount per inhabitant."""
    needed = (inhabitants * rate).round().astype("int64")
    return (needed - base_eur).clip(lower=0).astype("int64")


def allocate_funding(
    coalitions: pd.DataFrame, inhabitants: pd.Series, evidence: pd.DataFrame, published: Published
) -> pd.DataFrame:
    """Rows per municipality and scheme (impuls_gids_2019, impuls_tranche3_2020, aanvulling_gids_2021).

    bron                       a source gives the amount: taken as is.
    gids_gelijk_per_inwoner    the GIDS total minus sourced GIDS amounts, split by inhabitants (the GIDS key
                               itself, inhabitants of low-status neighbourhoods, is not public).
    tranche3_naar_inwoners     the third tranche split by inhabitants (the published rule).
    aanvulling_tot_tranche3_niveau  top-up to the tranche-3 amount per inhabitant (the published rule).
    """
    tranche = coalitions.set_index("code")["tranche"]
    gids = sorted(tranche[tranche == "gids_2019"].index)
    t3 = sorted(tranche[tranche == "tranche3_2020"].index)
    misfits = [
        DataIssue(
            "bewijs/financiering_bewijs.csv",
            int(index) + 2,
            "regeling",
            row["regeling"],
            f"{row['code']} staat volgens de bronnen en regels in tranche {tranche.get(row['code'], '?')}; "
            f"{row['regeling']} is voor tranche {REGELING_TRANCHE[row['regeling']]}",
        )
        for index, row in evidence.iterrows()
        if tranche.get(row["code"]) != REGELING_TRANCHE.get(row["regeling"])
    ]
    if misfits:
        raise DataValidationError(misfits)
    ev = evidence.set_index(["code", "regeling"])

    def frame(codes, regeling, jaar, amounts, basis, regel, ev_lookup=True) -> pd.DataFrame:
        out = []
        for code in codes:
            src = ev.loc[(code, regeling)] if ev_lookup and (code, regeling) in ev.index else None
            out.append(
                {
                    "code": code,
                    "regeling": regeling,
                    "jaar": jaar,
                    "bedrag_eur": int(amounts[code]),
                    "basis": basis if src is None else "bron",
                    "regel": regel if src is None else "",
                    "bron": "" if src is None else src["bron"],
                    "bron_url": "" if src is None else src["bron_url"],
                    "bron_datum": "" if src is None else src["bron_datum"],
                }
            )
        return pd.DataFrame(out)

    def sourced(regeling: str, codes: list[str]) -> dict[str, int]:
        return {c: int(ev.loc[(c, regeling)]["bedrag_eur"]) for c in codes if (c, regeling) in ev.index}

    def rest_split(regeling: str, codes: list[str], total: int) -> pd.Series:
        """Sourced amounts as they are; the rest of the published total split by inhabitants over the others."""
        known = sourced(regeling, codes)
        rest = total - sum(known.values())
        if rest < 0:
            raise ValueError(
                f"{regeling}: de bedragen uit bronnen ({sum(known.values())}) zijn samen meer dan "
                f"het gepubliceerde totaal ({total})"
            )
        others = [c for c in codes if c not in known]
        split = split_by_weight(rest, inhabitants.loc[others]) if others else pd.Series(dtype="int64")
        return pd.concat([split, pd.Series(known, dtype="int64")]).loc[codes].astype("int64")

    gids_base = rest_split("impuls_gids_2019", gids, published.gids_eur)
    t3_amounts = rest_split("impuls_tranche3_2020", t3, published.tranche3_eur)
    t3_inhabitants = int(inhabitants.loc[t3].sum())
    rate = tranche3_rate(int(t3_amounts.sum()), t3_inhabitants) if t3_inhabitants else 0.0
    extra = top_up(gids_base, inhabitants.loc[gids], rate)
    extra.update(pd.Series(sourced("aanvulling_gids_2021", gids), dtype="int64"))
    extra = extra[(extra > 0) | extra.index.isin(list(sourced("aanvulling_gids_2021", gids)))]

    table = pd.concat(
        [
            frame(gids, "impuls_gids_2019", 2019, gids_base, "model", "gids_gelijk_per_inwoner"),
            frame(t3, "impuls_tranche3_2020", 2020, t3_amounts, "model", "tranche3_naar_inwoners"),
            frame(sorted(extra.index), "aanvulling_gids_2021", 2021, extra, "model", "aanvulling_tot_tranche3_niveau"),
        ],
        ignore_index=True,
    )
    return table.sort_values(["code", "regeling"], ignore_index=True)


# --------------------------------------------------------------------------------------------------------------
# Nu Niet Zwanger: programmes and the municipalities they cover on 1 July 2020
# --------------------------------------------------------------------------------------------------------------


def programme_sizes(n_programmes: int, n_municipalities: int) -> tuple[int, list[int]]:
    """How many single-municipality programmes and the sizes of the regional ones.

    The design says one programme covers 1 large or 6-8 smaller municipalities. The fewest single-municipality
    programmes that let the regional ones stay within 6-8 follow from the two published totals; the regional
    municipalities are spread as evenly as possible (earlier programmes get the one extra).
    """
    for singles in range(0, n_programmes + 1):
        regional = n_programmes - singles
        rest = n_municipalities - singles
        if regional == 0:
            if rest == 0:
                return singles, []
            continue
        if NNZ_REGIONAL_MIN * regional <= rest <= NNZ_REGIONAL_MAX * regional:
            base, extra = divmod(rest, regional)
            return singles, [base + 1] * extra + [base] * (regional - extra)
    raise ValueError(f"no split of {n_municipalities} municipalities over {n_programmes} programmes fits the design")


def _distance_km(centroids: pd.DataFrame, origin: str) -> pd.Series:
    dx = centroids["x"] - centroids.loc[origin, "x"]
    dy = centroids["y"] - centroids.loc[origin, "y"]
    return (dx * dx + dy * dy) ** 0.5


def nnz_programmes(
    municipalities: pd.DataFrame,
    inhabitants: pd.Series,
    centroids: pd.DataFrame,
    evidence: pd.DataFrame,
    published: Published,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Programmes (centre, GGD region, start) and their municipalities, reproducing 27 programmes / 124 municipalities.

    nnz_centrum_bekend       a source names the programme's centre and start: taken as is (basis bron).
    nnz_centrum_grootste     the other centres: the largest municipality of each GGD region that has no
                             programme yet, regions taken by inhabitants (largest first), repeated until the
                             published number of programmes is reached (aim: programmes in all 25 GGD regions).
    nnz_start_onbekend       start date unknown: modelled as 1 July 2020, the date of the count.
    nnz_enkel_groot          the largest centres form single-municipality programmes ("1 large municipality"),
                             as many as programme_sizes() needs, unless a source names more members.
    nnz_gebied_dichtstbij    a regional programme covers its centre and the nearest municipalities (by centroid)
                             of the same GGD region that are not yet in a programme.

    A stated start replaces a modelled one: a programme whose source gives a start after the stand of the tables
    (1 July 2020; Twente: Enschede, Hengelo and Almelo in spring 2021, Oldenzaal from early 2023) is in the tables
    with that start and only the municipalities the source names (basis bron). It is not one of the programmes of 1
    July 2020: its municipalities and its GGD region get no modelled programme before that start, and the published
    counts of 1 July 2020 are reached with the other regions and municipalities.
    """
    ggd = municipalities.set_index("code")["ggd_code"]
    centres_ev = evidence[evidence["rol"] == "centrum"]
    members_ev = evidence[evidence["rol"] == "deelnemer"]

    centres: list[dict] = []
    for _, row in centres_ev.iterrows():
        centres.append(
            {
                "centre": row["code"],
                "naam": row["programma"],
                "start": row["start_datum"],
                "basis": "bron",
                "regel": "",
                "ev": row,
                "later": row["start_datum"] > NNZ_STAND,
            }
        )
    taken = {c["centre"] for c in centres} | set(members_ev["code"])
    later = [c for c in centres if c["later"]]  # sourced programmes that started after the stand
    later_regions = {ggd[c["centre"]] for c in later}

    region_pop = inhabitants.groupby(ggd).sum().to_frame("inw")
    region_pop["key"] = region_pop.index
    region_order = region_pop.sort_values(["inw", "key"], ascending=[False, True]).index.tolist()
    names = municipalities.set_index("code")["naam"]
    while len(centres) - len(later) < published.nnz_programmes:
        per_region = pd.Series([ggd[c["centre"]] for c in centres if not c["later"]]).value_counts()
        # Regions with the fewest programmes first; among those, the most inhabitants first. A region whose source
        # gives a later start had no programme yet.
        candidates = sorted(
            (r for r in region_order if r not in later_regions),
            key=lambda r: (int(per_region.get(r, 0)), region_order.index(r)),
        )
        added = False
        for region in candidates:
            free = [c for c in _by_size(ggd[ggd == region].index, inhabitants) if c not in taken]
            if free:
                centres.append(
                    {
                        "centre": free[0],
                        "naam": names[free[0]],
                        "start": NNZ_UNKNOWN_START,
                        "basis": "model",
                        "regel": "nnz_centrum_grootste",
                        "ev": None,
                        "later": False,
                    }
                )
                taken.add(free[0])
                added = True
                break
        if not added:
            raise ValueError("no municipality left to centre a programme on")

    singles_needed, regional_sizes = programme_sizes(published.nnz_programmes, published.nnz_municipalities)
    # A source that names a programme's members, or describes it as a region (rol regio), rules out a
    # single-municipality programme.
    regional_by_source = set(evidence.loc[evidence["rol"].isin(REGIONAL_ROLES), "programma"])
    current = [c for c in centres if not c["later"]]
    by_size = sorted(current, key=lambda c: (-int(inhabitants[c["centre"]]), c["centre"]))
    singles = [c["centre"] for c in by_size if c["naam"] not in regional_by_source][:singles_needed]

    # Programme ids in order of start, then centre code.
    centres.sort(key=lambda c: (c["start"], c["centre"]))
    regional = [c for c in centres if c["centre"] not in singles and not c["later"]]
    size_of = dict(zip([c["centre"] for c in regional], regional_sizes))

    programmes, links = [], []
    assigned = set(singles) | {c["centre"] for c in centres}
    for number, c in enumerate(centres, start=1):
        pid = f"NNZ{number:02d}"
        ev = c["ev"]
        programmes.append(
            {
                "programma_id": pid,
                "naam": c["naam"],
                "centrumgemeente": c["centre"],
                "ggd_code": ggd[c["centre"]],
                "start_datum": c["start"],
                "basis": c["basis"],
                "regel": c["regel"] or "",
                "bron": "" if ev is None else ev["bron"],
                "bron_url": "" if ev is None else ev["bron_url"],
                "bron_datum": "" if ev is None else ev["bron_datum"],
            }
        )
        start_rule = "" if c["basis"] == "bron" else "nnz_start_onbekend"
        links.append(
            {
                "programma_id": pid,
                "code": c["centre"],
                "start_datum": c["start"],
                "basis": c["basis"],
                "regel": c["regel"] and f"{c['regel']}; {start_rule}",
                "bron": programmes[-1]["bron"],
                "bron_url": programmes[-1]["bron_url"],
                "bron_datum": programmes[-1]["bron_datum"],
            }
        )
        members = members_ev[members_ev["programma"] == c["naam"]]
        for _, m in members.iterrows():
            links.append(
                {
                    "programma_id": pid,
                    "code": m["code"],
                    "start_datum": m["start_datum"],
                    "basis": "bron",
                    "regel": "",
                    "bron": m["bron"],
                    "bron_url": m["bron_url"],
                    "bron_datum": m["bron_datum"],
                }
            )
            assigned.add(m["code"])
        if c["centre"] in singles or c["later"]:
            continue
        want = size_of[c["centre"]] - 1 - len(members)
        region = ggd[ggd == ggd[c["centre"]]].index
        distances = _distance_km(centroids.loc[region], c["centre"]).to_frame("d")
        distances["key"] = distances.index
        nearest = [k for k in distances.sort_values(["d", "key"]).index if k not in assigned][: max(0, want)]
        for code in nearest:
            links.append(
                {
                    "programma_id": pid,
                    "code": code,
                    "start_datum": c["start"],
                    "basis": "model",
                    "regel": "nnz_gebied_dichtstbij" + ("" if c["basis"] == "bron" else "; nnz_start_onbekend"),
                    "bron": "",
                    "bron_url": "",
                    "bron_datum": "",
                }
            )
            assigned.add(code)

    link_table = pd.DataFrame(links)
    by_stand = int((link_table["start_datum"] <= NNZ_STAND).sum())
    if by_stand != published.nnz_municipalities:
        raise ValueError(f"NNZ model covers {by_stand} municipalities, published {published.nnz_municipalities}")
    single_rule = pd.DataFrame(programmes)
    single_rule.loc[single_rule["centrumgemeente"].isin(singles) & (single_rule["basis"] == "model"), "regel"] += (
        "; nnz_enkel_groot"
    )
    return single_rule, link_table.sort_values(["programma_id", "code"], ignore_index=True)


# --------------------------------------------------------------------------------------------------------------
# Reading inputs, writing outputs
# --------------------------------------------------------------------------------------------------------------


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def municipality_centroids(geo_dir: Path = GEO_DIR) -> pd.DataFrame:
    """Centroids per code in kilometres on a flat local grid (equirectangular at 52 degrees north), enough to
    rank neighbours within the Netherlands."""
    points = geo.centroids(2020, geo_dir).set_index("code").sort_index()
    km_per_degree_lat = 110.6
    km_per_degree_lon = 111.3 * math.cos(math.radians(52.0))
    return pd.DataFrame(
        {"x": (points["lon"] * km_per_degree_lon).round(3), "y": (points["lat"] * km_per_degree_lat).round(3)},
        index=points.index,
    )


EVIDENCE_FACTS = (
    *SOURCED_TRANCHE_FACTS,
    "gids_gemeente",
    "deelname_2019",
    "deelname_juli_2020",
    "coalitie_bekend",
)
# centrum: the programme's centre and start; deelnemer: a member; regio: the source describes the programme as a
# region (several municipalities) without naming its members
EVIDENCE_ROLES = ("centrum", "deelnemer", "regio")
REGIONAL_ROLES = ("deelnemer", "regio")


def check_evidence(
    codes: set[str], coalition_ev: pd.DataFrame, funding_ev: pd.DataFrame, nnz_ev: pd.DataFrame
) -> list[DataIssue]:
    """Every evidence row names a 2020 municipality, a known fact and a source; rows are reported like the
    loader does (file, spreadsheet row, column, value)."""
    issues: list[DataIssue] = []

    def check(file: str, frame: pd.DataFrame, column: str, allowed, message: str) -> None:
        for index, value in frame[column].items():
            if value not in allowed:
                issues.append(DataIssue(f"bewijs/{file}", int(index) + 2, column, str(value), message))

    for file, frame in (
        ("coalities_bewijs.csv", coalition_ev),
        ("financiering_bewijs.csv", funding_ev),
        ("nnz_bewijs.csv", nnz_ev),
    ):
        check(file, frame, "code", codes, "geen gemeentecode van 2020")
        for index, value in frame["bron"].items():
            if not str(value).strip():
                issues.append(DataIssue(f"bewijs/{file}", int(index) + 2, "bron", "", "bewijs zonder bron"))
    check(
        "coalities_bewijs.csv",
        coalition_ev,
        "feit",
        EVIDENCE_FACTS,
        f"onbekend feit (toegestaan: {', '.join(EVIDENCE_FACTS)})",
    )
    check("financiering_bewijs.csv", funding_ev, "regeling", REGELINGEN, "onbekende regeling")
    check("nnz_bewijs.csv", nnz_ev, "rol", EVIDENCE_ROLES, f"onbekende rol (toegestaan: {', '.join(EVIDENCE_ROLES)})")
    tranche_facts = coalition_ev[coalition_ev["feit"].isin(list(SOURCED_TRANCHE_FACTS))]
    for index, row in tranche_facts[tranche_facts.duplicated("code", keep="first")].iterrows():
        first = tranche_facts.index[tranche_facts["code"] == row["code"]][0]
        issues.append(
            DataIssue(
                "bewijs/coalities_bewijs.csv",
                int(index) + 2,
                "feit",
                row["feit"],
                f"{row['code']} heeft al een tranche-feit in rij {int(first) + 2}; één tranche per gemeente",
            )
        )
    for index, row in funding_ev[funding_ev.duplicated(["code", "regeling"], keep="first")].iterrows():
        issues.append(
            DataIssue(
                "bewijs/financiering_bewijs.csv",
                int(index) + 2,
                "regeling",
                row["regeling"],
                f"{row['code']} heeft al een bedrag voor {row['regeling']}; één bedrag per regeling",
            )
        )
    for index, value in funding_ev["bedrag_eur"].items():
        if not str(value).isdigit():
            issues.append(
                DataIssue(
                    "bewijs/financiering_bewijs.csv",
                    int(index) + 2,
                    "bedrag_eur",
                    str(value),
                    "geen heel, niet-negatief bedrag in euro's",
                )
            )
    return issues


def named_gids(inhabitants: pd.Series, evidence: pd.DataFrame) -> list[str]:
    """Municipalities a source names as GIDS-gemeente (fact gids_gemeente) and no source places in a tranche or in
    2019, smallest first (ties by code): the candidates, in order, for gids_not_registered."""
    stated = set(evidence.loc[evidence["feit"].isin([*SOURCED_TRANCHE_FACTS, "deelname_2019"]), "code"])
    named = set(evidence.loc[evidence["feit"] == "gids_gemeente", "code"]) - stated
    return list(reversed(_by_size(sorted(named), inhabitants)))


def top_up_reconciles(funding: pd.DataFrame, published: Published) -> bool:
    """True when the modelled top-up gives the published one within its wording (or none is published)."""
    if published.top_up_eur is None:
        return True
    from kansrijke.data.schemas.reconciliation import within_tolerance

    total = int(funding.loc[funding["regeling"] == "aanvulling_gids_2021", "bedrag_eur"].sum())
    return within_tolerance(published.top_up_kwalificatie, published.top_up_eur, total)


def gids_not_registered(
    inhabitants: pd.Series, evidence: pd.DataFrame, funding_evidence: pd.DataFrame, published: Published
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coalitions and funding with the fewest named GIDS municipalities counted as not registered.

    147 of the 150 GIDS municipalities registered in 2019, so up to three did not. A source that names a
    municipality as GIDS-gemeente is evidence for tranche 1-2, not proof that it registered. The uniform GIDS rule
    F1 gives the GIDS municipalities together the most inhabitants when the largest are GIDS; every small
    municipality a source places among them lowers the top-up (F3). When the published top-up ("ruim EUR 2
    miljoen") cannot hold with every named GIDS municipality registered, the smallest named ones are counted among
    the (at most three) that did not register, one by one, until it holds (rule gids_niet_aangemeld). When even
    that is not enough, ValueError names the milestone."""
    candidates = named_gids(inhabitants, evidence)
    room = 0 if published.gids_registered_of is None else max(0, published.gids_registered_of - published.gids_count)
    for k in range(0, min(room, len(candidates)) + 1):
        coalitions = assign_tranches(inhabitants, evidence, published, frozenset(candidates[:k]))
        funding = allocate_funding(coalitions, inhabitants, funding_evidence, published)
        if top_up_reconciles(funding, published):
            return coalitions, funding
    raise ValueError(
        "mijlpalen.csv aanvulling_gids_eur: the sources leave no room for the published top-up "
        f"({published.top_up_kwalificatie} {published.top_up_eur}), "
        f"not even with {room} GIDS municipalities unregistered"
    )


def build(data_dir: Path = DATA_DIR, geo_dir: Path = GEO_DIR) -> dict[str, pd.DataFrame]:
    municipalities = _read(data_dir / "gemeenten_2020.csv")
    inhabitants = _read(data_dir / "inwoners_2020.csv").set_index("code")["inwoners"].astype("int64")
    published = published_totals(_read(data_dir / "mijlpalen.csv"))
    evidence_dir = data_dir / "bewijs"
    coalition_ev = _read(evidence_dir / "coalities_bewijs.csv")
    funding_ev = _read(evidence_dir / "financiering_bewijs.csv")
    nnz_ev = _read(evidence_dir / "nnz_bewijs.csv")
    issues = check_evidence(set(municipalities["code"]), coalition_ev, funding_ev, nnz_ev)
    if issues:
        raise DataValidationError(issues)
    coalitions, funding = gids_not_registered(inhabitants, coalition_ev, funding_ev, published)
    programmes, links = nnz_programmes(municipalities, inhabitants, municipality_centroids(geo_dir), nnz_ev, published)
    return {"coalities": coalitions, "financiering": funding, "nnz_programmas": programmes, "nnz_deelname": links}


def to_csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kansrijke.data.model", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files instead of writing")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    differ = []
    try:
        tables = build(args.data_dir)
    except DataValidationError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except ValueError as error:  # the sources make a published total impossible
        print(f"model: {error}", file=sys.stderr)
        return 1
    for name, frame in tables.items():
        path = args.data_dir / f"{name}.csv"
        text = to_csv_text(frame)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differ.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({len(frame)} rows)")
    if differ:
        print("differs from the model: " + ", ".join(differ), file=sys.stderr)
        return 1
    if args.check:
        print("shipped modelled tables equal the model output")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
