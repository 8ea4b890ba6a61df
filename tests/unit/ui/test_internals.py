"""Streamlit's internals are used in one module, kansrijke/ui/internals.py, and each still is what the app relies on.

The first test fails when a Streamlit module other than the public ones is imported anywhere in the app's code
(kansrijke/, pages/, app.py, asgi.py, bench/) outside internals.py, or when app code outside the ui layer's CSS
files aims at Streamlit's `data-testid` attributes. Browser code that reads the page (tests/e2e and the browser
probes of bench/) may use those attributes as selectors: it is test code reading the DOM, and a Streamlit upgrade
that renames one fails there, in a browser. The other tests fail when an upgrade changes an internal: the name,
the signature and the behaviour the app relies on."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from kansrijke.data.paths import ROOT
from kansrijke.ui import internals

# Documented public modules of Streamlit (besides `import streamlit as st`): the test harness.
PUBLIC = {"streamlit", "streamlit.testing.v1"}
INTERNALS = ROOT / "kansrijke" / "ui" / "internals.py"
APP_CODE = [ROOT / "kansrijke", ROOT / "pages", ROOT / "app.py", ROOT / "asgi.py", ROOT / "bench"]
# Where `data-testid` may appear: the ui layer's CSS (each selector marked there), and bench's browser probes.
CSS_DIR = ROOT / "kansrijke" / "ui" / "css"
BROWSER_PROBES = ROOT / "bench"


def python_files() -> list[Path]:
    files = []
    for place in APP_CODE:
        files += [place] if place.is_file() else sorted(place.rglob("*.py"))
    return [f for f in files if f != INTERNALS]


def streamlit_imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "streamlit"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "streamlit":
            if node.module == "streamlit":  # from streamlit import x: x is a module unless it is public API
                found += [(node.lineno, f"streamlit.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def test_streamlit_internals_are_used_in_internals_py_only():
    problems = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in python_files()
        for line, name in streamlit_imports(path)
        if name not in PUBLIC
    ]
    assert problems == [], "use kansrijke.ui.internals (and say why there): " + "; ".join(problems)


def test_no_css_on_data_testid_outside_the_ui_css():
    problems = []
    for path in python_files():
        if BROWSER_PROBES in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "data-testid" in line:
                problems.append(f"{path.relative_to(ROOT)}:{number}")
    assert problems == [], "selectors on data-testid belong in kansrijke/ui/css/: " + ", ".join(problems)
    for name in internals.CSS_FILES:  # and every CSS file that has them says so
        text = (CSS_DIR / name).read_text(encoding="utf-8")
        assert "data-testid" in text and "Streamlit internals (kansrijke/ui/internals.py)" in text


def test_the_check_finds_an_internal_import(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        "import streamlit as st\nfrom streamlit.testing.v1 import AppTest\nfrom streamlit import dataframe_util\n"
        "from streamlit.runtime.pages_manager import PagesManager\n"
    )
    assert [name for _, name in streamlit_imports(sample) if name not in PUBLIC] == [
        "streamlit.dataframe_util",
        "streamlit.runtime.pages_manager",
    ]


def params(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_folder_navigation_flag_is_a_class_attribute_the_app_can_switch_off():
    from streamlit.runtime.pages_manager import PagesManager

    assert "uses_pages_directory" in vars(PagesManager)
    before = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = True
        assert internals.folder_navigation_on()
        internals.folder_navigation_off()
        assert PagesManager.uses_pages_directory is False and not internals.folder_navigation_on()
    finally:
        PagesManager.uses_pages_directory = before


def test_arrow_bytes_are_an_arrow_stream_of_the_frame():
    frame = pd.DataFrame({"code": ["GM0363", "GM0599"], "kleur": [[1, 2, 3, 255], [4, 5, 6, 255]], "n": [1, 2]})
    assert params(internals.dataframe_util.convert_anything_to_arrow_bytes)[0] == "data"
    data = internals.arrow_bytes(frame)
    assert isinstance(data, bytes)
    back = pa.ipc.open_stream(data).read_all().to_pandas()
    assert back["code"].tolist() == ["GM0363", "GM0599"] and back["n"].tolist() == [1, 2]
    assert [list(c) for c in back["kleur"]] == [[1, 2, 3, 255], [4, 5, 6, 255]]
    records = internals.arrow_bytes([{"a": 1}, {"a": 2}])  # a chart's dataset as records
    assert pa.ipc.open_stream(records).read_all().to_pydict() == {"a": [1, 2]}


def test_the_protocol_messages_have_the_fields_the_client_uses():
    back = internals.BackMsg()
    rerun = back.rerun_script
    for name in ("query_string", "page_name", "page_script_hash", "fragment_id", "is_auto_rerun"):
        assert hasattr(rerun, name), name
    for name in ("timezone", "locale", "url"):
        assert hasattr(rerun.context_info, name), name
    fields = internals.ForwardMsg.DESCRIPTOR.fields_by_name
    for name in ("new_session", "navigation", "delta", "auto_rerun", "page_not_found", "script_finished"):
        assert name in fields, name
    status = internals.ForwardMsg.ScriptFinishedStatus
    for name in ("FINISHED_SUCCESSFULLY", "FINISHED_WITH_COMPILE_ERROR", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
        assert hasattr(status, name), name
    message = internals.ForwardMsg()
    message.script_finished = status.FINISHED_SUCCESSFULLY
    parsed = internals.ForwardMsg()
    parsed.ParseFromString(message.SerializeToString())
    assert parsed.WhichOneof("type") == "script_finished"


def test_script_runs_are_timed_and_the_runner_is_restored():
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    original = script_runner.ScriptRunner._run_script
    assert params(original) == ["self", "rerun_data"]
    with internals.timed_script_runs() as clock:
        assert script_runner.ScriptRunner._run_script is not original
        AppTest.from_string("import streamlit as st\nst.write('Kansrijke Start')").run()
    assert script_runner.ScriptRunner._run_script is original
    assert clock.last_ms is not None and clock.last_ms > 0


def test_media_file_classes_have_what_the_download_clicks_use():
    manager, storage = internals.MediaFileManager, internals.MemoryMediaFileStorage
    assert params(manager.add_deferred)[:5] == ["self", "data_callable", "mimetype", "coordinates", "file_name"]
    assert params(manager.execute_deferred) == ["self", "file_id"]
    assert params(storage.load_and_get_id) == ["self", "path_or_data", "mimetype", "kind", "filename"]
    store = storage("media")
    file_id = store.load_and_get_id(b"abc", "text/csv", internals_kind(), "x.csv")
    assert isinstance(file_id, str) and store.get_file(file_id).content == b"abc"


def internals_kind():
    from streamlit.runtime.media_file_storage import MediaFileKind

    return MediaFileKind.DOWNLOADABLE


@pytest.mark.parametrize("name", internals.CSS_FILES)
def test_the_css_files_exist_and_are_local(name):
    text = (CSS_DIR / name).read_text(encoding="utf-8")
    assert "http" not in text and "url(" not in text  # no remote fonts or images


def test_the_session_manager_parks_left_sessions_in_the_store_it_was_given():
    """kansrijke.serving.sessions replaces the running manager's `_session_storage`: the manager must keep the store
    it is given under that name, park a left session there (save) and look a reconnect up there (get)."""
    from unittest import mock

    from streamlit.runtime import Runtime
    from streamlit.runtime.session_manager import SessionStorage
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert params(SessionStorage.save) == ["self", "session_info"]
    storage = mock.MagicMock(spec=SessionStorage)
    manager = WebsocketSessionManager(storage, mock.MagicMock(), mock.MagicMock(), None)
    assert manager._session_storage is storage
    session = mock.MagicMock()
    session.id = "links-achtergelaten"
    session.is_resumable.return_value = True
    manager._active_session_info_by_id[session.id] = internals.SessionInfo(client=None, session=session)  # type: ignore[assignment]
    manager.disconnect_session(session.id)
    assert storage.save.call_count == 1
    assert storage.save.call_args.args[0].session is session
    session.shutdown.assert_not_called()  # parked for a reconnect, not ended: ending it is the store's job
    assert "_session_mgr" in Runtime.__init__.__code__.co_names or hasattr(Runtime, "_session_mgr")
    assert internals.replace_session_storage(lambda previous: previous) is None  # no runtime in a unit test
