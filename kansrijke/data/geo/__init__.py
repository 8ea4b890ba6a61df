"""Boundaries: compact GeoJSON and the browser's map file derived from the shipped TopoJSON at build time, and
read back at run time.

    build.py      `python -m kansrijke.data.geo [--check]`: (re)write geo/gemeenten_2020.geojson,
                  geo/provincies_2020.geojson and static/kaart_2020.topojson (developer tool, deterministic)
    topojson.py   decoding TopoJSON into GeoJSON features (build time)
    simplify.py   the browser's simplified, quantised TopoJSON (build time)
    files.py      the file names the app reads and GeoFileError
    readers.py    run time: features, bounds, centroids, areas, dissolved regions

The run-time names are importable from here (`from kansrijke.data import geo; geo.municipality_features()`);
the build's come from their own modules, so a page run never loads the build tooling.
"""

from __future__ import annotations

from kansrijke.data.geo.files import MUNICIPALITY_FILE, PROVINCE_FILE, WEB_FILE, GeoFileError
from kansrijke.data.geo.readers import (
    areas_km2,
    bounds_of,
    centroids,
    dissolve,
    feature_bounds,
    municipality_features,
    province_features,
    read_feature_collection,
)

__all__ = [
    "MUNICIPALITY_FILE",
    "PROVINCE_FILE",
    "WEB_FILE",
    "GeoFileError",
    "areas_km2",
    "bounds_of",
    "centroids",
    "dissolve",
    "feature_bounds",
    "municipality_features",
    "province_features",
    "read_feature_collection",
]
