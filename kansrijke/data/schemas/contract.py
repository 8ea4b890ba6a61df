"""The table contract of docs/architecture.md as code: one pandera schema per table, built from the column
mini-language (columns.py), the provenance columns and rules (provenance.py) and the table's key (keys.py)."""

from __future__ import annotations

import pandera.pandas as pa

from kansrijke.data import context
from kansrijke.data.schemas.columns import (
    choice,
    date,
    gemeentecode,
    integer,
    may_be_absent,
    number,
    partial_date,
    pattern,
    share,
    text,
    unique,
    whole_class,
)
from kansrijke.data.schemas.files import FILES
from kansrijke.data.schemas.keys import KEYS, WHOLE_ROW, key_of
from kansrijke.data.schemas.provenance import PROVENANCE_CHECKS, provenance
from kansrijke.vocabulary import EENHEDEN, GEBEURTENIS_GEMEENTEN, KWALIFICATIES, REGELINGEN, TRANCHES


def table_schema(name: str, columns: dict[str, pa.Column]) -> pa.DataFrameSchema:
    """The schema of table `name`: its columns (strict: no others), the provenance rules and its key."""
    declared = KEYS[name]
    # the whole row includes the optional columns: check_table adds them as empty text before validating
    key = key_of(name, columns)
    unknown = [] if declared is WHOLE_ROW else [c for c in key if c not in columns or not columns[c].required]
    if unknown:  # a declared key column that a file may leave out cannot identify its rows
        raise ValueError(f"{FILES[name]}: key columns {unknown} are not required columns of the contract")
    return pa.DataFrameSchema(
        columns,
        checks=PROVENANCE_CHECKS,
        strict=True,
        unique=list(key),
        report_duplicates="exclude_first",
        name=FILES[name],
    )


def context_columns() -> dict[str, pa.Column]:
    """The indicator columns of the context table, by their kind (kansrijke.data.context.Indicator.kind)."""
    columns = {}
    for indicator in context.INDICATORS:
        kind, required = indicator.kind, indicator.required
        if kind == "count":
            columns[indicator.column] = integer(minimum=0, required=required)
        elif kind == "share":
            columns[indicator.column] = share(required=required)
        elif kind == "class":
            message = "geen stedelijkheidsklasse (verwacht 1 tot en met 5)"
            columns[indicator.column] = whole_class(context.URBANITY_CLASSES, message, required=required)
        elif kind == "amount":
            columns[indicator.column] = number(required=required)
        else:  # rate, number
            columns[indicator.column] = number(minimum=0, required=required)
    return columns


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "gemeenten": table_schema(
        "gemeenten",
        {
            "code": gemeentecode(),
            "naam": text(),
            "provincie_code": pattern(r"PV\d\d", "PV27"),
            "provincie": text(),
            "ggd_code": pattern(r"GG\d{4}", "GG3406"),
            "ggd_regio": text(),
            **provenance(with_rule=False),
        },
    ),
    "inwoners": table_schema(
        "inwoners",
        {
            "code": gemeentecode(),
            "inwoners": integer(minimum=0, above=True),
            "peildatum": text(),
            **provenance(with_rule=False),
        },
    ),
    "coalities": table_schema(
        "coalities",
        {
            "code": gemeentecode(),
            "tranche": choice(TRANCHES),
            "datum_deelname": date(),
            **provenance(with_rule=True),
            "toelichting": text(required=False),
        },
    ),
    "financiering": table_schema(
        "financiering",
        {
            "code": gemeentecode(),
            "regeling": choice(REGELINGEN),
            "jaar": integer(digits=4),
            "bedrag_eur": integer(minimum=0),
            **provenance(with_rule=True),
        },
    ),
    "nnz_programmas": table_schema(
        "nnz_programmas",
        {
            "programma_id": pattern(r"NNZ\d\d", "NNZ07"),
            "naam": text(),
            "centrumgemeente": gemeentecode(),
            "ggd_code": pattern(r"GG\d{4}", "GG3406"),
            "start_datum": date(),
            **provenance(with_rule=True),
        },
    ),
    # beside the key (programma_id, code): a municipality is in at most one programme, so code is unique too
    "nnz_deelname": table_schema(
        "nnz_deelname",
        {
            "programma_id": pattern(r"NNZ\d\d", "NNZ07"),
            "code": unique(gemeentecode()),
            "start_datum": date(),
            **provenance(with_rule=True),
        },
    ),
    "mijlpalen": table_schema(
        "mijlpalen",
        {
            "datum": date(),
            "datum_label": text(),
            "indicator": pattern(r"[a-z][a-z0-9_]*", "gids_gemeenten"),
            "waarde": number(minimum=0),
            "kwalificatie": choice(KWALIFICATIES),
            "noemer": number(minimum=0, above=True, required=False),
            "eenheid": choice(EENHEDEN),
            **provenance(with_rule=False),
            "toelichting": text(required=False),
        },
    ),
    "verhalen": table_schema(
        "verhalen",
        {
            "code": gemeentecode(),
            "titel": text(),
            "thema": text(),
            "samenvatting": text(),
            # English versions written by the project from the Dutch rows (the source stays as published).
            # Optional: a file without them still loads and the app falls back to the Dutch text.
            "titel_en": may_be_absent(text(required=False)),
            "thema_en": may_be_absent(text(required=False)),
            "samenvatting_en": may_be_absent(text(required=False)),
            **provenance(with_rule=False),
        },
    ),
    # Dated national funding events without a per-municipality table (the 2022 circulaires). bedrag_eur stays
    # empty while no amount is published; datum has the precision of the source (YYYY, YYYY-MM or YYYY-MM-DD).
    "gebeurtenissen": table_schema(
        "gebeurtenissen",
        {
            "datum": partial_date(),
            "datum_label": text(),
            "gebeurtenis": pattern(r"[a-z][a-z0-9_]*", "meicirculaire_2022"),
            "gemeenten": choice(GEBEURTENIS_GEMEENTEN),
            "bedrag_eur": number(minimum=0, required=False),
            **provenance(with_rule=False),
            "toelichting": text(required=False),
        },
    ),
    # CBS key figures of 2020 per municipality (kansrijke/data/context.py: columns, periods, national totals)
    context.TABLE: table_schema(
        context.TABLE, {"code": gemeentecode(), **context_columns(), **provenance(with_rule=False)}
    ),
}


def column_types(name: str) -> dict[str, str]:
    """Column -> "str" | "int" | "float" | "date", in contract order."""
    return {col: column.metadata["type"] for col, column in SCHEMAS[name].columns.items()}


def key_columns(name: str) -> tuple[str, ...]:
    """The columns that identify a row of table `name` (every column of the contract for WHOLE_ROW)."""
    return key_of(name, SCHEMAS[name].columns)


def optional_columns(name: str) -> tuple[str, ...]:
    """Columns of a table that a file may leave out (see columns.may_be_absent)."""
    return tuple(col for col, column in SCHEMAS[name].columns.items() if not column.required)
