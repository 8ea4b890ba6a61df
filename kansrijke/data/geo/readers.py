"""Run-time reading of the derived boundary files (pure apart from reading the file; the Streamlit caller caches
them): the municipalities and provinces as GeoJSON, their bounds and centroids, areas, and regions dissolved from
their municipalities. Coordinates are WGS84 lon/lat in degrees, rounded to 0.001 degree (the TopoJSON sources are
already quantised to that step)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
from shapely.geometry import shape

from kansrijke.data.geo.files import MUNICIPALITY_FILE, PROVINCE_FILE, GeoFileError, read_json
from kansrijke.data.paths import GEO_DIR

_POLYGONAL = ("Polygon", "MultiPolygon")


def read_feature_collection(path: Path, code_pattern: str) -> dict:
    """Read a derived GeoJSON file and check its shape; any problem raises GeoFileError naming the file."""
    data = read_json(path)
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise GeoFileError(path, "is not a GeoJSON FeatureCollection")
    pattern = re.compile(code_pattern)
    seen = set()
    for index, feature in enumerate(data["features"]):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = props if isinstance(props, dict) else {}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        code = props.get("code")
        where = f"feature {index}"
        if not isinstance(code, str) or not pattern.fullmatch(code):
            raise GeoFileError(path, f"{where}: property 'code' missing or not matching {code_pattern}")
        if not isinstance(props.get("naam"), str):
            raise GeoFileError(path, f"{where} ({code}): property 'naam' missing")
        if code in seen:
            raise GeoFileError(path, f"{where}: duplicate code {code}")
        seen.add(code)
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") not in _POLYGONAL
            or not isinstance(geometry.get("coordinates"), list)
            or not geometry["coordinates"]
        ):
            raise GeoFileError(path, f"{where} ({code}): geometry is not a non-empty Polygon/MultiPolygon")
    return data


def municipality_features(year: int = 2020, geo_dir: Path | None = None) -> dict:
    """GeoJSON FeatureCollection of the municipalities (properties `code`, `naam`), sorted by code."""
    path = Path(geo_dir or GEO_DIR) / MUNICIPALITY_FILE.format(year=int(year))
    return read_feature_collection(path, r"GM\d{4}")


def province_features(geo_dir: Path | None = None) -> dict:
    """GeoJSON FeatureCollection of the 12 provinces of 2020 (properties `code`, `naam`)."""
    return read_feature_collection(Path(geo_dir or GEO_DIR) / PROVINCE_FILE, r"PV\d{2}")


def _positions(geometry: dict):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def feature_bounds(collection: dict) -> dict[str, tuple[float, float, float, float]]:
    """{code: (min_lon, min_lat, max_lon, max_lat)} for every feature of a FeatureCollection."""
    result = {}
    for feature in collection["features"]:
        lons, lats = zip(*((p[0], p[1]) for p in _positions(feature["geometry"])))
        result[feature["properties"]["code"]] = (min(lons), min(lats), max(lons), max(lats))
    return result


def bounds_of(code: str, year: int = 2020, geo_dir: Path | None = None) -> tuple[float, float, float, float]:
    """Bounding box (min_lon, min_lat, max_lon, max_lat) of a municipality (GM....) or province (PV..)."""
    collection = province_features(geo_dir) if str(code).startswith("PV") else municipality_features(year, geo_dir)
    boxes = feature_bounds(collection)
    if code not in boxes:
        raise ValueError(f"unknown area code {code!r} (boundary year {year})")
    return boxes[code]


def centroids(year: int = 2020, geo_dir: Path | None = None) -> pd.DataFrame:
    """Area centroid per municipality (planar, in lon/lat degrees): columns code, lon, lat; sorted by code."""
    rows = []
    for feature in municipality_features(year, geo_dir)["features"]:
        point = shape(feature["geometry"]).centroid
        rows.append((feature["properties"]["code"], point.x, point.y))
    return pd.DataFrame(rows, columns=["code", "lon", "lat"])


def dissolve(collection: dict, group_of: dict[str, str], decimals: int = 3) -> dict:
    """Merge the features of `collection` into one feature per group: `group_of` maps a feature's code to its
    group (features not in it are left out). Shared borders disappear; coordinates are rounded to `decimals`
    (the source grid). Returns a FeatureCollection sorted by group, each feature with property `code` (the group)
    and `n` (the number of features merged)."""
    from shapely import set_precision
    from shapely.geometry import mapping
    from shapely.ops import unary_union

    members: dict[str, list] = {}
    for feature in collection["features"]:
        group = group_of.get(feature["properties"]["code"])
        if group is not None:
            members.setdefault(group, []).append(shape(feature["geometry"]))
    grid = 10.0**-decimals
    features = []
    for group in sorted(members):
        merged = set_precision(unary_union(members[group]), grid)
        geometry = json.loads(json.dumps(mapping(merged)))  # tuples -> lists
        geometry["coordinates"] = _round_nested(geometry["coordinates"], decimals)
        features.append(
            {"type": "Feature", "properties": {"code": group, "n": len(members[group])}, "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


def _round_nested(value, decimals: int):
    if isinstance(value, (int, float)):
        return round(value, decimals)
    return [_round_nested(v, decimals) for v in value]


def areas_km2(year: int = 2020, geo_dir: Path | None = None) -> pd.DataFrame:
    """Area per municipality in km2: columns code, oppervlakte_km2; sorted by code.

    Geodesic area on the WGS84 ellipsoid (pyproj.Geod, pure computation, no grid files) of the shipped
    boundary: the CBS/PDOK generalised municipality outline, which takes in land and inland water but
    leaves out the North Sea, the Wadden Sea and the IJsselmeer/Markermeer. It is therefore neither CBS's
    "land area" nor its "total area incl. all water" (e.g. Amsterdam about 202 km2 against 165 land and
    219 total), and the generalisation makes it an approximation.
    """
    from pyproj import Geod

    ellipsoid = Geod(ellps="WGS84")
    rows = []
    for feature in municipality_features(year, geo_dir)["features"]:
        area_m2, _perimeter = ellipsoid.geometry_area_perimeter(shape(feature["geometry"]))
        rows.append((feature["properties"]["code"], abs(area_m2) / 1e6))
    return pd.DataFrame(rows, columns=["code", "oppervlakte_km2"])
