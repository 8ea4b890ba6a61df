"""Where the project's own files live. Run time never reads outside the repository."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
GEO_DIR = ROOT / "geo"
# Files Streamlit serves as they are at app/static/<name> (server.enableStaticServing): the browser's map file.
STATIC_DIR = ROOT / "static"

# Set to serve another data folder (for example a copy with the programme office's official tables).
DATA_DIR_ENV = "KANSRIJKE_DATA_DIR"


def data_dir() -> Path:
    """The data folder the app serves: $KANSRIJKE_DATA_DIR when set, else the shipped data/."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else DATA_DIR
