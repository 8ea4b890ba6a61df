"""The boundary files the app reads at run time, and the one error every reader raises: a file that is missing or
not what the app expects, named in the message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MUNICIPALITY_FILE = "gemeenten_{year}.geojson"
PROVINCE_FILE = "provincies_2020.geojson"
# The browser's map file: a simplified TopoJSON with two objects, `gemeenten` and `provincies` (property `code`
# only: names and values travel with the page, per language). Streamlit serves it from static/
# (server.enableStaticServing) so a page's Vega map refers to it by URL instead of carrying the polygons.
WEB_FILE = "kaart_2020.topojson"


class GeoFileError(RuntimeError):
    """A geo file is missing or not what the app expects; the message names the file."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in `path`; any problem raises GeoFileError naming the file."""
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
