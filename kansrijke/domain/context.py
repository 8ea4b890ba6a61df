"""The CBS context of one municipality beside its province, its GGD region and the country (pure functions).

`municipality_context(tables, code)` gives, per figure (SHOWN: live births 2020, births per 1,000, share aged
0-14, urbanity, address density, households with children, low income, near the social minimum, inhabitants,
households), the municipality's value and that of its province, its GGD region and the Netherlands, with the
reference period and the source (the context table's bron, bron_url, bron_datum; basis always `bron`).

How an area's figure is made from its municipalities (column `methode`), so that it is the area's own figure and
not the mean of its members' figures:

- `som`: inhabitants, live births, households, land area: the sum of the municipalities' counts;
- `uit_aantallen`: births per 1,000 recomputed from the counts (births / inhabitants x 1,000, finer than CBS's
  whole-number rate); inhabitants per km2 as inhabitants / land area;
- `gewogen_inwoners`: share aged 0-14, address density, income per inhabitant: the mean weighted by inhabitants
  (for the share 0-14 this is the number aged 0-14 / inhabitants, up to CBS's rounding to whole percentages);
- `gewogen_huishoudens`: household shares (with children, one-person, ...), income shares, household size,
  household income, median wealth: the mean weighted by households (the count / households up to rounding; the
  income shares are of the households whose income is known, so weighting by all households approximates);
- `klasse_van_dichtheid`: urbanity: CBS's class of the area's address density (its inhabitant-weighted mean, an
  approximation: CBS weighs addresses).

For the municipality itself every figure is CBS's own value. A municipality without a value (CBS publishes no
average income for a few small ones) is left out of the weighted mean of that figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kansrijke.data import context as vocabulary

# the figures a municipality is shown and compared on (issue 22): births first, then age, urbanity, households, income
KEY_FIGURES: tuple[str, ...] = (
    "levendgeborenen",
    "geboorten_per_1000",
    "aandeel_0_14",
    "stedelijkheid",
    "adressendichtheid",
    "aandeel_met_kinderen",
    "aandeel_laag_inkomen",
    "aandeel_sociaal_minimum",
)
SHOWN: tuple[str, ...] = (*KEY_FIGURES, "inwoners", "huishoudens")
LEVELS = ("gemeente", "provincie", "ggd", "nederland")
WEIGHTED = {"inwoners": "gewogen_inwoners", "huishoudens": "gewogen_huishoudens"}


def method_of(column: str) -> str:
    """How an area's figure is made from its municipalities (see the module docstring)."""
    indicator = vocabulary.BY_COLUMN[column]
    if indicator.kind == "count":
        return "som"
    if indicator.kind == "class":
        return "klasse_van_dichtheid"
    if column in ("geboorten_per_1000", "bevolkingsdichtheid"):
        return "uit_aantallen"
    return WEIGHTED[str(indicator.weight)]


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    known = values.notna() & weights.notna() & (weights > 0)
    if not known.any():
        return float("nan")
    return float(np.average(values[known].astype("float64"), weights=weights[known].astype("float64")))


def area_figure(rows: pd.DataFrame, column: str) -> float:
    """The figure `column` of the area made of the context rows `rows` (method_of says how); NaN for no rows."""
    if rows.empty:
        return float("nan")
    method = method_of(column)
    if method == "som":
        return float(rows[column].sum())
    if column == "geboorten_per_1000":
        return float(rows["levendgeborenen"].sum() / rows["inwoners"].sum() * 1000)
    if column == "bevolkingsdichtheid":
        return float(rows["inwoners"].sum() / (rows["oppervlakte_land_ha"].sum() / 100))
    if method == "klasse_van_dichtheid":
        density = _weighted(rows["adressendichtheid"], rows["inwoners"])
        klass = vocabulary.urbanity_class(density)
        return float("nan") if klass is None else float(klass)
    weight = str(vocabulary.BY_COLUMN[column].weight)
    return _weighted(rows[column], rows[weight])


@dataclass(frozen=True)
class MunicipalityContext:
    """The context of one municipality: names of its areas and one row per figure (see municipality_context)."""

    code: str
    naam: str
    provincie: str
    ggd_regio: str
    figures: pd.DataFrame


def municipality_context(tables, code: str, columns: tuple[str, ...] = SHOWN) -> MunicipalityContext:
    """The municipality's CBS figures beside its province, its GGD region and the country.

    `figures` has one row per column in `columns` (order kept): kenmerk, soort (Indicator.kind), periode (the key
    of the reference period, context.period.<key> in the text catalogue), gemeente, provincie, ggd, nederland
    (float; NaN where there is no value), methode (how the three areas' figures are made, method_of), basis
    ('bron'), bron, bron_url, bron_datum (of the municipality's row of the context table). ValueError for a code
    that is not a 2020 municipality or is missing from the context table."""
    places = tables.gemeenten.set_index("code")
    if code not in places.index:
        raise ValueError(f"unknown municipality code: {code!r}")
    figures = tables.context.merge(tables.gemeenten[["code", "provincie_code", "ggd_code"]], on="code", how="left")
    own = figures[figures["code"] == code]
    if own.empty:
        raise ValueError(f"{code} has no row in the context table ({vocabulary.FILE})")
    place = places.loc[code]
    areas = {
        "gemeente": own,
        "provincie": figures[figures["provincie_code"] == place["provincie_code"]],
        "ggd": figures[figures["ggd_code"] == place["ggd_code"]],
        "nederland": figures,
    }
    row = own.iloc[0]
    records = []
    for column in columns:
        indicator = vocabulary.BY_COLUMN[column]
        value = row[column]
        records.append(
            {
                "kenmerk": column,
                "soort": indicator.kind,
                "periode": indicator.period,
                "gemeente": float(value) if pd.notna(value) else float("nan"),
                **{level: area_figure(areas[level], column) for level in LEVELS[1:]},
                "methode": method_of(column),
                "basis": row["basis"],
                "bron": row["bron"],
                "bron_url": row["bron_url"],
                "bron_datum": row["bron_datum"],
            }
        )
    return MunicipalityContext(
        code=code,
        naam=str(place["naam"]),
        provincie=str(place["provincie"]),
        ggd_regio=str(place["ggd_regio"]),
        figures=pd.DataFrame.from_records(records),
    )


def characteristic_values(tables, column: str) -> pd.DataFrame:
    """One CBS figure for every municipality (for a map coloured by it): code, naam, waarde (float, NaN where
    CBS publishes none), periode, basis, bron, bron_url, bron_datum; sorted by code. ValueError for a column that
    is not in the context table."""
    if column not in vocabulary.BY_COLUMN:
        raise ValueError(f"{column!r} is not a column of {vocabulary.FILE}")
    frame = tables.gemeenten[["code", "naam"]].merge(tables.context, on="code", how="left")
    return pd.DataFrame(
        {
            "code": frame["code"],
            "naam": frame["naam"],
            "waarde": frame[column].astype("float64"),
            "periode": vocabulary.BY_COLUMN[column].period,
            "basis": frame["basis"],
            "bron": frame["bron"],
            "bron_url": frame["bron_url"],
            "bron_datum": frame["bron_datum"],
        }
    ).sort_values("code", ignore_index=True)
