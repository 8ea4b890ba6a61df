"""Developer tool: derive the reference tables in data/ from the open data in ../shared/reference.

    python -m kansrijke.data.build_data [REFERENCE_DIR]

Writes data/gemeenten_2020.csv and data/inwoners_2020.csv (CBS/PDOK, CC-BY 4.0). The app never runs
this and never reads ../shared; a fresh clone works on the shipped copies. Output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from kansrijke.data.paths import DATA_DIR, ROOT

REFERENCE_DIR = ROOT.parent / "shared" / "reference"

MUNICIPALITY_SOURCE = (
    "CBS, Gemeenten alfabetisch 2019 (indeling geldig op 1 januari 2020); "
    "GGD-regio afgeleid uit de ligging binnen de CBS/PDOK GGD-regio's 2020"
)
MUNICIPALITY_URL = (
    "https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/overig/gemeentelijke-indelingen-per-jaar"
)
POPULATION_SOURCE = "CBS StatLine 37230ned, bevolking per gemeente, maandcijfer 2020 (maand niet vastgelegd)"
POPULATION_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/37230ned"
POPULATION_LABEL = "2020 (maandcijfer)"


def _read_reference(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)


def municipalities(reference_dir: Path) -> pd.DataFrame:
    base = reference_dir / "municipalities"
    prov = _read_reference(base / "gemeente_provincie_2020.csv")
    ggd = _read_reference(base / "gemeente_ggdregio_2020.csv")
    table = prov.merge(ggd[["code", "ggd_code", "ggd_name"]], on="code", how="inner", validate="one_to_one")
    if len(table) != len(prov):
        raise ValueError("province and GGD reference tables do not cover the same municipalities")
    return pd.DataFrame(
        {
            "code": table["code"],
            "naam": table["name"],
            "provincie_code": table["province_code"],
            "provincie": table["province_name"],
            "ggd_code": table["ggd_code"],
            "ggd_regio": table["ggd_name"],
            "basis": "bron",
            "bron": MUNICIPALITY_SOURCE,
            "bron_url": MUNICIPALITY_URL,
            "bron_datum": "2020-01-01",
        }
    ).sort_values("code", ignore_index=True)


def population(reference_dir: Path) -> pd.DataFrame:
    pop = _read_reference(reference_dir / "municipalities" / "population_2020.csv")
    return pd.DataFrame(
        {
            "code": pop["code"],
            "inwoners": pop["population"].astype(int),
            "peildatum": POPULATION_LABEL,
            "basis": "bron",
            "bron": POPULATION_SOURCE,
            "bron_url": POPULATION_URL,
            "bron_datum": "2020",
        }
    ).sort_values("code", ignore_index=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    reference_dir = Path(argv[0]) if argv else REFERENCE_DIR
    if not reference_dir.is_dir():
        print(f"reference folder not found: {reference_dir}", file=sys.stderr)
        return 1
    write_csv(municipalities(reference_dir), DATA_DIR / "gemeenten_2020.csv")
    write_csv(population(reference_dir), DATA_DIR / "inwoners_2020.csv")
    print(f"wrote {DATA_DIR / 'gemeenten_2020.csv'} and {DATA_DIR / 'inwoners_2020.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
