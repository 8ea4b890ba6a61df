"""Write the factsheet of every municipality in one run, with a progress bar.

    python -m kansrijke.exports.factsheets OUT_DIR [--lang en] [--data-dir DIR] [--base-url URL] [--codes GM0363,...]

One A4 PDF per municipality (kansrijke.exports.factsheet), named factsheet_<code>_<name>_<lang>.pdf. The data are
loaded and validated once (kansrijke.data.tables); a data problem is reported with file, row and column, and
nothing is written. Exit status 0 when every file was written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from kansrijke.data.issues import DataValidationError
from kansrijke.data.tables import load_tables
from kansrijke.exports import factsheet
from kansrijke.text import normalise_lang


def write_all(
    tables,
    out_dir: Path,
    lang: str,
    base_url: str = factsheet.DEFAULT_BASE_URL,
    codes: list[str] | None = None,
    progress: bool = True,
) -> list[Path]:
    """Write the factsheets of `codes` (default: every municipality, by code) to out_dir; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    known = list(tables.gemeenten.sort_values("code")["code"])
    codes = codes if codes else known
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise ValueError(f"unknown municipality code(s): {', '.join(unknown)}")
    amounts = factsheet.all_amounts(tables)
    written = []
    for code in tqdm(codes, desc="factsheets", unit="pdf", disable=not progress, file=sys.stderr):
        path = out_dir / factsheet.file_name(tables, code, lang)
        path.write_bytes(factsheet.factsheet_pdf(tables, code, lang, base_url=base_url, amounts=amounts))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kansrijke.exports.factsheets", description="Write the factsheet (A4 PDF) of every municipality."
    )
    parser.add_argument("out_dir", type=Path, help="folder to write the PDFs to (made if missing)")
    parser.add_argument("--lang", default="nl", choices=["nl", "en"], help="language of the factsheets (default nl)")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder (default: the app's data/)")
    parser.add_argument(
        "--base-url",
        default=factsheet.DEFAULT_BASE_URL,
        help=f"address of the dashboard for the link on each sheet (default {factsheet.DEFAULT_BASE_URL})",
    )
    parser.add_argument("--codes", default="", help="only these CBS codes, comma separated")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        tables = load_tables(args.data_dir)
    except DataValidationError as error:
        print(f"The data do not validate; no factsheet written ({len(error.issues)} problem(s)):", file=sys.stderr)
        for issue in error.issues:
            print(f"  {issue}", file=sys.stderr)
        return 1
    codes = [c.strip() for c in args.codes.split(",") if c.strip()]
    started = time.perf_counter()
    try:
        written = write_all(tables, args.out_dir, normalise_lang(args.lang), args.base_url, codes, not args.quiet)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in written)
    print(
        f"wrote {len(written)} factsheets ({size / 1e6:.1f} MB) to {args.out_dir} in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
