"""The model follows the programme facts of December 2026: a stated GIDS status places a municipality in tranche
1-2 unless the published totals need it among the GIDS municipalities that did not register; a stated NNZ start
replaces the modelled one."""

import pandas as pd
import pytest

from kansrijke.data import model
from kansrijke.data.paths import DATA_DIR
from kansrijke.data.tables import load_tables

WESTERVELD, TWENTE_GGD = "GM1701", "GG1106"


@pytest.fixture(scope="module")
def inputs():
    read = lambda name: pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)  # noqa: E731
    inhabitants = read("inwoners_2020.csv").set_index("code")["inwoners"].astype("int64")
    published = model.published_totals(read("mijlpalen.csv"))
    return inhabitants, read("bewijs/coalities_bewijs.csv"), read("bewijs/financiering_bewijs.csv"), published


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_named_gids_municipalities_are_gids_unless_the_top_up_needs_them_unregistered(inputs, tables):
    inhabitants, coalition_ev, funding_ev, published = inputs
    c = tables.coalities.set_index("code")
    for code in ("GM1945", "GM0216", "GM0556"):  # Berg en Dal, Culemborg, Maassluis
        assert (c.at[code, "tranche"], c.at[code, "regel"]) == ("gids_2019", "gids_bekend")
    # Westerveld registered with the others: the top-up would no longer be "over EUR 2 million"
    everyone = model.assign_tranches(inhabitants, coalition_ev, published)
    funding = model.allocate_funding(everyone, inhabitants, funding_ev, published)
    assert everyone.set_index("code").at[WESTERVELD, "tranche"] == "gids_2019"
    assert not model.top_up_reconciles(funding, published)
    # so the model counts the smallest named GIDS municipality among the three of 150 that did not register
    assert model.named_gids(inhabitants, coalition_ev)[0] == WESTERVELD
    assert (c.at[WESTERVELD, "tranche"], c.at[WESTERVELD, "regel"]) == ("impuls_2022", "gids_niet_aangemeld")
    assert "GezondIN" in c.at[WESTERVELD, "bron"]  # the GIDS source stays as evidence
    shipped = tables.financiering
    assert shipped.loc[shipped["regeling"] == "aanvulling_gids_2021", "bedrag_eur"].sum() >= 2_000_000


def test_a_stated_nnz_start_replaces_the_modelled_one(tables):
    links = tables.nnz_deelname.set_index("code")
    programmes = tables.nnz_programmas.set_index("programma_id")
    twente = links.loc[["GM0153", "GM0164", "GM0141", "GM0173"]]  # Enschede, Hengelo, Almelo, Oldenzaal
    assert twente["programma_id"].nunique() == 1 and (twente["basis"] == "bron").all()
    assert twente["start_datum"].tolist() == [pd.Timestamp("2021-05-31")] * 3 + [pd.Timestamp("2023-01-01")]
    assert programmes.at[twente["programma_id"].iloc[0], "ggd_code"] == TWENTE_GGD
    # no programme of 1 July 2020 in GGD Twente any more, and the counts of that date still hold
    by_stand = programmes[programmes["start_datum"] <= pd.Timestamp(model.NNZ_STAND)]
    assert TWENTE_GGD not in set(by_stand["ggd_code"])
    assert len(by_stand) == 27 and (tables.nnz_deelname["start_datum"] <= pd.Timestamp(model.NNZ_STAND)).sum() == 124


def test_coalition_facts_are_evidence_only(inputs, tables):
    _, coalition_ev, _, _ = inputs
    facts = coalition_ev[coalition_ev["feit"] == "coalitie_bekend"]
    assert len(facts) >= 15
    rows = tables.coalities.set_index("code").loc[facts["code"]]
    assert (rows["basis"] == "model").all()
    assert not rows["regel"].str.contains("bekend").any()  # placed by the size rules, not by the fact
    assert (rows["bron"] != "").all()  # shown as evidence
