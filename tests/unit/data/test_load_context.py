"""The CBS table itself (84799NED, municipality rows) replaces the context table through the official loader
(kind context-84799ned); on any problem nothing changes and the report names the CBS file's row and column."""

import csv
import shutil
from pathlib import Path

import pytest

from kansrijke.data import context
from kansrijke.data.load_official import load_official
from kansrijke.data.paths import DATA_DIR
from kansrijke.data.tables import load_tables

# StatLine's column names of 84799NED (numbers as in the CBS table; the loader matches on the name without number)
HEADER = [
    "ID",
    "WijkenEnBuurten",
    "Gemeentenaam_1",
    "SoortRegio_2",
    "AantalInwoners_5",
    "k_0Tot15Jaar_8",
    "GeboorteTotaal_24",
    "GeboorteRelatief_25",
    "HuishoudensTotaal_28",
    "Eenpersoonshuishoudens_29",
    "HuishoudensZonderKinderen_30",
    "HuishoudensMetKinderen_31",
    "GemiddeldeHuishoudensgrootte_32",
    "Bevolkingsdichtheid_33",
    "GemiddeldInkomenPerInwoner_72",
    "GemGestandaardiseerdInkomenVanHuish_75",
    "k_40HuishoudensMetLaagsteInkomen_76",
    "HuishoudensMetEenLaagInkomen_78",
    "HuishOnderOfRondSociaalMinimum_79",
    "HuishoudensTot110VanSociaalMinimum_80",
    "HuishoudensTot120VanSociaalMinimum_81",
    "MediaanVermogenVanParticuliereHuish_82",
    "OppervlakteLand_111",
    "MateVanStedelijkheid_116",
    "Omgevingsadressendichtheid_117",
]
SHARE_OF = {"k_0Tot15Jaar_8": ("aandeel_0_14", "inwoners")}
HOUSEHOLD_COUNTS = {
    "Eenpersoonshuishoudens_29": "aandeel_eenpersoons",
    "HuishoudensZonderKinderen_30": "aandeel_zonder_kinderen",
    "HuishoudensMetKinderen_31": "aandeel_met_kinderen",
}


def _statline_rows() -> list[list[str]]:
    """The shipped context table written back as 84799NED rows (counts where CBS publishes counts), with a country
    row and a district row that the loader must skip; CBS's '.' where it publishes no figure."""
    with open(DATA_DIR / context.FILE, encoding="utf-8", newline="") as handle:
        shipped = list(csv.DictReader(handle))
    by_stem = {i.statline: i.column for i in context.INDICATORS}
    rows = [["0", "NL00      ", "Nederland", "Land      ", *[""] * (len(HEADER) - 4)]]
    for k, row in enumerate(shipped, start=1):
        values = []
        for name in HEADER[4:]:
            stem = context.statline_stem(name)
            if name in SHARE_OF:
                value = str(round(float(row["aandeel_0_14"]) * int(row["inwoners"]) / 100))
            elif name in HOUSEHOLD_COUNTS:
                value = str(round(float(row[HOUSEHOLD_COUNTS[name]]) * int(row["huishoudens"]) / 100))
            else:
                value = row[by_stem[stem]] or "."
            values.append(value)
        rows.append([str(k), f"{row['code']}    ", f"naam {k}", "Gemeente  ", *values])
    rows.insert(3, ["9999", "WK036300  ", "Amsterdam", "Wijk      ", *["1"] * (len(HEADER) - 4)])
    return rows


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


def test_the_cbs_table_replaces_the_context_and_the_inhabitants(tmp_path, data_dir):
    file = _write(tmp_path / "84799NED.csv", _statline_rows())
    result = load_official("context-84799ned", file, data_dir)
    assert result.ok and result.written, result.report()
    tables = load_tables(data_dir)
    figures = tables.context.set_index("code")
    assert len(figures) == 355 and int(figures["inwoners"].sum()) == 17_407_585
    assert int(figures["levendgeborenen"].sum()) == 168_681
    assert figures["inkomen_huishouden_x1000"].isna().sum() == 5  # '.' in the CBS file: no figure
    # the shares come back from the counts within rounding (whole counts, one decimal)
    shipped = load_tables(DATA_DIR).context.set_index("code")
    assert (figures["aandeel_met_kinderen"] - shipped["aandeel_met_kinderen"]).abs().max() <= 0.1 + 1e-9
    assert (tables.inwoners["peildatum"] == "1 januari 2020").all()
    assert tables.inwoners.set_index("code")["inwoners"].equals(figures["inwoners"].loc[tables.inwoners["code"]])


@pytest.mark.parametrize(
    "change, column, fragment",
    [
        (lambda rows: rows[5].__setitem__(HEADER.index("GeboorteTotaal_24"), "-5"), "GeboorteTotaal_24", "negatief"),
        (
            lambda rows: rows[5].__setitem__(HEADER.index("HuishoudensMetEenLaagInkomen_78"), "112.5"),
            "HuishoudensMetEenLaagInkomen_78",
            "tussen 0 en 100",
        ),
        (
            lambda rows: rows[5].__setitem__(HEADER.index("AantalInwoners_5"), "99999"),
            "AantalInwoners_5",
            "gepubliceerd 17407585",
        ),
    ],
)
def test_a_broken_cbs_file_changes_nothing_and_names_its_row_and_column(tmp_path, data_dir, change, column, fragment):
    rows = _statline_rows()
    change(rows)
    file = _write(tmp_path / "84799NED.csv", rows)
    before = _snapshot(data_dir)
    result = load_official("context-84799ned", file, data_dir)
    assert not result.ok and not result.written
    assert _snapshot(data_dir) == before
    hits = [i for i in result.issues if i.file == "84799NED.csv" and i.column == column and fragment in str(i)]
    assert hits, result.report()
    if "som" not in hits[0].message:
        assert hits[0].row == 7  # the CBS file's own row: header 1, country 2, then the rows as written


def test_a_file_without_the_cbs_columns_is_refused(tmp_path, data_dir):
    path = tmp_path / "anders.csv"
    path.write_text("code;inwoners\nGM0003;1\n", encoding="utf-8")
    before = _snapshot(data_dir)
    result = load_official("context-84799ned", path, data_dir)
    assert not result.ok and "84799NED" in result.report()
    assert _snapshot(data_dir) == before
