"""Boundaries, build time: derive compact GeoJSON and the browser's map file from the shipped TopoJSON.

Build (developer tool, deterministic; reads only geo/*.topojson inside the repository):

    python -m kansrijke.data.geo            # (re)write geo/gemeenten_2020.geojson, geo/provincies_2020.geojson
                                            # and the browser's map file static/kaart_2020.topojson
    python -m kansrijke.data.geo --check    # exit 1 when the shipped files differ from a fresh build

The parts: topojson.py (decoding), simplify.py (the browser's map file, files.WEB_FILE); the run-time readers are
in readers.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kansrijke.data.geo.files import WEB_FILE, GeoFileError, read_json
from kansrijke.data.geo.simplify import web_bytes
from kansrijke.data.geo.topojson import dumps_feature_collection, topojson_features
from kansrijke.data.paths import GEO_DIR, STATIC_DIR

# derived file -> (source TopoJSON, expected code pattern)
DERIVED = {
    "gemeenten_2020.geojson": ("gemeente_2020.topojson", r"GM\d{4}"),
    "provincies_2020.geojson": ("provincie_2020.topojson", r"PV\d{2}"),
}


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
        topology = read_json(path)
        try:
            result[target] = dumps_feature_collection(topojson_features(topology, pattern))
        except (KeyError, TypeError, ValueError) as error:
            raise GeoFileError(path, f"cannot decode TopoJSON ({error})") from error
    return result


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
