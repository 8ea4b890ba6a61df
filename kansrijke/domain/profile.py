"""Everything the tables say about one municipality (the detail panel), gathered in one pure function."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Profile:
    code: str
    municipality: pd.Series  # gemeenten_2020 row
    population: pd.Series  # inwoners_2020 row
    coalition: pd.Series | None  # coalities row (None: never takes part in the table)
    funding: pd.DataFrame  # financiering rows
    nnz_link: pd.Series | None  # nnz_deelname row
    nnz_programme: pd.Series | None  # nnz_programmas row
    stories: pd.DataFrame  # verhalen rows
    context: pd.Series | None = None  # context_2020 row (CBS key figures); with its area figures: domain.context


def _one(frame: pd.DataFrame, column: str, value: str) -> pd.Series | None:
    rows = frame[frame[column] == value]
    return rows.iloc[0] if len(rows) else None


def profile(tables, code: str) -> Profile:
    """The detail of one municipality; ValueError for a code that is not a 2020 municipality."""
    municipality = _one(tables.gemeenten, "code", code)
    if municipality is None:
        raise ValueError(f"unknown municipality code: {code!r}")
    link = _one(tables.nnz_deelname, "code", code)
    programme = _one(tables.nnz_programmas, "programma_id", link["programma_id"]) if link is not None else None
    return Profile(
        code=code,
        municipality=municipality,
        population=_one(tables.inwoners, "code", code),
        coalition=_one(tables.coalities, "code", code),
        funding=tables.financiering[tables.financiering["code"] == code]
        .sort_values(["jaar", "regeling"])
        .reset_index(drop=True),
        nnz_link=link,
        nnz_programme=programme,
        stories=tables.verhalen[tables.verhalen["code"] == code].reset_index(drop=True),
        context=_one(tables.context, "code", code),
    )
