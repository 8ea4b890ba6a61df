"""Peer finding (kansrijke.domain.peers) and the comparison figures (kansrijke.domain.comparison)."""

import math

import pandas as pd
import pytest

from kansrijke.data import geo
from kansrijke.data.tables import load_tables
from kansrijke.domain import comparison, peers

# ------------------------------------------------------------------------------------------------ hand-made frame


def _frame(rows):
    """A feature frame from (code, inhabitants, density, province, ggd, tranche, date, nnz) tuples."""
    frame = pd.DataFrame(
        rows,
        columns=["code", "inwoners", "dichtheid", "provincie_code", "ggd_code", "tranche", "datum_deelname", "nnz"],
    )
    frame["naam"] = "Gemeente " + frame["code"]
    frame["log_inwoners"] = frame["inwoners"].map(math.log10)
    frame["log_dichtheid"] = frame["dichtheid"].map(math.log10)
    frame["deelname_dag"] = (pd.to_datetime(frame["datum_deelname"]) - pd.Timestamp("1970-01-01")).dt.days
    for feature in peers.FEATURES:  # the CBS context figures: not in this hand-made frame
        if feature.column not in frame:
            frame[feature.column] = float("nan")
    return frame


SMALL = _frame(
    [
        # code,   inhabitants, density, province, ggd,   tranche,        joined,     nnz
        ("GM0001", 10_000, 100, "PV20", "GG01", "impuls_2022", "2022-12-31", False),
        ("GM0002", 100_000, 1000, "PV20", "GG01", "gids_2019", "2019-12-31", True),
        ("GM0003", 1_000_000, 5000, "PV27", "GG02", "gids_2019", "2019-12-31", True),
        ("GM0004", 20_000, 150, "PV27", "GG02", "impuls_2022", "2022-12-31", False),
        ("GM0005", 100_000, 1000, "PV27", "GG02", "gids_2019", "2019-12-31", True),
    ]
)
ONLY_SIZE = {"inwoners": 1}


def test_nearest_by_size_follows_the_log_scale():
    # Log10 inhabitants: 4, 5, 6, 4.30, 5 -> nearest to GM0001 (4.0) is GM0004 (4.30), then the two at 5.0
    # (a tie, broken by code), then GM0003 at 6.0. Distance = |diff| / range (6 - 4 = 2).
    result = peers.find_peers(SMALL, "GM0001", ONLY_SIZE, n=None)
    assert result["code"].tolist() == ["GM0004", "GM0002", "GM0005", "GM0003"]
    assert result["afstand"].iloc[0] == pytest.approx(math.log10(2) / 2)
    assert result["afstand"].iloc[1] == pytest.approx(0.5)
    assert result["afstand"].iloc[3] == pytest.approx(1.0)
    assert result["gelijkenis"].iloc[3] == pytest.approx(0.0)
    assert result["rang"].tolist() == [1, 2, 3, 4]


def test_weighted_mean_of_mixed_parts():
    # GM0002 vs GM0005: same size, density, tranche, date, nnz; other province and GGD. With weights
    # inwoners 2, provincie 1, ggd 1 the distance is (2*0 + 1*1 + 1*1) / 4 = 0.5.
    result = peers.find_peers(SMALL, "GM0002", {"inwoners": 2, "provincie": 1, "ggd": 1}, n=None)
    row = result.set_index("code").loc["GM0005"]
    assert row["afstand"] == pytest.approx(0.5)
    assert row["d_provincie"] == 1.0 and row["d_inwoners"] == 0.0
    assert row["overeenkomend"] == ("inwoners",)
    assert row[[f"bijdrage_{k}" for k in peers.FEATURE_KEYS]].sum() == pytest.approx(row["afstand"])


def test_ties_are_broken_by_code_whatever_the_row_order():
    shuffled = SMALL.iloc[[4, 2, 0, 3, 1]].reset_index(drop=True)
    first = peers.find_peers(SMALL, "GM0001", {"provincie": 1}, n=None)
    second = peers.find_peers(shuffled, "GM0001", {"provincie": 1}, n=None)
    # GM0002 shares the province (0); the other three differ (1) and tie: ordered by code.
    assert first["code"].tolist() == ["GM0002", "GM0003", "GM0004", "GM0005"]
    pd.testing.assert_frame_equal(first, second)


def test_weights_change_the_order():
    by_size = peers.find_peers(SMALL, "GM0002", {"inwoners": 1}, n=2)["code"].tolist()
    by_province = peers.find_peers(SMALL, "GM0002", {"provincie": 1}, n=1)["code"].tolist()
    assert by_size[0] == "GM0005"  # same number of inhabitants
    assert by_province == ["GM0001"]  # the only other municipality in PV20


def test_a_municipality_is_never_its_own_peer():
    for code in SMALL["code"]:
        result = peers.find_peers(SMALL, code, peers.DEFAULT_WEIGHTS, n=None)
        assert code not in set(result["code"])
        assert len(result) == len(SMALL) - 1


def test_n_limits_the_result():
    assert len(peers.find_peers(SMALL, "GM0001", ONLY_SIZE, n=2)) == 2


def test_unknown_code_gives_a_clear_error():
    with pytest.raises(ValueError, match="GM9999"):
        peers.find_peers(SMALL, "GM9999", ONLY_SIZE)


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"inwoners": -1}, "inwoners"),
        ({"kleur": 1}, "kleur"),
        ({"inwoners": 0, "provincie": 0}, "at least one"),
        ({"inwoners": float("nan")}, "inwoners"),
    ],
)
def test_invalid_weights_are_refused(weights, message):
    with pytest.raises(ValueError, match=message):
        peers.find_peers(SMALL, "GM0001", weights)


def test_a_missing_value_counts_as_different_on_one_side_only():
    frame = SMALL.copy()
    frame.loc[frame["code"] == "GM0004", "log_dichtheid"] = float("nan")
    result = peers.find_peers(frame, "GM0001", {"dichtheid": 1}, n=None).set_index("code")
    assert result.at["GM0004", "d_dichtheid"] == 1.0
    both = peers.find_peers(frame, "GM0004", {"dichtheid": 1}, n=None).set_index("code")
    assert (both["d_dichtheid"] == 1.0).all()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("GM0599,GM0518", ["GM0599", "GM0518"]),
        (" gm0599 , GM0599,GM0363", ["GM0599"]),  # case, spaces, duplicates, the municipality itself
        ("", []),
        (["GM0599", "GM0518"], ["GM0599", "GM0518"]),  # repeated URL parameters
        ("GM0599,XX", None),
        ("GM9999", None),  # well-formed but not a 2020 municipality
    ],
)
def test_parse_codes(raw, expected):
    known = ["GM0363", "GM0518", "GM0599"]
    assert peers.parse_codes(raw, known, exclude="GM0363") == expected


# ------------------------------------------------------------------------------------------------ real data


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def features(tables):
    return peers.feature_frame(
        tables.gemeenten, tables.inwoners, tables.coalities, tables.nnz_deelname, geo.areas_km2(), tables.context
    )


def test_areas_are_plausible(features):
    # CBS: Amsterdam has about 165 km2 land and 219 km2 in total; the generalised outline lies between.
    area = features.set_index("code")["oppervlakte_km2"]
    assert 160 < area["GM0363"] < 225
    assert (area > 0).all() and len(area) == 355
    # The country without the big waters: between the CBS land area (~33,700) and the total (~41,500).
    assert 33_000 < area.sum() < 41_600


def test_amsterdam_peers_are_large_cities(tables, features):
    result = peers.find_peers(features, "GM0363", peers.DEFAULT_WEIGHTS, n=5)
    people = tables.inwoners.set_index("code")["inwoners"]
    assert (people[result["code"]] > 150_000).all()
    # The three other municipalities with more than 300,000 inhabitants, read from the inhabitants table.
    big = set(people[people > 300_000].index) - {"GM0363"}
    assert big == {"GM0599", "GM0518", "GM0344"}
    assert big <= set(result["code"])


def test_province_weight_alone_gives_north_holland(tables, features):
    result = peers.find_peers(features, "GM0363", {"provincie": 1}, n=10)
    provinces = tables.gemeenten.set_index("code")["provincie"]
    assert set(provinces[result["code"]]) == {"Noord-Holland"}
    default = peers.find_peers(features, "GM0363", peers.DEFAULT_WEIGHTS, n=10)
    assert result["code"].tolist() != default["code"].tolist()


def test_same_input_same_output(features):
    first = peers.find_peers(features, "GM0796", peers.DEFAULT_WEIGHTS, n=None)
    second = peers.find_peers(features.sample(frac=1, random_state=7), "GM0796", peers.DEFAULT_WEIGHTS, n=None)
    pd.testing.assert_frame_equal(first.reset_index(drop=True), second.reset_index(drop=True))


def test_comparison_facts_keep_the_basis(tables, features):
    facts = comparison.municipality_facts(tables, features, ["GM0384", "GM0003"]).set_index("code")
    # Diemen: coalition and money stated by a source (rule C1, the only sourced coalition row).
    assert facts.at["GM0384", "basis_deelname"] == "bron"
    # Appingedam joined in 2022: no amount in financiering.csv, shown as missing, not as zero.
    assert pd.isna(facts.at["GM0003", "eur_per_inwoner"])
    funded = tables.financiering[tables.financiering["code"] == "GM0384"]["bedrag_eur"].sum()
    people = tables.inwoners.set_index("code").at["GM0384", "inwoners"]
    assert facts.at["GM0384", "eur_per_inwoner"] == pytest.approx(funded / people)
    with pytest.raises(ValueError, match="GM9999"):
        comparison.municipality_facts(tables, features, ["GM9999"])


def test_national_shares_are_the_published_counts(tables, features):
    refs = comparison.reference_figures(tables, features, "GM0363")
    national = refs[refs["niveau"] == "nederland"].set_index("kenmerk")
    # mijlpalen.csv: 275 of 355 with a coalition and 124 NNZ municipalities on 1 July 2020, 147 GIDS in 2019.
    assert national.at["aandeel_coalitie_2020", "waarde"] == pytest.approx(275 / 355)
    assert national.at["aandeel_nnz_2020", "waarde"] == pytest.approx(124 / 355)
    assert national.at["aandeel_gids_2019", "waarde"] == pytest.approx(147 / 355)
    assert (national.loc[["aandeel_coalitie_2020", "aandeel_nnz_2020"], "basis"] == "bron").all()
    province = refs[refs["niveau"] == "provincie"].set_index("kenmerk")
    assert province.at["gemeenten", "waarde"] == (tables.gemeenten["provincie"] == "Noord-Holland").sum()
    assert province.at["aandeel_coalitie_2020", "basis"] == "model"


def test_funding_chart_draws_modelled_bars_lighter():
    from kansrijke.views.charts import compare as charts

    frame = pd.DataFrame(
        {
            "naam": ["A", "B", "Nederland"],
            "rol": ["gekozen", "peer", "nederland"],
            "rol_label": ["Gekozen", "Peer", "Nederland"],
            "eur_per_inwoner": [0.86, 0.5, 0.8],
            "waarde_label": ["x", "y", "z"],
            "basis": ["bron", "model", "model"],
            "basis_label": ["Bron", "Gemodelleerd", "Gemodelleerd"],
        }
    )
    spec = charts.funding_chart(frame, {"x": "x", "rol": "rol", "basis": "basis", "naam": "naam"}).to_dict()
    opacity = spec["encoding"]["opacity"]["scale"]
    assert dict(zip(opacity["domain"], opacity["range"])) == {"Bron": 1.0, "Gemodelleerd": 0.45}
    assert spec["encoding"]["y"]["sort"]["field"] == charts.ORDER  # the page's order, kept as data
    [rows] = spec["datasets"].values()
    assert [(row["naam"], row[charts.ORDER]) for row in rows] == [("A", 0), ("B", 1), ("Nederland", 2)]


def test_funding_bars_and_timeline_get_their_display_texts_and_headers():
    bars = pd.DataFrame(
        {
            "code": ["GM0503", "PV28"],
            "naam": ["Delft", "Zuid-Holland"],
            "rol": ["gekozen", "provincie"],
            "eur_per_inwoner": [0.5, 0.875],
            "basis": ["bron", "model"],
        }
    )
    labelled = comparison.label_funding_bars(bars, "nl")
    assert labelled["waarde_label"].tolist() == ["€ 0,50 per inwoner", "€ 0,88 per inwoner"]
    assert (
        labelled.loc[1, "rol_label"] != labelled.loc[0, "rol_label"] and "Zuid-Holland" in labelled.loc[1, "rol_label"]
    )
    assert "rol_label" not in bars  # the input is left alone
    table = comparison.chart_table(labelled, comparison.FUNDING_HEADERS, "en")
    assert list(table.columns) == ["Municipality or area", "Role", "Euro per inhabitant", "Basis"]
    assert table.iloc[0, 0] == "Delft"

    points = pd.DataFrame(
        {
            "code": ["GM0503"],
            "naam": ["Delft"],
            "gebeurtenis": ["coalitie"],
            "datum": pd.to_datetime(["2019-05-31"]),
            "basis": ["model"],
        }
    )
    labelled = comparison.label_timeline_points(points, "en")
    assert labelled.loc[0, "datum_label"] == "31 May 2019"
    assert list(comparison.chart_table(labelled, comparison.TIMELINE_HEADERS, "nl").iloc[0]) == [
        "Delft",
        labelled.loc[0, "gebeurtenis_label"],
        "31 May 2019",
        labelled.loc[0, "basis_label"],
    ]


def test_ranking_download_marks_the_chosen_peers_and_keeps_every_municipality(tables, features):
    ranked = peers.find_peers(features, "GM0363", peers.DEFAULT_WEIGHTS, n=None)
    out = comparison.ranking_download(ranked, features, ["GM0599"])
    assert len(out) == 354 and "GM0363" not in set(out["code"])
    assert out.loc[out["in_vergelijking"], "code"].tolist() == ["GM0599"]
    assert {"basis_deelname", "inwoners", "afstand"} <= set(out.columns)
