"""The comparison map coloured by a characteristic (kansrijke.views.compare_map): class breaks, colours per class,
no-data grey, the chosen municipality and its peers outlined, the legend and its source."""

import pandas as pd
import pytest

from kansrijke.views import compare_map, palette, vega_maps


def _features(values, basis=None) -> pd.DataFrame:
    codes = [f"GM{i:04d}" for i in range(1, len(values) + 1)]
    frame = pd.DataFrame({"code": codes, "naam": [f"Gemeente {c}" for c in codes]})
    for c in compare_map.CHARACTERISTICS:
        frame[c.column] = pd.Series(values, dtype="float64")
    frame["basis_deelname"] = basis if basis is not None else ["bron"] * len(values)
    return frame


def test_quintile_breaks_split_the_values_into_five_equal_groups_rounded_as_shown():
    births = compare_map.BY_KEY["geboorten"]
    values = pd.Series([float(v) for v in range(1, 11)])  # 1..10
    breaks = compare_map.class_breaks(values, births)
    assert breaks == (2.8, 4.6, 6.4, 8.2)  # numpy's linear quantiles, to one decimal as the legend shows them
    classes = compare_map.classify(values, breaks)
    assert classes.value_counts().sort_index().tolist() == [2, 2, 2, 2, 2]


def test_a_value_on_a_break_goes_to_the_higher_class_and_missing_is_minus_one():
    classes = compare_map.classify(pd.Series([1.0, 2.0, None, 9.0]), (2.0, 5.0))
    assert classes.tolist() == [0, 1, -1, 2]


def test_repeated_breaks_leave_fewer_classes_and_urbanity_keeps_cbs_classes():
    young = compare_map.BY_KEY["jong"]
    assert compare_map.class_breaks(pd.Series([15.0] * 8 + [16.0, 17.0]), young) == (
        15.0,
    )  # quintiles 15, 15, 15, 15.2: whole percentages
    urbanity = compare_map.BY_KEY["stedelijkheid"]
    assert compare_map.class_breaks(pd.Series([1.0, 1.0]), urbanity) == (1.5, 2.5, 3.5, 4.5)
    labels = compare_map.class_labels(urbanity, (1.5, 2.5, 3.5, 4.5), "nl")
    assert labels[0] == "1 zeer sterk stedelijk" and labels[-1] == "5 niet stedelijk"
    assert compare_map.class_breaks(pd.Series([None], dtype="float64"), young) == ()


def test_class_labels_read_in_both_languages():
    share = compare_map.BY_KEY["laag_inkomen"]
    assert compare_map.class_labels(share, (3.7, 5.0), "nl") == ("lager dan 3,7%", "3,7% tot 5,0%", "5,0% of meer")
    assert compare_map.class_labels(share, (3.7, 5.0), "en") == ("below 3.7%", "3.7% to under 5.0%", "5.0% or more")


def test_colours_run_from_light_to_dark_and_are_spread_over_fewer_classes():
    assert compare_map.class_colours(5) == compare_map.CLASS_RGB
    three = compare_map.class_colours(3)
    assert three == (compare_map.CLASS_RGB[0], compare_map.CLASS_RGB[2], compare_map.CLASS_RGB[4])
    lightness = [sum(rgb) for rgb in compare_map.class_colours(5)]
    assert lightness == sorted(lightness, reverse=True)
    assert palette.NOT_YET_RGB not in compare_map.CLASS_RGB


@pytest.fixture
def frame():
    features = _features([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, None])
    return compare_map.map_frame(features, "geboorten", "GM0001", ("GM0010", "GM0005"), "nl").set_index("code")


def test_the_frame_colours_each_class_and_greys_no_data(frame):
    fills = frame["fill_color"].map(tuple)
    assert fills["GM0001"] == (*compare_map.CLASS_RGB[0], palette.ALPHA_SOURCED)
    assert fills["GM0010"] == (*compare_map.CLASS_RGB[4], palette.ALPHA_SOURCED)
    assert fills["GM0011"] == (*palette.NOT_YET_RGB, 255)
    assert frame.at["GM0011", "waarde_label"] == "Geboorten per 1.000 inwoners: –"
    assert frame.at["GM0005", "waarde_label"] == "Geboorten per 1.000 inwoners: 5,0"
    assert len({fills[c] for c in ("GM0001", "GM0003", "GM0005", "GM0007", "GM0009")}) == 5


def test_the_frame_outlines_the_peers_and_the_map_the_chosen_one(frame):
    assert frame.loc[["GM0005", "GM0010"], "line_width"].tolist() == [compare_map.PEER_LINE_WIDTH] * 2
    assert frame["line_width"].drop(["GM0005", "GM0010"]).isna().all()
    assert frame.at["GM0010", "rol_label"] == "Vergelijkbare gemeente"
    assert frame.at["GM0001", "rol_label"] == "Gekozen gemeente"
    features = _features([1.0, 2.0, 3.0])
    places = features[["code", "naam"]]
    values = compare_map.map_values(features, places, "jong", "GM0001", ("GM0003",), "nl").set_index("code")
    assert values["gekozen"].tolist() == [True, False, False]
    assert values["nadruk"].tolist() == [False, False, True]  # the peer's outline is drawn on top
    assert values.at["GM0003", "lijn"] == vega_maps._hex(palette.PEER_OUTLINE_RGBA)


def test_a_modelled_characteristic_is_lighter_dashed_and_says_so():
    features = _features([18000.0, 18300.0, 18400.0], basis=["bron", "model", None])
    frame = compare_map.map_frame(features, "deelname", None, (), "nl").set_index("code")
    assert frame["basis"].tolist() == ["", "model", "model"]
    assert frame.at["GM0002", "fill_color"][3] == palette.ALPHA_MODELLED
    assert frame.at["GM0001", "fill_color"][3] == palette.ALPHA_SOURCED
    assert frame.at["GM0001", "waarde_label"].endswith(": 14 april 2019")  # day 18000 after 1 January 1970
    assert compare_map.option_label("deelname", "nl") == "Datum deelname (gemodelleerd)"
    assert compare_map.option_label("geboorten", "en") == "Births per 1,000 inhabitants"
