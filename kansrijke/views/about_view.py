"""What "Over de data" shows about one table: its sourced/modelled share in a sentence and its sources as a table."""

from __future__ import annotations

import pandas as pd

from kansrijke.domain import about_data
from kansrijke.text import catalogue, fmt_int, fmt_pct, t
from kansrijke.views.page import Line


def describe(name: str, lang: str) -> str:
    """What a table holds, from the catalogue (a general line for a table it does not know)."""
    key = f"over_de_data.desc.{name}"
    return t(key, lang) if key in catalogue(lang) else t("over_de_data.desc.other", lang, name=name)


def share_text(frame: pd.DataFrame, lang: str) -> str:
    """How many rows are sourced and how many modelled (or only the number of rows of a table without a basis)."""
    share = about_data.basis_share(frame)
    if "basis" not in frame.columns:
        return t("over_de_data.table.no_basis", lang, total=fmt_int(share.total, lang))
    return t(
        "over_de_data.table.share",
        lang,
        bron=fmt_int(share.bron, lang),
        total=fmt_int(share.total, lang),
        model=fmt_int(share.model, lang),
        pct=fmt_pct(share.bron_fraction, lang, 1),
    )


def sources_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The documents a table cites, with their dates and rows, headed in `lang` (empty: it cites none)."""
    return about_data.sources(frame).rename(
        columns={
            "bron": t("over_de_data.col.source", lang),
            "bron_datum": t("over_de_data.col.source_date", lang),
            "rijen": t("over_de_data.col.source_rows", lang),
            "rijen_bron": t("over_de_data.col.source_rows_bron", lang),
        }
    )


def status_text(lang: str) -> str:
    """All checks passed, with how many of each kind."""
    counts = about_data.check_counts()
    return t(
        "over_de_data.status.ok",
        lang,
        tables=fmt_int(counts.tables, lang),
        cross=fmt_int(counts.cross, lang),
        recon=fmt_int(counts.reconciliations, lang),
        total=fmt_int(counts.total, lang),
    )


def rules_and_credit(lang: str) -> tuple[Line, ...]:
    """The model's rules (each with its name and why it is there), the credit, and how to load official tables."""
    from kansrijke.views.captions import escape_markdown

    rules = []
    for rule in about_data.rule_names(catalogue(lang)):
        why_key = f"over_de_data.why.{rule}"
        why = t(why_key, lang) if why_key in catalogue(lang) else ""
        rules.append(f"- **{escape_markdown(t(f'regel.{rule}', lang))}** (`{rule}`): {escape_markdown(why)}")
    return (
        Line("subheader", t("over_de_data.rules.title", lang)),
        Line("markdown", t("over_de_data.rules.intro", lang)),
        Line("markdown", t("over_de_data.rules.bron", lang)),
        *(Line("markdown", rule) for rule in rules),
        Line("subheader", t("over_de_data.credit.title", lang)),
        *(
            Line("markdown", t(key, lang))
            for key in ("over_de_data.credit.geo", "over_de_data.credit.population", "over_de_data.credit.programme")
        ),
        Line("caption", t("credit.cbs", lang)),
        Line("subheader", t("over_de_data.official.title", lang)),
        Line("markdown", t("over_de_data.official.body", lang)),
    )
