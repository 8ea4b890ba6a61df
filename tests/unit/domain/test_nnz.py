"""Nu Niet Zwanger: progress to the target, the step series, the published reach, start-year classes, the map
frame and the dissolved programme areas (kansrijke.domain.nnz, kansrijke.views.nnz_view,
kansrijke.data.geo.dissolve)."""

import pandas as pd
import pytest
from shapely.geometry import shape

from kansrijke.data import geo
from kansrijke.data.tables import load_tables
from kansrijke.domain import nnz
from kansrijke.text import fmt_milestone
from kansrijke.views import nnz_view, palette


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def _programmes(rows):
    return pd.DataFrame(
        [
            {
                "programma_id": pid,
                "naam": f"Programma {pid}",
                "centrumgemeente": centre,
                "ggd_code": "GG0001",
                "start_datum": pd.Timestamp(start),
                "basis": basis,
                "regel": "" if basis == "bron" else "nnz_start_onbekend",
                "bron": "Rapport" if basis == "bron" else "",
                "bron_url": "",
                "bron_datum": "2020",
            }
            for pid, centre, start, basis in rows
        ]
    )


def _milestones(rows):
    return pd.DataFrame(
        [
            {
                "datum": pd.Timestamp(d),
                "datum_label": d,
                "indicator": ind,
                "waarde": float(v),
                "kwalificatie": q,
                "noemer": float("nan"),
                "eenheid": "programmas",
                "basis": "bron",
                "bron": f"Bron {i}",
                "bron_url": "",
                "bron_datum": d[:7],
                "toelichting": "",
            }
            for i, (d, ind, v, q) in enumerate(rows)
        ]
    )


HAND_PROGRAMMES = _programmes(
    [
        ("NNZ01", "GM0001", "2018-01-01", "bron"),
        ("NNZ02", "GM0002", "2019-06-01", "model"),
        ("NNZ03", "GM0003", "2020-07-01", "model"),
    ]
)
HAND_MILESTONES = _milestones(
    [
        ("2021-12-31", "nnz_doel_programmas", 4, "exact"),
        ("2019-06-01", "nnz_programmas", 2, "exact"),
    ]
)


# ------------------------------------------------------------------ progress


@pytest.mark.parametrize(
    "date, started, sourced, modelled, pct",
    [
        ("2017-12-31", 0, 0, 0, 0.0),
        ("2018-01-01", 1, 1, 0, 25.0),  # a start on the chosen date counts
        ("2019-05-31", 1, 1, 0, 25.0),
        ("2019-06-01", 2, 1, 1, 50.0),
        ("2020-07-01", 3, 1, 2, 75.0),
    ],
)
def test_progress_on_a_hand_made_frame(date, started, sourced, modelled, pct):
    progress = nnz.progress_at(HAND_PROGRAMMES, HAND_MILESTONES, date)
    assert (progress.started, progress.sourced, progress.modelled, progress.target) == (started, sourced, modelled, 4)
    assert progress.pct == pytest.approx(pct)


def test_progress_reports_the_published_count_as_a_check_not_as_the_figure():
    before = nnz.progress_at(HAND_PROGRAMMES, HAND_MILESTONES, "2019-05-31")
    assert before.published is None
    on = nnz.progress_at(HAND_PROGRAMMES, HAND_MILESTONES, "2020-07-01")
    assert on.published is not None and on.published["waarde"] == 2  # the published row of 2019-06-01 ...
    assert on.started == 3  # ... does not replace the count from the tables


def test_progress_without_a_published_target_is_an_error():
    with pytest.raises(ValueError, match="nnz_doel_programmas"):
        nnz.progress_at(HAND_PROGRAMMES, HAND_MILESTONES.iloc[1:], "2020-07-01")


def test_shipped_progress_on_1_july_2020_is_27_of_50(tables):
    ms = tables.mijlpalen
    published = ms[(ms["indicator"] == "nnz_programmas") & (ms["datum"] == "2020-07-01")].iloc[0]["waarde"]
    target = ms[ms["indicator"] == "nnz_doel_programmas"].iloc[0]["waarde"]
    progress = nnz.progress_at(tables.nnz_programmas, ms, "2020-07-01")
    assert progress.started == published
    assert progress.target == target
    assert progress.pct == pytest.approx(100 * published / target)
    expected_pct = round(100 * published / target)
    assert nnz_view.progress_text(progress, "nl") == f"{published:.0f} van {target:.0f} ({expected_pct}%)"
    assert nnz_view.progress_text(progress, "en") == f"{published:.0f} of {target:.0f} ({expected_pct}%)"
    assert nnz_view.progress_text(progress, "nl") == "27 van 50 (54%)"


def test_shipped_progress_before_the_modelled_starts_counts_sourced_programmes_only(tables):
    sourced_by_april_2019 = (
        (tables.nnz_programmas["basis"] == "bron") & (tables.nnz_programmas["start_datum"] <= "2019-04-01")
    ).sum()
    progress = nnz.progress_at(tables.nnz_programmas, tables.mijlpalen, "2019-04-01")
    assert progress.started == sourced_by_april_2019 == 10
    assert progress.modelled == 0
    assert nnz_view.progress_text(progress, "nl") == "10 van 50 (20%)"


# ------------------------------------------------------------------ step series and date options


def test_steps_separate_sourced_from_all_rows():
    steps = nnz.programme_steps(HAND_PROGRAMMES, until="2020-12-31")
    bron = steps[steps["reeks"] == "bron"].set_index("datum")["programmas"]
    alle = steps[steps["reeks"] == "alle"].set_index("datum")
    assert bron.to_dict() == {
        pd.Timestamp("2018-01-01"): 1,
        pd.Timestamp("2019-06-01"): 1,
        pd.Timestamp("2020-07-01"): 1,
        pd.Timestamp("2020-12-31"): 1,
    }
    assert alle["programmas"].tolist() == [1, 2, 3, 3]
    assert alle["gemodelleerd"].tolist() == [0, 1, 2, 2]


def test_steps_stop_at_the_stand_of_the_tables():
    steps = nnz.programme_steps(HAND_PROGRAMMES, until="2019-12-31")
    assert steps["datum"].max() == pd.Timestamp("2019-12-31")
    assert steps[steps["reeks"] == "alle"]["programmas"].max() == 2


def test_date_options_hold_every_start_and_published_point_up_to_the_stand(tables):
    options = nnz.date_options(tables.nnz_programmas, tables.mijlpalen)
    assert options == sorted(set(options))
    assert options[-1] == nnz.TABLE_STAND == pd.Timestamp("2020-07-01")
    for date in ("2014-01-01", "2018-11-01", "2019-03-31", "2018-07-01", "2019-02-12"):
        assert pd.Timestamp(date) in options
    assert pd.Timestamp("2022-02-10") not in options  # after the stand: only in the reach chart


def test_programme_markers_are_the_published_points_of_different_indicators(tables):
    markers = nnz.programme_markers(tables.mijlpalen)
    found = {(r.indicator, r.datum.date().isoformat(), int(r.waarde)) for r in markers.itertuples()}
    assert found == {
        ("nnz_regios_actief", "2018-07-01", 6),
        ("nnz_regios_actief", "2019-02-12", 9),
        ("nnz_regios_startend", "2019-03-31", 6),
        ("nnz_programmas", "2020-07-01", 27),
        ("nnz_ggd_regios", "2023-01-31", 24),
        ("nnz_ggd_regios", "2024-01-01", 25),
    }
    assert markers["bron"].str.len().gt(0).all()


# ------------------------------------------------------------------ reach


def test_reach_series_keeps_both_disagreeing_sources(tables):
    reach = nnz.reach_series(tables.mijlpalen)
    counts = reach[reach["indicator"] == "nnz_gemeenten"]
    assert counts["waarde"].tolist() == [124, 130, 176, 172, 212]
    disagreeing = counts[counts["waarde"].isin([176, 172])]
    assert disagreeing["bron"].nunique() == 2 and disagreeing["datum"].nunique() == 2
    assert fmt_milestone(counts.iloc[1], "nl") == "meer dan 130"
    assert fmt_milestone(counts.iloc[1], "en") == "more than 130"
    shares = reach[reach["indicator"] == "nnz_inwoners_pct"]
    assert shares["waarde"].tolist() == [62, 84]
    assert reach[reach["indicator"] == "nnz_gemeenten_pct"]["waarde"].tolist() == [82]


def test_reach_on_the_map_matches_the_published_count(tables):
    ms = tables.mijlpalen
    published = ms[(ms["indicator"] == "nnz_gemeenten") & (ms["datum"] == "2020-07-01")].iloc[0]
    reach = nnz.reach_at(tables.nnz_deelname, tables.nnz_programmas, tables.gemeenten, "2020-07-01")
    assert reach.municipalities == published["waarde"]
    assert reach.of == published["noemer"]
    assert reach.sourced + reach.modelled == reach.municipalities
    assert sum(reach.per_class.values()) == reach.municipalities


# ------------------------------------------------------------------ start classes and map frame


@pytest.mark.parametrize(
    "start, klasse",
    [
        ("2014-01-01", "voor_2018"),
        ("2017-12-31", "voor_2018"),
        ("2018-01-01", "2018"),
        ("2018-11-01", "2018"),
        ("2019-03-31", "2019"),
        ("2020-07-01", "2020"),
        ("2021-01-01", "vanaf_2021"),
        ("2024-06-30", "vanaf_2021"),
    ],
)
def test_start_classes(start, klasse):
    assert nnz.start_class(start) == klasse


def test_every_start_class_has_its_own_colour_and_none_is_grey():
    colours = [palette.NNZ_START_RGB[k] for k in nnz.START_CLASSES]
    assert len(set(colours)) == len(colours)
    assert palette.NOT_YET_RGB not in colours


def _links():
    return pd.DataFrame(
        [
            {
                "programma_id": "NNZ01",
                "code": "GM0001",
                "start_datum": pd.Timestamp("2018-01-01"),
                "basis": "bron",
                "regel": "",
                "bron": "Rapport",
                "bron_url": "",
                "bron_datum": "2020",
            },
            {
                "programma_id": "NNZ01",
                "code": "GM0004",
                "start_datum": pd.Timestamp("2018-01-01"),
                "basis": "model",
                "regel": "nnz_gebied_dichtstbij",
                "bron": "",
                "bron_url": "",
                "bron_datum": "",
            },
            {
                "programma_id": "NNZ03",
                "code": "GM0003",
                "start_datum": pd.Timestamp("2020-07-01"),
                "basis": "model",
                "regel": "nnz_gebied_dichtstbij; nnz_start_onbekend",
                "bron": "",
                "bron_url": "",
                "bron_datum": "",
            },
        ]
    )


def test_map_frame_colours_by_start_year_lighter_when_modelled_grey_when_later():
    municipalities = pd.DataFrame({"code": ["GM0001", "GM0003", "GM0004"], "naam": ["Een", "Drie", "Vier"]})
    members = nnz.membership_at(_links(), HAND_PROGRAMMES, "2019-12-31")
    frame = nnz_view.map_frame(members, municipalities, "2019-12-31", "nl").set_index("code")
    sourced, modelled, later = frame.loc["GM0001"], frame.loc["GM0004"], frame.loc["GM0003"]
    assert sourced["fill_color"][:3] == list(palette.NNZ_START_RGB["2018"])
    assert modelled["fill_color"][:3] == list(palette.NNZ_START_RGB["2018"])
    assert modelled["fill_color"][3] < sourced["fill_color"][3]  # modelled: same hue, lighter
    assert later["fill_color"][:3] == list(palette.NOT_YET_RGB)  # starts after the date: grey
    assert "Nog niet gestart per 31 december 2019" in later["start_label"]
    assert sourced["programma_label"] == "Programma: Programma NNZ01"
    assert sourced["centrum_label"] == "Centrumgemeente: Een"
    assert sourced["basis_label"] == "Bron: Rapport"
    assert modelled["basis_label"].startswith("Gemodelleerd")
    after = nnz.membership_at(_links(), HAND_PROGRAMMES, "2020-07-01").set_index("code")
    assert after.loc["GM0003", "klasse"] == "2020"


def test_legend_lists_only_the_classes_on_the_map(tables):
    reach = nnz.reach_at(tables.nnz_deelname, tables.nnz_programmas, tables.gemeenten, "2019-03-31")
    keys = [key for key, _ in nnz_view.legend_items(reach)]
    assert "nnz.class.2019" in keys and "nnz.class.2020" not in keys
    assert keys[-1] == "nnz.legend_none"


def test_summary_sentence_states_the_counts(tables):
    reach = nnz.reach_at(tables.nnz_deelname, tables.nnz_programmas, tables.gemeenten, "2020-07-01")
    sentence = nnz_view.summary_sentence(reach, "nl")
    assert sentence.startswith("Per 1 juli 2020 doen 124 van de 355 gemeenten mee in 27 Nu Niet Zwanger-programma's")
    assert f"gemodelleerd: {reach.modelled}" in sentence


# ------------------------------------------------------------------ programme table


def test_programme_table_has_one_row_per_programme_and_every_municipality(tables):
    table = nnz.programme_table(tables.nnz_programmas, tables.nnz_deelname, tables.gemeenten)
    assert len(table) == len(tables.nnz_programmas)
    assert table["aantal_gemeenten"].sum() == len(tables.nnz_deelname)
    # of them, started by 1 July 2020: the published 27 programmes and 124 municipalities
    by_stand = table[table["start_datum"] <= pd.Timestamp("2020-07-01")]
    assert len(by_stand) == 27 and by_stand["aantal_gemeenten"].sum() == 124
    tilburg = table.set_index("programma_id").loc["NNZ01"]
    assert (tilburg["centrumgemeente_naam"], tilburg["ggd_regio"]) == ("Tilburg", "GGD Hart voor Brabant")
    assert "Tilburg" in tilburg["gemeenten"].split(", ")
    assert {"basis", "bron", "bron_datum", "regel"} <= set(table.columns)


# ------------------------------------------------------------------ outlines


def _square(code, x0, y0):
    ring = [[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]
    return {
        "type": "Feature",
        "properties": {"code": code, "naam": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_dissolve_merges_neighbours_and_leaves_out_the_rest():
    collection = {
        "type": "FeatureCollection",
        "features": [_square("A", 0, 0), _square("B", 1, 0), _square("C", 5, 5), _square("D", 9, 9)],
    }
    out = geo.dissolve(collection, {"A": "P1", "B": "P1", "C": "P2"})
    by_group = {f["properties"]["code"]: f for f in out["features"]}
    assert list(by_group) == ["P1", "P2"]  # D is in no group
    merged = shape(by_group["P1"]["geometry"])
    assert merged.geom_type == "Polygon" and merged.area == pytest.approx(2.0)
    assert merged.bounds == (0.0, 0.0, 2.0, 1.0)  # the shared border is gone
    assert by_group["P1"]["properties"]["n"] == 2


def test_programme_outlines_cover_their_municipalities(tables):
    municipalities = geo.municipality_features()
    outlines = geo.dissolve(municipalities, nnz.programme_of(tables.nnz_deelname))
    assert len(outlines["features"]) == len(tables.nnz_programmas)
    areas = {f["properties"]["code"]: shape(f["geometry"]).area for f in municipalities["features"]}
    for feature in outlines["features"]:
        members = tables.nnz_deelname[tables.nnz_deelname["programma_id"] == feature["properties"]["code"]]
        assert feature["properties"]["n"] == len(members)
        assert shape(feature["geometry"]).area == pytest.approx(sum(areas[c] for c in members["code"]), rel=0.01)
    started = nnz.outline_collection(outlines, ["NNZ01", "NNZ04"])
    assert [f["properties"]["code"] for f in started["features"]] == ["NNZ01", "NNZ04"]
