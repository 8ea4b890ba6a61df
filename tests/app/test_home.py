"""AppTest of the home page: the coalition map (Vega, polygons from the static map file; pydeck when zoomable)."""

import json
import re

from kansrijke.data.geo import WEB_FILE
from kansrijke.data.paths import STATIC_DIR
from kansrijke.views import vega_maps
from tests.app.conftest import blocks, deck_spec, layer, metrics, shown_tables, vega_map

TOTAL = "Gemeenten met lokale coalitie"
GIDS = "GIDS, tranche 1-2 (2019)"
T3 = "Tranche 3 (2020)"
REST = "Impuls 2022"


def test_home_renders_with_one_main_heading(app):
    app.run()
    assert not app.exception
    assert len(app.title) == 1
    assert app.title[0].value == "Lokale coalities Kansrijke Start"


def test_all_355_municipalities_are_on_the_map(app):
    app.run()
    shown = vega_map(app)
    assert len(shown.values) == 355
    assert shown.values["code"].nunique() == 355
    # the polygons come from the static map file, which holds the same 355 codes
    first = shown.layers()[0]["data"]
    assert first == {"url": vega_maps.MAP_URL, "format": {"type": "topojson", "feature": "gemeenten"}}
    topology = json.loads((STATIC_DIR / WEB_FILE).read_text(encoding="utf-8"))
    assert {g["properties"]["code"] for g in topology["objects"]["gemeenten"]["geometries"]} == set(
        shown.values["code"]
    )


def test_zoomable_map_is_the_deck_of_all_355_municipalities(app):
    app.run()
    assert not app.get("deck_gl_json_chart"), "the deck is built only when asked for"
    app.toggle(key="kaart_zoom").set_value(True).run()
    features = layer(deck_spec(app), "gemeenten")["data"]["features"]
    assert len(features) == 355
    assert len({f["properties"]["code"] for f in features}) == 355


def test_headline_figures_on_1_july_2020(app):
    app.run()
    shown = metrics(app)
    assert (shown[TOTAL], shown[GIDS], shown[T3]) == ("275", "147", "128")
    summary = [block.text for block in blocks(app) if "275 van de 355" in block.text]
    assert summary, "the one-sentence summary names 275 of 355"


def test_date_control_replays_the_programme(app):
    app.run()
    app.segmented_control(key="stand").set_value("2019-12-31").run()
    shown = metrics(app)
    assert (shown[TOTAL], shown[GIDS], shown[T3]) == ("147", "147", "0")
    app.segmented_control(key="stand").set_value("2022-12-31").run()
    shown = metrics(app)
    assert (shown[TOTAL], shown[REST]) == ("355", "80")
    values = vega_map(app).values
    assert (values["tranche_label"] == "Nog geen deelname").sum() == 0


def test_map_colours_follow_the_stand(app):
    from kansrijke.views import palette

    app.run()
    values = vega_map(app).values
    not_yet = values[values["tranche_label"] == "Nog geen deelname"]
    assert len(not_yet) == 355 - 275
    assert set(not_yet["kleur"]) == {vega_maps._hex(palette.NOT_YET_RGB)}  # grey: not (yet) taking part
    taking_part = values[values["tranche_label"] != "Nog geen deelname"]
    assert set(taking_part["kleur"]) == {vega_maps._hex(palette.TRANCHE_RGB[t]) for t in ("gids_2019", "tranche3_2020")}
    # sourced rows opaque with a dark solid outline on top; modelled rows lighter and dashed
    sourced, modelled = taking_part[taking_part["basis"] == "bron"], taking_part[taking_part["basis"] == "model"]
    assert len(sourced) == 1 and len(modelled) == 274
    assert sourced["dekking"].min() > modelled["dekking"].max()
    assert sourced["nadruk"].all() and not modelled["nadruk"].any()


def test_search_den_bosch_selects_gm0796(app):
    app.run()
    app.text_input(key="zoek").input("den bosch").run()
    assert not app.exception
    assert "'s-Hertogenbosch" in [s.value.replace("\\", "") for s in app.subheader]
    assert vega_map(app).highlighted() == ["GM0796"]
    app.toggle(key="kaart_zoom").set_value(True).run()
    highlight = layer(deck_spec(app), "selectie")
    assert highlight is not None
    assert [f["properties"]["code"] for f in highlight["data"]["features"]] == ["GM0796"]


def test_search_by_cbs_code_selects_it(app):
    """A click on the map puts the CBS code in the search box: the same as typing it."""
    app.run()
    app.text_input(key="zoek").input("GM0363").run()
    assert not app.exception
    assert "Amsterdam" in [s.value for s in app.subheader]
    assert vega_map(app).highlighted() == ["GM0363"]


def test_the_map_fetches_nothing_but_the_static_map_file(app):
    app.run()
    assert set(vega_map(app).urls()) == {vega_maps.MAP_URL}


def test_no_map_style_url_and_no_provider(app):
    app.run()
    app.toggle(key="kaart_zoom").set_value(True).run()
    spec = deck_spec(app)
    style = spec.get("mapStyle")
    assert not (isinstance(style, str) and ("http" in style or "mapbox" in style or "carto" in style))
    assert spec.get("mapProvider") in (None, "")
    assert "cartocdn" not in app.get("deck_gl_json_chart")[0].proto.json


def test_sourced_only_toggle_keeps_only_sourced_rows(app):
    app.run()
    app.toggle(key="bron").set_value(True).run()
    shown = metrics(app)
    assert shown[TOTAL] == "1"  # only Diemen's row is stated by a source in full
    values = vega_map(app).values
    coloured = values[values["tranche_label"] != "Nog geen deelname"]
    assert coloured["code"].tolist() == ["GM0384"]


def test_a_broken_file_shows_the_report_not_a_traceback(monkeypatch, tmp_path):
    import shutil

    from streamlit.testing.v1 import AppTest

    from kansrijke.data.paths import DATA_DIR, DATA_DIR_ENV
    from tests.app.conftest import APP

    folder = tmp_path / "broken"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "financiering.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",9000,", ",-9000,"), encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error, "an error box explains that the data could not be loaded"
    report = "\n".join(c.value for c in at.code)
    assert "financiering.csv" in report and "bedrag_eur" in report and "-9000" in report
    assert not at.get("deck_gl_json_chart") and not at.get("vega_lite_chart")


def test_keeps_serving_last_good_data_when_a_file_breaks(app):
    app.run()
    assert metrics(app)[TOTAL] == "275"
    path = app.data_folder / "coalities.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("GM0003,impuls_2022", "GM9999,impuls_2022"), encoding="utf-8")
    app.run()
    assert not app.exception
    assert app.warning, "a warning says the files are broken and old data is shown"
    assert metrics(app)[TOTAL] == "275"
    assert "GM9999" in "\n".join(c.value for c in app.code)


def test_a_shared_url_reopens_the_view(app):
    app.query_params["stand"] = "2022-12-31"
    app.query_params["lang"] = "en"
    app.query_params["zoek"] = "den bosch"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Local coalitions Kansrijke Start"
    shown = metrics(app)
    assert shown["Municipalities with a local coalition"] == "355"
    assert vega_map(app).highlighted() == ["GM0796"]
    assert (
        vega_map(app).values.set_index("code").at["GM0796", "tranche_label"]
        == "GIDS municipalities, tranches 1-2 (2019)"
    )


def test_an_unknown_url_value_falls_back_to_the_default_with_a_notice(app):
    app.query_params["stand"] = "1999-01-01"
    app.run()
    assert not app.exception
    assert metrics(app)[TOTAL] == "275"
    assert any("standaardweergave" in toast.value for toast in app.toast)


def test_changing_the_stand_updates_the_url(app):
    app.run()
    app.segmented_control(key="stand").set_value("2019-12-31").run()
    assert app.query_params["stand"] == "2019-12-31"
    app.segmented_control(key="stand").set_value("2020-07-01").run()
    assert "stand" not in app.query_params  # the default view keeps the link clean


def test_home_map_stays_within_budget(app):
    app.run()
    # values only: the polygons are a static file the browser fetches once
    assert vega_map(app).sent_bytes < 200_000
    app.toggle(key="kaart_zoom").set_value(True).run()
    assert len(app.get("deck_gl_json_chart")[0].proto.json.encode("utf-8")) < 1_000_000


def test_story_pins_sit_on_the_story_municipalities(app):
    import csv

    from kansrijke.data.paths import DATA_DIR

    with open(DATA_DIR / "verhalen.csv", encoding="utf-8", newline="") as fh:
        codes = [row["code"] for row in csv.DictReader(fh)]
    app.run()
    shown = vega_map(app).pins
    assert shown is not None and shown["code"].tolist() == codes
    assert set(shown["number"]) == {str(i) for i in range(1, 8)}
    den_bosch = shown.set_index("code").loc["GM0796"]
    assert den_bosch["titel"] == "Den Bosch: snel schakelen dankzij korte lijnen"
    assert "kader 'Gemeente Den Bosch'" in den_bosch["bron_label"]
    pin_layers = [l for l in vega_map(app).layers() if l.get("mark", {}).get("type") in ("point", "text")]
    assert [l["mark"]["type"] for l in pin_layers] == ["point", "text"]
    assert {t["field"] for t in pin_layers[0]["encoding"]["tooltip"]} == {
        "naam",
        "verhaal",
        "titel",
        "thema",
        "bron_label",
    }
    app.toggle(key="kaart_zoom").set_value(True).run()
    spec = deck_spec(app)
    pins = layer(spec, "verhalen")
    assert pins is not None and pins["@@type"] == "ScatterplotLayer" and pins["pickable"]
    assert len(pins["data"]) == len(codes) == 8
    assert [p["code"] for p in pins["data"]] == codes
    numbers = layer(spec, "verhalen_nummers")
    assert numbers["@@type"] == "TextLayer"
    assert {n["number"] for n in numbers["data"]} == {str(i) for i in range(1, 8)}  # Zuid-Limburg: one story, 2 pins
    # every tooltip placeholder is filled from the pin itself (no raw {field} in a pin's tooltip)
    for pin in pins["data"]:
        assert {"naam", "tranche_label", "datum_label", "inwoners_label", "basis_label"} <= set(pin)
    den_bosch = next(p for p in pins["data"] if p["code"] == "GM0796")
    assert den_bosch["datum_label"] == "Den Bosch: snel schakelen dankzij korte lijnen"
    assert "kader 'Gemeente Den Bosch'" in den_bosch["basis_label"]


def test_story_list_and_detail_panel_follow_the_language(app):
    app.query_params["lang"] = "en"
    app.query_params["zoek"] = "delft"
    app.run()
    assert not app.exception
    [story_list] = [e.proto.body for e in app.get("html") if "ks-verhalen" in e.proto.body]
    labels = re.findall(r"<summary>(.*?)</summary>", story_list)
    assert "2 · Delft: looking at the whole situation of pregnant women" in labels
    assert len([l for l in labels if l[0].isdigit()]) == 7
    assert "Theme: " in story_list and "Source: " in story_list
    bold = [m.value for m in app.markdown if m.value.startswith("**Delft: looking")]
    assert bold, "the detail panel shows the English story title"
    shown = vega_map(app).pins
    assert shown is not None
    pins = shown.set_index("code")
    assert pins.at["GM0503", "titel"].startswith("Delft: looking")
    assert [t["title"] for t in vega_map(app).layers()[0]["encoding"]["tooltip"]][:2] == ["Municipality", "Coalition"]


def test_timeline_shows_both_published_counts_of_gids_municipalities(app):
    """150 (kansrijkestartnl.nl) and 155 (Platform31, 2020) disagree: the timeline shows both, each with its source."""
    app.run()
    [timeline] = [f for f in shown_tables(app) if {"Wat", "Cijfer", "Bron"} <= set(f.columns)]
    rows = timeline[timeline["Wat"] == "GIDS-gemeenten (programma Gezond in de Stad)"]
    assert sorted(rows["Cijfer"]) == ["150", "155"]
    assert sorted(rows["Bron"]) == [
        "Kansrijke Start, pagina 'Impuls Kansrijke Start' (2020-02)",
        "Platform31, themapagina 'Gezond In' (2020)",
    ]


def test_a_new_visitor_gets_the_whole_home_page_in_one_run(app):
    """Home is where a conference crowd lands: its first run is the whole page (no second run 1.5 s later, as on the
    funding and NNZ pages, kansrijke.ui.deferred), so a visit costs the server one run."""
    from tests.app.conftest import text_tables

    app.run()
    assert not [e for e in app.get("html") if "ks-volgt" in e.proto.body]
    assert any({"Wat", "Cijfer", "Bron"} <= set(f.columns) for f in text_tables(app))
    assert "kaart_zoom" in [t.key for t in app.toggle]


def _context_row(code: str) -> dict[str, str]:
    """The shipped CBS row of a municipality, read with the csv module (not the app's loader)."""
    import csv

    from kansrijke.data.paths import DATA_DIR

    with (DATA_DIR / "context_2020.csv").open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["code"] == code)


def test_detail_panel_shows_zwolles_context_beside_its_areas_with_the_cbs_source(app):
    row = _context_row("GM0193")
    app.query_params["zoek"] = "zwolle"
    app.run()
    assert not app.exception
    tables = [table for block in blocks(app) for table in block.tables if "Zwolle" in table.columns]
    assert len(tables) == 1
    context = tables[0].set_index(tables[0].columns[0])
    assert list(context.columns) == ["Zwolle", "Overijssel", "GGD IJsselland", "Nederland"]
    births = f"{int(row['levendgeborenen']):,}".replace(",", ".")
    low_income = row["aandeel_laag_inkomen"].replace(".", ",") + "%"
    assert context.at["Levend geborenen in 2020", "Zwolle"] == births
    assert context.at["Huishoudens met een laag inkomen", "Zwolle"] == low_income
    # the country's births are CBS's published national total
    assert context.at["Levend geborenen in 2020", "Nederland"] == "168.681"
    texts = [block.text for block in blocks(app) if "Zwolle" in block.text and "Levend geborenen" in block.text]
    assert "Bron: CBS, Kerncijfers wijken en buurten 2020" in texts[0]


def test_detail_panel_context_in_english(app):
    row = _context_row("GM0193")
    app.query_params["zoek"] = "zwolle"
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    table = next(table for block in blocks(app) for table in block.tables if "Zwolle" in table.columns)
    context = table.set_index(table.columns[0])
    assert context.at["Live births in 2020", "Zwolle"] == f"{int(row['levendgeborenen']):,}"
    assert context.at["Households with a low income", "Zwolle"] == row["aandeel_laag_inkomen"] + "%"
