"""Load an official per-municipality table of the programme office into the data, safely.

    python -m kansrijke.data.load_official KIND FILE [--data-dir DIR] [--dry-run]
           [--bron TEXT] [--bron-url URL] [--bron-datum JJJJ[-MM[-DD]]] [--datum JJJJ-MM-DD]
           [--name-column LABEL] [--code-column LABEL] [--amount-column LABEL] [--sheet NAME]

KIND `context-84799ned` is the CBS table itself (84799NED, Kerncijfers wijken en buurten 2020, municipality rows,
as CSV or .xlsx with StatLine's column names): it replaces data/context_2020.csv and, with its AantalInwoners,
data/inwoners_2020.csv, re-runs the model and changes nothing unless the new data set passes every check
(kansrijke/data/official/context_table.py).

Any other KIND says what the table holds (see KINDS): the amounts of one funding scheme per municipality
(`financiering-gids-2019`, `financiering-tranche3-2020`, `financiering-aanvulling-2021`) or the municipalities of
one tranche (`coalities-gids-2019`, `coalities-tranche3-2020`, `coalities-impuls-2022`). A municipality that gets
money from a scheme is, by that fact, in the scheme's tranche, so a funding table also states tranche membership.

FILE is a CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or an Excel workbook (.xlsx) in the shape of the
circulaire annexes: title rows above the header, a name column ("Gemeente") and/or a code column
("Gemeentecode", "Gemeentenummer"), an amount column ("Bedrag (x € 1)", "Uitkering 2019"; "x € 1.000" in the
header multiplies), amounts in Dutch ("1.234,56", "€ 1.234,-") or English ("1,234.56") notation, a totals row at
the bottom (ignored, but checked against the sum of the rows). Rows without an amount are not in the scheme.

Steps; nothing is written unless every step succeeds:
1. read and parse the file; match every name/code to a 2020 municipality (kansrijke.data.matching). Every unmatched,
   ambiguous, merged-after-2020 or repeated municipality and every unreadable amount is reported with file, row
   and column;
2. in a temporary copy of the data folder: write the rows as facts into bewijs/ (basis bron; source = --bron and the
   file name), re-run the model (kansrijke.data.model: official rows replace modelled ones, the rules fill only what is
   still unknown and keep the published totals) and validate the complete new data set (kansrijke.data.tables);
3. only then replace the changed files in the data folder, each with an atomic rename (model outputs first,
   bewijs/ last). With --dry-run step 3 is skipped.
Exit code 0 on success, 1 when the file or the resulting data set has problems (the report names them), 2 on
wrong arguments.

This module is the command and the whole load; its parts (reading the file, amounts, the header, the rows, writing
the evidence, the atomic swap) are the modules of kansrijke/data/official/.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kansrijke.data import model
from kansrijke.data.issues import DataIssue, DataValidationError, count_problems, format_report
from kansrijke.data.official import context_table
from kansrijke.data.official.evidence import (
    COALITION_EV_COLUMNS,
    EVIDENCE_COALITIONS,
    EVIDENCE_FUNDING,
    FUNDING_EV_COLUMNS,
    basis_counts,
    merge_evidence,
    read_evidence,
)
from kansrijke.data.official.grid import read_grid
from kansrijke.data.official.kinds import KINDS
from kansrijke.data.official.parse import ParsedTable, parse_table
from kansrijke.data.official.swap import swap_in
from kansrijke.data.paths import DATA_DIR, GEO_DIR
from kansrijke.data.schemas import files
from kansrijke.data.schemas.columns import valid_partial_dates
from kansrijke.data.tables import load_tables


@dataclass
class LoadResult:
    ok: bool
    issues: list[DataIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    before: dict[str, tuple[int, int]] = field(default_factory=dict)
    after: dict[str, tuple[int, int]] = field(default_factory=dict)
    written: bool = False

    def report(self) -> str:
        lines = list(self.notes)
        if self.issues:
            lines.append(format_report(self.issues))
            lines.append(f"{count_problems(len(self.issues))}; er is niets gewijzigd")
        for name, (bron, modelled) in self.after.items():
            old = self.before.get(name, (bron, modelled))
            if old != (bron, modelled):
                lines.append(f"{files.FILES[name]}: bron {old[0]} -> {bron}, model {old[1]} -> {modelled}")
        return "\n".join(lines)


def _validate_arguments(bron_datum: str, datum: str, bron_url: str) -> list[DataIssue]:
    issues = []
    if bron_datum and not valid_partial_dates(pd.Series([bron_datum])).iloc[0]:  # the check of bron_datum
        issues.append(DataIssue("--bron-datum", None, None, bron_datum, "verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD"))
    if datum:
        try:
            pd.Timestamp(datum)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", datum):
                raise ValueError
        except ValueError:
            issues.append(DataIssue("--datum", None, None, datum, "verwacht een datum JJJJ-MM-DD"))
    if bron_url and not re.fullmatch(r"https?://\S+", bron_url):
        issues.append(DataIssue("--bron-url", None, None, bron_url, "verwacht een adres dat begint met http(s)://"))
    return issues


def load_official(
    kind_name: str,
    file: Path,
    data_dir: Path = DATA_DIR,
    *,
    dry_run: bool = False,
    bron: str = "",
    bron_url: str = "",
    bron_datum: str = "",
    datum: str = "",
    name_column: str | None = None,
    code_column: str | None = None,
    amount_column: str | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
    geo_dir: Path = GEO_DIR,
) -> LoadResult:
    """Parse, apply in a temporary copy, validate, then (unless dry_run) swap the changed files in."""
    data_dir, file = Path(data_dir), Path(file)
    shown = display_name or file.name
    if kind_name not in KINDS and kind_name != context_table.CONTEXT_KIND:
        known = ", ".join([*KINDS, context_table.CONTEXT_KIND])
        return LoadResult(
            False, [DataIssue(shown, None, None, kind_name, f"onbekende soort tabel (mogelijk: {known})")]
        )
    issues = _validate_arguments(bron_datum, datum, bron_url)
    if issues:
        return LoadResult(False, issues)
    try:
        current = load_tables(data_dir)
    except DataValidationError as error:
        return LoadResult(
            False,
            [
                DataIssue(
                    str(data_dir),
                    None,
                    None,
                    None,
                    "de huidige data zijn zelf niet geldig; herstel die eerst (python -m kansrijke.data.validate)",
                ),
                *error.issues,
            ],
        )
    grid, issues = read_grid(file, sheet)
    if grid is None:
        return LoadResult(False, [DataIssue(shown, i.row, i.column, i.value, i.message) for i in issues])
    if kind_name == context_table.CONTEXT_KIND:
        return _load_context(grid, shown, data_dir, geo_dir, dry_run)
    kind = KINDS[kind_name]
    parsed = parse_table(
        grid,
        kind,
        shown,
        current.gemeenten,
        name_column=name_column,
        code_column=code_column,
        amount_column=amount_column,
    )
    if parsed.issues:
        return LoadResult(False, parsed.issues)
    names = dict(zip(current.gemeenten["code"], current.gemeenten["naam"]))
    source = f"{bron.strip() or kind.label}; bestand {shown}"
    result = LoadResult(False, before=basis_counts(data_dir))
    result.notes.append(_summary(parsed))

    funding_ev = read_evidence(data_dir / EVIDENCE_FUNDING, FUNDING_EV_COLUMNS)
    coalition_ev = read_evidence(data_dir / EVIDENCE_COALITIONS, COALITION_EV_COLUMNS)
    funding_ev, coalition_ev, notes = merge_evidence(
        parsed,
        funding_ev,
        coalition_ev,
        bron=source,
        bron_url=bron_url,
        bron_datum=bron_datum,
        datum=datum,
        names=names,
    )
    result.notes += notes
    inputs = {
        EVIDENCE_FUNDING: model.to_csv_text(funding_ev),
        EVIDENCE_COALITIONS: model.to_csv_text(coalition_ev),
    }
    return _apply_in_copy(result, data_dir, geo_dir, shown, inputs, dry_run)


def _apply_in_copy(
    result: LoadResult,
    data_dir: Path,
    geo_dir: Path,
    shown: str,
    inputs: dict[str, str],
    dry_run: bool,
    translate: Callable[[list[DataIssue]], list[DataIssue]] = list,
) -> LoadResult:
    """Write `inputs` (relative path -> text) into a temporary copy of the data folder, re-run the model there and
    validate the complete new data set; only then (unless dry_run) swap the changed files in, evidence last.
    `translate` rewords what the loader reports about the new data (the context kind names the CBS file)."""
    with tempfile.TemporaryDirectory(prefix="kansrijke-load-") as tmp:
        work = Path(tmp) / "data"
        shutil.copytree(data_dir, work)
        new_files = dict(inputs)
        for relative, text in new_files.items():
            (work / relative).write_text(text, encoding="utf-8")
        try:
            modelled = model.build(work, geo_dir)
        except DataValidationError as error:
            result.issues = list(error.issues)
            return result
        except ValueError as error:
            result.issues = [DataIssue("model", None, None, None, f"{error} (na het laden van {shown})")]
            return result
        for name, frame in modelled.items():
            relative = files.FILES[name]
            text = model.to_csv_text(frame)
            (work / relative).write_text(text, encoding="utf-8")
            new_files[relative] = text
        try:
            load_tables(work)
        except DataValidationError as error:
            result.notes.append(f"de nieuwe dataset (tijdelijke kopie, met {shown}) haalt de controles niet:")
            result.issues = translate(list(error.issues))
            return result
        result.after = basis_counts(work)
        changed = {
            rel: text
            for rel, text in new_files.items()
            if not (data_dir / rel).is_file() or (data_dir / rel).read_text(encoding="utf-8") != text
        }
        result.changed = sorted(changed)
        result.ok = True
        if dry_run:
            result.notes.append("proefrun (--dry-run): niets geschreven")
            return result
        # evidence last: until then the data folder still matches its old evidence
        order = sorted(changed, key=lambda rel: rel.startswith("bewijs/"))
        swap_in(data_dir, {rel: changed[rel] for rel in order})
        result.written = True
    return result


def _load_context(grid, shown: str, data_dir: Path, geo_dir: Path, dry_run: bool) -> LoadResult:
    """The CBS key figures (84799NED) as the context and inhabitants tables, through _apply_in_copy."""
    prepared = context_table.prepare_context(grid, shown)
    if prepared.issues:
        return LoadResult(False, prepared.issues, notes=prepared.notes)
    result = LoadResult(False, notes=list(prepared.notes), before=basis_counts(data_dir))
    return _apply_in_copy(
        result,
        data_dir,
        geo_dir,
        shown,
        prepared.files,
        dry_run,
        translate=lambda issues: context_table.translate_issues(issues, prepared, shown),
    )


def _summary(parsed: ParsedTable) -> str:
    layout = parsed.layout
    assert layout is not None, "a table without a header row has issues and is never summarised"
    columns = ", ".join(
        f"'{layout.label(c)}'" for c in (layout.code_col, layout.name_col, layout.amount_col) if c is not None
    )
    parts = [
        f"{parsed.file}: kopregel op rij {layout.header_row} (kolommen {columns}); "
        f"{len(parsed.rows)} gemeenten gekoppeld"
    ]
    if parsed.kind.has_amounts:
        total = sum(r.amount for r in parsed.rows if r.amount is not None)
        parts.append(f"samen {total} euro ({'Nederlandse' if parsed.style == 'nl' else 'Engelse'} notatie)")
    if parsed.without_amount:
        parts.append(f"{len(parsed.without_amount)} rij(en) zonder bedrag overgeslagen (niet in deze regeling)")
    if parsed.totals_row:
        parts.append(f"totaalrij op rij {parsed.totals_row} genegeerd")
    if parsed.rounded:
        parts.append(f"{parsed.rounded} bedragen afgerond op hele euro's")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kansrijke.data.load_official", description=__doc__.splitlines()[0])
    kinds = [*KINDS, context_table.CONTEXT_KIND]
    parser.add_argument("kind", choices=sorted(kinds), metavar="KIND", help=f"one of: {', '.join(kinds)}")
    parser.add_argument("file", type=Path, metavar="FILE", help="CSV or .xlsx (circulaire annex shape)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.add_argument("--bron", default="", help="source document (default: a description of KIND)")
    parser.add_argument("--bron-url", default="")
    parser.add_argument("--bron-datum", default="", help="date of the source: YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--datum", default="", help="date the municipalities joined (YYYY-MM-DD), if known")
    parser.add_argument("--name-column")
    parser.add_argument("--code-column")
    parser.add_argument("--amount-column")
    parser.add_argument("--sheet", help="worksheet of an .xlsx (default: the first)")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # not when a test captures the output
            stream.reconfigure(errors="backslashreplace")
    result = load_official(
        args.kind,
        args.file,
        args.data_dir,
        dry_run=args.dry_run,
        bron=args.bron,
        bron_url=args.bron_url,
        bron_datum=args.bron_datum,
        datum=args.datum,
        name_column=args.name_column,
        code_column=args.code_column,
        amount_column=args.amount_column,
        sheet=args.sheet,
    )
    print(result.report(), file=sys.stdout if result.ok else sys.stderr)
    if result.written:
        print(f"geschreven in {args.data_dir}: {', '.join(result.changed) or 'niets gewijzigd'}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
