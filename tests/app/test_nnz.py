"""AppTest of the Nu Niet Zwanger page: progress figure, date control, map layers, downloads, shareable URL."""

import io
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from kansrijke.data.paths import ROOT
from kansrijke.views import palette, vega_maps
from tests.app.conftest import blocks, deck_spec, figure_notes, layer, metrics, open_expanders, vega_map

PAGE = "pages/nu-niet-zwanger.py"
PROGRESS_NL = "Programma's gestart per {date}, van het doel"
PROGRESS_EN = "Programmes started by {date}, of the target"
GREY = "Geen programma"


def _open(app, **params):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _coloured(spec):
    """Codes of municipalities drawn in a start-year colour (not grey) on the zoomable (deck) map."""
    return {
        f["properties"]["code"]
        for f in layer(spec, "gemeenten")["data"]["features"]
        if "Nog niet gestart" not in f["properties"]["start_label"] and f["properties"]["start_label"]
    }


def _coloured_values(values):
    """The same on the page's (Vega) map."""
    started = values["start_label"].ne("") & ~values["start_label"].str.contains("Nog niet gestart")
    assert (values.loc[~started, "kleur"] == vega_maps._hex(palette.NOT_YET_RGB)).all()
    return set(values.loc[started, "code"])


def _outlined(shown):
    """Programme ids whose area outline the page's map draws."""
    table = shown.datasets[vega_maps.OUTLINES]
    return set(table.loc[table["toon"], "code"])


def _zoom(app):
    app.toggle(key="nnz_zoom").set_value(True).run()
    assert not app.exception
    return app


def test_renders_with_one_title(app):
    _open(app)
    assert [t.value for t in app.title] == ["Nu Niet Zwanger"]


def test_progress_on_1_july_2020_reads_27_of_50(app):
    _open(app)
    assert metrics(app)[PROGRESS_NL.format(date="1 juli 2020")] == "27 van 50 (54%)"


def test_each_figure_keeps_its_source_or_its_split_one_click_away(app):
    _open(app)
    shown, notes = metrics(app), figure_notes(app)
    progress = notes[PROGRESS_NL.format(date="1 juli 2020")]["note"]
    target = pd.read_csv(app.data_folder / "mijlpalen.csv")
    target = target[target["indicator"] == "nnz_doel_programmas"].iloc[0]
    assert progress.startswith("Bron: ") and target["bron"] in progress, progress
    for label in ("Programma's gestart (tabellen)", "Gemeenten in een gestart programma (tabellen)"):
        split = re.fullmatch(r"Startdatum met bron: (\d+); gemodelleerd: (\d+)\.", notes[label]["note"])
        assert split is not None, notes[label]["note"]
        sourced, modelled = map(int, split.groups())
        assert sourced + modelled == int(shown[label]), label  # every row counted once, as bron or model
        assert modelled > 0, "the modelled part is named, never folded into the figure"


def test_progress_in_english(app):
    _open(app, lang="en")
    assert metrics(app)[PROGRESS_EN.format(date="1 July 2020")] == "27 of 50 (54%)"


def test_date_control_changes_figure_map_and_outlines(app):
    _open(app)
    links = pd.read_csv(app.data_folder / "nnz_deelname.csv", parse_dates=["start_datum"])
    # the page opens on the tables' stand, 1 July 2020: a programme a source says started later is not coloured yet
    assert _coloured_values(vega_map(app).values) == set(links.loc[links["start_datum"] <= "2020-07-01", "code"])
    first_spec = vega_map(app).spec
    app.select_slider(key="nnz_datum").set_value("2019-03-31").run()
    assert not app.exception
    assert metrics(app)[PROGRESS_NL.format(date="31 maart 2019")] == "10 van 50 (20%)"
    started = links[links["start_datum"] <= "2019-03-31"]
    shown = vega_map(app)
    assert _coloured_values(shown.values) == set(started["code"])
    assert _outlined(shown) == set(started["programma_id"])
    assert shown.spec == first_spec  # only the values changed: the browser recolours the same map
    assert app.query_params["nnz_datum"] == "2019-03-31"
    spec = deck_spec(_zoom(app))
    assert _coloured(spec) == set(started["code"])
    outlines = layer(spec, "programmas")["data"]["features"]
    assert {f["properties"]["code"] for f in outlines} == set(started["programma_id"])


def test_map_has_programme_outlines_and_fetches_only_the_map_file(app):
    _open(app)
    shown = vega_map(app)
    assert len(_outlined(shown)) == 27
    areas = next(l for l in shown.layers() if l["mark"].get("stroke") == vega_maps._hex(palette.NNZ_OUTLINE_RGBA))
    assert areas["mark"]["fill"] is None  # no target for the pointer
    assert len(shown.values) == 355
    assert set(shown.urls()) == {vega_maps.MAP_URL}


def test_deck_has_programme_outlines_and_no_map_style_url(app):
    _open(app)
    spec = deck_spec(_zoom(app))
    outlines = layer(spec, "programmas")
    assert outlines is not None and len(outlines["data"]["features"]) == 27
    assert outlines["pickable"] is False
    assert len(layer(spec, "gemeenten")["data"]["features"]) == 355
    style = spec.get("mapStyle")
    assert not (isinstance(style, str) and ("http" in style or "mapbox" in style or "carto" in style))
    raw = app.get("deck_gl_json_chart")[0].proto.json
    assert "cartocdn" not in raw and "http" not in raw  # nothing in the deck points outside


def test_deck_spec_stays_small(app):
    _open(app)
    assert vega_map(app).sent_bytes < 200_000
    _zoom(app)
    assert len(app.get("deck_gl_json_chart")[0].proto.json.encode("utf-8")) < 600_000


def test_tooltip_fields_carry_programme_centre_start_and_basis(app):
    _open(app)
    values = vega_map(app).values.set_index("code")
    tilburg = values.loc["GM0855"]
    assert tilburg["programma_label"] == "Programma: Midden-Brabant"
    assert tilburg["centrum_label"] == "Centrumgemeente: Tilburg"
    assert tilburg["start_label"] == "Start: 1 januari 2014"
    assert tilburg["basis_label"].startswith("Bron: ")
    assert values.at["GM0034", "basis_label"].startswith("Gemodelleerd")  # Almere: modelled programme
    assert values.at["GM0034", "dekking"] < tilburg["dekking"]
    assert values.at["GM0034", "basis"] == "model" and tilburg["basis"] == "bron"
    tips = vega_map(app).layers()[0]["encoding"]["tooltip"]
    assert [t["field"] for t in tips] == ["naam", "programma_label", "centrum_label", "start_label", "basis_label"]


def offered_csv(app, downloads) -> list[pd.DataFrame]:
    """Every CSV the page offers for download, parsed back."""
    return [
        pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
        for name, data in downloads(app).items()
        if name.endswith(".csv")
    ]


def test_programme_download_carries_every_programme_with_basis_and_source(app, downloads):
    _open(app)
    assert not app.get("download_button"), "a page run without an open download box makes no download buttons"
    open_expanders(app)  # the tables' downloads (and the published points' table) are built when opened
    programme_files = [f for f in offered_csv(app, downloads) if "Programma-id" in f.columns]
    assert programme_files, "the programmes table is offered as CSV"
    table = programme_files[-1]
    programmes = pd.read_csv(app.data_folder / "nnz_programmas.csv")
    assert len(table) == len(programmes) and table["Programma-id"].is_unique  # 27 of 1 July 2020 and Twente, 2021
    assert {"Basis", "Bron", "Bron (datum)"} <= set(table.columns)
    assert (table["Basis"] == "Gemodelleerd").sum() == 17
    assert len(app.get("download_button")) >= 6  # CSV + xlsx for the programmes, reach and published points


def test_reach_download_keeps_176_and_172(app, downloads):
    _open(app)
    open_expanders(app)
    reach = [
        f
        for f in offered_csv(app, downloads)
        if "Cijfer" in f.columns and f["Cijfer"].astype(str).str.contains("176").any()
    ]
    assert reach
    figures = reach[-1]["Cijfer"].astype(str).tolist()
    assert "176" in figures and "172" in figures and "meer dan 130" in figures


def test_summary_sentence_beside_the_map(app):
    _open(app)
    assert any(
        "124 van de 355 gemeenten" in block.text and "27 Nu Niet Zwanger-programma's" in block.text
        for block in blocks(app)
    )


def test_shared_url_reopens_the_view_in_english(app):
    _open(app, nnz_datum="2019-03-31", lang="en")
    assert metrics(app)[PROGRESS_EN.format(date="31 March 2019")] == "10 of 50 (20%)"


def test_a_link_with_a_search_opens_that_municipality(app):
    # A link straight to this page: the page script runs first, as in the browser for /nu-niet-zwanger?zoek=...
    page = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    page.query_params["zoek"] = "tilburg"
    page.query_params["nnz_datum"] = "2019-03-31"
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    assert vega_map(page).highlighted() == ["GM0855"]
    assert any("Tilburg doet mee in programma Midden-Brabant" in m.value for m in page.markdown)
    assert metrics(page)[PROGRESS_NL.format(date="31 maart 2019")] == "10 van 50 (20%)"


def test_searching_puts_the_municipality_in_the_url(app):
    _open(app)
    app.text_input(key="zoek").input("tilburg").run()
    assert app.query_params["zoek"] == "tilburg"
    assert vega_map(app).highlighted() == ["GM0855"]
    assert [f["properties"]["code"] for f in layer(deck_spec(_zoom(app)), "selectie")["data"]["features"]] == ["GM0855"]


def test_unknown_date_in_url_falls_back_with_a_notice(app):
    _open(app, nnz_datum="2031-02-30")
    assert metrics(app)[PROGRESS_NL.format(date="1 juli 2020")] == "27 van 50 (54%)"
    assert any("nnz_datum" in toast.value for toast in app.toast)
