"""AppTest of the page "Vergelijk": peers of a municipality, weights, hand-picked peers, references, English."""

import csv
import json

import pytest

from kansrijke.data.paths import DATA_DIR
from kansrijke.data.tables import load_tables
from kansrijke.domain import peers
from kansrijke.views import compare_map, palette, vega_maps
from tests.app.conftest import blocks, layer, page_text, text_tables, vega_map

PAGE = "pages/vergelijk.py"
WEIGHT_KEYS = peers.FEATURE_KEYS  # every characteristic has a weight on the page


@pytest.fixture(scope="module")
def people():
    tables = load_tables()
    names = tables.gemeenten.set_index("naam")["code"]
    return tables.inwoners.set_index("code")["inwoners"], names, tables.gemeenten.set_index("code")


def _open(app, **params):
    """Open the page directly, as a shared link does (/vergelijk?zoek=...)."""
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page(PAGE).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _peers(app) -> list[str]:
    return list(app.multiselect(key="peers").value)


def _peer_context(app):
    return text_tables(app)[0].set_index("Gemeente")


def _match_list(app):
    listed = text_tables(app)[1]
    rank = listed.columns[0]  # "Rang" / "Rank": a number, as in the downloads
    return listed.assign(**{rank: listed[rank].astype(int)})


def _side_by_side(app):
    return text_tables(app)[2].set_index("")


def _references(app):
    return text_tables(app)[3].set_index("")


def test_renders_with_one_title_and_a_hint(app):
    _open(app)
    assert len(app.title) == 1
    assert app.info, "without a municipality the page says what to do"
    values = vega_map(app).values  # the map is there to click on, nothing chosen yet
    assert len(values) == 355 and not values["gekozen"].any() and not values["nadruk"].any()


def test_amsterdam_gets_large_cities_as_peers(app, people):
    inhabitants, names, _ = people
    _open(app, zoek="Amsterdam")
    assert len(app.title) == 1
    chosen = _peers(app)
    assert len(chosen) == 5 and "GM0363" not in chosen
    assert (inhabitants[chosen] > 150_000).all()
    assert {"GM0599", "GM0518", "GM0344"} <= set(chosen)
    listed = _match_list(app)
    top = listed[listed["Rang"] <= 5]["Gemeente"].map(names).tolist()
    assert top == chosen
    # The map fills the chosen municipality and its peers; the summary beside it names the peers.
    values = vega_map(app).values
    assert sorted(values.loc[values["nadruk"], "code"]) == sorted(chosen)  # peers outlined on top
    assert set(values.loc[values["code"].isin(chosen), "kleur"]) == {vega_maps._hex(palette.PEER_RGB)}
    assert vega_map(app).highlighted() == ["GM0363"]
    assert any("Rotterdam" in block.text and "Amsterdam" in block.text for block in blocks(app))
    app.toggle(key="vergelijk_zoom").set_value(True).run()
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    outlined = [f["properties"]["code"] for f in layer(spec, "peers")["data"]["features"]]
    assert sorted(outlined) == sorted(chosen)
    assert [f["properties"]["code"] for f in layer(spec, "selectie")["data"]["features"]] == ["GM0363"]


def _cbs_row(code: str) -> dict[str, str]:
    """The shipped CBS context row of a municipality, read with the csv module (not through the app's loader)."""
    with open(DATA_DIR / "context_2020.csv", newline="", encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["code"] == code)


def test_zwolles_default_peers_rest_on_cbs_figures_and_say_why(app, people):
    _, names, _ = people
    _open(app, zoek="Zwolle")
    chosen = _peers(app)
    assert len(chosen) == 5
    # Amersfoort (11 births per 1,000, 18% aged 0-14, like Zwolle) is proposed now that peers rest on the CBS
    # key figures; on inhabitants and density alone it was not.
    assert names["Amersfoort"] in chosen
    listed = _peer_context(app)
    code_of = names.to_dict()
    assert [code_of[n] for n in listed.index] == ["GM0193", *chosen]
    reasons = listed["Waarom voorgesteld"]
    assert reasons["Zwolle"] == "Gekozen gemeente"
    assert all(reason.startswith("lijkt op Zwolle in ") for reason in reasons.drop("Zwolle"))
    assert "stedelijkheid" in reasons["Amersfoort"]
    own = _cbs_row("GM0193")
    assert listed.at["Zwolle", "Geboorten per 1.000 inwoners, 2020"] == f"{float(own['geboorten_per_1000']):.0f}"
    low = listed.at["Zwolle", "Huishoudens met een laag inkomen, editie 2020 (peiljaar niet vermeld)"]
    assert low == f"{float(own['aandeel_laag_inkomen']):.1f}%".replace(".", ",")
    assert "Bron: CBS, Kerncijfers wijken en buurten 2020" in page_text(app)
    assert "gemodelleerde kenmerken" not in page_text(app)  # the default rests on sources only


def test_a_weight_on_a_modelled_characteristic_is_marked_modelled(app):
    _open(app, zoek="Zwolle", gewicht_tranche="3")
    assert app.slider(key="gewicht_tranche").label == "Tranche (gemodelleerd)"
    assert app.slider(key="gewicht_inwoners").label == "Inwoners"
    assert "Deze vergelijking weegt gemodelleerde kenmerken mee (tranche)" in page_text(app)


def test_the_weights_survive_the_link(app):
    # The sliders are bound to the URL (bind="query-params": the browser writes a changed weight into the link, see
    # tests/e2e/test_vergelijk_context.py); a shared link's weights are the page's weights, through later runs.
    _open(app, zoek="Zwolle", gewicht_inwoners="0", gewicht_geboorten="5")
    assert app.slider(key="gewicht_inwoners").value == 0
    assert app.slider(key="gewicht_geboorten").value == 5
    # Amersfoort, a default peer, is alike in size; on births per 1,000 (11.4 against 10.8) five others are closer
    assert "GM0307" not in _peers(app)
    reasons = _peer_context(app)["Waarom voorgesteld"].drop("Zwolle")
    assert all("geboorten per 1.000" in reason for reason in reasons)
    assert not any("inwoners" in reason.split(" in ", 1)[1].split(", ") for reason in reasons)
    app.slider(key="gewicht_jong").set_value(4).run()
    assert not app.exception
    assert app.slider(key="gewicht_inwoners").value == 0 and app.slider(key="gewicht_geboorten").value == 5


def test_every_figure_names_its_basis(app):
    _open(app, zoek="Amsterdam")
    side = _side_by_side(app)
    assert list(side.columns)[0] == "Amsterdam"
    figures = side.loc[["Inwoners", "Tranche lokale coalitie", "Impulsgeld 2019-2021 (totaal · per inwoner)"]]
    assert figures.map(lambda cell: cell.endswith("(bron)") or cell.endswith("(gemodelleerd)")).all().all()
    references = _references(app)
    assert list(references.index) == ["Provincie Noord-Holland", "GGD Amsterdam", "Nederland"]
    # 275 of the 355 municipalities on 1 July 2020 (mijlpalen.csv): 77%, from the published source.
    assert references.loc["Nederland", "Aandeel met coalitie (1 juli 2020)"] == "77% (bron)"


def test_a_weight_slider_changes_the_list(app, people):
    _, _, places = people
    _open(app, zoek="Amsterdam")
    before = _peers(app)
    for key in WEIGHT_KEYS:
        if key != "provincie":
            app.slider(key=f"gewicht_{key}").set_value(0)
    app.slider(key="gewicht_provincie").set_value(5).run()
    assert not app.exception
    after = _peers(app)
    assert after != before
    assert set(places.loc[after, "provincie"]) == {"Noord-Holland"}


def test_peers_in_the_link_add_a_hand_picked_peer(app):
    # Vaals: a small border municipality, never among Amsterdam's proposed peers (Groningen, the earlier pick, is
    # one of them now that peers rest on the CBS key figures)
    _open(app, zoek="Amsterdam", peers="GM0599,GM0518,GM0981")
    assert _peers(app) == ["GM0599", "GM0518", "GM0981"]
    listed = _match_list(app).set_index("Gemeente")
    assert listed.at["Vaals", "Herkomst"] == "zelf gekozen"
    assert listed.at["Vaals", "In vergelijking"] == "ja"
    assert "Vaals" in list(_side_by_side(app).columns)
    # Removing a peer by hand keeps the choice in the link.
    app.multiselect(key="peers").unselect("GM0981").run()
    assert _peers(app) == ["GM0599", "GM0518"]
    assert app.query_params.get("peers") in ("GM0599,GM0518", ["GM0599,GM0518"])


def test_an_invalid_peers_code_gives_the_default_view_with_a_notice(app):
    _open(app, zoek="Amsterdam", peers="GM0599,GM9999")
    assert len(_peers(app)) == 5 and "GM9999" not in _peers(app)
    assert any("peers" in toast.value for toast in app.toast)
    assert "peers" not in app.query_params


def test_a_malformed_weight_gives_the_default_with_a_notice(app):
    _open(app, zoek="Amsterdam", gewicht_inwoners="veel")
    assert app.slider(key="gewicht_inwoners").value == peers.DEFAULT_WEIGHTS["inwoners"]
    assert any("gewicht_inwoners" in toast.value for toast in app.toast)


def test_all_weights_zero_asks_for_a_weight(app):
    _open(app, zoek="Amsterdam", **{f"gewicht_{key}": "0" for key in WEIGHT_KEYS})
    assert app.warning and not app.get("deck_gl_json_chart") and not app.get("vega_lite_chart")


def test_english_renders(app):
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page(PAGE).run()
    app.text_input(key="zoek").input("Amsterdam").run()
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.title] == ["Compare with similar municipalities"]
    assert "Similarity" in _match_list(app).columns
    assert "The Netherlands" in list(_references(app).index)
    listed = text_tables(app)[0].set_index("Municipality")
    assert all(reason.startswith("like Amsterdam in ") for reason in listed["Why proposed"].drop("Amsterdam"))


def test_choosing_a_characteristic_recolours_the_map_and_keeps_the_peers_outlined(app):
    _open(app, zoek="Zwolle")
    chosen = _peers(app)
    roles = vega_map(app).values.set_index("code")
    assert set(roles.loc[chosen, "kleur"]) == {vega_maps._hex(palette.PEER_RGB)}
    app.selectbox(key="kleur").set_value("laag_inkomen").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.query_params["kleur"] == "laag_inkomen"  # the view can be shared
    coloured = vega_map(app).values.set_index("code")
    assert len(coloured) == 355
    # every municipality in a class of the low-income share: five sequential colours, no peer colour left
    assert set(coloured["kleur"]) == {vega_maps._hex(rgb) for rgb in compare_map.CLASS_RGB}
    low = {code: float(_cbs_row(code)["aandeel_laag_inkomen"]) for code in ("GM0193", *chosen)}
    shades = [vega_maps._hex(rgb) for rgb in compare_map.CLASS_RGB]
    highest, lowest = max(low, key=low.__getitem__), min(low, key=low.__getitem__)
    assert shades.index(coloured.at[highest, "kleur"]) >= shades.index(coloured.at[lowest, "kleur"])
    assert sorted(coloured.index[coloured["nadruk"]]) == sorted(chosen)  # the peers outlined on top
    assert vega_map(app).highlighted() == ["GM0193"]
    assert coloured.at["GM0193", "waarde_label"] == "Laag inkomen: 7,4%"
    text = page_text(app)
    assert "Bron: CBS, Kerncijfers wijken en buurten 2020" in text and "geen gegevens" in text
    app.selectbox(key="kleur").set_value("deelname").run()
    assert "Gemodelleerd: de datum van deelname" in page_text(app)
    assert (vega_map(app).values["basis"] == "model").sum() > 300  # lighter, dashed: modelled rows
    app.toggle(key="vergelijk_zoom").set_value(True).run()  # the zoomable view shows the same classes
    assert not app.exception, [e.value for e in app.exception]
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    assert sorted(f["properties"]["code"] for f in layer(spec, "peers")["data"]["features"]) == sorted(chosen)


def test_a_link_with_a_characteristic_opens_its_map_in_either_language(app):
    _open(app, zoek="Zwolle", kleur="stedelijkheid", lang="en")
    assert app.selectbox(key="kleur").value == "stedelijkheid"
    assert "CBS's five urbanity classes" in page_text(app)
    assert vega_map(app).values.set_index("code").at["GM0193", "waarde_label"] == "Urbanity: 2 (strongly urban)"
