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
    """`downloads(app)`: file name -> bytes of every table download button on the app's page after its last run.

    Table downloads hand Streamlit a function that makes the file on a click (a deferred download); this clicks
    each one the way the server does (execute_deferred on the media file manager that registered it) and records
    what lands in the media store (AppTest's in-memory one). A button with the bytes themselves is read from the
    store as well. The take-home buttons (keys meenemen_*: pictures, slides, factsheets) are left out here;
    `downloads.deferred(app)` gives their file name -> the function that builds it."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored: dict[str, tuple[str, bytes]] = {}
    managers: dict[str, MediaFileManager] = {}
    builders: dict[str, tuple[str, object]] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def register(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        managers[file_id] = self
        builders[file_id] = (file_name, data_callable)
        return file_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = (filename, path_or_data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", register)
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)

    def take_home(button) -> bool:
        return "meenemen_" in button.proto.id

    def offered(app) -> dict[str, bytes]:
        files = {}
        for button in app.get("download_button"):
            if take_home(button):
                continue
            url = button.proto.url
            if button.proto.deferred_file_id:
                url = managers[button.proto.deferred_file_id].execute_deferred(button.proto.deferred_file_id)
            name, data = stored[url.rsplit("/", 1)[-1].split(".")[0]]
            files[name] = data
        return files

    def deferred(app) -> dict[str, object]:
        return dict(builders[button.proto.deferred_file_id] for button in app.get("download_button")
                    if button.proto.deferred_file_id and take_home(button))

    offered.deferred = deferred
    return offered
