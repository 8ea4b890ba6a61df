"""Decoding TopoJSON (build time, pure): the shipped CBS/PDOK topologies -> GeoJSON features with RFC 7946 ring
orientation, positions in thousandths of a degree while decoding."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

Point = tuple[int, int]  # lon, lat in thousandths of a degree


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


def polygon_rings(rings_refs: list[list[int]], arcs: list[list[Point]]) -> list[list[Point]] | None:
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
    features: list[dict[str, Any]] = []
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
        polygons = [p for p in (polygon_rings(refs, arcs) for refs in polygon_refs) if p]
        if not polygons:
            raise ValueError(f"{code}: no polygon left after decoding")
        geo: dict[str, Any]
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
