"""AppTest of the funding page: renders, reconciles with the published totals, map colours, filters, downloads,
shareable URL, English. Expected figures come from the CSV files (read with the csv module) and the catalogue
wording of the published qualifiers, not from the page's own functions."""

import csv
import io

from kansrijke.data.paths import DATA_DIR
from kansrijke.views import palette, vega_maps
from tests.app.conftest import (
    deck_spec,
    figure_notes,
    layer,
    metrics,
    open_expanders,
    page_text,
    shown_tables,
    vega_map,
)

PAGE = "pages/financiering.py"


def rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def published(indicator):
    return next(r for r in rows("mijlpalen.csv") if r["indicator"] == indicator)


def nl_euros(value) -> str:
    return "€ " + f"{int(float(value)):,}".replace(",", ".")


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def open_page(app, **params):
    """Start the app (language from the link), then open the page with the link's other query parameters.

    AppTest cannot start a multipage app on a subpage, so the app runs once on the home page first. The search box
    (key zoek) is bound to the URL on the home page too; its restore from a link is tested there."""
    if "lang" in params:
        app.query_params["lang"] = params.pop("lang")
    app.run()
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page(PAGE).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_page_renders_with_one_title(app):
    open_page(app)
    assert [t.value for t in app.title] == ["Financiering: impulsgeld per inwoner"]
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")


def test_national_figures_reconcile_with_the_july_2020_report(app):
    open_page(app)
    shown = metrics(app)
    assert shown["impuls voor GIDS-gemeenten (tranche 1-2, 2019)"] == nl_euros(published("impuls_gids_eur")["waarde"])
    assert shown["impuls voor GIDS-gemeenten (tranche 1-2, 2019)"] == "€ 9.000.000"
    total = sum(int(r["bedrag_eur"]) for r in rows("financiering.csv"))
    assert shown["impulsgeld voor gemeenten in totaal"] == nl_euros(total)
    notes = figure_notes(app)
    captions = " | ".join(line for label in shown if label in notes for line in notes[label]["lines"])
    # the published wording, each with its qualifier, and the report as source
    for text in ("€ 9 miljoen", "bijna € 3 miljoen", "ruim € 2 miljoen", "circa € 14 miljoen"):
        assert f"{text}. Binnen de formulering: ja" in captions, text
    assert "Derde voortgangsrapportage actieprogramma Kansrijke Start (VWS), juli 2020" in captions


def test_the_2022_circulaires_are_listed_with_their_source_and_no_amount(app):
    open_page(app)
    shown = " | ".join(str(v) for frame in shown_tables(app) for v in frame.to_numpy().ravel())
    for label in ("meicirculaire 2022", "septembercirculaire 2022", "decembercirculaire 2022"):
        assert label in shown
    assert shown.count("geen bedrag gepubliceerd") == 3
    assert "Brief aan gemeenten inzake bundeling en oormerken van middelen" in shown
    assert "€ 23 miljoen per jaar" in shown


def test_map_greys_municipalities_without_money_and_lightens_modelled_rows(app):
    open_page(app)
    values = vega_map(app).values
    funded = {r["code"] for r in rows("financiering.csv")}
    grey = values[(values["kleur"] == vega_maps._hex(palette.NOT_YET_RGB)) & (values["dekking"] == 1.0)]
    assert len(values) == 355 and len(grey) == 355 - len(funded)
    assert grey["per_inwoner_label"].str.contains("Geen bedrag").all()
    coloured = values[values["code"].isin(funded)]
    assert set(coloured["dekking"]) == {round(palette.ALPHA_MODELLED / 255, 3)}  # every total has a modelled part
    assert (coloured["basis"] == "model").all()  # dashed outline: modelled
    assert coloured["per_inwoner_label"].str.contains("per inwoner").all()
    assert coloured["inwoners_label"].str.contains("inwoners").all()


def test_zoomable_map_is_the_deck_with_the_same_colours(app):
    open_page(app)
    app.toggle(key="fin_zoom").set_value(True).run()
    features = layer(deck_spec(app), "gemeenten")["data"]["features"]
    funded = {r["code"] for r in rows("financiering.csv")}
    grey = [f for f in features if f["properties"]["fill_color"] == [*palette.NOT_YET_RGB, 255]]
    assert len(features) == 355 and len(grey) == 355 - len(funded)
    assert "cartocdn" not in app.get("deck_gl_json_chart")[0].proto.json


def test_a_sourced_row_is_drawn_opaque(app):
    open_page(app, regeling="impuls_gids_2019")
    sourced = {
        r["code"] for r in rows("financiering.csv") if r["regeling"] == "impuls_gids_2019" and r["basis"] == "bron"
    }
    values = vega_map(app).values.set_index("code")
    assert sourced == {"GM0384"}  # Diemen
    assert values.at["GM0384", "dekking"] == round(palette.ALPHA_SOURCED / 255, 3)
    assert values.at["GM0384", "nadruk"] and values.at["GM0384", "basis"] == "bron"  # dark outline on top
    assert values.at["GM0384", "basis_label"].startswith("Bron:")
    assert app.selectbox(key="regeling").value == "impuls_gids_2019"


def test_downloads_carry_the_rows_with_basis_and_source(app, downloads):
    open_page(app)
    open_expanders(app)  # the tables behind map and charts, with their downloads
    files = downloads(app)
    assert {
        "financiering_totaal.csv",
        "financiering_totaal.xlsx",
        "financiering_landelijk.csv",
        "financiering_aanvulling_gids.csv",
        "financiering_tijdlijn.csv",
        "financiering_ranglijst_totaal.csv",
    } <= set(files)
    table = csv_rows(files["financiering_totaal.csv"])
    assert len(table) == len({r["code"] for r in rows("financiering.csv")})
    assert {"basis", "regel", "bron", "bron_url", "bron_datum", "eur_per_inwoner"} <= set(table[0])
    gids = [r["code"] for r in rows("coalities.csv") if r["tranche"] == "gids_2019"]
    assert len(csv_rows(files["financiering_aanvulling_gids.csv"])) == len(gids)
    national = csv_rows(files["financiering_landelijk.csv"])
    assert [r["indicator"] for r in national] == [
        "impuls_gids_eur",
        "impuls_tranche3_eur",
        "aanvulling_gids_eur",
        "impuls_totaal_eur",
    ]
    assert files["financiering_totaal.xlsx"][:2] == b"PK"  # a real Excel workbook


def test_province_filter_shrinks_the_ranking(app, downloads):
    open_page(app)
    open_expanders(app)  # the tables behind map and charts, with their downloads
    before = csv_rows(downloads(app)["financiering_ranglijst_totaal.csv"])
    app.selectbox(key="provincie").set_value("PV27").run()
    assert not app.exception
    after = csv_rows(downloads(app)["financiering_ranglijst_totaal.csv"])
    noord_holland = {r["code"] for r in rows("gemeenten_2020.csv") if r["provincie_code"] == "PV27"}
    funded = {r["code"] for r in rows("financiering.csv")}
    assert {r["code"] for r in after} == noord_holland & funded
    assert len(after) < len(before)
    assert app.query_params["provincie"] == "PV27"  # the view can be shared
    app.selectbox(key="tranche").set_value("tranche3_2020").run()
    tranche3 = {r["code"] for r in rows("coalities.csv") if r["tranche"] == "tranche3_2020"}
    narrowed = csv_rows(downloads(app)["financiering_ranglijst_totaal.csv"])
    assert {r["code"] for r in narrowed} == noord_holland & tranche3


def test_a_shared_link_reopens_the_view_in_english(app, downloads):
    open_page(app, lang="en", ggd="GG3406", regeling="impuls_tranche3_2020")
    open_expanders(app)  # the tables behind map and charts, with their downloads
    assert [t.value for t in app.title] == ["Funding: impulse money per inhabitant"]
    assert metrics(app)["impulse for GIDS municipalities (tranches 1-2, 2019)"] == "€9,000,000"
    assert app.selectbox(key="ggd").value == "GG3406"
    assert app.selectbox(key="regeling").value == "impuls_tranche3_2020"
    text = page_text(app)
    assert "municipalities have an amount for 'Third-tranche impulse'" in text
    ranking = csv_rows(downloads(app)["financiering_ranglijst_impuls_tranche3_2020.csv"])
    amsterdam_region = {r["code"] for r in rows("gemeenten_2020.csv") if r["ggd_code"] == "GG3406"}
    assert ranking and {r["code"] for r in ranking} <= amsterdam_region


def test_selected_municipality_is_compared_with_its_province_and_tranche(app):
    open_page(app)
    app.text_input(key="zoek").input("den bosch").run()
    assert vega_map(app).highlighted() == ["GM0796"]
    assert app.query_params["zoek"] == "den bosch"
    text = " | ".join(m.value for m in app.markdown)
    assert "provincie Noord-Brabant € 0,86 per inwoner" in text
    assert "GIDS-gemeenten, tranche 1-2 (2019) € 0,86 per inwoner" in text


def test_invalid_url_values_give_the_default_view_and_a_notice(app):
    open_page(app, regeling="alles", provincie="PV99")
    assert app.selectbox(key="regeling").value == "totaal"
    assert app.selectbox(key="provincie").value == ""
    notices = " | ".join(toast.value for toast in app.toast)
    assert "standaardweergave" in notices and "regeling" in notices and "provincie" in notices


def test_a_changed_data_file_shows_new_figures_not_cached_ones(app):
    """Results are cached per view; a new, valid data file must still show its own figures on the next rerun."""
    open_page(app, regeling="impuls_gids_2019")

    def diemen():
        return vega_map(app).values.set_index("code").loc["GM0384"]

    before = diemen()
    assert before["per_inwoner_label"] == "€ 0,29 per inwoner"  # EUR 9,000 / 30,780 inhabitants (1 January 2020)
    path = app.data_folder / "inwoners_2020.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("GM0384,30780,", "GM0384,90000,"), encoding="utf-8")
    app.run()
    assert not app.exception
    after = diemen()
    assert after["per_inwoner_label"] == "€ 0,10 per inwoner"  # EUR 9,000 / 90,000
    assert "90.000" in after["inwoners_label"]


def _money_per_birth(code: str) -> tuple[float, int, str]:
    """The total amount of a municipality, its live births 2020 and the basis of its amounts, from the shipped CSVs."""
    own = [r for r in rows("financiering.csv") if r["code"] == code]
    births = int(next(r for r in rows("context_2020.csv") if r["code"] == code)["levendgeborenen"])
    basis = "bron" if all(r["basis"] == "bron" for r in own) else "model"
    return sum(int(r["bedrag_eur"]) for r in own), births, basis


def test_money_per_live_birth_beside_money_per_inhabitant_with_its_source(app, downloads):
    amount, births, basis = _money_per_birth("GM0193")
    open_page(app)
    open_expanders(app)
    table = next(frame for frame in shown_tables(app) if "Per levend geborene (2020)" in frame.columns)
    zwolle = table[table["Gemeente"] == "Zwolle"].iloc[0]
    assert zwolle["Levend geborenen (2020)"] == f"{births:,}".replace(",", ".")
    assert zwolle["Per levend geborene (2020)"].startswith("€ " + f"{amount / births:.2f}".replace(".", ","))
    # a modelled amount divided by a CBS count stays modelled
    assert zwolle["Per levend geborene (2020)"].endswith("(gemodelleerd)") == (basis == "model")
    download = {r["code"]: r for r in csv_rows(downloads(app)["financiering_totaal.csv"])}
    row = download["GM0193"]
    assert float(row["eur_per_geboorte"]) == round(amount / births, 4)
    assert int(float(row["levendgeborenen"])) == births
    assert row["levendgeborenen_bron"].startswith("CBS, Kerncijfers wijken en buurten 2020")
    assert row["levendgeborenen_bron_datum"] and row["basis"] == basis


def test_selected_municipality_shows_its_money_per_child(app):
    amount, births, _ = _money_per_birth("GM0193")
    open_page(app)
    app.text_input(key="zoek").input("zwolle").run()
    text = " | ".join(m.value for m in app.markdown)
    assert "Per kind: € " + f"{amount / births:.2f}".replace(".", ",") + " per geboorte" in text
    assert f"{births:,}".replace(",", ".") + " levend geborenen in 2020" in text
