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

    The buttons hand Streamlit a function that makes the file on a click (a deferred download); this clicks each
    one the way the server does (execute_deferred on the media file manager that registered it) and records what
    lands in the media store (AppTest's in-memory one). A button with the bytes themselves is read from the store
    as well."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored: dict[str, tuple[str, bytes]] = {}
    managers: dict[str, MediaFileManager] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def register(self, *args, **kwargs):
        file_id = original_deferred(self, *args, **kwargs)
        managers[file_id] = self
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", register)

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = (filename, path_or_data)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)

    def offered(app) -> dict[str, bytes]:
        files = {}
        for button in app.get("download_button"):
            url = button.proto.url
            if button.proto.deferred_file_id:
                url = managers[button.proto.deferred_file_id].execute_deferred(button.proto.deferred_file_id)
            name, data = stored[url.rsplit("/", 1)[-1].split(".")[0]]
            files[name] = data
        return files

    return offered
