"""Which tables there are, in which file, and what a data folder must hold of them."""

from __future__ import annotations

from kansrijke.data import context

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

# Codes that are valid in a later municipal boundary year but not in 2020, with the 2020 codes
# they replace (CBS gemeentelijke indeling 2022), so a wrong-year code gets a helpful message.
OTHER_YEAR_CODES: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "GM1979": (2021, "Eemsdelta", ("GM0003", "GM0010", "GM0024")),
    "GM1980": (2022, "Dijk en Waard", ("GM0398", "GM0416")),
    "GM1982": (2022, "Land van Cuijk", ("GM0756", "GM0786", "GM0815", "GM1684", "GM1702")),
    "GM1991": (2022, "Maashorst", ("GM0856", "GM1685")),
}
