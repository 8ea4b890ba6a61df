"""The data contract of docs/architecture.md as code: one pandera schema per table, then the
checks that need more than one table.

Every CSV is read as text (`dtype=str`, no NA guessing), so the schemas check *strings*: a value
that is not a number, date or code becomes one issue for that cell rather than a parse error.
Each column records in `metadata["type"]` how the loader converts it once the checks pass
("int", "float", "date"; anything else stays a string).

Checks on a value skip empty cells; emptiness is reported once, by the "verplicht" check of
required columns (and by the provenance rules for bron / regel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from kansrijke.data import context
from kansrijke.data.issues import DataIssue

# ---------------------------------------------------------------------------------------------
# Vocabulary of the contract

FILES: dict[str, str] = {
    "gemeenten": "gemeenten_2020.csv",
    "inwoners": "inwoners_2020.csv",
    "coalities": "coalities.csv",
    "financiering": "financiering.csv",
    "nnz_programmas": "nnz_programmas.csv",
    "nnz_deelname": "nnz_deelname.csv",
    "mijlpalen": "mijlpalen.csv",
    "verhalen": "verhalen.csv",
    "gebeurtenissen": "gebeurtenissen.csv",
    context.TABLE: context.FILE,
}
TABLE_NAMES = tuple(FILES)
# Tables whose file may be absent from a data folder: the loader then gives an empty table (no issue).
OPTIONAL_FILES = frozenset({"gebeurtenissen", context.TABLE})

BOUNDARY_YEAR = 2020
# every 2020 municipality; inwoners must have the same codes; the context table, when present, all of them
EXPECTED_ROWS = {"gemeenten": 355, context.TABLE: 355}
ROWS_REQUIRED = frozenset(TABLE_NAMES) - {"verhalen", "gebeurtenissen", context.TABLE}  # these may be header-only

TRANCHES = ("gids_2019", "tranche3_2020", "impuls_2022")
REGELINGEN = ("impuls_gids_2019", "impuls_tranche3_2020", "aanvulling_gids_2021")
KWALIFICATIES = ("exact", "circa", "ruim", "bijna", "meer_dan")
GEBEURTENIS_GEMEENTEN = ("deelnemers", "nog_niet_deelnemers", "alle")  # whom a dated funding event concerns
EENHEDEN = ("gemeenten", "programmas", "coalities", "ggd_regios", "procent", "eur", "eur_per_jaar")

# Which coalition tranche a funding scheme is meant for.
REGELING_TRANCHE = {
    "impuls_gids_2019": "gids_2019",
    "aanvulling_gids_2021": "gids_2019",
    "impuls_tranche3_2020": "tranche3_2020",
}

# Codes that are valid in a later municipal boundary year but not in 2020, with the 2020 codes
# they replace (CBS gemeentelijke indeling 2022), so a wrong-year code gets a helpful message.
OTHER_YEAR_CODES: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "GM1979": (2021, "Eemsdelta", ("GM0003", "GM0010", "GM0024")),
    "GM1980": (2022, "Dijk en Waard", ("GM0398", "GM0416")),
    "GM1982": (2022, "Land van Cuijk", ("GM0756", "GM0786", "GM0815", "GM1684", "GM1702")),
    "GM1991": (2022, "Maashorst", ("GM0856", "GM1685")),
}

# ---------------------------------------------------------------------------------------------
# Column builders (all columns hold strings; see module docstring)

EMPTY_MESSAGE = "verplicht veld is leeg"
INT_PATTERN = r"-?\d{1,18}"
FLOAT_PATTERN = r"-?\d{1,15}(\.\d{1,12})?"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"


def _is_empty(s: pd.Series) -> pd.Series:
    return s.str.strip() == ""


def _valid_dates(s: pd.Series) -> pd.Series:
    iso = s.where(s.str.fullmatch(DATE_PATTERN))
    return pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce").notna()


def _numbers(s: pd.Series, pattern: str) -> pd.Series:
    return pd.to_numeric(s.where(s.str.fullmatch(pattern)), errors="coerce")


def _value_check(ok: Callable[[pd.Series], pd.Series], message: str) -> pa.Check:
    """A vectorised check on non-empty cells; `message` is what the failure case reports."""
    return pa.Check(lambda s: (s == "") | ok(s), error=message)


def _column(kind: str, checks: Iterable[pa.Check], required: bool) -> pa.Column:
    all_checks = list(checks)
    if required:
        all_checks.insert(0, pa.Check(lambda s: ~_is_empty(s), error=EMPTY_MESSAGE))
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


def date(required: bool = True) -> pa.Column:
    return _column("date", [_value_check(_valid_dates, "geen geldige datum (verwacht JJJJ-MM-DD)")], required)


def source_date() -> pa.Column:
    """bron_datum: YYYY, YYYY-MM or YYYY-MM-DD; kept as a string; may be empty."""

    def ok(s: pd.Series) -> pd.Series:
        return s.str.fullmatch(r"\d{4}") | s.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])") | _valid_dates(s)

    return _column("str", [_value_check(ok, "geen geldige brondatum (verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD)")], False)


def partial_date() -> pa.Column:
    """A required date with the precision of its source: YYYY, YYYY-MM or YYYY-MM-DD; kept as a string."""

    def ok(s: pd.Series) -> pd.Series:
        return s.str.fullmatch(r"\d{4}") | s.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])") | _valid_dates(s)

    return _column("str", [_value_check(ok, "geen geldige datum (verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD)")], True)


def url() -> pa.Column:
    """bron_url: empty (printed document) or an http(s) address; other schemes are refused."""
    check = _value_check(lambda s: s.str.fullmatch(r"https?://\S+"), "geen geldige URL (verwacht http:// of https://)")
    return _column("str", [check], False)


# ---------------------------------------------------------------------------------------------
# Provenance: rules over two columns of the same row. The check's error text is a key into
# ROW_RULES, which says which column the issue is about and what to tell the user.

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
    _row_rule("bron_bij_basis_bron", ("basis", "bron"), lambda d: (d["basis"] == "bron") & _is_empty(d["bron"])),
    _row_rule("regel_bij_basis_model", ("basis", "regel"), lambda d: (d["basis"] == "model") & _is_empty(d["regel"])),
    _row_rule(
        "geen_regel_bij_basis_bron", ("basis", "regel"), lambda d: (d["basis"] == "bron") & ~_is_empty(d["regel"])
    ),
]


def provenance(with_rule: bool) -> dict[str, pa.Column]:
    """basis/regel/bron/bron_url/bron_datum. Tables without a regel column only take basis=bron."""
    columns = {"basis": choice(("bron", "model") if with_rule else ("bron",))}
    if with_rule:
        columns["regel"] = text(required=False)
    columns |= {"bron": text(required=False), "bron_url": url(), "bron_datum": source_date()}
    return columns


# ---------------------------------------------------------------------------------------------
# Keys: the columns that identify a row. A second row with the same values in them is a duplicate and is reported
# with both row numbers and the key values (failure_cases_to_issues). WHOLE_ROW: no column identifies a row, so the
# whole row is the key (only an identical repeat is a duplicate). Documented per table in docs/architecture.md
# ("Tables") and data/README.md.

WHOLE_ROW = None

KEYS: dict[str, tuple[str, ...] | None] = {
    "gemeenten": ("code",),
    "inwoners": ("code",),
    "coalities": ("code",),
    "financiering": ("code", "regeling"),
    "nnz_programmas": ("programma_id",),
    "nnz_deelname": ("programma_id", "code"),
    # two sources may publish the same indicator for the same date (176 vs 172 is kept that way): both rows stay
    "mijlpalen": ("indicator", "datum", "bron"),
    "verhalen": ("code", "titel"),
    "gebeurtenissen": ("gebeurtenis",),
    context.TABLE: ("code",),
}

# What a repeated key (or a repeat in a column unique beside the key) means, where "must be unique" says too little.
KEY_HINTS: dict[tuple[str, tuple[str, ...]], str] = {
    ("coalities", ("code",)): "hoogstens één rij per gemeente",
    ("gemeenten", ("code",)): "elke gemeente staat er één keer in",
    ("inwoners", ("code",)): "één inwonertal per gemeente",
    (context.TABLE, ("code",)): "één rij kerncijfers per gemeente",
    ("financiering", ("code", "regeling")): "één bedrag per gemeente en regeling",
    ("nnz_deelname", ("code",)): "een gemeente hoort bij hoogstens één NNZ-programma",
}


def key_columns(name: str) -> tuple[str, ...]:
    """The columns that identify a row of table `name` (every column of the contract for WHOLE_ROW)."""
    key = KEYS[name]
    return tuple(SCHEMAS[name].columns) if key is WHOLE_ROW else key


def _schema(name: str, columns: dict[str, pa.Column]) -> pa.DataFrameSchema:
    declared = KEYS[name]
    # the whole row includes the optional columns: check_table adds them as empty text before validating
    key = tuple(columns) if declared is WHOLE_ROW else declared
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


def may_be_absent(column: pa.Column) -> pa.Column:
    """The same column, but a file may leave it out; check_table then adds it as empty text."""
    return pa.Column(str, checks=column.checks, nullable=False, required=False, metadata=column.metadata)


def optional_columns(name: str) -> tuple[str, ...]:
    """Columns of a table that a file may leave out (see may_be_absent)."""
    return tuple(col for col, column in SCHEMAS[name].columns.items() if not column.required)


def _unique(column: pa.Column) -> pa.Column:
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


def _context_columns() -> dict[str, pa.Column]:
    """The indicator columns of the context table, by kind (context.Indicator.kind)."""
    columns = {}
    for indicator in context.INDICATORS:
        kind, required = indicator.kind, indicator.required
        if kind == "count":
            columns[indicator.column] = integer(minimum=0, required=required)
        elif kind == "share":
            columns[indicator.column] = share(required=required)
        elif kind == "class":
            check = _value_check(
                lambda s: s.isin(context.URBANITY_CLASSES), "geen stedelijkheidsklasse (verwacht 1 tot en met 5)"
            )
            columns[indicator.column] = _column("int", [check], required)
        elif kind == "amount":
            columns[indicator.column] = number(required=required)
        else:  # rate, number
            columns[indicator.column] = number(minimum=0, required=required)
    return columns


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "gemeenten": _schema(
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
    "inwoners": _schema(
        "inwoners",
        {
            "code": gemeentecode(),
            "inwoners": integer(minimum=0, above=True),
            "peildatum": text(),
            **provenance(with_rule=False),
        },
    ),
    "coalities": _schema(
        "coalities",
        {
            "code": gemeentecode(),
            "tranche": choice(TRANCHES),
            "datum_deelname": date(),
            **provenance(with_rule=True),
            "toelichting": text(required=False),
        },
    ),
    "financiering": _schema(
        "financiering",
        {
            "code": gemeentecode(),
            "regeling": choice(REGELINGEN),
            "jaar": integer(digits=4),
            "bedrag_eur": integer(minimum=0),
            **provenance(with_rule=True),
        },
    ),
    "nnz_programmas": _schema(
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
    "nnz_deelname": _schema(
        "nnz_deelname",
        {
            "programma_id": pattern(r"NNZ\d\d", "NNZ07"),
            "code": _unique(gemeentecode()),
            "start_datum": date(),
            **provenance(with_rule=True),
        },
    ),
    "mijlpalen": _schema(
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
    "verhalen": _schema(
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
    "gebeurtenissen": _schema(
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
    context.TABLE: _schema(
        context.TABLE, {"code": gemeentecode(), **_context_columns(), **provenance(with_rule=False)}
    ),
}


def column_types(name: str) -> dict[str, str]:
    """Column -> "str" | "int" | "float" | "date", in contract order."""
    return {col: column.metadata["type"] for col, column in SCHEMAS[name].columns.items()}


# ---------------------------------------------------------------------------------------------
# Per-table validation: pandera failure cases -> DataIssues


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


def _cell(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text_value = str(value)
    return text_value if text_value != "" else None


def failure_cases_to_issues(name: str, df: pd.DataFrame, cases: pd.DataFrame) -> list[DataIssue]:
    file = FILES[name]
    expected = list(SCHEMAS[name].columns)
    issues: dict[tuple, DataIssue] = {}  # keyed so multi-column failures collapse to one issue

    def add(key: tuple, issue: DataIssue) -> None:
        issues.setdefault(key, issue)

    key_rows = {
        int(row)
        for check, row in zip(cases["check"], cases["index"])
        if str(check) == "multiple_fields_uniqueness" and row is not None and not pd.isna(row)
    }
    for issue in duplicate_key_issues(name, df, key_rows):
        add(("key", issue.row), issue)

    for case in cases.itertuples(index=False):
        check, column, row = str(case.check), _cell(case.column), case.index
        row = None if row is None or pd.isna(row) else int(row)
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
        elif check == "field_uniqueness" and row is not None:
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
        hint = KEY_HINTS.get((name, key)) or (
            f"{key[0]} moet uniek zijn" if len(key) == 1 else f"de sleutel {' + '.join(key)} moet uniek zijn"
        )
        issues.append(
            DataIssue(FILES[name], row, "+".join(key), " / ".join(value), f"komt al voor in rij {first}; {hint}")
        )
    return issues


# ---------------------------------------------------------------------------------------------
# Cross-table checks. They receive typed frames (index = spreadsheet row). A check only runs when
# the tables in `complete` loaded without any issue (a reference list with holes would produce
# false alarms) and the tables in `rows` are readable; for those, the rows without issues are
# checked. Skipped checks run again once the per-table issues are fixed.

Frames = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class CrossCheck:
    complete: tuple[str, ...]
    rows: tuple[str, ...]
    run: Callable[[Frames], list[DataIssue]]


def unknown_code_message(code: str) -> str:
    if code in OTHER_YEAR_CODES:
        year, naam, replaced = OTHER_YEAR_CODES[code]
        return (
            f"geen gemeentecode van {BOUNDARY_YEAR}: {code} ({naam}) bestaat pas sinds de indeling van {year}; "
            f"gebruik de {BOUNDARY_YEAR}-code(s) {', '.join(replaced)}"
        )
    return f"onbekende gemeentecode: staat niet in {FILES['gemeenten']}"


def _codes_known(table: str, column: str) -> CrossCheck:
    def run(t: Frames) -> list[DataIssue]:
        known = set(t["gemeenten"]["code"])
        return [
            DataIssue(FILES[table], row, column, code, unknown_code_message(code))
            for row, code in t[table][column].items()
            if code not in known
        ]

    return CrossCheck(("gemeenten",), (table,), run)


def _ggd_known(t: Frames) -> list[DataIssue]:
    known = set(t["gemeenten"]["ggd_code"])
    return [
        DataIssue(
            FILES["nnz_programmas"],
            row,
            "ggd_code",
            code,
            f"onbekende GGD-code: komt niet voor in {FILES['gemeenten']}",
        )
        for row, code in t["nnz_programmas"]["ggd_code"].items()
        if code not in known
    ]


def _same_municipalities(t: Frames) -> list[DataIssue]:
    # codes in inwoners but not in gemeenten are reported by _codes_known
    present = set(t["inwoners"]["code"])
    return [
        DataIssue(FILES["inwoners"], None, "code", code, f"gemeente ontbreekt (staat wel in {FILES['gemeenten']})")
        for code in t["gemeenten"]["code"]
        if code not in present
    ]


def _programme_exists(t: Frames) -> list[DataIssue]:
    known = set(t["nnz_programmas"]["programma_id"])
    return [
        DataIssue(FILES["nnz_deelname"], row, "programma_id", pid, f"programma staat niet in {FILES['nnz_programmas']}")
        for row, pid in t["nnz_deelname"]["programma_id"].items()
        if pid not in known
    ]


def _programme_members(t: Frames) -> list[DataIssue]:
    members = t["nnz_deelname"].groupby("programma_id")["code"].agg(set).to_dict()
    issues = []
    for row, programme in t["nnz_programmas"].iterrows():
        pid, centre = programme["programma_id"], programme["centrumgemeente"]
        if pid not in members:
            issues.append(
                DataIssue(
                    FILES["nnz_programmas"],
                    row,
                    "programma_id",
                    pid,
                    f"programma heeft geen deelnemende gemeenten in {FILES['nnz_deelname']}",
                )
            )
        elif centre not in members[pid]:
            issues.append(
                DataIssue(
                    FILES["nnz_programmas"],
                    row,
                    "centrumgemeente",
                    centre,
                    f"centrumgemeente neemt volgens {FILES['nnz_deelname']} niet deel aan het eigen programma {pid}",
                )
            )
    return issues


def _funding_matches_tranche(t: Frames) -> list[DataIssue]:
    tranche_of = dict(zip(t["coalities"]["code"], t["coalities"]["tranche"]))
    known = set(t["gemeenten"]["code"]) if "gemeenten" in t else None
    issues = []
    for row, line in t["financiering"].iterrows():
        code, regeling = line["code"], line["regeling"]
        wanted = REGELING_TRANCHE[regeling]
        if known is not None and code not in known:
            continue  # already reported as an unknown code
        if code not in tranche_of:
            issues.append(
                DataIssue(
                    FILES["financiering"],
                    row,
                    "code",
                    code,
                    f"gemeente staat niet in {FILES['coalities']}; {regeling} is voor gemeenten van tranche {wanted}",
                )
            )
        elif tranche_of[code] != wanted:
            issues.append(
                DataIssue(
                    FILES["financiering"],
                    row,
                    "regeling",
                    regeling,
                    f"alleen voor gemeenten van tranche {wanted}; "
                    f"{code} staat in {FILES['coalities']} als {tranche_of[code]}",
                )
            )
    return issues


# --- Reconciliation with the published national milestones (mijlpalen.csv) --------------------


@dataclass(frozen=True)
class Measure:
    """A figure computed from the tables at a date; `text` describes it ({d} = that date)."""

    table: str
    text: str
    compute: Callable[[Frames, pd.Timestamp], float]


def tranche_count(tranche: str) -> Measure:
    return Measure(
        "coalities",
        f"aantal rijen in coalities.csv met tranche {tranche}",
        lambda t, d: int((t["coalities"]["tranche"] == tranche).sum()),
    )


def coalities_by_date() -> Measure:
    return Measure(
        "coalities",
        "aantal rijen in coalities.csv met datum_deelname t/m {d}",
        lambda t, d: int((t["coalities"]["datum_deelname"] <= d).sum()),
    )


def funding_sum(*regelingen: str) -> Measure:
    return Measure(
        "financiering",
        f"som van bedrag_eur in financiering.csv voor {', '.join(regelingen)}",
        lambda t, d: int(t["financiering"].loc[t["financiering"]["regeling"].isin(regelingen), "bedrag_eur"].sum()),
    )


def started_by(table: str) -> Measure:
    return Measure(
        table,
        f"aantal rijen in {FILES[table]} met start_datum t/m {{d}}",
        lambda t, d: int((t[table]["start_datum"] <= d).sum()),
    )


@dataclass(frozen=True)
class Reconciliation:
    indicator: str
    on: str | None  # the mijlpalen row with exactly this datum must exist and is checked
    also_from: str | None  # rows with a datum on or after this are checked as well (if present)
    measure: Measure  # with on=None: every row of the indicator is checked, at least one must exist


RECONCILIATIONS = (
    #              indicator              on            also_from     measured in the tables
    Reconciliation("gids_gemeenten", None, None, tranche_count("gids_2019")),
    Reconciliation("tranche3_gemeenten", None, None, tranche_count("tranche3_2020")),
    Reconciliation("gemeenten_coalitie", "2020-07-01", "2022-12-31", coalities_by_date()),
    Reconciliation("impuls_gids_eur", None, None, funding_sum("impuls_gids_2019")),
    Reconciliation("impuls_tranche3_eur", None, None, funding_sum("impuls_tranche3_2020")),
    Reconciliation("aanvulling_gids_eur", None, None, funding_sum("aanvulling_gids_2021")),
    Reconciliation("impuls_totaal_eur", None, None, funding_sum(*REGELINGEN)),
    Reconciliation("nnz_programmas", "2020-07-01", None, started_by("nnz_programmas")),
    Reconciliation("nnz_gemeenten", "2020-07-01", None, started_by("nnz_deelname")),
)

# kwalificatie -> (wording, accepted range for the computed x given the published v, test).
# Integer-safe arithmetic so that boundaries such as 90 for "bijna 100" are exact.
TOLERANCES: dict[str, tuple[str, str, Callable[[float, float], bool]]] = {
    "exact": ("precies", "x = v", lambda x, v: x == v),
    "circa": ("circa", "v - 5% ≤ x ≤ v + 5%", lambda x, v: abs(x - v) * 20 <= v),
    "ruim": ("ruim", "v ≤ x ≤ v + 25%", lambda x, v: v <= x and x * 4 <= v * 5),
    "bijna": ("bijna", "v - 10% ≤ x ≤ v", lambda x, v: v * 9 <= x * 10 and x <= v),
    "meer_dan": ("meer dan", "x > v", lambda x, v: x > v),
}


def within_tolerance(kwalificatie: str, published: float, computed: float) -> bool:
    return TOLERANCES[kwalificatie][2](computed, published)


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _reconcile(rule: Reconciliation) -> CrossCheck:
    def run(t: Frames) -> list[DataIssue]:
        milestones = t["mijlpalen"]
        rows = milestones[milestones["indicator"] == rule.indicator]
        if rule.on is not None:
            on = pd.Timestamp(rule.on)
            present = (rows["datum"] == on).any()
            selected = rows["datum"] == on
            if rule.also_from is not None:
                selected |= rows["datum"] >= pd.Timestamp(rule.also_from)
            rows = rows[selected]
        else:
            present = not rows.empty
        if not present:
            when = f" met datum {rule.on}" if rule.on else ""
            return [
                DataIssue(
                    FILES["mijlpalen"],
                    None,
                    "indicator",
                    rule.indicator,
                    f"rij{when} ontbreekt; nodig om te controleren: {rule.measure.text.format(d=rule.on)}",
                )
            ]
        issues = []
        for row, milestone in rows.iterrows():
            day = milestone["datum"]
            computed = rule.measure.compute(t, day)
            kwalificatie, published = milestone["kwalificatie"], milestone["waarde"]
            if not within_tolerance(kwalificatie, published, computed):
                wording, accepted, _ = TOLERANCES[kwalificatie]
                what = rule.measure.text.format(d=day.strftime("%Y-%m-%d"))
                issues.append(
                    DataIssue(
                        FILES["mijlpalen"],
                        row,
                        "waarde",
                        _number_text(published),
                        f"{rule.indicator} klopt niet met de tabellen: "
                        f"gepubliceerd {wording} {_number_text(published)} "
                        f"(v; toegestaan {accepted}), berekend x = {_number_text(computed)}: {what}",
                    )
                )
        return issues

    return CrossCheck(("mijlpalen", rule.measure.table), (), run)


CODE_COLUMNS = (
    ("inwoners", "code"),
    ("coalities", "code"),
    ("financiering", "code"),
    ("nnz_programmas", "centrumgemeente"),
    ("nnz_deelname", "code"),
    ("verhalen", "code"),
    (context.TABLE, "code"),
)

CROSS_CHECKS: tuple[CrossCheck, ...] = (
    *(_codes_known(table, column) for table, column in CODE_COLUMNS),
    CrossCheck(("gemeenten",), ("nnz_programmas",), _ggd_known),
    CrossCheck(("gemeenten", "inwoners"), (), _same_municipalities),
    CrossCheck(("nnz_programmas",), ("nnz_deelname",), _programme_exists),
    CrossCheck(("nnz_programmas", "nnz_deelname"), (), _programme_members),
    CrossCheck(("coalities",), ("financiering",), _funding_matches_tranche),
    *(_reconcile(rule) for rule in RECONCILIATIONS),
    CrossCheck((context.TABLE,), (), context.national_total_issues),
)


def cross_table_issues(frames: Frames, complete: set[str]) -> list[DataIssue]:
    """Run every cross-table check whose inputs are available (see CrossCheck)."""
    issues: list[DataIssue] = []
    for check in CROSS_CHECKS:
        if set(check.complete) <= complete and all(name in frames for name in check.rows):
            issues.extend(check.run(frames))
    return issues
