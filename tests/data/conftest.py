"""A small, fully consistent data directory built in code (independent of the real data/).

355 municipalities (six named ones used in the other tables plus numbered fillers), six
coalitions, six funding rows, two NNZ programmes with four participants, and milestones that
reconcile with all of that:

  coalities   GM0003 gids 2019-05-01, GM0014 gids 2019-05-01, GM0363 gids 2019-12-01 (model),
              GM0518 tranche3 2020-06-01, GM0599 tranche3 2020-09-01, GM0344 impuls_2022 2022-06-01 (model)
              -> gids 3, tranche3 2, joined by 2020-07-01: 4, by 2023-04-12: 6
  financiering impuls_gids 20000 + 35000 + 120000 = 175000, aanvulling 50000,
              impuls_tranche3 23000 + 23000 = 46000, total 271000
  nnz         NNZ01 (centre GM0363, 2019-03-01): GM0363, GM2001 (2020-01-15)
              NNZ02 (centre GM0014, 2020-09-01): GM0014, GM0003
              -> programmes by 2020-07-01: 1, municipalities by 2020-07-01: 2
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

HEADERS = {
    "gemeenten_2020.csv": "code,naam,provincie_code,provincie,ggd_code,ggd_regio,basis,bron,bron_url,bron_datum",
    "inwoners_2020.csv": "code,inwoners,peildatum,basis,bron,bron_url,bron_datum",
    "coalities.csv": "code,tranche,datum_deelname,basis,regel,bron,bron_url,bron_datum,toelichting",
    "financiering.csv": "code,regeling,jaar,bedrag_eur,basis,regel,bron,bron_url,bron_datum",
    "nnz_programmas.csv": "programma_id,naam,centrumgemeente,ggd_code,start_datum,basis,regel,bron,bron_url,bron_datum",
    "nnz_deelname.csv": "programma_id,code,start_datum,basis,regel,bron,bron_url,bron_datum",
    "mijlpalen.csv": (
        "datum,datum_label,indicator,waarde,kwalificatie,noemer,eenheid,basis,bron,bron_url,bron_datum,toelichting"
    ),
    "verhalen.csv": "code,titel,thema,samenvatting,basis,bron,bron_url,bron_datum",
}

NAMED = [  # code, naam, provincie_code, provincie, ggd_code, ggd_regio
    ("GM0003", "Appingedam", "PV20", "Groningen", "GG0111", "GGD Groningen"),
    ("GM0014", "Groningen", "PV20", "Groningen", "GG0111", "GGD Groningen"),
    ("GM0363", "Amsterdam", "PV27", "Noord-Holland", "GG3406", "GGD Amsterdam"),
    ("GM0518", "'s-Gravenhage", "PV28", "Zuid-Holland", "GG3714", "GGD Haaglanden"),
    ("GM0599", "Rotterdam", "PV28", "Zuid-Holland", "GG3715", "GGD Rotterdam-Rijnmond"),
    ("GM0344", "Utrecht", "PV26", "Utrecht", "GG3214", "GGD regio Utrecht"),
]
FILLER_CODES = [f"GM{2000 + i:04d}" for i in range(1, 355 - len(NAMED) + 1)]  # GM2001 .. GM2349

BRON = ("Meicirculaire gemeentefonds 2019, bijlage 3.2", "https://example.org/meicirculaire-2019", "2019-05")
MODEL_ROW = ("model", "deelname_uit_impuls", "", "", "")


def _rows() -> dict[str, list[list[str]]]:
    gemeenten = [[*g, "bron", "CBS Gemeenten alfabetisch 2019", "https://www.cbs.nl/", "2019"] for g in NAMED]
    gemeenten += [
        [
            code,
            f"Testgemeente {i}",
            "PV21",
            "Friesland",
            "GG0530",
            "GGD Fryslân",
            "bron",
            "CBS Gemeenten alfabetisch 2019",
            "https://www.cbs.nl/",
            "2019",
        ]
        for i, code in enumerate(FILLER_CODES, start=1)
    ]
    inwoners = [
        [
            row[0],
            str(10_000 + i),
            "2020 (maandcijfer)",
            "bron",
            "CBS StatLine 37230ned",
            "https://opendata.cbs.nl/",
            "2020",
        ]
        for i, row in enumerate(gemeenten)
    ]
    coalities = [
        ["GM0003", "gids_2019", "2019-05-01", "bron", "", *BRON, ""],
        ["GM0014", "gids_2019", "2019-05-01", "bron", "", *BRON, "eerste tranche"],
        ["GM0363", "gids_2019", "2019-12-01", *MODEL_ROW, ""],
        ["GM0518", "tranche3_2020", "2020-06-01", "bron", "", "Septembercirculaire 2020", "", "2020-09-15", ""],
        ["GM0599", "tranche3_2020", "2020-09-01", "bron", "", "Septembercirculaire 2020", "", "2020-09-15", ""],
        ["GM0344", "impuls_2022", "2022-06-01", *MODEL_ROW, ""],
    ]
    financiering = [
        ["GM0003", "impuls_gids_2019", "2019", "20000", "bron", "", *BRON],
        ["GM0014", "impuls_gids_2019", "2019", "35000", "bron", "", *BRON],
        ["GM0363", "impuls_gids_2019", "2019", "120000", *MODEL_ROW],
        ["GM0363", "aanvulling_gids_2021", "2021", "50000", *MODEL_ROW],
        ["GM0518", "impuls_tranche3_2020", "2020", "23000", "bron", "", "Septembercirculaire 2020", "", "2020-09"],
        ["GM0599", "impuls_tranche3_2020", "2020", "23000", "bron", "", "Septembercirculaire 2020", "", "2020-09"],
    ]
    nnz_programmas = [
        [
            "NNZ01",
            "Nu Niet Zwanger Amsterdam",
            "GM0363",
            "GG3406",
            "2019-03-01",
            "bron",
            "",
            "Nu Niet Zwanger, regio's",
            "https://www.nunietzwanger.nl/",
            "2020",
        ],
        [
            "NNZ02",
            "Nu Niet Zwanger Groningen",
            "GM0014",
            "GG0111",
            "2020-09-01",
            "model",
            "start_uit_nieuwsbericht",
            "",
            "",
            "",
        ],
    ]
    nnz_deelname = [
        ["NNZ01", "GM0363", "2019-03-01", "bron", "", "Nu Niet Zwanger, regio's", "", "2020"],
        ["NNZ01", "GM2001", "2020-01-15", "model", "regio_volgt_ggd", "", "", ""],
        ["NNZ02", "GM0014", "2020-09-01", "model", "regio_volgt_ggd", "", "", ""],
        ["NNZ02", "GM0003", "2020-09-01", "model", "regio_volgt_ggd", "", "", ""],
    ]
    src = ["bron", "Voortgangsrapportage Kansrijke Start", "https://example.org/voortgang", "2020-07-01"]
    mijlpalen = [
        ["2019-12-31", "december 2019", "gids_gemeenten", "3", "exact", "", "gemeenten", *src, ""],
        ["2020-04-30", "april 2020", "tranche3_gemeenten", "2", "exact", "", "gemeenten", *src, ""],
        [
            "2019-12-04",
            "december 2019",
            "gemeenten_coalitie",
            "999",
            "circa",
            "355",
            "gemeenten",
            *src,
            "not reconciled: neither 2020-07-01 nor on/after 2022-12-31",
        ],
        ["2020-07-01", "juli 2020", "gemeenten_coalitie", "4", "exact", "", "gemeenten", *src, ""],
        ["2023-04-12", "april 2023", "gemeenten_coalitie", "5", "meer_dan", "", "gemeenten", *src, ""],
        ["2019-05-15", "mei 2019", "impuls_gids_eur", "175000", "exact", "", "eur", *src, ""],
        ["2020-09-01", "september 2020", "impuls_tranche3_eur", "45000", "circa", "", "eur", *src, ""],
        ["2021-06-01", "juni 2021", "aanvulling_gids_eur", "50000", "exact", "", "eur", *src, ""],
        ["2022-01-01", "januari 2022", "impuls_totaal_eur", "250000", "ruim", "", "eur", *src, ""],
        ["2020-07-01", "juli 2020", "nnz_programmas", "1", "exact", "", "programmas", *src, ""],
        ["2020-07-01", "juli 2020", "nnz_gemeenten", "2", "exact", "", "gemeenten", *src, ""],
        ["2023-01-01", "2023", "budget_structureel", "23000000", "exact", "", "eur_per_jaar", *src, "not reconciled"],
    ]
    verhalen = [
        ["GM0363", "Samen vanaf het begin", "coalitie", "Een korte samenvatting in eigen woorden.", *src],
    ]
    return {
        "gemeenten_2020.csv": gemeenten,
        "inwoners_2020.csv": inwoners,
        "coalities.csv": coalities,
        "financiering.csv": financiering,
        "nnz_programmas.csv": nnz_programmas,
        "nnz_deelname.csv": nnz_deelname,
        "mijlpalen.csv": mijlpalen,
        "verhalen.csv": verhalen,
    }


def write_valid_data(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    for file, rows in _rows().items():
        with open(data_dir / file, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADERS[file].split(","))
            writer.writerows(rows)
    return data_dir


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    return write_valid_data(tmp_path / "data")


def context_rows(codes: list[str]) -> tuple[list[str], list[list[str]]]:
    """A valid context_2020.csv for `codes`: every indicator filled in, the inhabitants and births adding up to the
    published national totals (kansrijke.data.context.NATIONAL_TOTALS), spread as evenly as whole numbers allow."""
    from kansrijke.data import context

    header = ["code", *(i.column for i in context.INDICATORS), "basis", "bron", "bron_url", "bron_datum"]
    totals = {total.column: total.value for total in context.NATIONAL_TOTALS}
    n = len(codes)
    rows = []
    for k, code in enumerate(codes):
        values = {column: str(total // n + (1 if k < total % n else 0)) for column, total in totals.items()}
        values |= {"geboorten_per_1000": "10", "stedelijkheid": str(1 + k % 5), "huishoudensgrootte": "2.2"}
        for indicator in context.INDICATORS:
            if indicator.column in values:
                continue
            values[indicator.column] = "20.5" if indicator.kind in ("share", "amount", "number") else "1000"
        rows.append([code, *(values[i.column] for i in context.INDICATORS), *context.provenance().values()])
    return header, rows


def write_context(data_dir: Path) -> Path:
    """Add a valid context_2020.csv (the optional context table) to a folder written by write_valid_data."""
    codes = [row[0] for row in _rows()["gemeenten_2020.csv"]]
    header, rows = context_rows(codes)
    with open(data_dir / "context_2020.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return data_dir
