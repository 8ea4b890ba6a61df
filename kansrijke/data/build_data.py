"""Developer tool: derive the reference tables in data/ from the open data in ../shared/reference.

    python -m kansrijke.data.build_data [REFERENCE_DIR]

Writes data/gemeenten_2020.csv, data/inwoners_2020.csv and data/context_2020.csv (CBS/PDOK and CBS Kerncijfers
wijken en buurten 2020, CC-BY 4.0). The inhabitants are the official count on 1 January 2020, AantalInwoners of
the context table (CBS: 17,407,585 in total). The app never runs this and never reads ../shared; a fresh clone
works on the shipped copies. Output is deterministic. After it, run `python -m kansrijke.data.model` (the model's
allocations follow the inhabitants).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from kansrijke.data import context
from kansrijke.data.paths import DATA_DIR, ROOT

REFERENCE_DIR = ROOT.parent / "shared" / "reference"

MUNICIPALITY_SOURCE = (
    "CBS, Gemeenten alfabetisch 2019 (indeling geldig op 1 januari 2020); "
    "GGD-regio afgeleid uit de ligging binnen de CBS/PDOK GGD-regio's 2020"
)
MUNICIPALITY_URL = (
    "https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/overig/gemeentelijke-indelingen-per-jaar"
)
POPULATION_SOURCE = "CBS, Kerncijfers wijken en buurten 2020 (84799NED), aantal inwoners op 1 januari 2020"
POPULATION_URL = context.SOURCE_URL
POPULATION_LABEL = "1 januari 2020"
CONTEXT_FILES = ("context_2020_bevolking.csv", "context_2020_huishoudens.csv", "context_2020_inkomen.csv")


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


def context_table(reference_dir: Path) -> pd.DataFrame:
    """The CBS key figures of 2020 (three reference files) as data/context_2020.csv."""
    base = reference_dir / "municipalities"
    return context.from_reference(*(_read_reference(base / name) for name in CONTEXT_FILES))


def population(reference_dir: Path) -> pd.DataFrame:
    """Inhabitants on 1 January 2020: AantalInwoners of the context table (not the monthly population_2020.csv)."""
    figures = context_table(reference_dir)
    return pd.DataFrame(
        {
            "code": figures["code"],
            "inwoners": figures["inwoners"].astype(int),
            "peildatum": POPULATION_LABEL,
            "basis": "bron",
            "bron": POPULATION_SOURCE,
            "bron_url": POPULATION_URL,
            "bron_datum": "2020-01-01",
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
    write_csv(context_table(reference_dir), DATA_DIR / context.FILE)
    print(f"wrote gemeenten_2020.csv, inwoners_2020.csv and {context.FILE} in {DATA_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
