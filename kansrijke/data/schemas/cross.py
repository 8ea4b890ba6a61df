"""Cross-table checks: every code exists in the boundary year, every programme has its members, funding goes to
the tranche its scheme is for.

They receive typed frames (index = spreadsheet row). A check only runs when the tables in `complete` loaded
without any issue (a reference list with holes would produce false alarms) and the tables in `rows` are readable;
for those, the rows without issues are checked. Skipped checks run again once the per-table issues are fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from kansrijke.data import context
from kansrijke.data.issues import DataIssue
from kansrijke.data.schemas.files import BOUNDARY_YEAR, FILES, OTHER_YEAR_CODES
from kansrijke.vocabulary import REGELING_TRANCHE

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


CODE_COLUMNS = (
    ("inwoners", "code"),
    ("coalities", "code"),
    ("financiering", "code"),
    ("nnz_programmas", "centrumgemeente"),
    ("nnz_deelname", "code"),
    ("verhalen", "code"),
    (context.TABLE, "code"),
)

REFERENCE_CHECKS: tuple[CrossCheck, ...] = (
    *(_codes_known(table, column) for table, column in CODE_COLUMNS),
    CrossCheck(("gemeenten",), ("nnz_programmas",), _ggd_known),
    CrossCheck(("gemeenten", "inwoners"), (), _same_municipalities),
    CrossCheck(("nnz_programmas",), ("nnz_deelname",), _programme_exists),
    CrossCheck(("nnz_programmas", "nnz_deelname"), (), _programme_members),
    CrossCheck(("coalities",), ("financiering",), _funding_matches_tranche),
    # the CBS key figures add up to CBS's published national totals
    CrossCheck((context.TABLE,), (), context.national_total_issues),
)
