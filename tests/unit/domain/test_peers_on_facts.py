"""Peers on facts: the CBS context characteristics choose the default peers; the modelled programme
characteristics stay available, marked as modelled; every proposed peer says what it is alike in."""

import dataclasses

import pandas as pd
import pytest

from kansrijke.data import geo
from kansrijke.data.tables import load_tables
from kansrijke.domain import peers
from kansrijke.views import context_view

ZWOLLE, AMSTERDAM, URK, VAALS, HEERLEN, AMERSFOORT = "GM0193", "GM0363", "GM0184", "GM0981", "GM0917", "GM0307"
SAMPLE = (ZWOLLE, AMSTERDAM, URK, VAALS, HEERLEN)


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def areas():
    return geo.areas_km2()


def _features(tables, areas):
    return peers.feature_frame(
        tables.gemeenten, tables.inwoners, tables.coalities, tables.nnz_deelname, areas, tables.context
    )


@pytest.fixture(scope="module")
def features(tables, areas):
    return _features(tables, areas)


def test_default_weights_rest_only_on_sourced_characteristics():
    weighed = {key for key, weight in peers.DEFAULT_WEIGHTS.items() if weight > 0}
    assert weighed and not weighed & set(peers.MODELLED_KEYS)
    assert set(peers.MODELLED_KEYS) == {"tranche", "deelname", "nnz"}
    assert set(peers.DEFAULT_WEIGHTS) == set(peers.FEATURE_KEYS)


def test_context_figures_reach_the_feature_frame(tables, features):
    row = features.set_index("code").loc[ZWOLLE]
    cbs = tables.context.set_index("code").loc[ZWOLLE]
    assert row["levendgeborenen"] == cbs["levendgeborenen"]
    assert row["geboorten_per_1000"] == pytest.approx(cbs["levendgeborenen"] / cbs["inwoners"] * 1000)
    # CBS publishes the rate in whole numbers; the recomputed one rounds to it
    assert round(row["geboorten_per_1000"]) == cbs["geboorten_per_1000"]
    assert row["aandeel_laag_inkomen"] == cbs["aandeel_laag_inkomen"]


def test_changing_every_modelled_programme_column_leaves_the_default_peers_alone(tables, areas, features):
    # Every modelled row gets another tranche, another date and the opposite NNZ membership.
    coalities = tables.coalities.copy()
    modelled = coalities["basis"] == "model"
    flipped = {"gids_2019": "impuls_2022", "tranche3_2020": "gids_2019", "impuls_2022": "tranche3_2020"}
    coalities.loc[modelled, "tranche"] = coalities.loc[modelled, "tranche"].map(flipped)
    coalities.loc[modelled, "datum_deelname"] = pd.Timestamp("2021-03-15")
    sourced_nnz = tables.nnz_deelname[tables.nnz_deelname["basis"] == "bron"]
    others = tables.gemeenten.loc[~tables.gemeenten["code"].isin(tables.nnz_deelname["code"]), "code"]
    nnz = pd.concat(
        [sourced_nnz, pd.DataFrame({"code": others, "basis": "model", "start_datum": pd.Timestamp("2020-07-01")})],
        ignore_index=True,
    )
    changed = dataclasses.replace(tables, coalities=coalities, nnz_deelname=nnz)
    other_features = _features(changed, areas)
    assert not other_features["tranche"].equals(features["tranche"])
    assert not other_features["nnz"].equals(features["nnz"])
    for code in SAMPLE:
        before = peers.find_peers(features, code, peers.DEFAULT_WEIGHTS)
        after = peers.find_peers(other_features, code, peers.DEFAULT_WEIGHTS)
        assert before["code"].tolist() == after["code"].tolist(), code
        assert (before["basis"] == "bron").all()
    # ... while a weight on the programme lets the same change move the peers
    programme = {**peers.DEFAULT_WEIGHTS, "tranche": 5, "nnz": 5}
    moved = [
        code
        for code in SAMPLE
        if peers.find_peers(features, code, programme)["code"].tolist()
        != peers.find_peers(other_features, code, programme)["code"].tolist()
    ]
    assert moved


def test_a_weight_on_a_modelled_characteristic_marks_the_ranking_as_modelled(features):
    sourced = peers.find_peers(features, ZWOLLE, peers.DEFAULT_WEIGHTS)
    assert set(sourced["basis"]) == {"bron"}
    assert peers.ranking_basis(peers.DEFAULT_WEIGHTS) == "bron"
    assert context_view.modelled_ranking_note(peers.DEFAULT_WEIGHTS, "nl") is None
    weights = {**peers.DEFAULT_WEIGHTS, "deelname": 1}
    modelled = peers.find_peers(features, ZWOLLE, weights)
    assert set(modelled["basis"]) == {"model"}
    assert peers.modelled_weighted(weights) == ("deelname",)
    assert "datum van deelname" in str(context_view.modelled_ranking_note(weights, "nl"))
    assert "date joined" in str(context_view.modelled_ranking_note(weights, "en"))
    # the label of a modelled characteristic says so, wherever a view shows its weight
    assert context_view.feature_label("nnz", "nl").endswith("(gemodelleerd)")
    assert context_view.feature_label("nnz", "en").endswith("(modelled)")
    assert context_view.feature_label("geboorten", "nl") == "Geboorten per 1.000 inwoners"


def test_zwolle_gets_amersfoort_and_peers_alike_in_births_and_income(tables, features):
    result = peers.find_peers(features, ZWOLLE, peers.DEFAULT_WEIGHTS)
    assert AMERSFOORT in set(result["code"])  # the neighbour issue 22 names, alike in births and the young share
    cbs = tables.context.set_index("code")
    own = cbs.loc[ZWOLLE]
    for code in result["code"]:
        assert abs(cbs.at[code, "geboorten_per_1000"] - own["geboorten_per_1000"]) <= 2, code
        assert abs(cbs.at[code, "aandeel_laag_inkomen"] - own["aandeel_laag_inkomen"]) <= 3, code


def test_the_reason_names_the_closest_weighted_characteristics(features):
    ranked = peers.find_peers(features, URK, peers.DEFAULT_WEIGHTS, n=None)
    weighed = [key for key, weight in peers.DEFAULT_WEIGHTS.items() if weight > 0]
    for _, row in ranked.head(10).iterrows():
        reason = row["lijkt_op"]
        assert 1 <= len(reason) <= peers.REASON_COUNT and set(reason) <= set(weighed)
        named = [row[f"d_{key}"] for key in reason]
        assert named == sorted(named)
        rest = [row[f"d_{key}"] for key in weighed if key not in reason]
        assert max(named) <= min(rest)


def test_alike_in_orders_by_part_then_weight_and_skips_what_differs():
    parts = dict.fromkeys(peers.FEATURE_KEYS, 1.0) | {"inwoners": 0.2, "geboorten": 0.05, "jong": 0.05}
    weights = {"inwoners": 1, "geboorten": 1, "jong": 3, "provincie": 2}
    # jong and geboorten tie at 0.05: the heavier weight first; provincie differs (1.0) and is no reason
    assert peers.alike_in(parts, weights) == ("jong", "geboorten", "inwoners")
    assert peers.alike_in(parts, {"inwoners": 0, "provincie": 1}) == ()


def test_without_the_context_table_the_context_figures_are_missing(tables, areas):
    frame = peers.feature_frame(tables.gemeenten, tables.inwoners, tables.coalities, tables.nnz_deelname, areas)
    assert frame["geboorten_per_1000"].isna().all() and frame["log_adressendichtheid"].isna().all()
    result = peers.find_peers(frame, ZWOLLE, peers.DEFAULT_WEIGHTS)
    assert len(result) == peers.DEFAULT_COUNT  # the other characteristics still rank
