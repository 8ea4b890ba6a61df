"""Provenance: the columns basis/regel/bron/bron_url/bron_datum of every fact table, and the rules over two of
them in the same row. A rule's error text is a key into ROW_RULES, which says which column the issue is about and
what to tell the user (failures.py)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from kansrijke.data.schemas.columns import choice, is_empty, partial_date, text, url
from kansrijke.vocabulary import BASES

ROW_RULES: dict[str, tuple[str, str]] = {
    "bron_bij_basis_bron": ("bron", "basis is bron, dus bron (document of pagina) is verplicht"),
    "regel_bij_basis_model": ("regel", "basis is model, dus regel (naam van de modelregel) is verplicht"),
    "geen_regel_bij_basis_bron": ("regel", "basis is bron, dus regel moet leeg zijn"),
}


def _row_rule(key: str, needs: tuple[str, ...], broken: Callable[[pd.DataFrame], pd.Series]) -> pa.Check:
    def check(df: pd.DataFrame) -> pd.Series:
        if not set(needs) <= set(df.columns):  # a missing column is reported on its own
            return pd.Series(True, index=df.index)
        return ~broken(df)

    return pa.Check(check, error=key)


PROVENANCE_CHECKS = [
    _row_rule("bron_bij_basis_bron", ("basis", "bron"), lambda d: (d["basis"] == "bron") & is_empty(d["bron"])),
    _row_rule("regel_bij_basis_model", ("basis", "regel"), lambda d: (d["basis"] == "model") & is_empty(d["regel"])),
    _row_rule(
        "geen_regel_bij_basis_bron", ("basis", "regel"), lambda d: (d["basis"] == "bron") & ~is_empty(d["regel"])
    ),
]


def provenance(with_rule: bool) -> dict[str, pa.Column]:
    """basis/regel/bron/bron_url/bron_datum. Tables without a regel column only take basis=bron."""
    columns = {"basis": choice(BASES if with_rule else ("bron",))}
    if with_rule:
        columns["regel"] = text(required=False)
    columns |= {"bron": text(required=False), "bron_url": url(), "bron_datum": partial_date(False, "brondatum")}
    return columns
