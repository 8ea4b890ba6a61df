"""The data contract of docs/architecture.md as code, one part per module:

    files.py           which tables there are, their files, what a data folder must hold, codes of other years
    columns.py         the column mini-language: text, pattern, code, choice, numbers, dates, URL (all strings)
    provenance.py      the provenance columns and the rules between basis, regel and bron
    keys.py            the columns that identify a row of each table, and what a repeat of them means
    contract.py        one pandera schema per table, built from the above; column types for the loader
    failures.py        per-table validation: pandera failure cases -> DataIssue (file, row, column, value)
    cross.py           checks across tables: codes, GGD regions, programmes and members, funding and tranche
    reconciliation.py  the tables against the published national milestones (mijlpalen.csv)
    checks.py          every cross-table check in order, and running those whose inputs are available

The allowed values (tranches, schemes, qualifiers, units) are kansrijke.vocabulary's. The names below stay
importable from here for the callers outside the data layer (tests/app).
"""

from __future__ import annotations

from kansrijke.data.schemas.checks import CROSS_CHECKS, cross_table_issues
from kansrijke.data.schemas.contract import SCHEMAS, column_types, key_columns
from kansrijke.data.schemas.failures import check_table
from kansrijke.data.schemas.files import BOUNDARY_YEAR, FILES, OPTIONAL_FILES, TABLE_NAMES
from kansrijke.data.schemas.keys import KEYS, WHOLE_ROW

__all__ = [
    "BOUNDARY_YEAR",
    "CROSS_CHECKS",
    "FILES",
    "KEYS",
    "OPTIONAL_FILES",
    "SCHEMAS",
    "TABLE_NAMES",
    "WHOLE_ROW",
    "check_table",
    "column_types",
    "cross_table_issues",
    "key_columns",
]
