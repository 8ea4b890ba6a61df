import pandas as pd
import pytest

from kansrijke.data import model


def test_split_by_weight_sums_exactly_and_follows_weights():
    weights = pd.Series({"a": 1, "b": 1, "c": 1})
    parts = model.split_by_weight(100, weights)
    assert parts.sum() == 100
    assert sorted(parts.tolist()) == [33, 33, 34]
    assert parts["a"] == 34  # the tie goes to the first key
    big = model.split_by_weight(1_000, pd.Series({"x": 3, "y": 1}))
    assert big.to_dict() == {"x": 750, "y": 250}


@pytest.mark.parametrize("total, weights", [(-1, {"a": 1}), (10, {"a": 0}), (10, {"a": -1, "b": 2})])
def test_split_by_weight_rejects_bad_input(total, weights):
    with pytest.raises(ValueError):
        model.split_by_weight(total, pd.Series(weights))


def test_top_up_raises_only_those_below_the_tranche3_level():
    base = pd.Series({"low": 100, "high": 900})
    inhabitants = pd.Series({"low": 1_000, "high": 1_000})
    # At EUR 0.50 per inhabitant both need 500: "low" gets 400 extra, "high" already has more.
    assert model.top_up(base, inhabitants, 0.5).to_dict() == {"low": 400, "high": 0}


def test_programme_sizes_use_fewest_single_municipality_programmes():
    singles, sizes = model.programme_sizes(27, 124)
    assert singles + len(sizes) == 27
    assert singles + sum(sizes) == 124
    assert all(6 <= s <= 8 for s in sizes)
    assert max(sizes) - min(sizes) <= 1
    # one single fewer would need regional programmes smaller than 6
    assert (124 - (singles - 1)) < 6 * (27 - (singles - 1))


def test_programme_sizes_impossible_design_is_an_error():
    with pytest.raises(ValueError):
        model.programme_sizes(2, 40)


def _published(gids=2, t3=2):
    return model.Published(
        gids_count=gids, tranche3_count=t3, gids_eur=1000, tranche3_eur=500, nnz_programmes=1, nnz_municipalities=1
    )


def _evidence(rows=()):
    columns = ["code", "feit", "datum", "bron", "bron_url", "bron_datum", "toelichting"]
    return pd.DataFrame(list(rows), columns=columns)


INHABITANTS = pd.Series({"GM0001": 600, "GM0002": 500, "GM0003": 400, "GM0004": 300, "GM0005": 200, "GM0006": 100})


def test_tranches_by_size_without_evidence():
    table = model.assign_tranches(INHABITANTS, _evidence(), _published()).set_index("code")
    assert table.loc[["GM0001", "GM0002"], "tranche"].eq("gids_2019").all()
    assert table.loc[["GM0003", "GM0004"], "tranche"].eq("tranche3_2020").all()
    assert table.loc[["GM0005", "GM0006"], "tranche"].eq("impuls_2022").all()
    assert table["basis"].eq("model").all()


def test_evidence_takes_precedence_and_is_kept():
    evidence = _evidence(
        [
            ("GM0006", "tranche_gids_2019", "2019-05-31", "Municipal letter", "", "2022", "stated"),
            ("GM0005", "deelname_juli_2020", "2020-07-01", "Report", "", "2020-07", "story"),
        ]
    )
    table = model.assign_tranches(INHABITANTS, evidence, _published()).set_index("code")
    assert table.loc["GM0006", "tranche"] == "gids_2019"
    assert table.loc["GM0006", "basis"] == "bron"
    assert table.loc["GM0006", "datum_deelname"] == "2019-05-31"
    # the one remaining GIDS place goes to the largest municipality
    assert table.loc["GM0001", "tranche"] == "gids_2019" and table.loc["GM0002", "tranche"] != "gids_2019"
    # confirmed by July 2020 and not GIDS: tranche 3, modelled, with its evidence
    assert table.loc["GM0005", "tranche"] == "tranche3_2020"
    assert (table.loc["GM0005", "basis"], table.loc["GM0005", "regel"]) == ("model", "tranche3_bekend")
    assert table.loc["GM0005", "bron"] == "Report"
    assert (table["tranche"] == "gids_2019").sum() == 2 and (table["tranche"] == "tranche3_2020").sum() == 2


def test_funding_reconciles_and_tops_up_to_tranche3_level():
    coalitions = model.assign_tranches(INHABITANTS, _evidence(), _published())
    evidence = pd.DataFrame(
        columns=["code", "regeling", "jaar", "bedrag_eur", "bron", "bron_url", "bron_datum", "toelichting"]
    )
    funding = model.allocate_funding(coalitions, INHABITANTS, evidence, _published())
    totals = funding.groupby("regeling")["bedrag_eur"].sum()
    assert totals["impuls_gids_2019"] == 1000 and totals["impuls_tranche3_2020"] == 500
    # tranche 3: 500 over 700 inhabitants; GIDS got 1000 over 1100 inhabitants, already more: no top-up
    assert "aanvulling_gids_2021" not in totals
    poorer = model.Published(
        gids_count=2, tranche3_count=2, gids_eur=100, tranche3_eur=700, nnz_programmes=1, nnz_municipalities=1
    )
    funding = model.allocate_funding(coalitions, INHABITANTS, evidence, poorer)
    per = funding.pivot(index="code", columns="regeling", values="bedrag_eur").fillna(0)
    gids = per.loc[["GM0001", "GM0002"]]
    after = (gids["impuls_gids_2019"] + gids["aanvulling_gids_2021"]) / INHABITANTS[gids.index]
    assert after.round(2).tolist() == [1.0, 1.0]  # 700 / 700 inhabitants of tranche 3


def test_build_is_deterministic():
    first = model.build()
    second = model.build()
    for name in first:
        assert model.to_csv_text(first[name]) == model.to_csv_text(second[name])


def test_bad_evidence_is_reported_with_file_row_and_column(tmp_path):
    import shutil
    import subprocess
    import sys

    from kansrijke.data.paths import DATA_DIR, ROOT

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "bewijs" / "coalities_bewijs.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("GM0303", "GM1979", 1).replace("gids_gemeente", "gids", 1)  # row 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kansrijke.data.model", "--check", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "bewijs/coalities_bewijs.csv, rij 3, kolom code: waarde 'GM1979'" in result.stderr
    assert "bewijs/coalities_bewijs.csv, rij 3, kolom feit: waarde 'gids'" in result.stderr


def _nnz_case(extra_evidence=()):
    """Two sourced programmes over 8 municipalities (27/124 in miniature: one single, one regional of 7). The
    centre of 'Regio' (GM0002) is the largest municipality, so only a source saying it is a region keeps it from
    being the single-municipality programme."""
    codes = [f"GM000{i}" for i in range(1, 9)]
    municipalities = pd.DataFrame(
        {"code": codes, "naam": codes, "ggd_code": ["GG0001"] + ["GG0002"] * 7},
    )
    inhabitants = pd.Series([500, 900, 80, 70, 60, 50, 40, 30], index=codes)
    centroids = pd.DataFrame({"x": [0.0, 100, 101, 102, 103, 104, 105, 106], "y": [0.0] * 8}, index=codes)
    columns = ["programma", "code", "rol", "start_datum", "start_label", "bron", "bron_url", "bron_datum"]
    rows = [
        ("Groot", "GM0001", "centrum", "2019-01-01", "2019", "Report", "", "2019"),
        ("Regio", "GM0002", "centrum", "2018-01-01", "2018", "Report", "", "2018"),
        *extra_evidence,
    ]
    evidence = pd.DataFrame(rows, columns=columns)
    published = model.Published(
        gids_count=0, tranche3_count=0, gids_eur=0, tranche3_eur=0, nnz_programmes=2, nnz_municipalities=8
    )
    return model.nnz_programmes(municipalities, inhabitants, centroids, evidence, published)


def test_a_programme_a_source_calls_a_region_is_never_a_single_municipality_programme():
    regio = ("Regio", "GM0002", "regio", "", "", "Report naming the region", "", "2020-07")
    programmes, links = _nnz_case([regio])
    members = links.groupby("programma_id")["code"].agg(sorted)
    centre_of = programmes.set_index("programma_id")["centrumgemeente"]
    assert {centre_of[pid]: codes for pid, codes in members.items()} == {
        "GM0001": ["GM0001"],
        "GM0002": [f"GM000{i}" for i in range(2, 9)],
    }
    # without that source the largest centre would be the single one, and its region has no one left to cover
    with pytest.raises(ValueError, match="covers"):
        _nnz_case()


def test_evidence_with_an_unknown_role_is_reported():
    ev = pd.DataFrame(
        [("X", "GM0001", "leider", "", "", "Report", "", "2020")],
        columns=["programma", "code", "rol", "start_datum", "start_label", "bron", "bron_url", "bron_datum"],
    )
    empty = pd.DataFrame(columns=["code", "feit", "regeling", "bedrag_eur", "bron"])
    [issue] = model.check_evidence({"GM0001"}, empty, empty, ev)
    assert (issue.file, issue.row, issue.column, issue.value) == ("bewijs/nnz_bewijs.csv", 2, "rol", "leider")
    assert "centrum, deelnemer, regio" in issue.message
