"""The comparison charts (kansrijke/views/charts/compare.py) keep the page's order of areas as data: another set of
peers changes their data, never their spec, so the browser updates a chart in place instead of building it again."""

import pandas as pd

from kansrijke.views.charts import compare

LABELS = {
    "x": "€ per inwoner",
    "rol": "Rol",
    "basis": "Basis",
    "naam": "Gemeente",
    "gebeurtenis": "Gebeurtenis",
    "kenmerk": "Kenmerk",
}


def funding(names):
    return pd.DataFrame(
        {
            "naam": names,
            "rol": ["gekozen"] + ["peer"] * (len(names) - 1),
            "rol_label": ["gekozen"] + ["peer"] * (len(names) - 1),
            "eur_per_inwoner": [0.5 + n for n in range(len(names))],
            "waarde_label": "x",
            "basis": "model",
            "basis_label": "gemodelleerd",
        }
    )


def contributions(names):
    return pd.DataFrame(
        {
            "naam": [n for n in names for _ in range(2)],
            "kenmerk_label": ["Inwoners", "Tranche"] * len(names),
            "bijdrage": 0.25,
            "bijdrage_label": "25%",
        }
    )


def timeline(names):
    return pd.DataFrame(
        {
            "naam": [n for n in names for _ in range(2)],
            "gebeurtenis": ["coalitie", "nnz"] * len(names),
            "gebeurtenis_label": ["coalitie", "NNZ"] * len(names),
            "datum": "2020-07-01",
            "datum_label": "1 juli 2020",
            "basis": "bron",
            "basis_label": "bron",
        }
    )


def spec_without_data(chart) -> dict:
    spec = chart.to_dict()
    spec.pop("datasets")
    spec.pop("data")
    return spec


def test_another_set_of_peers_changes_the_data_not_the_spec():
    for make, frame in (
        (compare.funding_chart, funding),
        (compare.contribution_chart, contributions),
        (compare.timeline_chart, timeline),
    ):
        first = make(frame(["Utrecht", "Eindhoven", "Nijmegen"]), LABELS)
        other = make(frame(["Utrecht", "Haarlem", "Amsterdam"]), LABELS)
        assert spec_without_data(first) == spec_without_data(other), make.__name__


def test_the_areas_keep_the_order_the_page_gives():
    chart = compare.contribution_chart(contributions(["Zwolle", "Almere", "Breda"]), LABELS)
    [rows] = chart.to_dict()["datasets"].values()
    assert [(r["naam"], r[compare.ORDER]) for r in rows[::2]] == [("Zwolle", 0), ("Almere", 1), ("Breda", 2)]
    assert chart.to_dict()["encoding"]["y"]["sort"] == {"field": compare.ORDER, "op": "min", "order": "ascending"}
