"""The browser's map file (build time): the municipalities and provinces of 2020 as one TopoJSON, arcs simplified
one by one with their end points kept (so neighbours still share every border exactly), quantised to 0.001 degree,
property `code` only."""

from __future__ import annotations

import json
from pathlib import Path

from kansrijke.data.geo.files import GeoFileError, read_json
from kansrijke.data.geo.topojson import Point, decode_arcs, polygon_rings, topojson_features
from kansrijke.data.paths import GEO_DIR

# The browser's map file: (object name, source TopoJSON, code pattern) per object, in this order.
WEB_OBJECTS = (
    ("gemeenten", "gemeente_2020.topojson", r"GM\d{4}"),
    ("provincies", "provincie_2020.topojson", r"PV\d{2}"),
)
# Douglas-Peucker tolerance for the browser's copy, in thousandths of a degree (0.0015 deg is about 100-170 m:
# below a pixel on a country map 600 px high).
WEB_TOLERANCE = 1.5


def simplified_arc(arc: list[Point], tolerance: float) -> list[Point]:
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
        topology = read_json(path)
        try:
            topojson_features(topology, pattern)  # the same checks as the GeoJSON build
            arcs = [simplified_arc(arc, tolerance) for arc in decode_arcs(topology)]
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
            if not any(polygon_rings(refs, all_arcs) for refs in shifted(rings)):
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
