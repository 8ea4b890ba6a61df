"""The column mini-language of the table contract: one builder per kind of cell (text, pattern, code, choice,
whole number, number, date, date with the precision of its source, URL), each a pandera column over strings.

Every CSV is read as text (`dtype=str`, no NA guessing), so the columns check *strings*: a value that is not a
number, date or code becomes one issue for that cell rather than a parse error. Each column records in
`metadata["type"]` how the loader converts it once the checks pass ("int", "float", "date"; anything else stays
a string).

Checks on a value skip empty cells; emptiness is reported once, by the "verplicht" check of required columns (and
by the provenance rules for bron / regel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

EMPTY_MESSAGE = "verplicht veld is leeg"
INT_PATTERN = r"-?\d{1,18}"
FLOAT_PATTERN = r"-?\d{1,15}(\.\d{1,12})?"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"


def is_empty(s: pd.Series) -> pd.Series:
    return s.str.strip() == ""


def valid_dates(s: pd.Series) -> pd.Series:
    """Cells that are a real calendar date written YYYY-MM-DD."""
    iso = s.where(s.str.fullmatch(DATE_PATTERN))
    return pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce").notna()


def valid_partial_dates(s: pd.Series) -> pd.Series:
    """Cells that are a date with the precision of its source: YYYY, YYYY-MM or a real YYYY-MM-DD."""
    return s.str.fullmatch(r"\d{4}") | s.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])") | valid_dates(s)


def _numbers(s: pd.Series, pattern: str) -> pd.Series:
    return pd.to_numeric(s.where(s.str.fullmatch(pattern)), errors="coerce")


def _value_check(ok: Callable[[pd.Series], pd.Series], message: str) -> pa.Check:
    """A vectorised check on non-empty cells; `message` is what the failure case reports."""
    return pa.Check(lambda s: (s == "") | ok(s), error=message)


def _column(kind: str, checks: Iterable[pa.Check], required: bool) -> pa.Column:
    all_checks = list(checks)
    if required:
        all_checks.insert(0, pa.Check(lambda s: ~is_empty(s), error=EMPTY_MESSAGE))
    return pa.Column(str, checks=all_checks, nullable=False, metadata={"type": kind})


def text(required: bool = True) -> pa.Column:
    return _column("str", [], required)


def pattern(regex: str, example: str, required: bool = True) -> pa.Column:
    check = _value_check(lambda s: s.str.fullmatch(regex), f"ongeldig formaat (verwacht bijvoorbeeld {example})")
    return _column("str", [check], required)


def gemeentecode(required: bool = True) -> pa.Column:
    check = _value_check(
        lambda s: s.str.fullmatch(r"GM\d{4}"), "geen gemeentecode (verwacht GM en 4 cijfers, bv. GM0363)"
    )
    return _column("str", [check], required)


def choice(values: Iterable[str], required: bool = True) -> pa.Column:
    allowed = tuple(values)
    check = _value_check(lambda s: s.isin(allowed), f"niet toegestaan (toegestaan: {', '.join(allowed)})")
    return _column("str", [check], required)


def integer(
    minimum: int | None = None, above: bool = False, digits: int | None = None, required: bool = True
) -> pa.Column:
    """Whole number; `above=True` makes the minimum exclusive (> instead of >=)."""
    int_pattern = rf"\d{{{digits}}}" if digits else INT_PATTERN
    kind_text = f"geen jaartal (verwacht {digits} cijfers)" if digits else "geen geheel getal"
    checks = [_value_check(lambda s: s.str.fullmatch(int_pattern), kind_text)]
    if minimum is not None:
        checks.append(_minimum_check(minimum, above, int_pattern))
    return _column("int", checks, required)


def number(minimum: float | None = None, above: bool = False, required: bool = True) -> pa.Column:
    checks = [_value_check(lambda s: s.str.fullmatch(FLOAT_PATTERN), "geen getal (gebruik een punt als decimaalteken)")]
    if minimum is not None:
        checks.append(_minimum_check(minimum, above, FLOAT_PATTERN))
    return _column("float", checks, required)


def _minimum_check(minimum: float, above: bool, number_pattern: str) -> pa.Check:
    # values that are not numbers at all are left to the type check (one issue per cell)
    def ok(s: pd.Series) -> pd.Series:
        values = _numbers(s, number_pattern)
        return values.isna() | ((values > minimum) if above else (values >= minimum))

    if above:
        message = f"moet groter dan {minimum} zijn"
    else:
        message = "mag niet negatief zijn" if minimum == 0 else f"moet minstens {minimum} zijn"
    return _value_check(ok, message)


def share(required: bool = True) -> pa.Column:
    """A percentage: a number from 0 to 100."""

    def ok(s: pd.Series) -> pd.Series:
        values = _numbers(s, FLOAT_PATTERN)
        return values.isna() | ((values >= 0) & (values <= 100))

    checks = [
        _value_check(lambda s: s.str.fullmatch(FLOAT_PATTERN), "geen getal (gebruik een punt als decimaalteken)"),
        _value_check(ok, "een percentage ligt tussen 0 en 100"),
    ]
    return _column("float", checks, required)


def whole_class(values: Iterable[str], message: str, required: bool = True) -> pa.Column:
    """A class given as a whole number from a fixed list (e.g. urbanity 1-5); converted to int."""
    allowed = tuple(values)
    return _column("int", [_value_check(lambda s: s.isin(allowed), message)], required)


def date(required: bool = True) -> pa.Column:
    return _column("date", [_value_check(valid_dates, "geen geldige datum (verwacht JJJJ-MM-DD)")], required)


def partial_date(required: bool = True, what: str = "datum") -> pa.Column:
    """A date with the precision of its source: YYYY, YYYY-MM or YYYY-MM-DD; kept as a string. `what` names it in
    the message (the provenance column bron_datum is a "brondatum")."""
    message = f"geen geldige {what} (verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD)"
    return _column("str", [_value_check(valid_partial_dates, message)], required)


def url() -> pa.Column:
    """bron_url: empty (printed document) or an http(s) address; other schemes are refused."""
    check = _value_check(lambda s: s.str.fullmatch(r"https?://\S+"), "geen geldige URL (verwacht http:// of https://)")
    return _column("str", [check], False)


def may_be_absent(column: pa.Column) -> pa.Column:
    """The same column, but a file may leave it out; check_table then adds it as empty text."""
    return pa.Column(str, checks=column.checks, nullable=False, required=False, metadata=column.metadata)


def unique(column: pa.Column) -> pa.Column:
    """The same column, unique on its own although it is not (all of) the key: a rule of the data beside the key,
    reported like a duplicate key (every repeat after the first occurrence)."""
    return pa.Column(
        column.dtype,
        checks=column.checks,
        nullable=False,
        unique=True,
        report_duplicates="exclude_first",
        metadata=column.metadata,
    )
