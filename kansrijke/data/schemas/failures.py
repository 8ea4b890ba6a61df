"""Per-table validation: run a table's schema and translate pandera's failure cases into DataIssues a
non-programmer can act on (file, spreadsheet row, column, value, message), a repeated key as one issue naming
both rows."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pandera.errors import SchemaErrors

from kansrijke.data.issues import DataIssue
from kansrijke.data.schemas.contract import SCHEMAS, key_columns, optional_columns
from kansrijke.data.schemas.files import FILES
from kansrijke.data.schemas.keys import KEYS, WHOLE_ROW, duplicate_hint
from kansrijke.data.schemas.provenance import ROW_RULES


def check_table(name: str, df: pd.DataFrame) -> list[DataIssue]:
    """Validate one raw (all-string) table whose index holds spreadsheet row numbers.

    Optional columns (may_be_absent) that the file leaves out are added to `df` in place as empty text, so the
    loader's later steps see every column of the contract."""
    for column in optional_columns(name):
        if column not in df.columns:
            df[column] = ""
    try:
        SCHEMAS[name].validate(df, lazy=True)
    except SchemaErrors as err:
        return failure_cases_to_issues(name, df, err.failure_cases)
    return []


def _cell(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text_value = str(value)
    return text_value if text_value != "" else None


def _row_number(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def failure_cases_to_issues(name: str, df: pd.DataFrame, cases: pd.DataFrame) -> list[DataIssue]:
    file = FILES[name]
    expected = list(SCHEMAS[name].columns)
    issues: dict[tuple, DataIssue] = {}  # keyed so multi-column failures collapse to one issue

    def add(key: tuple, issue: DataIssue) -> None:
        issues.setdefault(key, issue)

    key_rows = {
        number
        for check, row in zip(cases["check"], cases["index"])
        if str(check) == "multiple_fields_uniqueness" and (number := _row_number(row)) is not None
    }
    for issue in duplicate_key_issues(name, df, key_rows):
        add(("key", issue.row), issue)

    for case in cases.itertuples(index=False):
        check, column, row = str(case.check), _cell(case.column), _row_number(case.index)
        if check == "column_in_dataframe":
            add(
                (check, case.failure_case),
                DataIssue(file, None, str(case.failure_case), None, "verplichte kolom ontbreekt"),
            )
        elif check == "column_in_schema":
            extra = str(case.failure_case)
            hint = "; let op de spaties rond de naam" if extra.strip() != extra else ""
            add(
                (check, extra),
                DataIssue(
                    file,
                    None,
                    extra,
                    None,
                    f"onbekende kolom{hint} (kolommen volgens het contract: {', '.join(expected)})",
                ),
            )
        elif check == "multiple_fields_uniqueness":
            continue  # duplicate_key_issues above
        elif check == "field_uniqueness" and row is not None and column is not None:
            if row in key_rows:
                continue  # a repeated key already says this row is a duplicate
            [issue] = duplicate_key_issues(name, df, {row}, key=(column,))
            add((check, column, row), issue)
        elif check in ROW_RULES and row is not None:
            blamed, message = ROW_RULES[check]
            add((check, row), DataIssue(file, row, blamed, _cell(df.loc[row, blamed]), message))
        else:
            message = check if column is not None else f"voldoet niet aan de controle '{check}'"
            add(
                (check, column, row, case.failure_case), DataIssue(file, row, column, _cell(case.failure_case), message)
            )
    return list(issues.values())


def duplicate_key_issues(
    name: str, df: pd.DataFrame, rows: set[int], key: tuple[str, ...] | None = None
) -> list[DataIssue]:
    """One issue per row in `rows` whose key (default: the table's declared key) repeats an earlier row: the
    repeated row, the row it repeats, the key columns and their values. Nothing while a key column is missing
    from the file (that is reported on its own, and a partial key would give false duplicates)."""
    key = key or key_columns(name)
    if not rows or not set(key) <= set(df.columns):
        return []
    whole_row = KEYS[name] is WHOLE_ROW and key == key_columns(name)
    values = df[list(key)]
    first_of: dict[tuple, int] = {}
    for row, value in zip(df.index, values.itertuples(index=False, name=None)):
        first_of.setdefault(value, int(row))
    issues = []
    for row in sorted(rows):
        value = tuple(values.loc[row])
        first = first_of[value]
        if first == row:
            continue
        if whole_row:
            issues.append(
                DataIssue(
                    FILES[name],
                    row,
                    None,
                    " / ".join(value),
                    f"komt al voor in rij {first}; deze tabel heeft geen sleutelkolommen, "
                    "dus mag een rij niet twee keer voorkomen",
                )
            )
            continue
        issues.append(
            DataIssue(
                FILES[name],
                row,
                "+".join(key),
                " / ".join(value),
                f"komt al voor in rij {first}; {duplicate_hint(name, key)}",
            )
        )
    return issues
