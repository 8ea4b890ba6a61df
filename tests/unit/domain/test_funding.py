"""Funding: euros per inhabitant, averages, class breaks, the GIDS top-up, the national reconciliation and the dated
2022 events. Expectations come from tiny hand-made frames (worked out in the comments) or from the published
figures in data/mijlpalen.csv, read here with the csv module, not through the code under test."""

import csv
import math

import pandas as pd
import pytest

from kansrijke.data.paths import DATA_DIR
from kansrijke.data.tables import load_tables, validate_dir
from kansrijke.domain import funding
from kansrijke.views import funding_view as view
from kansrijke.views import palette
from kansrijke.views.charts.funding import ranking_chart, top_up_chart

PROVENANCE = {"regel": "", "bron": "", "bron_url": "", "bron_datum": ""}


def fund(code, regeling, bedrag, basis="model", regel="r", bron=""):
    jaar = {"impuls_gids_2019": 2019, "impuls_tranche3_2020": 2020, "aanvulling_gids_2021": 2021}[regeling]
    return {
        "code": code,
        "regeling": regeling,
        "jaar": jaar,
        "bedrag_eur": bedrag,
        "basis": basis,
        "regel": "" if basis == "bron" else regel,
        "bron": bron,
        "bron_url": "",
        "bron_datum": "2022" if bron else "",
    }


# rows of financiering, inwoners, gemeenten, coalities: per_inhabitant's first four arguments
Small = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]


@pytest.fixture
def small() -> Small:
    """Four municipalities:
    GM0001 GIDS, 1,000 inhabitants: impulse 1,000 (sourced) + top-up 500 (modelled) -> 1.50 per inhabitant
    GM0002 tranche 3, 400 inhabitants: 300 -> 0.75
    GM0003 tranche 3, 600 inhabitants: 516 -> 0.86
    GM0004 joined 2022, 5,000 inhabitants: no amount
    """
    municipalities = pd.DataFrame(
        {
            "code": ["GM0001", "GM0002", "GM0003", "GM0004"],
            "naam": ["Aa", "Bee", "Cee", "Dee"],
            "provincie_code": ["PV20", "PV20", "PV21", "PV21"],
            "provincie": ["Groningen", "Groningen", "Fryslân", "Fryslân"],
            "ggd_code": ["GG0001", "GG0001", "GG0002", "GG0002"],
            "ggd_regio": ["G1", "G1", "G2", "G2"],
        }
    )
    inhabitants = pd.DataFrame(
        {"code": municipalities["code"], "inwoners": [1000, 400, 600, 5000], "peildatum": "2020 (maandcijfer)"}
    )
    coalitions = pd.DataFrame(
        {"code": municipalities["code"], "tranche": ["gids_2019", "tranche3_2020", "tranche3_2020", "impuls_2022"]}
    )
    rows = pd.DataFrame(
        [
            fund("GM0001", "impuls_gids_2019", 1000, basis="bron", bron="Brief gemeente Aa"),
            fund("GM0001", "aanvulling_gids_2021", 500, regel="aanvulling_tot_tranche3_niveau"),
            fund("GM0002", "impuls_tranche3_2020", 300, regel="tranche3_naar_inwoners"),
            fund("GM0003", "impuls_tranche3_2020", 516, regel="tranche3_naar_inwoners"),
        ]
    )
    return rows, inhabitants, municipalities, coalitions


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ------------------------------------------------------------------------------------------- euros per inhabitant


def test_per_inhabitant_adds_schemes_and_leaves_out_municipalities_without_money(small: Small):
    frame = funding.per_inhabitant(*small, scope="totaal")
    assert frame["code"].tolist() == ["GM0001", "GM0003", "GM0002"]  # 1.50, 0.86, 0.75
    assert frame["bedrag_eur"].tolist() == [1500, 516, 300]
    assert frame["eur_per_inwoner"].tolist() == pytest.approx([1.5, 0.86, 0.75])
    assert "GM0004" not in set(frame["code"])  # no amount is not zero


def test_per_inhabitant_basis_is_bron_only_when_every_part_is_sourced(small: Small):
    total = funding.per_inhabitant(*small, scope="totaal").set_index("code")
    assert total.at["GM0001", "basis"] == "model"  # top-up is modelled
    assert total.at["GM0001", "bron"] == "Brief gemeente Aa"  # partial evidence kept
    assert total.at["GM0001", "regel"] == "aanvulling_tot_tranche3_niveau"
    gids_only = funding.per_inhabitant(*small, scope="impuls_gids_2019").set_index("code")
    assert gids_only.index.tolist() == ["GM0001"]
    assert (gids_only.at["GM0001", "basis"], gids_only.at["GM0001", "eur_per_inwoner"]) == ("bron", 1.0)


def test_unknown_scope_is_refused(small: Small):
    with pytest.raises(ValueError, match="unknown scope"):
        funding.per_inhabitant(*small, scope="impuls_2022")


def test_group_rate_is_total_money_over_total_inhabitants(small: Small):
    frame = funding.per_inhabitant(*small)
    # (1500 + 300 + 516) / (1000 + 400 + 600) = 2316 / 2000; the mean of the three rates would be 1.0367
    assert funding.weighted_rate(frame) == pytest.approx(1.158)
    assert funding.weighted_rate(frame.iloc[0:0]) is None


def test_averages_of_province_and_tranche(small: Small):
    frame = funding.per_inhabitant(*small)
    averages = funding.averages_for(frame, "GM0002")
    assert averages is not None
    assert averages.provincie == "Groningen"
    assert averages.provincie_rate == pytest.approx(1800 / 1400)  # GM0001 + GM0002
    assert averages.tranche == "tranche3_2020"
    assert averages.tranche_rate == pytest.approx(816 / 1000)  # GM0002 + GM0003
    assert funding.averages_for(frame, "GM0004") is None  # no money in the scope


def test_filters_narrow_the_rows(small: Small):
    frame = funding.per_inhabitant(*small)
    assert funding.filter_rows(frame, provincie_code="PV20")["code"].tolist() == ["GM0001", "GM0002"]
    assert funding.filter_rows(frame, ggd_code="GG0002")["code"].tolist() == ["GM0003"]
    assert funding.filter_rows(frame, "PV20", "", "tranche3_2020")["code"].tolist() == ["GM0002"]
    assert len(funding.filter_rows(frame, None, None, None)) == 3


def test_filter_choices_are_sorted_by_name(small: Small):
    choices = funding.filter_choices(small[2])
    assert list(choices["provincie"].items()) == [("PV21", "Fryslân"), ("PV20", "Groningen")]
    assert list(choices["tranche"]) == ["gids_2019", "tranche3_2020", "impuls_2022"]


# ------------------------------------------------------------------------------------------- class breaks


def test_class_of_puts_a_value_on_a_break_in_the_class_that_starts_there():
    breaks = (0.25, 0.5, 1.0)
    values = pd.Series([0.0, 0.2499, 0.25, 0.4999, 0.5, 0.99, 1.0, 7.5])
    assert funding.class_of(values, breaks).tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


@pytest.mark.parametrize("breaks", [(), (0.5, 0.5), (1.0, 0.5), (0, 1.0), (-1, 1.0)])
def test_bad_breaks_are_refused(breaks):
    with pytest.raises(ValueError):
        funding.class_of(pd.Series([1.0]), breaks)


def test_negative_rates_are_refused():
    with pytest.raises(ValueError, match="negative"):
        funding.class_of(pd.Series([-0.1]))


def test_class_bounds_are_open_at_both_ends_and_every_class_has_a_colour():
    bounds = funding.class_bounds((0.25, 0.5))
    assert bounds == [(None, 0.25), (0.25, 0.5), (0.5, None)]
    assert len(funding.class_bounds()) == len(funding.EUR_PER_INHABITANT_BREAKS) + 1
    assert len(palette.EUR_CLASS_RGB) >= len(funding.class_bounds())
    assert palette.NOT_YET_RGB not in palette.EUR_CLASS_RGB  # grey stays "no amount"


def test_class_counts_include_empty_classes(small: Small):
    frame = funding.per_inhabitant(*small)
    # 1.50 -> [1.5, ...) class 5; 0.86 and 0.75 -> [0.75, 1.00) class 3
    assert funding.class_counts(frame) == [0, 0, 0, 2, 0, 1]


def test_breaks_separate_the_published_gids_rate_from_the_tranche3_level():
    """From the published totals and the inhabitants of each tranche (read from the CSV files): the GIDS impulse
    per inhabitant before the top-up and the third-tranche level fall in different map classes."""
    published = {row["indicator"]: float(row["waarde"]) for row in read_csv("mijlpalen.csv")}
    tranche = {row["code"]: row["tranche"] for row in read_csv("coalities.csv")}
    people = {"gids_2019": 0, "tranche3_2020": 0}
    for row in read_csv("inwoners_2020.csv"):
        if tranche.get(row["code"]) in people:
            people[tranche[row["code"]]] += int(row["inwoners"])
    gids_rate = published["impuls_gids_eur"] / people["gids_2019"]
    t3_rate = published["impuls_tranche3_eur"] / people["tranche3_2020"]
    classes = funding.class_of(pd.Series([gids_rate, t3_rate])).tolist()
    assert classes[0] < classes[1]


# ------------------------------------------------------------------------------------------- GIDS top-up


@pytest.fixture
def gids_case():
    """Tranche 3: X 860 for 1,000 and Y 1,720 for 2,000 inhabitants -> level 2,580 / 3,000 = 0.86.
    GIDS: A 500 for 1,000 inhabitants, topped up by 360 to 860 (0.86); B 2,000 for 1,000 (2.00), no top-up."""
    rows = pd.DataFrame(
        [
            fund("GM0010", "impuls_tranche3_2020", 860),
            fund("GM0011", "impuls_tranche3_2020", 1720),
            fund("GM0001", "impuls_gids_2019", 500, basis="bron", bron="Raadsbrief A"),
            fund("GM0001", "aanvulling_gids_2021", 360, regel="aanvulling_tot_tranche3_niveau"),
            fund("GM0002", "impuls_gids_2019", 2000, regel="gids_gelijk_per_inwoner"),
        ]
    )
    inhabitants = pd.DataFrame({"code": ["GM0010", "GM0011", "GM0001", "GM0002"], "inwoners": [1000, 2000, 1000, 1000]})
    municipalities = pd.DataFrame({"code": ["GM0010", "GM0011", "GM0001", "GM0002"], "naam": ["X", "Y", "A", "B"]})
    return rows, inhabitants, municipalities


def test_tranche3_level_is_total_over_its_inhabitants(gids_case):
    rows, inhabitants, _ = gids_case
    part = funding.tranche3(rows, inhabitants)
    assert (part.bedrag_eur, part.inwoners, part.gemeenten) == (2580, 3000, 2)
    assert funding.tranche3(rows, inhabitants).level == pytest.approx(0.86)


def test_top_up_before_and_after(gids_case):
    frame = funding.top_up(*gids_case).set_index("code")
    assert frame.loc["GM0001", ["voor_eur", "aanvulling_eur", "na_eur"]].tolist() == [500, 360, 860]
    assert frame.loc["GM0002", ["voor_eur", "aanvulling_eur", "na_eur"]].tolist() == [2000, 0, 2000]
    assert frame.loc["GM0001", "voor_per_inwoner"] == pytest.approx(0.5)
    assert frame.loc["GM0001", "na_per_inwoner"] == pytest.approx(0.86)
    assert (frame.loc["GM0001", "basis_voor"], frame.loc["GM0001", "basis"]) == ("bron", "model")
    assert frame.loc["GM0002", "basis_aanvulling"] == ""
    assert funding.top_up(*gids_case)["code"].tolist() == ["GM0001", "GM0002"]  # lowest before first
    assert funding.top_up_counts(funding.top_up(*gids_case), 0.86) == (1, 0)


def test_a_top_up_without_gids_impulse_is_an_error(gids_case):
    rows, inhabitants, municipalities = gids_case
    rows = pd.concat([rows, pd.DataFrame([fund("GM0010", "aanvulling_gids_2021", 5)])], ignore_index=True)
    with pytest.raises(ValueError, match="GM0010"):
        funding.top_up(rows, inhabitants, municipalities)


def test_rounding_to_whole_euros_does_not_count_as_below_the_level():
    amounts, people = pd.Series([860, 859.6, 859]), pd.Series([1000, 1000, 1000])
    assert funding.below_level(amounts, people, 0.86).tolist() == [False, False, True]


# ------------------------------------------------------------------------------------------- shipped data


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_no_gids_municipality_stays_below_the_tranche3_level_after_the_top_up(tables):
    # The published rule (July 2020 report): GIDS municipalities get at least the tranche-3 amount per inhabitant.
    gids = funding.top_up(tables.financiering, tables.inwoners, tables.gemeenten)
    gids_codes = {row["code"] for row in read_csv("coalities.csv") if row["tranche"] == "gids_2019"}
    assert set(gids["code"]) == gids_codes
    assert funding.top_up_counts(gids, funding.tranche3(tables.financiering, tables.inwoners).level)[1] == 0


def test_reconciliation_against_the_published_totals(tables):
    published = {row["indicator"]: row for row in read_csv("mijlpalen.csv")}
    sums: dict[str, int] = {}
    for row in read_csv("financiering.csv"):
        sums[row["regeling"]] = sums.get(row["regeling"], 0) + int(row["bedrag_eur"])
    result = funding.reconciliation(tables.financiering, tables.mijlpalen).set_index("indicator")
    assert list(result.index) == ["impuls_gids_eur", "impuls_tranche3_eur", "aanvulling_gids_eur", "impuls_totaal_eur"]
    assert result.at["impuls_gids_eur", "gepubliceerd"] == 9_000_000 == float(published["impuls_gids_eur"]["waarde"])
    assert result.at["impuls_gids_eur", "som_tabellen"] == sums["impuls_gids_2019"]
    assert result.at["impuls_tranche3_eur", "som_tabellen"] == sums["impuls_tranche3_2020"]
    assert result.at["aanvulling_gids_eur", "som_tabellen"] == sums["aanvulling_gids_2021"]
    assert result.at["impuls_totaal_eur", "som_tabellen"] == sum(sums.values())
    assert result["kwalificatie"].tolist() == [published[i]["kwalificatie"] for i in result.index]
    # the wording by hand: exact 9 m; almost 3 m = [2.7 m, 3 m]; over 2 m = [2 m, 2.5 m]; about 14 m = 14 m +-5%
    assert sums["impuls_gids_2019"] == 9_000_000
    assert 2_700_000 <= sums["impuls_tranche3_2020"] <= 3_000_000
    assert 2_000_000 <= sums["aanvulling_gids_2021"] <= 2_500_000
    assert 13_300_000 <= sum(sums.values()) <= 14_700_000
    assert result["binnen_formulering"].all()
    assert (result["bron"] != "").all() and (result["bron_datum"] != "").all()


def test_reconciliation_flags_a_sum_outside_the_wording(tables):
    fewer = tables.financiering.copy()
    gids = fewer.index[fewer["regeling"] == "impuls_gids_2019"]
    fewer.loc[gids[0], "bedrag_eur"] -= 1  # 8,999,999 is not "9 million"
    result = funding.reconciliation(fewer, tables.mijlpalen).set_index("indicator")["binnen_formulering"]
    assert not result["impuls_gids_eur"]
    assert result["impuls_totaal_eur"]  # "about 14 million" still holds


def test_timeline_holds_the_2022_circulaires_without_amounts_and_the_structural_budget(tables):
    timeline = funding.funding_timeline(tables.mijlpalen, tables.gebeurtenissen)
    events = timeline[timeline["soort"] == "gebeurtenis"]
    assert events["datum_label"].tolist() == [
        "meicirculaire 2022",
        "septembercirculaire 2022",
        "decembercirculaire 2022",
    ]
    assert events["gemeenten"].tolist() == ["deelnemers", "nog_niet_deelnemers", "alle"]
    assert events["waarde"].isna().all()  # no amount is published
    news = "https://www.kansrijkestartnl.nl/actueel/nieuws/2022/07/21/brief-aan-gemeenten-inzake-bundeling-en-oormerken-van-middelen"
    assert (events["bron_url"] == news).all() and (events["bron_datum"] == "2022-07-21").all()
    structural = timeline[timeline["sleutel"] == "budget_structureel_eur"]
    assert structural["waarde"].tolist() == [23_000_000]
    order = timeline["sleutel"].tolist()
    assert order.index("decembercirculaire_2022_interventies") < order.index("budget_structureel_eur")
    assert order.index("impuls_gids_eur") < order.index("meicirculaire_2022_vierde_jaar")
    assert "2000000" not in " ".join(events["toelichting"])


def test_event_text_says_no_amount_was_published(tables):
    timeline = funding.funding_timeline(tables.mijlpalen, tables.gebeurtenissen)
    table = view.timeline_table(timeline, "nl")
    texts = " | ".join(table.iloc[:, 1])
    assert (
        "Septembercirculaire 2022: alle gemeenten die nog niet meededen krijgen de impuls (geen bedrag gepubliceerd)"
        in texts
    )
    assert "€ 23 miljoen per jaar" in texts
    english = " | ".join(view.timeline_table(timeline, "en").iloc[:, 1])
    assert "(no amount published)" in english


# ------------------------------------------------------------------------------------------- events table

HEADER = "datum,datum_label,gebeurtenis,gemeenten,bedrag_eur,basis,bron,bron_url,bron_datum,toelichting\n"


def _copy_data(tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def test_events_file_is_optional(tmp_path):
    folder = _copy_data(tmp_path)
    (folder / "gebeurtenissen.csv").unlink()
    assert validate_dir(folder) == []
    assert load_tables(folder).gebeurtenissen.empty


def test_a_bad_event_row_names_file_row_and_column(tmp_path):
    folder = _copy_data(tmp_path)
    (folder / "gebeurtenissen.csv").write_text(
        HEADER + "2022-13,x,meicirculaire_2022,iedereen,-5,bron,,,,\n", encoding="utf-8"
    )
    found = {(i.file, i.row, i.column) for i in validate_dir(folder)}
    for column in ("datum", "gemeenten", "bedrag_eur", "bron"):
        assert ("gebeurtenissen.csv", 2, column) in found, column


# ------------------------------------------------------------------------------------------- view and charts


def test_map_colours_follow_class_and_basis(small: Small):
    frame = funding.per_inhabitant(*small, scope="impuls_gids_2019")
    assert view.map_frame(frame, "nl")["fill_color"].tolist() == [[*palette.EUR_CLASS_RGB[4], palette.ALPHA_SOURCED]]
    total = view.map_frame(funding.per_inhabitant(*small), "nl").set_index("code")
    assert total.at["GM0002", "fill_color"] == [*palette.EUR_CLASS_RGB[3], palette.ALPHA_MODELLED]
    assert total.at["GM0002", "per_inwoner_label"] == "€ 0,75 per inwoner"
    assert total.at["GM0001", "bedrag_label"] == "Bedrag: € 1.500"
    assert "GM0004" not in total.index  # grey: drawn by maps.py


def test_legend_counts_add_up_to_the_municipalities_with_money(small: Small):
    frame = funding.per_inhabitant(*small)
    rows = view.legend_rows(frame, "nl")
    assert len(rows) == len(funding.class_bounds()) + 1
    assert rows[3]["label"] == "€ 0,75 tot € 1,00 per inwoner (2)"
    assert rows[0]["label"].startswith("minder dan € 0,25")
    assert rows[-1]["colours"] == [[*palette.NOT_YET_RGB, 255]]


def test_ranking_chart_marks_the_selection_and_draws_the_rules(small: Small):
    frame = funding.per_inhabitant(*small)
    labels = {
        k: k
        for k in ("x", "y", "bron", "model", "selected", "other", "basis", "marking", "rules", "amount", "inhabitants")
    }
    spec = ranking_chart(frame, labels, "nl", highlight_code="GM0002", rules=[("gemiddeld", 1.158)]).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    datasets = list(spec["datasets"].values())
    bars = next(d for d in datasets if len(d) == 3)
    assert {row["code"]: row["markering"] for row in bars} == {
        "GM0001": "other",
        "GM0002": "selected",
        "GM0003": "other",
    }
    assert any(d == [{"lijn": "gemiddeld", "waarde": 1.158}] for d in datasets)
    assert len(spec["layer"]) == 3  # bars, selection marker, rule


def test_top_up_chart_has_the_level_rule(gids_case):
    frame = funding.top_up(*gids_case)
    labels = {k: k for k in ("x", "y", "before", "after", "stand", "level", "bron", "model", "basis")}
    spec = top_up_chart(frame, 0.86, labels, "en").to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == "."
    datasets = list(spec["datasets"].values())
    assert any(d == [{"lijn": "level", "waarde": 0.86}] for d in datasets)
    points = next(d for d in datasets if len(d) == 4)  # 2 municipalities x before/after
    assert sorted(round(p["waarde"], 2) for p in points) == [0.5, 0.86, 2.0, 2.0]
    assert not any(math.isnan(p["waarde"]) for p in points)
