import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kansrijke.paths import DATA_DIR, DATA_DIR_ENV, ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def app(monkeypatch, tmp_path):
    """A fresh AppTest of the whole app, on a private copy of the shipped data."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.data_folder = folder          # for tests that break a file
    return at


def deck_spec(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def layer(spec: dict, layer_id: str) -> dict | None:
    return next((l for l in spec["layers"] if l.get("id") == layer_id), None)
