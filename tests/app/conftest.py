import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kansrijke.data.paths import DATA_DIR, DATA_DIR_ENV, ROOT

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


@pytest.fixture
def downloads(monkeypatch):
    """`downloads(app)`: file name -> bytes of every download button on the app's page after its last run.

    Records what each st.download_button hands to the media store (AppTest's in-memory one), so it also sees
    files that were made once and then served from the cache. Buttons whose file is built only when clicked
    (deferred data) are left out here; `downloads.deferred(app)` gives file name -> the function that builds it."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored: dict[str, tuple[str, bytes]] = {}
    builders: dict[str, tuple[str, object]] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = (filename, path_or_data)
        return file_id

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        builders[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)

    def offered(app) -> dict[str, bytes]:
        files = {}
        for button in app.get("download_button"):
            if button.proto.deferred_file_id:
                continue
            name, data = stored[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]
            files[name] = data
        return files

    def deferred(app) -> dict[str, object]:
        return dict(builders[button.proto.deferred_file_id] for button in app.get("download_button")
                    if button.proto.deferred_file_id)

    offered.deferred = deferred
    return offered
