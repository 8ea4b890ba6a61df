"""Boundaries: the derived GeoJSON files, the TopoJSON decoder, and the run-time readers."""

import hashlib
import json
import re
import shutil

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, shape

from kansrijke.data import geo
from kansrijke.data.geo import build, simplify, topojson
from kansrijke.data.paths import GEO_DIR

MUNICIPALITY_FILE = GEO_DIR / "gemeenten_2020.geojson"
PROVINCE_FILE = GEO_DIR / "provincies_2020.geojson"


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _topojson_codes(name):
    topology = _load(GEO_DIR / name)
    (collection,) = topology["objects"].values()
    return {g["properties"]["statcode"]: g["properties"]["statnaam"] for g in collection["geometries"]}


def _all_positions(feature):
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [pos for polygon in polygons for ring in polygon for pos in ring]


@pytest.fixture(scope="module")
def municipalities():
    return _load(MUNICIPALITY_FILE)


@pytest.fixture(scope="module")
def provinces():
    return _load(PROVINCE_FILE)


# --- shipped files ---------------------------------------------------------------------------


def test_shipped_sources_are_unchanged_and_credited():
    readme = (GEO_DIR / "README.md").read_text(encoding="utf-8")
    assert "Bron: CBS/PDOK (gegeneraliseerde gebiedsindelingen), via cartomap/nl" in readme
    assert "CC-BY 4.0" in readme
    for name in ("gemeente_2020", "gemeente_2022", "provincie_2020", "ggdregio_2020"):
        digest = hashlib.sha256((GEO_DIR / f"{name}.topojson").read_bytes()).hexdigest()
        row = next(line for line in readme.splitlines() if line.startswith(f"| {name}.topojson"))
        assert digest in row, f"{name}.topojson differs from the copy recorded in geo/README.md"


def test_municipality_file_has_355_unique_gm_codes_sorted(municipalities):
    codes = [f["properties"]["code"] for f in municipalities["features"]]
    assert len(codes) == 355
    assert all(re.fullmatch(r"GM\d{4}", c) for c in codes)
    assert len(set(codes)) == 355
    assert codes == sorted(codes)


def test_municipality_codes_and_names_equal_the_topojson(municipalities):
    source = _topojson_codes("gemeente_2020.topojson")
    derived = {f["properties"]["code"]: f["properties"]["naam"] for f in municipalities["features"]}
    assert derived == source
    assert derived["GM0363"] == "Amsterdam"


def test_province_file_has_the_12_provinces(provinces):
    derived = {f["properties"]["code"]: f["properties"]["naam"] for f in provinces["features"]}
    assert derived == _topojson_codes("provincie_2020.topojson")
    assert sorted(derived) == [f"PV{n}" for n in range(20, 32)]
    assert derived["PV27"] == "Noord-Holland"


def test_properties_are_only_code_and_naam(municipalities, provinces):
    for feature in municipalities["features"] + provinces["features"]:
        assert set(feature["properties"]) == {"code", "naam"}
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_coordinates_have_at_most_three_decimals_and_lie_in_the_netherlands(municipalities, provinces):
    for feature in municipalities["features"] + provinces["features"]:
        for lon, lat in _all_positions(feature):
            assert round(lon, 3) == lon and round(lat, 3) == lat
            assert 3.3 < lon < 7.3 and 50.7 < lat < 53.6


def test_rings_closed_and_exteriors_counter_clockwise(municipalities):
    for feature in municipalities["features"]:
        geometry = shape(feature["geometry"])
        for polygon in getattr(geometry, "geoms", [geometry]):
            assert polygon.exterior.is_ccw  # RFC 7946
            assert all(not hole.is_ccw for hole in polygon.interiors)


def test_inline_collection_of_all_boundaries_is_well_under_600_kb(municipalities, provinces):
    collection = {"type": "FeatureCollection", "features": municipalities["features"] + provinces["features"]}
    assert len(json.dumps(collection, separators=(",", ":")).encode("utf-8")) < 600_000


def test_decoded_shapes_match_gdal_reading_of_the_topojson(municipalities):
    """Independent check of the decoder: GDAL's TopoJSON driver reads the same source."""
    reference = gpd.read_file(GEO_DIR / "gemeente_2020.topojson").set_index("statcode").geometry
    total_derived = total_reference = 0.0
    for feature in municipalities["features"]:
        ours = shapely.make_valid(shape(feature["geometry"]))
        theirs = shapely.make_valid(reference[feature["properties"]["code"]])
        # rounding to 0.001 degree shifts small municipalities' borders a little, nothing more
        assert ours.symmetric_difference(theirs).area / theirs.area < 0.10, feature["properties"]["code"]
        total_derived += ours.area
        total_reference += theirs.area
    assert total_derived == pytest.approx(total_reference, rel=1e-3)


def test_every_municipality_lies_in_exactly_one_province(municipalities, provinces):
    province_shapes = {f["properties"]["code"]: shapely.make_valid(shape(f["geometry"])) for f in provinces["features"]}
    counts = dict.fromkeys(province_shapes, 0)
    for feature in municipalities["features"]:
        inside = shape(feature["geometry"]).representative_point()
        hits = [code for code, area in province_shapes.items() if area.contains(inside)]
        assert len(hits) == 1, (feature["properties"]["code"], hits)
        counts[hits[0]] += 1
    # municipalities per province on 1 January 2020 (CBS indeling 2020)
    assert counts == {
        "PV20": 12,
        "PV21": 18,
        "PV22": 12,
        "PV23": 25,
        "PV24": 6,
        "PV25": 51,
        "PV26": 26,
        "PV27": 47,
        "PV28": 52,
        "PV29": 13,
        "PV30": 62,
        "PV31": 31,
    }


# --- build -----------------------------------------------------------------------------------


def test_build_is_deterministic_and_matches_the_shipped_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build.build(GEO_DIR, first)
    build.build(GEO_DIR, second)
    for name in ("gemeenten_2020.geojson", "provincies_2020.geojson"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
        assert (first / name).read_bytes() == (GEO_DIR / name).read_bytes(), (
            f"{name} is stale: python -m kansrijke.data.geo"
        )


def test_build_reads_only_its_source_folder(tmp_path):
    for name in ("gemeente_2020.topojson", "provincie_2020.topojson"):
        shutil.copy(GEO_DIR / name, tmp_path / name)
    written = build.build(tmp_path)
    assert {p.name for p in written} == {"gemeenten_2020.geojson", "provincies_2020.geojson"}
    assert all(p.parent == tmp_path and p.stat().st_size == size for p, size in written.items())


def test_build_names_a_missing_source(tmp_path):
    with pytest.raises(geo.GeoFileError, match="gemeente_2020.topojson"):
        build.build(tmp_path)


def test_cli_check_detects_a_stale_file(tmp_path, capsys):
    for name in ("gemeente_2020.topojson", "provincie_2020.topojson"):
        shutil.copy(GEO_DIR / name, tmp_path / name)
    assert build.main(["--source", str(tmp_path)]) == 0
    assert build.main(["--source", str(tmp_path), "--check"]) == 0
    stale = tmp_path / "provincies_2020.geojson"
    stale.write_bytes(stale.read_bytes().replace(b"Utrecht", b"Utrecht!"))
    assert build.main(["--source", str(tmp_path), "--check"]) == 1
    assert "provincies_2020.geojson" in capsys.readouterr().out


# --- decoder on a hand-made topology ---------------------------------------------------------

# Two unit squares side by side (5..6 and 6..7 degrees east, 52..53 north) sharing the edge lon=6.
# Quantised in steps of 0.001 (x) and 0.0009996 (y, like the real files), delta-encoded.
SMALL_TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.001, 0.0009996], "translate": [5.0, 52.0]},
    "arcs": [
        [[1000, 0], [0, 1000]],  # shared edge, south to north
        [[1000, 1000], [-1000, 0], [0, -1000], [1000, 0]],  # rest of the west square
        [[1000, 0], [1000, 0], [0, 1000], [-1000, 0]],  # rest of the east square
    ],
    "objects": {
        "squares": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"statcode": "GM0002", "statnaam": "West"}},
                # written clockwise on purpose: the decoder must turn it counter-clockwise
                {"type": "Polygon", "arcs": [[-3, 0]], "properties": {"statcode": "GM0001", "statnaam": "Oost"}},
            ],
        }
    },
}


def test_decoder_applies_deltas_transform_and_rounding():
    features = topojson.topojson_features(SMALL_TOPOLOGY, r"GM\d{4}")
    assert [f["properties"] for f in features] == [
        {"code": "GM0001", "naam": "Oost"},
        {"code": "GM0002", "naam": "West"},
    ]
    east, west = (f["geometry"] for f in features)
    # 1000 * 0.0009996 + 52 = 52.9996 -> 53.0 after rounding to 0.001
    assert west == {
        "type": "Polygon",
        "coordinates": [[[6.0, 52.0], [6.0, 53.0], [5.0, 53.0], [5.0, 52.0], [6.0, 52.0]]],
    }
    assert east == {
        "type": "Polygon",
        "coordinates": [[[6.0, 53.0], [6.0, 52.0], [7.0, 52.0], [7.0, 53.0], [6.0, 53.0]]],
    }


def test_decoder_rejects_unexpected_codes():
    with pytest.raises(ValueError, match="statcode"):
        topojson.topojson_features(SMALL_TOPOLOGY, r"PV\d{2}")


def test_serialisation_is_compact_utf8():
    payload = topojson.dumps_feature_collection(
        [{"type": "Feature", "properties": {"naam": "Súdwest-Fryslân"}, "geometry": None}]
    )
    assert payload.endswith(b"}\n") and b", " not in payload and b": " not in payload
    assert "Súdwest-Fryslân".encode() in payload


# --- run-time readers ------------------------------------------------------------------------


def test_readers_return_the_collections():
    assert len(geo.municipality_features()["features"]) == 355
    assert len(geo.municipality_features(2020)["features"]) == 355
    assert len(geo.province_features()["features"]) == 12


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "missing"),
        ("{not json", "not valid JSON"),
        ('{"type": "Topology"}', "FeatureCollection"),
        ('{"type": "FeatureCollection", "features": [{"properties": {"code": "X1", "naam": "a"}}]}', "code"),
        (
            '{"type": "FeatureCollection", '
            '"features": [{"properties": {"code": "GM0001", "naam": "a"}, "geometry": null}]}',
            "geometry",
        ),
    ],
)
def test_readers_name_the_file_when_missing_or_malformed(tmp_path, content, problem):
    if content is not None:
        (tmp_path / "gemeenten_2020.geojson").write_text(content, encoding="utf-8")
    with pytest.raises(geo.GeoFileError, match=problem) as caught:
        geo.municipality_features(2020, geo_dir=tmp_path)
    assert "gemeenten_2020.geojson" in str(caught.value)
    assert caught.value.path == tmp_path / "gemeenten_2020.geojson"


def test_duplicate_codes_are_rejected(tmp_path):
    feature = {
        "type": "Feature",
        "properties": {"code": "PV20", "naam": "a"},
        "geometry": {"type": "Polygon", "coordinates": [[[5, 52], [6, 52], [6, 53], [5, 52]]]},
    }
    (tmp_path / "provincies_2020.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature, feature]}), encoding="utf-8"
    )
    with pytest.raises(geo.GeoFileError, match="duplicate code PV20"):
        geo.province_features(geo_dir=tmp_path)


def test_unknown_year_names_the_missing_file():
    with pytest.raises(geo.GeoFileError, match="gemeenten_1999.geojson"):
        geo.municipality_features(1999)


def test_bounds_of_municipality_and_province():
    min_lon, min_lat, max_lon, max_lat = geo.bounds_of("GM0363")  # Amsterdam
    assert min_lon < 4.893 < max_lon and min_lat < 52.373 < max_lat  # Dam square
    assert max_lon - min_lon < 0.5 and max_lat - min_lat < 0.3
    p_min_lon, p_min_lat, p_max_lon, p_max_lat = geo.bounds_of("PV27")  # Noord-Holland contains it
    assert p_min_lon <= min_lon and p_min_lat <= min_lat and max_lon <= p_max_lon and max_lat <= p_max_lat
    with pytest.raises(ValueError, match="GM9999"):
        geo.bounds_of("GM9999")


def test_feature_bounds_of_a_small_collection():
    features = topojson.topojson_features(SMALL_TOPOLOGY)
    assert geo.feature_bounds({"features": features}) == {
        "GM0001": (6.0, 52.0, 7.0, 53.0),
        "GM0002": (5.0, 52.0, 6.0, 53.0),
    }


def test_centroids_table():
    table = geo.centroids()
    assert list(table.columns) == ["code", "lon", "lat"]
    assert len(table) == 355 and table["code"].is_unique
    boxes = geo.feature_bounds(geo.municipality_features())
    for code, lon, lat in table.itertuples(index=False):
        min_lon, min_lat, max_lon, max_lat = boxes[code]
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    utrecht = table.set_index("code").loc["GM0344"]  # Utrecht city lies around 5.1 E, 52.09 N
    assert Point(utrecht["lon"], utrecht["lat"]).distance(Point(5.1, 52.09)) < 0.05


# --- the browser's map file (static/) -----------------------------------------------------------


def test_web_map_file_is_fresh_and_holds_municipalities_and_provinces():
    from kansrijke.data.paths import STATIC_DIR

    shipped = (STATIC_DIR / geo.WEB_FILE).read_bytes()
    assert shipped == simplify.web_bytes(GEO_DIR), "static map file is stale: python -m kansrijke.data.geo"
    topology = json.loads(shipped)
    codes = {name: [g["properties"] for g in obj["geometries"]] for name, obj in topology["objects"].items()}
    assert [p["code"] for p in codes["gemeenten"]] == sorted(_topojson_codes("gemeente_2020.topojson"))
    assert [p["code"] for p in codes["provincies"]] == [f"PV{n}" for n in range(20, 32)]
    assert all(set(p) == {"code"} for props in codes.values() for p in props)  # names travel with the page
    assert len(shipped) < 0.75 * sum(
        (GEO_DIR / n).stat().st_size for n in ("gemeente_2020.topojson", "provincie_2020.topojson")
    )


def test_web_map_file_keeps_every_shape_close_to_the_unsimplified_one(municipalities, provinces):
    """Read by GDAL (an independent TopoJSON reader): every municipality and province keeps its area within 1%."""
    from kansrijke.data.paths import STATIC_DIR

    path = STATIC_DIR / geo.WEB_FILE
    for layer, collection in (("gemeenten", municipalities), ("provincies", provinces)):
        web = gpd.read_file(path, layer=layer).set_index("code")
        for feature in collection["features"]:
            code = feature["properties"]["code"]
            original = shape(feature["geometry"]).area
            assert abs(web.geometry[code].area / original - 1) < 0.01, code


def test_cli_writes_and_checks_the_web_file_next_to_a_foreign_source(tmp_path, capsys):
    for name in ("gemeente_2020.topojson", "provincie_2020.topojson"):
        shutil.copy(GEO_DIR / name, tmp_path / name)
    assert build.main(["--source", str(tmp_path)]) == 0
    assert (tmp_path / geo.WEB_FILE).is_file()
    assert build.main(["--source", str(tmp_path), "--check"]) == 0
    (tmp_path / geo.WEB_FILE).write_bytes(b"{}")
    assert build.main(["--source", str(tmp_path), "--check"]) == 1
    assert geo.WEB_FILE in capsys.readouterr().out


def test_simplification_never_collapses_an_island_ring():
    island = [(0, 0), (4, 0), (4, 1), (0, 1), (0, 0)]  # a closed arc of its own, thinner than the tolerance
    assert simplify.simplified_arc(island, 5.0) == island
    line = [(0, 0), (1, 0), (2, 0), (10, 0)]
    assert simplify.simplified_arc(line, 0.5) == [(0, 0), (10, 0)]
