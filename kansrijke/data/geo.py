"""Boundaries: derive compact GeoJSON from the shipped TopoJSON, and read it back at run time.

Build (developer tool, deterministic; reads only geo/*.topojson inside the repository):

    python -m kansrijke.data.geo            # (re)write geo/gemeenten_2020.geojson, geo/provincies_2020.geojson
                                            # and the browser's map file static/kaart_2020.topojson
    python -m kansrijke.data.geo --check    # exit 1 when the shipped files differ from a fresh build

The browser's map file (`WEB_FILE`) is a simplified TopoJSON with two objects, `gemeenten` and `provincies`
(property `code` only: names and values travel with the page, per language). Streamlit serves it from static/
(server.enableStaticServing) so a page's Vega map refers to it by URL instead of carrying the polygons.

Run time: `municipality_features`, `province_features`, `feature_bounds`, `bounds_of`, `centroids`.
These only read files; the Streamlit caller caches them. Coordinates are WGS84 lon/lat in degrees,
rounded to 0.001 degree (the TopoJSON sources are already quantised to that step).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

import pandas as pd
from shapely.geometry import shape

from kansrijke.data.paths import GEO_DIR, STATIC_DIR

# derived file -> (source TopoJSON, expected code pattern)
DERIVED = {
    "gemeenten_2020.geojson": ("gemeente_2020.topojson", r"GM\d{4}"),
    "provincies_2020.geojson": ("provincie_2020.topojson", r"PV\d{2}"),
}
# The browser's map file: (object name, source TopoJSON, code pattern) per object, in this order.
WEB_FILE = "kaart_2020.topojson"
WEB_OBJECTS = (
    ("gemeenten", "gemeente_2020.topojson", r"GM\d{4}"),
    ("provincies", "provincie_2020.topojson", r"PV\d{2}"),
)
# Douglas-Peucker tolerance for the browser's copy, in thousandths of a degree (0.0015 deg is about 100-170 m:
# below a pixel on a country map 600 px high). Arcs are simplified one by one with their end points kept, so
# neighbours still share every border exactly.
WEB_TOLERANCE = 1.5
MUNICIPALITY_FILE = "gemeenten_{year}.geojson"
PROVINCE_FILE = "provincies_2020.geojson"
_POLYGONAL = ("Polygon", "MultiPolygon")

Point = tuple[int, int]  # lon, lat in thousandths of a degree


class GeoFileError(RuntimeError):
    """A geo file is missing or not what the app expects; the message names the file."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)


# ---------------------------------------------------------------------------------------------
# TopoJSON decoding (pure)


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute positions of every arc, in thousandths of a degree (delta decoding + transform)."""
    transform = topology.get("transform")
    if transform is None:
        raise ValueError("TopoJSON without a transform (not quantised) is not supported")
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        qx = qy = 0
        positions = []
        for dx, dy, *_ in arc:
            qx, qy = qx + dx, qy + dy
            positions.append((round((qx * scale_x + shift_x) * 1000), round((qy * scale_y + shift_y) * 1000)))
        decoded.append(positions)
    return decoded


def _signed_area2(ring: list[Point]) -> int:
    """Twice the signed area (positive = counter-clockwise) of a closed ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def ring_from_arcs(arc_refs: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Stitch a ring from arc references (~i means arc i reversed); repeated points are dropped."""
    ring: list[Point] = []
    for ref in arc_refs:
        positions = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        for point in positions:
            if not ring or ring[-1] != point:
                ring.append(point)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def _polygon(rings_refs: list[list[int]], arcs: list[list[Point]]) -> list[list[Point]] | None:
    """Rings of one polygon, RFC 7946 orientation; None when rounding collapsed the exterior."""
    rings = []
    for index, refs in enumerate(rings_refs):
        ring = ring_from_arcs(refs, arcs)
        area2 = _signed_area2(ring) if len(ring) >= 4 else 0
        if area2 == 0:
            if index == 0:
                return None
            continue
        is_exterior = index == 0
        if (area2 > 0) != is_exterior:  # exterior counter-clockwise, holes clockwise
            ring = ring[::-1]
        rings.append(ring)
    return rings


def _to_degrees(rings: list[list[Point]]) -> list[list[list[float]]]:
    return [[[x / 1000, y / 1000] for x, y in ring] for ring in rings]


def topojson_features(topology: dict, code_pattern: str = r".+") -> list[dict]:
    """GeoJSON features (properties `code`, `naam`) of the single object in a TopoJSON topology, sorted by code."""
    objects = topology.get("objects") or {}
    if len(objects) != 1:
        raise ValueError(f"expected exactly one TopoJSON object, found {sorted(objects)}")
    (collection,) = objects.values()
    arcs = decode_arcs(topology)
    pattern = re.compile(code_pattern)
    features = []
    for geometry in collection["geometries"]:
        props = geometry.get("properties") or {}
        code, name = props.get("statcode"), props.get("statnaam")
        if not isinstance(code, str) or not pattern.fullmatch(code) or not isinstance(name, str):
            raise ValueError(f"feature with unexpected statcode/statnaam: {props!r}")
        if geometry.get("type") == "Polygon":
            polygon_refs = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygon_refs = geometry["arcs"]
        else:
            raise ValueError(f"{code}: geometry type {geometry.get('type')!r} is not polygonal")
        polygons = [p for p in (_polygon(refs, arcs) for refs in polygon_refs) if p]
        if not polygons:
            raise ValueError(f"{code}: no polygon left after decoding")
        if len(polygons) == 1:
            geo = {"type": "Polygon", "coordinates": _to_degrees(polygons[0])}
        else:
            geo = {"type": "MultiPolygon", "coordinates": [_to_degrees(p) for p in polygons]}
        features.append({"type": "Feature", "properties": {"code": code, "naam": name}, "geometry": geo})
    features.sort(key=lambda f: f["properties"]["code"])
    codes = [f["properties"]["code"] for f in features]
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate statcode in TopoJSON")
    return features


def dumps_feature_collection(features: list[dict]) -> bytes:
    """Compact, deterministic UTF-8 JSON for a FeatureCollection (one trailing newline)."""
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Build (developer tool)


def build(source_dir: Path | None = None, out_dir: Path | None = None) -> dict[Path, int]:
    """Write every derived file from the TopoJSON in `source_dir`; returns {path: size in bytes}."""
    source_dir = Path(source_dir or GEO_DIR)
    out_dir = Path(out_dir or source_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for target, payload in build_bytes(source_dir).items():
        path = out_dir / target
        path.write_bytes(payload)
        written[path] = len(payload)
    return written


def build_bytes(source_dir: Path | None = None) -> dict[str, bytes]:
    """The derived files' contents, without writing anything."""
    source_dir = Path(source_dir or GEO_DIR)
    result = {}
    for target, (source, pattern) in DERIVED.items():
        path = source_dir / source
        topology = _read_json(path)
        try:
            result[target] = dumps_feature_collection(topojson_features(topology, pattern))
        except (KeyError, TypeError, ValueError) as error:
            raise GeoFileError(path, f"cannot decode TopoJSON ({error})") from error
    return result


def _simplified_arc(arc: list[Point], tolerance: float) -> list[Point]:
    from shapely.geometry import LineString

    if len(arc) <= 2:
        return list(arc)
    closed = arc[0] == arc[-1]
    line = LineString(arc).simplify(tolerance, preserve_topology=False)
    points = [(int(round(x)), int(round(y))) for x, y in line.coords]
    if closed and len(points) < 4:  # a ring on its own (an island): never collapse it
        return list(arc)
    return points


def _delta(arc: list[Point], origin: Point) -> list[list[int]]:
    encoded, (px, py) = [], origin
    for x, y in arc:
        encoded.append([x - px, y - py])
        px, py = x, y
    return encoded


def web_topology(source_dir: Path | None = None, tolerance: float = WEB_TOLERANCE) -> dict:
    """The browser's map file as a TopoJSON topology: the municipalities and the provinces of 2020 in one file,
    arcs simplified (`tolerance` in thousandths of a degree), quantised to 0.001 degree, property `code` only.
    Raises GeoFileError naming a source that cannot be read or decoded, or a shape the simplification emptied."""
    source_dir = Path(source_dir or GEO_DIR)
    all_arcs: list[list[Point]] = []
    objects = {}
    for name, source, pattern in WEB_OBJECTS:
        path = source_dir / source
        topology = _read_json(path)
        try:
            topojson_features(topology, pattern)  # the same checks as the GeoJSON build
            arcs = [_simplified_arc(arc, tolerance) for arc in decode_arcs(topology)]
            (collection,) = topology["objects"].values()
        except (KeyError, TypeError, ValueError) as error:
            raise GeoFileError(path, f"cannot decode TopoJSON ({error})") from error
        offset = len(all_arcs)
        all_arcs.extend(arcs)

        def shifted(refs):
            return (
                [shifted(r) for r in refs]
                if isinstance(refs, list)
                else (refs + offset if refs >= 0 else refs - offset)
            )

        geometries = []
        for geometry in sorted(collection["geometries"], key=lambda g: g["properties"]["statcode"]):
            code = geometry["properties"]["statcode"]
            rings = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            if not any(_polygon(refs, all_arcs) for refs in shifted(rings)):
                raise GeoFileError(path, f"{code}: no polygon left after simplification")
            geometries.append(
                {"type": geometry["type"], "arcs": shifted(geometry["arcs"]), "properties": {"code": code}}
            )
        objects[name] = {"type": "GeometryCollection", "geometries": geometries}
    min_x = min(x for arc in all_arcs for x, _ in arc)
    min_y = min(y for arc in all_arcs for _, y in arc)
    return {
        "type": "Topology",
        "transform": {"scale": [0.001, 0.001], "translate": [min_x / 1000, min_y / 1000]},
        "objects": objects,
        "arcs": [_delta(arc, (min_x, min_y)) for arc in all_arcs],
    }


def web_bytes(source_dir: Path | None = None) -> bytes:
    """The browser's map file, compact and deterministic (UTF-8, one trailing newline)."""
    return (json.dumps(web_topology(source_dir), separators=(",", ":")) + "\n").encode("utf-8")


def build_web(source_dir: Path | None = None, web_dir: Path | None = None) -> dict[Path, int]:
    """Write the browser's map file; returns {path: size in bytes}."""
    web_dir = Path(web_dir or STATIC_DIR)
    web_dir.mkdir(parents=True, exist_ok=True)
    payload = web_bytes(source_dir)
    path = web_dir / WEB_FILE
    path.write_bytes(payload)
    return {path: len(payload)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kansrijke.data.geo", description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=GEO_DIR, help="folder with the *.topojson (default geo/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: the source folder)")
    parser.add_argument(
        "--web-out",
        type=Path,
        default=None,
        help="folder of the browser's map file (default static/ for the shipped geo/, otherwise the output folder)",
    )
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = parser.parse_args(argv)
    out_dir = args.out or args.source
    web_dir = args.web_out or (STATIC_DIR if Path(args.source).resolve() == GEO_DIR.resolve() else out_dir)
    if args.check:
        expected = {out_dir / name: payload for name, payload in build_bytes(args.source).items()}
        expected[web_dir / WEB_FILE] = web_bytes(args.source)
        stale = [path for path, payload in expected.items() if not path.is_file() or path.read_bytes() != payload]
        for path in stale:
            print(f"out of date: {path} (run python -m kansrijke.data.geo)")
        return 1 if stale else 0
    for path, size in {**build(args.source, out_dir), **build_web(args.source, web_dir)}.items():
        print(f"wrote {path} ({size:,} bytes)")
    return 0


# ---------------------------------------------------------------------------------------------
# Run-time reading (pure apart from reading the file)


def _read_json(path: Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GeoFileError(path, "file is missing (rebuild with `python -m kansrijke.data.geo`)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GeoFileError(path, f"cannot be read ({error})") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise GeoFileError(path, f"is not valid JSON ({error})") from error
    if not isinstance(data, dict):
        raise GeoFileError(path, "top level is not a JSON object")
    return data


def read_feature_collection(path: Path, code_pattern: str) -> dict:
    """Read a derived GeoJSON file and check its shape; any problem raises GeoFileError naming the file."""
    data = _read_json(path)
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise GeoFileError(path, "is not a GeoJSON FeatureCollection")
    pattern = re.compile(code_pattern)
    seen = set()
    for index, feature in enumerate(data["features"]):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        code = props.get("code") if isinstance(props, dict) else None
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


if __name__ == "__main__":
    sys.exit(main())
