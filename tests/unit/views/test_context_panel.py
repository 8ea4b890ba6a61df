"""The detail panel's context as shown: the municipality's CBS figures as CBS writes them beside its areas."""

from __future__ import annotations

import csv

import pytest

from kansrijke.data.paths import DATA_DIR
from kansrijke.data.tables import load_tables
from kansrijke.views import context_panel


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def shipped(code: str) -> dict[str, str]:
    with (DATA_DIR / "context_2020.csv").open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["code"] == code)


@pytest.mark.parametrize("code", ["GM0193", "GM0363", "GM0080"])
def test_own_figures_are_written_as_the_cbs_table_states_them(tables, code):
    row = shipped(code)
    ctx = context_panel.municipality_context(tables, code, context_panel.PANEL)
    shown = context_panel.context_rows(ctx, "en").iloc[:, 0]
    assert shown["Live births in 2020"] == f"{int(row['levendgeborenen']):,}"
    assert shown["Households with a low income"] == f"{row['aandeel_laag_inkomen']}%"
    assert shown["Inhabitants aged 0 to 14"] == f"{row['aandeel_0_14']}%"


def test_every_name_is_escaped_in_the_panel(tables):
    import dataclasses

    hostile = "<script>alert('zwolle')</script>"
    renamed = tables.gemeenten.assign(
        naam=tables.gemeenten["naam"].where(tables.gemeenten["code"] != "GM0193", hostile)
    )
    html = context_panel.panel_html(dataclasses.replace(tables, gemeenten=renamed), "GM0193", "nl")
    assert "&lt;script&gt;alert(&#x27;zwolle&#x27;)&lt;/script&gt;" in html
    assert "<script" not in html


def test_the_country_column_adds_up_to_cbs_national_births(tables):
    ctx = context_panel.municipality_context(tables, "GM0193", context_panel.PANEL)
    assert context_panel.context_rows(ctx, "nl").at["Levend geborenen in 2020", "Nederland"] == "168.681"
