"""The shipped data: it validates, reconciles with the published figures, and the model reproduces it exactly."""

import re
import subprocess
import sys

import pandas as pd
import pytest

from kansrijke.data import model
from kansrijke.data.paths import DATA_DIR, ROOT
from kansrijke.data.tables import load_tables, validate_dir


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_shipped_data_validates():
    assert validate_dir(DATA_DIR) == []


def test_validate_cli_accepts_shipped_data():
    result = subprocess.run(
        [sys.executable, "-m", "kansrijke.data.validate", str(DATA_DIR)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_model_reproduces_shipped_files_byte_for_byte():
    result = subprocess.run(
        [sys.executable, "-m", "kansrijke.data.model", "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


def _published(tables, indicator, datum=None):
    rows = tables.mijlpalen[tables.mijlpalen["indicator"] == indicator]
    if datum:
        rows = rows[rows["datum"] == pd.Timestamp(datum)]
    assert len(rows) == 1, f"{indicator} {datum}"
    return rows.iloc[0]


def test_milestones_carry_the_figures_of_the_july_2020_report(tables):
    # The figures as printed in the Derde voortgangsrapportage (July 2020), §2.1 and §2.3.
    assert _published(tables, "gids_gemeenten")["waarde"] == 147
    assert _published(tables, "tranche3_gemeenten")["waarde"] == 128
    assert _published(tables, "gemeenten_coalitie", "2020-07-01")["waarde"] == 275
    assert _published(tables, "nnz_programmas", "2020-07-01")["waarde"] == 27
    assert _published(tables, "nnz_gemeenten", "2020-07-01")["waarde"] == 124
    assert _published(tables, "impuls_gids_eur")["waarde"] == 9_000_000


def test_coalition_counts_reconcile(tables):
    c = tables.coalities
    assert (c["tranche"] == "gids_2019").sum() == _published(tables, "gids_gemeenten")["waarde"]
    assert (c["tranche"] == "tranche3_2020").sum() == _published(tables, "tranche3_gemeenten")["waarde"]
    july = _published(tables, "gemeenten_coalitie", "2020-07-01")
    assert (c["datum_deelname"] <= july["datum"]).sum() == july["waarde"]
    assert (c["datum_deelname"] <= pd.Timestamp("2022-12-31")).sum() == len(tables.gemeenten) == 355


def test_funding_reconciles_within_the_published_wording(tables):
    total = tables.financiering.groupby("regeling")["bedrag_eur"].sum()
    assert total["impuls_gids_2019"] == 9_000_000
    assert 0.9 * 3_000_000 <= total["impuls_tranche3_2020"] <= 3_000_000  # "bijna € 3 miljoen"
    assert 2_000_000 < total["aanvulling_gids_2021"] <= 2_500_000  # "ruim € 2 miljoen"
    assert abs(total.sum() - 14_000_000) <= 0.05 * 14_000_000  # "circa € 14 miljoen"


def test_no_gids_municipality_below_tranche3_level_after_top_up(tables):
    f = tables.financiering.pivot_table(index="code", columns="regeling", values="bedrag_eur", aggfunc="sum").fillna(0)
    inhabitants = tables.inwoners.set_index("code")["inwoners"]
    t3 = f[f["impuls_tranche3_2020"] > 0]
    level = t3["impuls_tranche3_2020"].sum() / inhabitants[t3.index].sum()
    gids = f[f["impuls_gids_2019"] > 0]
    per_inhabitant = (gids["impuls_gids_2019"] + gids["aanvulling_gids_2021"]) / inhabitants[gids.index]
    assert (per_inhabitant >= level - 0.5 / inhabitants[gids.index]).all()


def test_nnz_counts_reconcile_and_programmes_stay_in_their_ggd_region(tables):
    stand = pd.Timestamp("2020-07-01")
    all_links, all_programmes = tables.nnz_deelname, tables.nnz_programmas
    links, programmes = (
        all_links[all_links["start_datum"] <= stand],
        all_programmes[all_programmes["start_datum"] <= stand],
    )
    assert len(programmes) == 27 and len(links) == 124  # the published counts of 1 July 2020
    assert all_links["code"].is_unique
    # a programme whose source gives a later start: in the tables with that start and only the named municipalities
    later = all_links[all_links["start_datum"] > stand]
    assert set(later["basis"]) == {"bron"} and set(later["programma_id"]) == set(
        all_programmes.loc[all_programmes["start_datum"] > stand, "programma_id"]
    )
    ggd = tables.gemeenten.set_index("code")["ggd_code"]
    merged = links.merge(programmes[["programma_id", "ggd_code"]], on="programma_id")
    assert (merged["code"].map(ggd) == merged["ggd_code"]).all()
    sizes = links.groupby("programma_id").size()
    assert sizes[sizes > 1].between(6, 8).all()  # 1 large or 6-8 smaller municipalities


def test_every_fact_row_states_its_basis(tables):
    for name in (
        "gemeenten",
        "inwoners",
        "coalities",
        "financiering",
        "nnz_programmas",
        "nnz_deelname",
        "mijlpalen",
        "verhalen",
    ):
        frame = getattr(tables, name)
        assert frame["basis"].isin(["bron", "model"]).all(), name
        assert (frame.loc[frame["basis"] == "bron", "bron"] != "").all(), name
        if "regel" in frame:
            assert (frame.loc[frame["basis"] == "model", "regel"] != "").all(), name


def test_evidence_is_respected(tables):
    c = tables.coalities.set_index("code")
    assert (c.loc["GM0384", "tranche"], c.loc["GM0384", "basis"]) == ("gids_2019", "bron")  # Diemen
    evidence = pd.read_csv(DATA_DIR / "bewijs" / "coalities_bewijs.csv", dtype=str, keep_default_na=False)
    for code in evidence.loc[evidence["feit"].isin(["deelname_2019", "gids_gemeente"]), "code"]:
        # a GIDS municipality is in tranche 1-2, unless counted among the 3 of 150 that did not register in 2019
        assert c.loc[code, "tranche"] == "gids_2019" or c.loc[code, "regel"] == "gids_niet_aangemeld", code
    assert (c["regel"] == "gids_niet_aangemeld").sum() <= 150 - 147
    for code in evidence.loc[evidence["feit"] == "deelname_juli_2020", "code"]:
        assert c.loc[code, "datum_deelname"] <= pd.Timestamp("2020-07-01"), code
    funding = tables.financiering.set_index(["code", "regeling"])
    assert funding.loc[("GM0384", "impuls_gids_2019"), "bedrag_eur"] == 9000


def test_readme_counts_of_sourced_and_modelled_rows_match_the_files(tables):
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    table_rows = re.findall(r"^\| (\w+) \| (\d+) \| (\d+) \| (\d+) \|", text, flags=re.M)
    with_basis = {name for name in tables.row_counts() if "basis" in getattr(tables, name).columns}
    assert {name.replace("_2020", "") for name, *_ in table_rows} == with_basis
    for name, rows, sourced, modelled in table_rows:
        frame = getattr(tables, name.replace("_2020", ""))
        assert (len(frame), (frame["basis"] == "bron").sum(), (frame["basis"] == "model").sum()) == (
            int(rows),
            int(sourced),
            int(modelled),
        ), name


def test_model_output_does_not_depend_on_row_order(tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    evidence = copy / "bewijs" / "coalities_bewijs.csv"
    frame = pd.read_csv(evidence, dtype=str, keep_default_na=False)
    frame.iloc[::-1].to_csv(evidence, index=False)
    shuffled = model.build(copy)
    original = model.build(DATA_DIR)
    for name in original:
        assert model.to_csv_text(shuffled[name]) == model.to_csv_text(original[name]), name


def test_every_published_indicator_has_a_label_in_both_languages(tables):
    from kansrijke.text import t

    for indicator in sorted(set(tables.mijlpalen["indicator"])):
        labels = {lang: t(f"indicator.{indicator}", lang) for lang in ("nl", "en")}
        assert all(labels.values()) and labels["nl"] != labels["en"], indicator


def test_gids_evidence_is_shown_on_rows_that_stay_modelled(tables):
    """A source that a municipality is a GIDS municipality places it in tranche 1-2 but does not prove that it
    joined Kansrijke Start: the row stays `model` and carries that source as evidence."""
    evidence = pd.read_csv(DATA_DIR / "bewijs" / "coalities_bewijs.csv", dtype=str, keep_default_na=False)
    gids = evidence[evidence["feit"] == "gids_gemeente"].set_index("code")
    rows = tables.coalities.set_index("code").loc[gids.index]
    assert (rows["basis"] == "model").all() and rows["regel"].isin(["gids_bekend", "gids_niet_aangemeld"]).all()
    assert (rows["bron"] == gids["bron"]).all() and (rows["bron_url"] == gids["bron_url"]).all()


def test_disagreeing_counts_of_gids_municipalities_are_both_kept(tables):
    rows = tables.mijlpalen[tables.mijlpalen["indicator"] == "gids_gemeenten_totaal"]
    assert sorted(rows["waarde"]) == [150, 155] and rows["bron"].nunique() == 2
    assert (rows["toelichting"].str.contains("beide gepubliceerd")).all()


# --- the CBS key figures of 2020 (context_2020.csv) ------------------------------------------------------------


def test_context_covers_every_municipality_and_adds_up_to_the_cbs_totals(tables):
    figures = tables.context
    assert sorted(figures["code"]) == sorted(tables.gemeenten["code"])
    # CBS: 17,407,585 inhabitants on 1 January 2020 (03759ned) and 168,681 live births in 2020 (37422ned), as cited
    # in ../shared/reference/PROVENANCE.md and issue 22.
    assert int(figures["inwoners"].sum()) == 17_407_585
    assert int(figures["levendgeborenen"].sum()) == 168_681
    assert (figures["basis"] == "bron").all() and figures["bron"].str.contains("84799NED").all()
    assert (figures["bron_url"] == "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/84799NED").all()


def test_context_spot_values_are_those_of_the_cbs_tables(tables):
    # the spot checks of PROVENANCE.md (section context_2020_*.csv)
    row = tables.context.set_index("code")
    assert row.loc["GM0363", ["inwoners", "levendgeborenen", "stedelijkheid"]].tolist() == [872_757, 10_345, 1]
    assert row.at["GM0363", "adressendichtheid"] == 6074
    assert row.at["GM0599", "levendgeborenen"] == 7613 and row.at["GM0518", "levendgeborenen"] == 6129
    assert row.loc["GM0184", ["aandeel_0_14", "aandeel_met_kinderen", "huishoudensgrootte"]].tolist() == [28, 57, 3.3]
    assert row.at["GM1740", "inwoners"] == 24_339  # Neder-Betuwe's own figure for 1 January 2020
    # CBS publishes no average household income for five small municipalities: empty, not zero
    assert row["inkomen_huishouden_x1000"].isna().sum() == 5
    assert pd.isna(row.at["GM0088", "inkomen_huishouden_x1000"])  # Schiermonnikoog


def test_inhabitants_are_the_official_count_of_1_january_2020(tables):
    people = tables.inwoners.set_index("code")
    assert (tables.inwoners["peildatum"] == "1 januari 2020").all()
    assert int(tables.inwoners["inwoners"].sum()) == 17_407_585
    pd.testing.assert_series_equal(
        people["inwoners"], tables.context.set_index("code")["inwoners"].loc[people.index], check_names=False
    )


def test_build_tool_reproduces_the_shipped_context_and_inhabitants(tmp_path):
    from kansrijke.data import build_data

    if not build_data.REFERENCE_DIR.is_dir():
        pytest.skip("../shared/reference is not here (a fresh clone works on the shipped copies)")
    for name, frame in (
        ("context_2020.csv", build_data.context_table(build_data.REFERENCE_DIR)),
        ("inwoners_2020.csv", build_data.population(build_data.REFERENCE_DIR)),
    ):
        build_data.write_csv(frame, tmp_path / name)
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
