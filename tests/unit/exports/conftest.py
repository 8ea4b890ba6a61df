"""Shared fixtures of the export tests: the shipped tables, and a copy whose municipality names are hostile."""

from __future__ import annotations

import csv

import pytest

from kansrijke.data.tables import load_tables
from tests.e2e.harness import HOSTILE_NAMES, copy_data, write_hostile_names

# Beyond the corpus of the browser tests: a spreadsheet formula and matplotlib's maths markup.
EXTRA_HOSTILE = {
    "GM0796": '=HYPERLINK("http://example.invalid/x","klik") $\\alpha$ Den Bosch',
}


@pytest.fixture(scope="session")
def tables():
    return load_tables()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """(tables, {code: name}) from a data copy in which every municipality has a hostile name."""
    folder = copy_data(tmp_path_factory.mktemp("hostile") / "data")
    names = write_hostile_names(folder)
    path = folder / "gemeenten_2020.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["code"] in EXTRA_HOSTILE:
            row["naam"] = names[row["code"]] = EXTRA_HOSTILE[row["code"]]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return load_tables(folder), names


@pytest.fixture(scope="session")
def hostile_names():
    return dict(HOSTILE_NAMES, **EXTRA_HOSTILE)
