"""The CBS context of a municipality beside its province, GGD region and the country (kansrijke.domain.context),
and the money per child (kansrijke.domain.funding.with_births)."""

import csv

import pandas as pd
import pytest

from kansrijke.data.paths import DATA_DIR
from kansrijke.data.tables import load_tables
from kansrijke.domain import context, funding, profile

ZWOLLE, URK = "GM0193", "GM0184"


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def shipped():
    """The context table as the file states it, read with the csv module (not through the loader)."""
    with open(DATA_DIR / "context_2020.csv", encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def test_municipality_figures_are_those_of_the_cbs_table_with_their_source(tables, shipped):
    result = context.municipality_context(tables, ZWOLLE)
    assert (result.naam, result.provincie) == ("Zwolle", "Overijssel")
    figures = result.figures.set_index("kenmerk")
    assert list(figures.index) == list(context.SHOWN)
    row = shipped[ZWOLLE]
    for column in ("levendgeborenen", "aandeel_laag_inkomen", "aandeel_sociaal_minimum", "aandeel_met_kinderen"):
        assert figures.at[column, "gemeente"] == float(row[column]), column
    assert (figures["basis"] == "bron").all() and figures["bron"].str.contains("84799NED").all()
    assert (figures["bron_datum"] == row["bron_datum"]).all()
    # the income block is labelled with the edition: its reference year is not stated
    assert figures.at["aandeel_laag_inkomen", "periode"] == "editie_kwb_2020"
    assert figures.at["levendgeborenen", "periode"] == "jaar_2020"
    assert figures.at["aandeel_0_14", "periode"] == "1_januari_2020"


def test_areas_are_made_from_counts_and_weights_not_from_a_mean_of_rates(tables, shipped):
    figures = context.municipality_context(tables, URK).figures.set_index("kenmerk")
    # the country: sums of the CBS counts (17,407,585 inhabitants, 168,681 births)
    assert figures.at["inwoners", "nederland"] == 17_407_585
    assert figures.at["levendgeborenen", "nederland"] == 168_681
    assert figures.at["geboorten_per_1000", "nederland"] == pytest.approx(168_681 / 17_407_585 * 1000)
    # Flevoland from the file: births / inhabitants, low income weighted by households
    flevoland = {code for code, p in zip(tables.gemeenten["code"], tables.gemeenten["provincie"]) if p == "Flevoland"}
    rows = [shipped[code] for code in flevoland]
    births = sum(int(r["levendgeborenen"]) for r in rows)
    people = sum(int(r["inwoners"]) for r in rows)
    assert figures.at["geboorten_per_1000", "provincie"] == pytest.approx(births / people * 1000)
    households = sum(int(r["huishoudens"]) for r in rows)
    low = sum(float(r["aandeel_laag_inkomen"]) * int(r["huishoudens"]) for r in rows) / households
    assert figures.at["aandeel_laag_inkomen", "provincie"] == pytest.approx(low)
    young = sum(float(r["aandeel_0_14"]) * int(r["inwoners"]) for r in rows) / people
    assert figures.at["aandeel_0_14", "provincie"] == pytest.approx(young)
    # Urk is younger than its province, its province younger than the country
    assert figures.at["aandeel_0_14", "gemeente"] > figures.at["aandeel_0_14", "provincie"]
    assert figures.at["aandeel_0_14", "provincie"] > figures.at["aandeel_0_14", "nederland"]
    assert set(figures["methode"]) >= {"som", "uit_aantallen", "gewogen_inwoners", "gewogen_huishoudens"}


def test_urbanity_of_an_area_is_the_class_of_its_address_density(tables):
    figures = context.municipality_context(tables, "GM0363").figures.set_index("kenmerk")
    assert figures.at["stedelijkheid", "gemeente"] == 1  # Amsterdam: very strongly urban
    national = figures.at["adressendichtheid", "nederland"]
    expected = 1 + sum(national < limit for limit in (2500, 1500, 1000, 500))
    assert figures.at["stedelijkheid", "nederland"] == expected


def test_unknown_code_and_missing_context_are_refused(tables):
    import dataclasses

    with pytest.raises(ValueError, match="GM9999"):
        context.municipality_context(tables, "GM9999")
    without = dataclasses.replace(tables, context=tables.context[tables.context["code"] != ZWOLLE])
    with pytest.raises(ValueError, match="context"):
        context.municipality_context(without, ZWOLLE)


def test_profile_carries_the_context_row(tables, shipped):
    detail = profile.profile(tables, ZWOLLE)
    assert detail.context is not None
    assert detail.context["levendgeborenen"] == int(shipped[ZWOLLE]["levendgeborenen"])


def test_characteristic_values_cover_the_country_with_gaps_as_missing(tables):
    values = context.characteristic_values(tables, "inkomen_huishouden_x1000")
    assert len(values) == 355 and values["waarde"].isna().sum() == 5
    assert (values["periode"] == "editie_kwb_2020").all()
    with pytest.raises(ValueError, match="kleur"):
        context.characteristic_values(tables, "kleur")


# --- money per child ---------------------------------------------------------------------------------------------


def test_euros_per_birth_keep_the_basis_of_the_amount(tables, shipped):
    frame = funding.per_inhabitant(tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities)
    out = funding.with_births(frame, tables.context).set_index("code")
    row = out.loc[ZWOLLE]
    assert row["levendgeborenen"] == int(shipped[ZWOLLE]["levendgeborenen"])
    assert row["eur_per_geboorte"] == pytest.approx(row["bedrag_eur"] / int(shipped[ZWOLLE]["levendgeborenen"]))
    # Zwolle's amount is modelled, so its euros per birth are modelled too; Diemen's GIDS impulse is sourced
    assert row["basis"] == "model"
    gids = funding.per_inhabitant(
        tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities, "impuls_gids_2019"
    )
    assert funding.with_births(gids, tables.context).set_index("code").at["GM0384", "basis"] == "bron"
    pd.testing.assert_series_equal(out["basis"], frame.set_index("code")["basis"])
    total = funding.weighted_birth_rate(funding.with_births(frame, tables.context))
    assert total == pytest.approx(frame["bedrag_eur"].sum() / out["levendgeborenen"].sum())


def test_euros_per_birth_are_missing_without_births():
    frame = pd.DataFrame({"code": ["GM0001", "GM0002"], "bedrag_eur": [1000, 500], "basis": ["bron", "model"]})
    births = pd.DataFrame({"code": ["GM0001", "GM0002"], "levendgeborenen": [10, 0]})
    out = funding.with_births(frame, births)
    assert out["eur_per_geboorte"].iloc[0] == 100 and pd.isna(out["eur_per_geboorte"].iloc[1])
    assert funding.weighted_birth_rate(out) == 100
    assert funding.weighted_birth_rate(out.iloc[1:]) is None
    empty = funding.with_births(frame, births.iloc[0:0])
    assert empty["eur_per_geboorte"].isna().all()
