"""Loading the programme office's official tables: matching names to 2020 codes, parsing the circulaire shape,
and the whole load into a private copy of the data (sourced rows replace modelled ones, totals still reconcile,
a bad file changes nothing)."""

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from kansrijke.data import load_official as lo
from kansrijke.data import model
from kansrijke.data.matching import Matcher, parse_code
from kansrijke.data.official import amounts
from kansrijke.data.paths import DATA_DIR, GEO_DIR, ROOT
from kansrijke.data.schemas.files import OTHER_YEAR_CODES
from kansrijke.data.tables import load_tables

FIXTURES = ROOT / "tests" / "fixtures" / "official"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(pd.read_csv(DATA_DIR / "gemeenten_2020.csv", dtype=str, keep_default_na=False))


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def read(folder: Path, file: str) -> pd.DataFrame:
    return pd.read_csv(folder / file, dtype=str, keep_default_na=False)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def published(folder: Path, indicator: str) -> int:
    rows = read(folder, "mijlpalen.csv")
    return int(float(rows.loc[rows["indicator"] == indicator, "waarde"].iloc[0]))


# ---------------------------------------------------------------------------------------------------------------
# Matching


@pytest.mark.parametrize(
    "name, code",
    [
        ("'s-Hertogenbosch", "GM0796"),
        ("s-Hertogenbosch", "GM0796"),
        ("’s-Hertogenbosch", "GM0796"),
        ("Den Bosch", "GM0796"),
        ("'S-HERTOGENBOSCH", "GM0796"),
        ("Gemeente Diemen", "GM0384"),
        ("Súdwest Fryslân", "GM1900"),
        ("sudwest-fryslan", "GM1900"),
        ("Den Haag", "GM0518"),
        ("Bergen (NH)", "GM0373"),
        ("Bergen (NH.)", "GM0373"),
        ("Bergen (Noord-Holland)", "GM0373"),
        ("Bergen (L)", "GM0893"),
        ("Hengelo (O)", "GM0164"),
        ("Rijswijk (ZH)", "GM0603"),
        ("Nuenen", "GM0820"),
        ("Nuenen, Gerwen en Nederwetten", "GM0820"),
        ("Alphen aan den Rijn", "GM0484"),
    ],
)
def test_names_match_their_2020_code(matcher, name, code):
    found = matcher.by_name(name)
    assert found.ok and found.code == code


@pytest.mark.parametrize(
    "value, code",
    [
        ("GM0363", "GM0363"),
        ("gm363", "GM0363"),
        ("0363", "GM0363"),
        ("363", "GM0363"),
        (363, "GM0363"),
        (363.0, "GM0363"),
    ],
)
def test_codes_in_every_usual_spelling(matcher, value, code):
    assert parse_code(value) == code
    assert matcher.by_code(value).code == code


def test_misspelt_name_is_reported_with_a_hint_not_guessed(matcher):
    found = matcher.by_name("Amsterdm")
    assert not found.ok and found.how == "onbekend"
    assert "Amsterdam (GM0363)" in found.problem


def test_ambiguous_name_names_both_candidates(matcher):
    found = matcher.by_name("Bergen")
    assert not found.ok and found.how == "dubbelzinnig"
    assert "GM0373" in found.problem and "GM0893" in found.problem


def test_qualifier_of_another_province_is_not_matched(matcher):
    assert not matcher.by_name("Hengelo (Gld)").ok  # a village in Bronckhorst, not the Overijssel town


@pytest.mark.parametrize("value", ["Eemsdelta", "Dijk en Waard", "Land van Cuijk", "Maashorst", "Gemeente Maashorst"])
def test_municipalities_formed_after_2020_cannot_be_split(matcher, value):
    found = matcher.by_name(value)
    assert not found.ok and found.how == "samengevoegd"
    code = next(c for c, (_, naam, _) in OTHER_YEAR_CODES.items() if naam in value)
    assert all(old in found.problem for old in OTHER_YEAR_CODES[code][2])


@pytest.mark.parametrize("value", ["GM1982", "1980", 1991])
def test_codes_of_later_years_are_reported(matcher, value):
    assert matcher.by_code(value).how == "samengevoegd"


def test_code_and_name_that_disagree_are_reported(matcher):
    assert matcher.match(name="Utrecht", code="363").how == "dubbelzinnig"
    assert matcher.match(name="Amsterdam", code="363").code == "GM0363"


def test_every_new_code_of_2022_is_known_as_a_merger():
    # geo/gemeente_2022.topojson (CBS/PDOK, 1 January 2022): every code not in 2020 must be in OTHER_YEAR_CODES
    def codes(file):
        topology = json.loads((GEO_DIR / file).read_text(encoding="utf-8"))
        (collection,) = topology["objects"].values()
        return {g["properties"]["statcode"] for g in collection["geometries"]}

    assert codes("gemeente_2022.topojson") - codes("gemeente_2020.topojson") == set(OTHER_YEAR_CODES)


# ---------------------------------------------------------------------------------------------------------------
# Amounts and headers


@pytest.mark.parametrize(
    "text, style, value",
    [
        ("1.234,56", "nl", Decimal("1234.56")),
        ("€ 1.234", "nl", Decimal("1234")),
        ("1234", "nl", Decimal("1234")),
        ("€ 1.234,-", "nl", Decimal("1234")),
        ("1.234.567", "nl", Decimal("1234567")),
        ("12,5", "nl", Decimal("12.5")),
        ("1,234.56", "en", Decimal("1234.56")),
        ("EUR 1,234", "en", Decimal("1234")),
        ("€\u00a09.000", "nl", Decimal("9000")),
        (9000.5, "nl", Decimal("9000.5")),
        ("-", "nl", None),
        ("", "nl", None),
        (None, "nl", None),
    ],
)
def test_amounts_in_dutch_and_english_notation(text, style, value):
    assert amounts.parse_amount(text, style) == value


@pytest.mark.parametrize("text", ["12,34,5", "1.23.4", "twaalf", "1 234 euro extra"])
def test_unreadable_amounts_raise(text):
    with pytest.raises(ValueError):
        amounts.parse_amount(text, "nl")


def test_column_notation_follows_the_telling_values():
    assert amounts.detect_style(["1.000", "2.345,50"]) == ("nl", True)
    assert amounts.detect_style(["1,000", "2,345.50"]) == ("en", True)
    assert amounts.detect_style(["1.000", "2.000"]) == ("nl", True)  # nothing telling: Dutch
    assert amounts.detect_style(["1.000,50", "2,345.50"])[1] is False  # mixed: refused


@pytest.mark.parametrize(
    "header, factor",
    [
        ("Bedrag (x € 1)", 1),
        ("Bedrag (x € 1.000)", 1000),
        ("Uitkering x 1000", 1000),
        ("Uitkering 2019", 1),
        ("x € 1 mln", 1_000_000),
    ],
)
def test_header_multiplier(header, factor):
    assert amounts.header_multiplier(header) == factor


def test_circulaire_shape_is_parsed(matcher):
    grid, issues = lo.read_grid(FIXTURES / "gids_2019_bijlage.csv")
    assert not issues and grid is not None
    gemeenten = pd.read_csv(DATA_DIR / "gemeenten_2020.csv", dtype=str, keep_default_na=False)
    parsed = lo.parse_table(grid, lo.KINDS["financiering-gids-2019"], "gids_2019_bijlage.csv", gemeenten)
    assert parsed.issues == [] and parsed.layout is not None
    assert parsed.layout.header_row == 4  # below three title rows
    assert parsed.totals_row == 13  # recognised and left out
    # amounts as written in the file, rounded half up to whole euros
    assert {r.code: r.amount for r in parsed.rows} == {
        "GM0796": 116557,
        "GM0384": 9000,
        "GM1900": 67482,
        "GM0373": 22322,
        "GM0518": 409397,
        "GM0164": 60785,
    }
    assert parsed.without_amount == [9]  # Amsterdam: "-"


# ---------------------------------------------------------------------------------------------------------------
# The whole load


def test_good_table_becomes_sourced_rows_and_totals_still_reconcile(data):
    before_funding = read(data, "financiering.csv")
    before_coalitions = read(data, "coalities.csv")
    code = lo.main(
        [
            "financiering-gids-2019",
            str(FIXTURES / "gids_2019_bijlage.csv"),
            "--data-dir",
            str(data),
            "--bron",
            "Testbijlage",
            "--bron-datum",
            "2019-05",
        ]
    )
    assert code == 0
    funding = read(data, "financiering.csv")
    coalitions = read(data, "coalities.csv")
    expected = {"GM0796": 116557, "GM0384": 9000, "GM1900": 67482, "GM0373": 22322, "GM0518": 409397, "GM0164": 60785}
    gids = funding[funding["regeling"] == "impuls_gids_2019"].set_index("code")
    for c, amount in expected.items():
        assert gids.loc[c, "basis"] == "bron" and int(gids.loc[c, "bedrag_eur"]) == amount
        assert "gids_2019_bijlage.csv" in gids.loc[c, "bron"] and gids.loc[c, "bron_datum"] == "2019-05"
    tranche = coalitions.set_index("code")
    assert (tranche.loc[list(expected), "basis"] == "bron").all()
    assert (tranche.loc[list(expected), "tranche"] == "gids_2019").all()
    # Diemen was sourced already: five rows move from model to bron in each table
    assert (funding["basis"] == "model").sum() == (before_funding["basis"] == "model").sum() - 5
    assert (coalitions["basis"] == "model").sum() == (before_coalitions["basis"] == "model").sum() - 5
    # the published totals still hold
    assert gids["bedrag_eur"].astype(int).sum() == published(data, "impuls_gids_eur")
    assert (coalitions["tranche"] == "gids_2019").sum() == published(data, "gids_gemeenten")
    assert (coalitions["tranche"] == "tranche3_2020").sum() == published(data, "tranche3_gemeenten")
    assert model.main(["--check", "--data-dir", str(data)]) == 0
    load_tables(data)  # raises if anything fails
    assert not [p for p in data.rglob("*") if p.name.startswith(".")]  # no staging files left


def test_loading_the_same_table_twice_changes_nothing_more(data):
    args = ["financiering-gids-2019", str(FIXTURES / "gids_2019_bijlage.csv"), "--data-dir", str(data)]
    assert lo.main(args) == 0
    once = digest(data)
    assert lo.main(args) == 0
    assert digest(data) == once


def test_bad_file_reports_every_problem_and_changes_nothing(data, capsys):
    before = digest(data)
    code = lo.main(["financiering-gids-2019", str(FIXTURES / "gids_2019_fouten.csv"), "--data-dir", str(data)])
    assert code == 1
    assert digest(data) == before
    report = capsys.readouterr().err
    for row, column, value in [
        (4, "Gemeente", "Amsterdm"),
        (5, "Gemeente", "Eemsdelta"),
        (6, "Gemeente", "Bergen"),
        (7, "Gemeente", "Land van Cuijk"),
        (9, "Gemeente", "Gemeente Utrecht"),
        (10, "Bedrag (x € 1)", "12,34,5"),
    ]:
        assert f"gids_2019_fouten.csv, rij {row}, kolom {column}: waarde '{value}'" in report
    assert "6 problemen" in report


def test_amounts_above_the_published_total_are_refused(data, tmp_path, capsys):
    bad = tmp_path / "te_veel.csv"
    bad.write_text("Gemeente;Bedrag\nAmsterdam;9.500.000\n", encoding="utf-8")
    before = digest(data)
    assert lo.main(["financiering-gids-2019", str(bad), "--data-dir", str(data)]) == 1
    assert digest(data) == before
    assert "gepubliceerde totaal (9000000)" in capsys.readouterr().err


def test_a_load_that_breaks_a_published_total_names_the_milestone(data, tmp_path, capsys):
    # moving the two largest GIDS municipalities to tranche 3 shrinks the modelled GIDS top-up below "ruim 2 miljoen"
    moved = tmp_path / "tranche3.csv"
    moved.write_text("Lijst derde tranche\n\nGemeente\nAmsterdam\nRotterdam\n", encoding="utf-8")
    before = digest(data)
    assert lo.main(["coalities-tranche3-2020", str(moved), "--data-dir", str(data)]) == 1
    assert digest(data) == before
    report = capsys.readouterr().err
    assert "mijlpalen.csv" in report and "aanvulling_gids_eur" in report


def test_membership_list_and_dry_run(data):
    before = digest(data)
    result = lo.load_official("coalities-tranche3-2020", FIXTURES / "coalities_tranche3_2020.csv", data, dry_run=True)
    assert result.ok and not result.written
    assert digest(data) == before
    result = lo.load_official("coalities-tranche3-2020", FIXTURES / "coalities_tranche3_2020.csv", data)
    assert result.ok and result.written
    coalitions = read(data, "coalities.csv").set_index("code")
    for code in ("GM1699", "GM0984", "GM0820"):  # Noordenveld, Venray, Nuenen
        assert (coalitions.loc[code, "tranche"], coalitions.loc[code, "basis"]) == ("tranche3_2020", "bron")
    assert model.main(["--check", "--data-dir", str(data)]) == 0


def test_xlsx_with_codes_and_thousands(data, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Septembercirculaire 2020 (TESTBESTAND, fictieve bedragen)"])
    sheet.append([])
    sheet.append(["Gemeentecode", "Gemeentenaam", "Bedrag (x € 1.000)"])
    sheet.append([1699, "Noordenveld", 26.97])
    sheet.append([119, "Meppel", 29.431])
    sheet.append([None, "Totaal", 56.401])
    path = tmp_path / "tranche3.xlsx"
    book.save(path)
    assert lo.main(["financiering-tranche3-2020", str(path), "--data-dir", str(data)]) == 0
    funding = read(data, "financiering.csv").set_index(["code", "regeling"])
    assert int(funding.loc[("GM1699", "impuls_tranche3_2020"), "bedrag_eur"]) == 26970
    assert int(funding.loc[("GM0119", "impuls_tranche3_2020"), "bedrag_eur"]) == 29431
    assert funding.loc[("GM0119", "impuls_tranche3_2020"), "basis"] == "bron"
    # Meppel was modelled as GIDS (it took part in 2019 by a source); the official table now says tranche 3
    assert read(data, "coalities.csv").set_index("code").loc["GM0119", "tranche"] == "tranche3_2020"
    t3 = read(data, "financiering.csv")
    t3 = t3[t3["regeling"] == "impuls_tranche3_2020"]
    assert t3["bedrag_eur"].astype(int).sum() == 3_000_000  # the model's round figure for "bijna 3 miljoen"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bron-datum", "mei 2019"], "--bron-datum"),
        (["--datum", "2019-13-01"], "--datum"),
    ],
)
def test_bad_arguments_exit_1_and_change_nothing(data, capsys, args, message):
    before = digest(data)
    assert (
        lo.main(["financiering-gids-2019", str(FIXTURES / "gids_2019_bijlage.csv"), "--data-dir", str(data), *args])
        == 1
    )
    assert digest(data) == before
    assert message in capsys.readouterr().err


def test_unknown_kind_is_an_argument_error():
    with pytest.raises(SystemExit) as stop:
        lo.main(["financiering-2030", str(FIXTURES / "gids_2019_bijlage.csv")])
    assert stop.value.code == 2


def test_renamed_or_missing_file_is_reported(data, tmp_path):
    missing = lo.load_official("financiering-gids-2019", tmp_path / "bestaat_niet.csv", data)
    assert not missing.ok and "bestaat niet" in missing.issues[0].message
    legacy = tmp_path / "oud.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert "xls" in lo.load_official("financiering-gids-2019", legacy, data).issues[0].message
