"""Check a data directory against the contract: `python -m kansrijke.data.validate [DATA_DIR]`.

Prints every issue on its own line followed by the count and exits 1, or prints a one-line
OK summary (tables and row counts) and exits 0. DATA_DIR defaults to kansrijke.data.paths.DATA_DIR.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kansrijke.data import paths
from kansrijke.data.issues import DataValidationError, count_problems
from kansrijke.data.tables import load_tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kansrijke.data.validate", description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=paths.DATA_DIR, help="map met de CSV-bestanden")
    args = parser.parse_args(argv)
    # issue text may hold any character from the data; never crash on a narrow console encoding
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")

    try:
        tables = load_tables(args.data_dir)
    except DataValidationError as err:
        print(err.report())
        print(f"{count_problems(len(err.issues))} gevonden in {args.data_dir}")
        return 1
    counts = ", ".join(f"{name} {n}" for name, n in tables.row_counts().items())
    print(f"OK: {args.data_dir} voldoet aan het contract (rijen: {counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
