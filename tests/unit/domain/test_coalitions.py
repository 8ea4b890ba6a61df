import pandas as pd
import pytest

from kansrijke.domain import coalitions as co


def _municipalities(*codes):
    return pd.DataFrame({"code": list(codes), "naam": [f"Gemeente {c}" for c in codes]})


def _coalitions(rows):
    frame = pd.DataFrame(rows, columns=["code", "tranche", "datum_deelname", "basis", "regel", "bron"])
    frame["datum_deelname"] = pd.to_datetime(frame["datum_deelname"])
    return frame


@pytest.fixture
def small():
    municipalities = _municipalities("GM0001", "GM0002", "GM0003", "GM0004", "GM0005")
    table = _coalitions(
        [
            ("GM0001", "gids_2019", "2019-05-31", "bron", "", "Document A"),
            ("GM0002", "gids_2019", "2019-12-31", "model", "gids_naar_inwoners", ""),
            ("GM0003", "tranche3_2020", "2020-04-30", "model", "tranche3_naar_inwoners", ""),
            ("GM0004", "impuls_2022", "2022-12-31", "model", "impuls_2022_overig", ""),
        ]
    )
    return municipalities, table


def test_status_at_marks_later_joiners_as_not_yet(small):
    municipalities, table = small
    status = co.status_at(table, municipalities, "2020-07-01").set_index("code")
    assert status.loc["GM0001", "tranche"] == "gids_2019"
    assert status.loc["GM0003", "tranche"] == "tranche3_2020"
    assert status.loc["GM0004", "tranche"] == co.NOT_YET  # joins only in 2022
    assert status.loc["GM0005", "tranche"] == co.NOT_YET  # never in the table
    assert len(status) == 5


def test_joining_on_the_stand_date_counts(small):
    municipalities, table = small
    assert co.counts_at(table, municipalities, "2019-05-31").total == 1
    assert co.counts_at(table, municipalities, "2019-05-30").total == 0


def test_counts_per_tranche_replay_the_programme(small):
    municipalities, table = small
    replay = [co.counts_at(table, municipalities, stand) for stand in co.STANDS]
    assert [c.total for c in replay] == [2, 3, 4]
    assert replay[1].per_tranche == {"gids_2019": 2, "tranche3_2020": 1, "impuls_2022": 0}
    assert all(c.of == 5 for c in replay)
    assert (replay[1].sourced, replay[1].modelled) == (1, 2)


def test_sourced_only_hides_modelled_rows(small):
    municipalities, table = small
    counts = co.counts_at(table, municipalities, "2022-12-31", sourced_only=True)
    assert counts.total == 1 and counts.per_tranche["gids_2019"] == 1
    status = co.status_at(table, municipalities, "2022-12-31", sourced_only=True).set_index("code")
    assert status.loc["GM0002", "tranche"] == co.NOT_YET


def _milestones(rows):
    frame = pd.DataFrame(rows, columns=["datum", "indicator", "waarde", "kwalificatie", "bron"])
    frame["datum"] = pd.to_datetime(frame["datum"])
    frame["waarde"] = frame["waarde"].astype(float)
    return frame


def test_headline_cites_the_publication_that_states_the_figure(small):
    municipalities, table = small
    milestones = _milestones(
        [
            ("2019-12-04", "gemeenten_coalitie", 9, "exact", "News with another count"),
            ("2019-12-31", "gids_gemeenten", 2, "exact", "Report on GIDS"),
            ("2020-07-01", "gemeenten_coalitie", 3, "exact", "Report July"),
        ]
    )
    at_2019 = {h.key: h for h in co.headline_figures(co.counts_at(table, municipalities, "2019-12-31"), milestones)}
    # 2 taking part at the end of 2019: stated by the GIDS figure, not by the news item with its other count.
    source = at_2019["totaal"].source
    assert at_2019["totaal"].value == 2 and source is not None and source["bron"] == "Report on GIDS"
    at_july = {h.key: h for h in co.headline_figures(co.counts_at(table, municipalities, "2020-07-01"), milestones)}
    source = at_july["totaal"].source
    assert source is not None and source["bron"] == "Report July"
    assert at_july["tranche3_2020"].source is None and at_july["tranche3_2020"].derived
    assert at_july["impuls_2022"].value == 0 and not at_july["impuls_2022"].derived


def test_not_yet_rows_carry_the_rule_of_their_later_row(small):
    municipalities, table = small
    status = co.status_at(table, municipalities, "2020-07-01").set_index("code")
    assert (status.loc["GM0004", "basis"], status.loc["GM0004", "regel"]) == ("model", "impuls_2022_overig")
    assert status.loc["GM0005", "regel"] == ""  # never in the table: no rule to name
    hidden = co.status_at(table, municipalities, "2022-12-31", sourced_only=True).set_index("code")
    assert hidden.loc["GM0004", "regel"] == ""


def test_map_table_has_one_row_per_municipality_with_basis_and_source(small):
    from kansrijke.views.coalition_view import MAP_TABLE_COLUMNS, map_table

    municipalities, table = small
    municipalities = municipalities.assign(provincie="P", ggd_regio="G")
    inhabitants = pd.DataFrame({"code": municipalities["code"], "inwoners": [10, 20, 30, 40, 50]})
    status = co.status_at(table, municipalities, "2020-07-01")
    out = map_table(status, municipalities, inhabitants).set_index("code")
    assert list(out.reset_index().columns) == MAP_TABLE_COLUMNS
    assert len(out) == 5
    assert tuple(out.loc["GM0001", ["tranche", "datum_deelname", "basis", "bron"]]) == (
        "gids_2019",
        "2019-05-31",
        "bron",
        "Document A",
    )
    assert tuple(out.loc["GM0004", ["tranche", "datum_deelname", "basis", "regel"]]) == (
        co.NOT_YET,
        "",
        "model",
        "impuls_2022_overig",
    )
    assert out.loc["GM0003", "inwoners"] == 30
