"""Every use of Streamlit's internals, in one module: what it is, why the project needs it, and the public way where
there is one. Nothing else in kansrijke/, pages/, app.py, asgi.py or bench/ imports a `streamlit.` module other than
the documented public ones (tests/unit/ui/test_internals.py fails when one does), and tests/unit/ui/test_internals.py
checks that each internal below still has the name, signature and behaviour relied on, so an upgrade that changes
one fails there first, not in front of a visitor.

Upgrading Streamlit (checked 2026-12-01 with `pip index versions streamlit`): 1.67.0, the version in the lock
(requirements.txt), is the newest release the package index offers, so there is nothing to move to yet. For the
next one: lock it in a scratch environment (scripts/lock.sh), run tests/unit/ui/test_internals.py (each internal
below: name, signature, behaviour), then tests/app and the browser tests (the CSS on `data-testid` in
kansrijke/ui/css/ is only checked in a browser); what fails there is the whole list of what the upgrade takes.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from streamlit import dataframe_util
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.session_manager import SessionInfo

__all__ = [
    "BackMsg",
    "ForwardMsg",
    "MediaFileManager",
    "MemoryMediaFileStorage",
    "SessionInfo",
    "arrow_bytes",
    "folder_navigation_off",
    "folder_navigation_on",
    "replace_session_storage",
    "timed_script_runs",
]

# --- Folder-based navigation ---------------------------------------------------------------------------------
# The pages live in `pages/` (the client's layout names the folder), which makes Streamlit start every server in
# its older folder-based navigation until app.py's st.navigation runs once: a server's first request would run a
# page file on its own (no sidebar, file names as titles, "page not found" for /nu-niet-zwanger). The flag below
# is how st.navigation switches that off; kansrijke.ui.state.through_app switches it off on that first request.
# Public alternative: none while the folder is called pages/ (renaming it is the public way, and is ruled out).


def folder_navigation_on() -> bool:
    """Whether Streamlit still routes by the files in pages/ (only before app.py's st.navigation has run)."""
    return bool(PagesManager.uses_pages_directory)


def folder_navigation_off() -> None:
    """Switch the folder-based navigation off for the rest of the process (what st.navigation does)."""
    PagesManager.uses_pages_directory = False


# --- Arrow bytes ------------------------------------------------------------------------------------------------
# A map's datasets and a chart's data are sent as Arrow bytes, made once per view and shared (kansrijke.ui.cache):
# a rerun then sends the bytes as they are instead of converting a frame again. Streamlit's own conversion is
# used so the bytes are exactly what st.vega_lite_chart would make of the frame (it also turns column types Arrow
# cannot hold into text). Public alternative: pyarrow's IPC stream writer, which is what it does for plain frames.


def arrow_bytes(data: Any) -> bytes:
    """`data` (a frame, or a list of records) as the Arrow IPC stream Streamlit sends to the browser."""
    return dataframe_util.convert_anything_to_arrow_bytes(data)


# --- The websocket protocol -------------------------------------------------------------------------------------
# kansrijke.serving.protocol is a visitor without a browser (the warm start, the crowd benchmark): it speaks
# Streamlit's websocket protocol, whose messages are the protobuf classes BackMsg (what a client sends) and
# ForwardMsg (what the server sends back), imported above. Public alternative: none (the browser client is the
# only other client of the protocol).


# --- Timing a script run (bench) --------------------------------------------------------------------------------
# The rerun benchmark times Streamlit's own run of app.py and the page (every element it sends), without
# AppTest's work of waiting for and parsing the result, by wrapping ScriptRunner._run_script. Public
# alternative: none (AppTest's run time includes its own waiting; st.context has no timings).


class ScriptClock:
    """`last_ms`: the duration of the last script run that ended while the clock was on (see timed_script_runs)."""

    last_ms: float | None = None


@contextlib.contextmanager
def timed_script_runs() -> Iterator[ScriptClock]:
    """While inside: every Streamlit script run in this process is timed into the clock it yields."""
    runner = script_runner.ScriptRunner
    original = runner._run_script
    clock = ScriptClock()

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            clock.last_ms = (time.perf_counter() - started) * 1000

    runner._run_script = timed  # type: ignore[method-assign]
    try:
        yield clock
    finally:
        runner._run_script = original  # type: ignore[method-assign]


# --- The store of sessions a visitor has left (kansrijke/serving/sessions.py) ----------------------------------
# Streamlit parks a left session (with its event loop: three file descriptors) for a reconnect in a store that
# keeps up to 128 and never ends the ones it forgets. The worker puts a store of its own in place, which ends
# every session it lets go: the running Runtime's session manager and its `_session_storage` attribute, and the
# SessionInfo records it holds (imported above). Public alternative: none (server.disconnectedSessionTTL sets the
# time, not what happens to a session after it).


def replace_session_storage(make: Callable[[Any], Any]) -> Any | None:
    """Put `make(previous_store)` in place of the session store of this process's running Streamlit runtime and
    return it; the previous store is returned as it is when `make` gives it back. None: no runtime is running."""
    if not Runtime.exists():
        return None
    manager: Any = Runtime.instance()._session_mgr
    previous = getattr(manager, "_session_storage", None)
    store = make(previous)
    manager._session_storage = store
    return store


# --- Download files in tests ------------------------------------------------------------------------------------
# The app tests click every download button the way the server does and read the file (tests/app/conftest.py):
# a deferred download is run by the media file manager that registered it, a stored file is read from the
# in-memory store: MediaFileManager (add_deferred, execute_deferred) and MemoryMediaFileStorage
# (load_and_get_id), imported above. Public alternative: none (AppTest's download button carries a URL only).


# --- CSS on Streamlit's elements --------------------------------------------------------------------------------
# The map-first layout and the presenter mode restyle Streamlit's own page (padding, title size, the sidebar and
# toolbar hidden on slides, the map's frame at the screen's height): only Streamlit's `data-testid` attributes
# name those elements. Every such selector is in the CSS files of kansrijke/ui/css/ (marked there), nowhere else.
# Public alternative: `st-key-<key>` classes for containers the app makes itself (used wherever possible), the
# theme options in .streamlit/config.toml for colours and fonts; none for Streamlit's own page elements.
CSS_FILES = ("map_first.css", "presenter.css")
