"""Peer municipalities: which municipalities resemble a chosen one, on characteristics with adjustable weights.

Pure functions (no Streamlit, no text). Deterministic: the same tables and weights always give the same order;
equal distances are ordered by municipality code.

Characteristics (FEATURES), one value per municipality (`feature_frame`):

| key             | value                                                                   | kind     | basis |
|-----------------|-------------------------------------------------------------------------|----------|-------|
| inwoners        | log10 of the inhabitants on 1 January 2020 (inwoners_2020.csv)          | numeric  | bron  |
| geboorten       | live births 2020 per 1,000 inhabitants (context_2020.csv, from counts)  | numeric  | bron  |
| jong            | % of inhabitants aged 0-14 (context_2020.csv)                           | numeric  | bron  |
| stedelijkheid   | log10 of the address density (omgevingsadressendichtheid, CBS's measure | numeric  | bron  |
|                 | behind its urbanity classes; context_2020.csv)                          |          |       |
| gezinnen        | % of households with children (context_2020.csv)                        | numeric  | bron  |
| laag_inkomen    | % of households with a low income (context_2020.csv)                    | numeric  | bron  |
| sociaal_minimum | % of households at or near the social minimum (context_2020.csv)        | numeric  | bron  |
| dichtheid       | log10 of inhabitants per km2 (see below)                                | numeric  | bron  |
| provincie       | province code                                                           | category | bron  |
| ggd             | GGD region code                                                         | category | bron  |
| tranche         | coalition tranche (coalities.csv; 'geen' without a row)                 | category | model |
| deelname        | date joined (coalities.csv), as a day number                            | numeric  | model |
| nnz             | in a Nu Niet Zwanger programme on 1 July 2020 (nnz_deelname.csv)        | category | model |

The programme characteristics (tranche, deelname, nnz) are modelled for all but a few municipalities
(`Feature.modelled`): the default weights rest only on sourced characteristics, and a ranking in which a modelled
characteristic weighs is itself modelled (`ranking_basis`, column `basis` of find_peers). Births per 1,000 are
recomputed from the counts (levendgeborenen / inwoners x 1,000), which is finer than CBS's whole-number rate.

Density is inhabitants per km2 of the municipality's area as drawn by the shipped CBS/PDOK generalised boundaries
(kansrijke.data.geo.areas_km2): land plus inland water, without the North Sea, Wadden Sea and IJsselmeer. It stood
in for urbanity before the CBS key figures came in; CBS's own measure (the address density behind its urbanity
classes, `stedelijkheid`) now has the default weight, and this one stays available at weight 0. Sizes and
densities are taken on a log scale, so that 50,000 against 100,000 inhabitants counts as much as 400,000 against
800,000.

Distance (a weighted Gower distance), between the chosen municipality a and every other municipality b:

- per numeric characteristic: |x_a - x_b| / (max - min of x over all municipalities in the frame), so 0..1;
- per category: 0 when equal, 1 when different;
- a value missing on one side only counts as 1, missing on both sides as 0;
- the distance is the weighted mean of these parts: sum(w_i * d_i) / sum(w_i), so 0..1, and the similarity is
  1 - distance. Weights are non-negative; at least one must be positive.

A characteristic "matches" (`overeenkomend`) when its part is at most MATCH_NUMERIC (numeric) or 0 (category).
A municipality is never its own peer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kansrijke.data.model import NNZ_STAND
from kansrijke.domain.context import KEY_FIGURES


@dataclass(frozen=True)
class Feature:
    key: str
    column: str  # column of the feature frame that holds the compared value
    numeric: bool
    modelled: bool = False  # its values are (mostly) filled by a model rule, not stated by a source


FEATURES: tuple[Feature, ...] = (
    Feature("inwoners", "log_inwoners", True),
    Feature("geboorten", "geboorten_per_1000", True),
    Feature("jong", "aandeel_0_14", True),
    Feature("stedelijkheid", "log_adressendichtheid", True),
    Feature("gezinnen", "aandeel_met_kinderen", True),
    Feature("laag_inkomen", "aandeel_laag_inkomen", True),
    Feature("sociaal_minimum", "aandeel_sociaal_minimum", True),
    Feature("dichtheid", "log_dichtheid", True),
    Feature("provincie", "provincie_code", False),
    Feature("ggd", "ggd_code", False),
    Feature("tranche", "tranche", False, modelled=True),
    Feature("deelname", "deelname_dag", True, modelled=True),
    Feature("nnz", "nnz", False, modelled=True),
)
FEATURE_KEYS = tuple(f.key for f in FEATURES)
BY_KEY = {f.key: f for f in FEATURES}
MODELLED_KEYS = tuple(f.key for f in FEATURES if f.modelled)

# Default weights rest only on sourced characteristics (CBS): size, births per 1,000 and low income first, then
# urbanity (address density), the young share and households with children. Near the social minimum goes with
# low income (the two shares move together), and inhabitants per km2 of the drawn area with the address density,
# so both start at 0 rather than count the same thing twice. Province and GGD region start at 0: a same/different
# characteristic weighs as much as the whole range of a numeric one, so with a positive default weight every
# neighbour in the province would outrank a like-sized city elsewhere. The modelled programme characteristics
# (tranche, date joined, NNZ) start at 0 too; a user may weigh them, and the ranking then says it is modelled.
DEFAULT_WEIGHTS: dict[str, int] = {
    "inwoners": 3,
    "geboorten": 2,
    "jong": 1,
    "stedelijkheid": 2,
    "gezinnen": 1,
    "laag_inkomen": 2,
    "sociaal_minimum": 0,
    "dichtheid": 0,
    "provincie": 0,
    "ggd": 0,
    "tranche": 0,
    "deelname": 0,
    "nnz": 0,
}
REASON_COUNT = 3  # a proposed peer's reason names at most this many characteristics
MAX_WEIGHT = 5
DEFAULT_COUNT = 5
MATCH_NUMERIC = 0.1  # a numeric part within a tenth of the range "matches"
NO_TRANCHE = "geen"
_CODE = re.compile(r"GM\d{4}")


def feature_frame(
    gemeenten: pd.DataFrame,
    inwoners: pd.DataFrame,
    coalities: pd.DataFrame,
    nnz_deelname: pd.DataFrame,
    areas: pd.DataFrame,
    context: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per municipality (sorted by code) with the raw characteristics and the compared values.

    Columns: code, naam, provincie_code, provincie, ggd_code, ggd_regio, inwoners, oppervlakte_km2, dichtheid,
    tranche, datum_deelname, basis_deelname, nnz (bool), the context figures levendgeborenen, geboorten_per_1000,
    aandeel_0_14, stedelijkheid (CBS class 1-5), adressendichtheid, aandeel_met_kinderen, aandeel_laag_inkomen,
    aandeel_sociaal_minimum, and the compared log_inwoners, log_dichtheid, log_adressendichtheid, deelname_dag.
    `areas` has columns code, oppervlakte_km2 (kansrijke.data.geo.areas_km2); a municipality without an area or
    inhabitants gets a missing density. `context` is Tables.context (CBS key figures); without it (or for a
    municipality not in it) the context figures are missing, and a missing value counts as unlike (see the module
    docstring), so peers then rest on the other characteristics.
    """
    frame = gemeenten[["code", "naam", "provincie_code", "provincie", "ggd_code", "ggd_regio"]].copy()
    frame = frame.merge(inwoners[["code", "inwoners"]], on="code", how="left")
    frame = frame.merge(areas[["code", "oppervlakte_km2"]], on="code", how="left")
    joined = coalities[["code", "tranche", "datum_deelname", "basis"]].rename(columns={"basis": "basis_deelname"})
    frame = frame.merge(joined, on="code", how="left")
    frame["tranche"] = frame["tranche"].fillna(NO_TRANCHE)
    started = nnz_deelname[
        pd.to_datetime(nnz_deelname["start_datum"]) <= pd.Timestamp(NNZ_STAND)
    ]  # in a programme on 1 July 2020
    frame["nnz"] = frame["code"].isin(set(started["code"]))
    people = frame["inwoners"].astype("float64")
    area = frame["oppervlakte_km2"].astype("float64")
    frame["dichtheid"] = people / area.where(area > 0)
    frame["log_inwoners"] = np.log10(people.where(people > 0))
    frame["log_dichtheid"] = np.log10(frame["dichtheid"].where(frame["dichtheid"] > 0))
    figures = _context_figures(context)
    frame = frame.merge(figures, on="code", how="left")
    frame["log_adressendichtheid"] = np.log10(
        frame["adressendichtheid"].astype("float64").where(frame["adressendichtheid"] > 0)
    )
    dates = pd.to_datetime(frame["datum_deelname"])
    frame["deelname_dag"] = (dates - pd.Timestamp("1970-01-01")).dt.days.astype("float64")
    return frame.sort_values("code", ignore_index=True)


CONTEXT_COLUMNS = KEY_FIGURES  # births (count, per 1,000), then the figures taken as CBS states them


def _context_figures(context: pd.DataFrame | None) -> pd.DataFrame:
    """code + CONTEXT_COLUMNS (float) from the context table; births per 1,000 recomputed from the counts."""
    if context is None or context.empty:
        return pd.DataFrame(
            {"code": pd.Series(dtype="str"), **{c: pd.Series(dtype="float64") for c in CONTEXT_COLUMNS}}
        )
    out = pd.DataFrame({"code": context["code"].astype("str")})
    people = context["inwoners"].astype("float64")
    out["levendgeborenen"] = context["levendgeborenen"].astype("float64")
    out["geboorten_per_1000"] = out["levendgeborenen"] / people.where(people > 0) * 1000
    for column in CONTEXT_COLUMNS[2:]:
        out[column] = context[column].astype("float64")
    return out


def modelled_weighted(weights: Mapping[str, float]) -> tuple[str, ...]:
    """The modelled characteristics (Feature.modelled) that have a positive weight, in FEATURES order."""
    return tuple(key for key in MODELLED_KEYS if float(weights.get(key, 0)) > 0)


def ranking_basis(weights: Mapping[str, float]) -> str:
    """'model' when a modelled characteristic weighs in the ranking, else 'bron' (a view shows it with the peers)."""
    return "model" if modelled_weighted(weights) else "bron"


def alike_in(parts: Mapping[str, float], weights: Mapping[str, float], count: int = REASON_COUNT) -> tuple[str, ...]:
    """The characteristics a peer is most alike in: those with a positive weight, smallest part first (ties: the
    heavier weight, then FEATURES order), at most `count`. A part of 1 (different, or a value missing) is never a
    reason. `parts` maps each key to its 0..1 part (find_peers' d_<key> columns)."""
    order = {key: i for i, key in enumerate(FEATURE_KEYS)}
    weighed = [key for key in FEATURE_KEYS if float(weights.get(key, 0)) > 0 and float(parts[key]) < 1.0]
    weighed.sort(key=lambda key: (round(float(parts[key]), 12), -float(weights[key]), order[key]))
    return tuple(weighed[:count])


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """All FEATURE_KEYS with a weight (missing keys count 0); ValueError for an unknown key, a negative or
    non-finite weight, or when every weight is 0."""
    unknown = sorted(set(weights) - set(FEATURE_KEYS))
    if unknown:
        raise ValueError(f"unknown characteristic(s) {unknown}; expected some of {list(FEATURE_KEYS)}")
    result = {}
    for key in FEATURE_KEYS:
        value = float(weights.get(key, 0))
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"weight of {key!r} must be a number >= 0, got {weights.get(key)!r}")
        result[key] = value
    if not any(result.values()):
        raise ValueError("at least one weight must be greater than 0")
    return result


def has_weight(weights: Mapping[str, float]) -> bool:
    """True when at least one weight is positive (find_peers needs that)."""
    return any(float(v) > 0 for v in weights.values())


def _parts(frame: pd.DataFrame, row: pd.Series, spans: Mapping[str, float]) -> pd.DataFrame:
    """Per characteristic, the 0..1 distance of every municipality in `frame` to `row`; numeric differences are
    divided by `spans` (the range over all municipalities, including `row`)."""
    parts = {}
    for feature in FEATURES:
        values = frame[feature.column]
        own = row[feature.column]
        own_missing = pd.isna(own)
        missing = values.isna()
        if feature.numeric:
            span = spans[feature.key]
            if own_missing:
                part = pd.Series(1.0, index=frame.index)
            else:
                diff = (values.astype("float64") - float(own)).abs()
                part = diff / span if span > 0 else diff * 0.0
        else:
            part = (values != own).astype("float64") if not own_missing else pd.Series(1.0, index=frame.index)
        part = part.where(~missing, 0.0 if own_missing else 1.0)
        parts[feature.key] = part.clip(0.0, 1.0)
    return pd.DataFrame(parts, index=frame.index)


def find_peers(
    frame: pd.DataFrame, code: str, weights: Mapping[str, float] | None = None, n: int | None = DEFAULT_COUNT
) -> pd.DataFrame:
    """The municipalities nearest to `code`, nearest first (ties by code); the first `n` (None: all others).

    `frame` is a feature_frame. Columns of the result: rang (1, 2, ...), code, naam, afstand (0..1),
    gelijkenis (1 - afstand), one column `d_<key>` per characteristic (its 0..1 part), `bijdrage_<key>` (its
    share of the distance: w * d / sum(w)), overeenkomend (tuple of the keys that match), lijkt_op (tuple of the
    keys it is most alike in, alike_in: the reason shown with a proposed peer) and basis ('model' when a modelled
    characteristic weighs, ranking_basis; the same on every row).
    ValueError for a code not in the frame or for invalid weights (check_weights).
    """
    w = check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    if n is not None and n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    matches = frame.index[frame["code"] == code]
    if len(matches) == 0:
        raise ValueError(f"unknown municipality code {code!r}: not in the comparison table")
    row = frame.loc[matches[0]]
    others = frame[frame["code"] != code]
    spans = {f.key: frame[f.column].max() - frame[f.column].min() for f in FEATURES if f.numeric}
    parts = _parts(others, row, spans)
    total = sum(w.values())
    result = pd.DataFrame({"code": others["code"], "naam": others["naam"]})
    contribution = pd.DataFrame({key: parts[key] * w[key] / total for key in FEATURE_KEYS}, index=others.index)
    # Rounded before sorting, so that float noise in equal sums cannot reorder ties: ties go by code.
    result["afstand"] = contribution.sum(axis=1).round(12)
    result["gelijkenis"] = 1.0 - result["afstand"]
    for key in FEATURE_KEYS:
        result[f"d_{key}"] = parts[key]
    for key in FEATURE_KEYS:
        result[f"bijdrage_{key}"] = contribution[key]
    numeric = {f.key for f in FEATURES if f.numeric}
    result["overeenkomend"] = [
        tuple(
            key for key in FEATURE_KEYS if w[key] > 0 and parts.at[i, key] <= (MATCH_NUMERIC if key in numeric else 0.0)
        )
        for i in others.index
    ]
    result["lijkt_op"] = [alike_in(parts.loc[i], w) for i in others.index]
    result["basis"] = ranking_basis(w)
    result = result.sort_values(["afstand", "code"], ignore_index=True)
    result.insert(0, "rang", range(1, len(result) + 1))
    return result if n is None else result.head(n)


def parse_codes(raw: str | Iterable[str] | None, known: Iterable[str], exclude: str | None = None) -> list[str] | None:
    """Municipality codes from a URL value such as 'GM0599,GM0518' (or a list of such values).

    Returns the codes in the given order without duplicates and without `exclude` (a municipality is not its own
    peer); [] for an empty value; None when any part is not a known GMxxxx code (the caller then shows the default
    view and a notice)."""
    if raw is None:
        return []
    pieces = [raw] if isinstance(raw, str) else list(raw)
    known = set(known)
    codes: list[str] = []
    for piece in pieces:
        for part in str(piece).split(","):
            part = part.strip().upper()
            if not part:
                continue
            if not _CODE.fullmatch(part) or part not in known:
                return None
            if part != exclude and part not in codes:
                codes.append(part)
    return codes


def format_codes(codes: Iterable[str]) -> str:
    """The URL value of a list of codes: 'GM0599,GM0518'."""
    return ",".join(codes)
