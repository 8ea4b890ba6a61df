"""The stories of data/verhalen.csv: English texts, existing codes, a source with its section; pins on centroids."""

import pandas as pd
import pytest

from kansrijke.data import geo
from kansrijke.data.tables import load_tables
from kansrijke.domain import stories


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_every_story_row_has_an_english_text(tables):
    for column in ("titel_en", "thema_en", "samenvatting_en"):
        empty = tables.verhalen.loc[tables.verhalen[column].str.strip() == "", "code"].tolist()
        assert empty == [], f"{column} empty for {empty}"
    # and it is a translation, not a copy of the Dutch text
    assert (tables.verhalen["samenvatting_en"] != tables.verhalen["samenvatting"]).all()


def test_every_story_code_is_a_2020_municipality(tables):
    assert set(tables.verhalen["code"]) <= set(tables.gemeenten["code"])


def test_every_story_names_the_report_and_its_section(tables):
    for story in stories.stories(tables.verhalen, tables.gemeenten, "nl"):
        assert "voortgangsrapportage" in story.bron.lower(), story.number
        assert story.section.startswith("kader '"), story.bron
        assert story.bron_datum == "2020-07"


def test_the_reports_municipalities_are_there(tables):
    names = {name for story in stories.stories(tables.verhalen, tables.gemeenten, "nl") for name in story.places}
    assert names == {
        "'s-Hertogenbosch",
        "Delft",
        "Geldrop-Mierlo",
        "Helmond",
        "Apeldoorn",
        "Meppel",
        "Heerlen",
        "Sittard-Geleen",
    }


def test_zuid_limburg_is_one_story_on_two_municipalities(tables):
    all_stories = stories.stories(tables.verhalen, tables.gemeenten, "nl")
    assert len(all_stories) == len(tables.verhalen) - 1
    south = stories.story_of("GM1883", all_stories)
    assert south.codes == ("GM0917", "GM1883") and south is stories.story_of("GM0917", all_stories)


def test_language_choice_and_fallback_to_dutch():
    row = pd.Series(
        {
            "titel": "Titel",
            "titel_en": "Title",
            "thema": "Thema",
            "thema_en": " ",
            "samenvatting": "Tekst",
            "samenvatting_en": "",
        }
    )
    assert stories.text_in(row, "titel", "en") == "Title"
    assert stories.text_in(row, "titel", "nl") == "Titel"
    assert stories.text_in(row, "thema", "en") == "Thema"  # blank English -> Dutch
    assert stories.text_in(row.drop(["samenvatting_en"]), "samenvatting", "en") == "Tekst"


def test_source_section():
    assert (
        stories.source_section("Rapport, juli 2020, kader 'Gemeente Delft' bij §2.1")
        == "kader 'Gemeente Delft' bij §2.1"
    )
    assert stories.source_section("Rapport, juli 2020, §2.3 Voortgang") == "§2.3 Voortgang"
    assert stories.source_section("Rapport zonder paragraaf") == ""


def test_pins_sit_on_the_municipality_centroids(tables):
    all_stories = stories.stories(tables.verhalen, tables.gemeenten, "en")
    pins = stories.pins(all_stories, geo.centroids(), "en")
    assert pins["code"].tolist() == tables.verhalen["code"].tolist()
    boxes = geo.feature_bounds(geo.municipality_features(2020))
    for pin in pins.itertuples():
        min_lon, min_lat, max_lon, max_lat = boxes[pin.code]
        assert min_lon <= pin.lon <= max_lon and min_lat <= pin.lat <= max_lat, pin.code
    assert pins.loc[pins["code"] == "GM0503", "titel"].item().startswith("Delft: looking")
    assert pins["number"].tolist() == ["1", "2", "3", "4", "5", "6", "7", "7"]


def test_a_pin_without_a_boundary_is_refused(tables):
    all_stories = stories.stories(tables.verhalen, tables.gemeenten, "nl")
    centroids = geo.centroids()
    with pytest.raises(ValueError, match="GM0503"):
        stories.pins(all_stories, centroids[centroids["code"] != "GM0503"], "nl")


def test_an_older_file_without_english_columns_still_loads(tmp_path):
    import shutil

    from kansrijke.data.paths import DATA_DIR

    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "verhalen.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["titel_en", "thema_en", "samenvatting_en"]).to_csv(path, index=False)
    loaded = load_tables(tmp_path / "data").verhalen
    assert (loaded["titel_en"] == "").all()
    assert stories.stories(loaded, load_tables(tmp_path / "data").gemeenten, "en")[0].titel.startswith(
        "Den Bosch: snel"
    )


def test_pin_layers_fill_every_tooltip_field_with_the_raw_text(tables):
    from kansrijke.views import maps

    pins = stories.pins(stories.stories(tables.verhalen, tables.gemeenten, "nl"), geo.centroids(), "nl")
    pins.loc[0, "titel"] = "<script>x</script>"
    template = "<b>{naam}</b><br/>{tranche_label}"
    discs, numbers = maps.story_pin_layers(pins, template, {"naam": "naam", "tranche_label": "titel"})
    assert discs.id == "verhalen" and discs.pickable and numbers.id == "verhalen_nummers"
    assert discs.data[0]["tranche_label"] == "<script>x</script>"  # Streamlit escapes tooltip values
    assert [d["number"] for d in numbers.data] == pins["number"].tolist()
    with pytest.raises(ValueError, match="tranche_label"):
        maps.story_pin_layers(pins, template, {"naam": "naam"})
    with pytest.raises(ValueError, match="nope"):
        maps.story_pin_layers(pins, template, {"naam": "naam", "tranche_label": "nope"})
