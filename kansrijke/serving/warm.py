"""Warm start: before a worker answers its first request (health checks included), it runs every page once in a
session of its own, so imports, validated tables, geometry and the default views sit in the process caches and the
first visitor waits no longer than a later one.

Used as the `lifespan` of the st.App in asgi.py. uvicorn runs the lifespan's start before it serves any request,
so /_stcore/health answers only once the worker is warm. The warm-up never stops the server: a page that fails
or takes too long is logged and skipped; with broken data the pages render the validation report, and that is
what gets warmed.
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.session_manager import SessionClient

LOG = logging.getLogger("kansrijke.serving.warm")
# Default views warmed beyond each page in Dutch: (url path, query string).
EXTRA_VIEWS = [("", "lang=en")]
PAGE_TIMEOUT_S = 180.0


class _WarmClient(SessionClient):
    """A session client that keeps no messages: it only notes when a run has rendered the page."""

    def __init__(self) -> None:
        self.finished = asyncio.Event()
        self.status: int | None = None
        self.pages: list[str] = []
        self.exceptions = 0

    def write_forward_msg(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            self.pages = [page.url_pathname for page in msg.navigation.app_pages]
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            self.exceptions += 1
        elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.status = msg.script_finished
            self.finished.set()

    @property
    def client_context(self):
        return None


@dataclass
class WarmReport:
    seconds: float = 0.0
    views: list[tuple[str, str, float, str]] = field(default_factory=list)   # page, query, seconds, outcome


async def _render(runtime, page: str, query: str, timeout: float) -> tuple[str, list[str]]:
    client = _WarmClient()
    session_id = runtime.connect_session(client=client, user_info={})
    try:
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        runtime.handle_backmsg(session_id, message)
        try:
            await asyncio.wait_for(client.finished.wait(), timeout)
        except asyncio.TimeoutError:
            return "timeout", client.pages
        if client.status != ForwardMsg.FINISHED_SUCCESSFULLY:
            return f"status {client.status}", client.pages
        return ("exception" if client.exceptions else "ok"), client.pages
    finally:
        runtime.close_session(session_id)


async def warm_up(runtime, extra_views=EXTRA_VIEWS, timeout: float = PAGE_TIMEOUT_S) -> WarmReport:
    """Run the default page, then every other page the navigation lists, then the extra views."""
    report = WarmReport()
    started = time.perf_counter()
    first = time.perf_counter()
    outcome, pages = await _render(runtime, "", "", timeout)
    report.views.append(("", "", time.perf_counter() - first, outcome))
    for page, query in [(p, "") for p in pages if p] + list(extra_views):
        begun = time.perf_counter()
        outcome, _ = await _render(runtime, page, query, timeout)
        report.views.append((page, query, time.perf_counter() - begun, outcome))
    report.seconds = time.perf_counter() - started
    return report


@asynccontextmanager
async def lifespan(app):
    """st.App lifespan: warm the worker, then serve."""
    report = WarmReport()
    try:
        report = await warm_up(app._runtime)
    except Exception:   # never keep a worker from starting: it then serves cold
        LOG.exception("warm-up failed; serving without it")
    for page, query, seconds, outcome in report.views:
        LOG.warning("warm-up /%s%s: %.2f s (%s)", page, f"?{query}" if query else "", seconds, outcome)
    LOG.warning("warm-up done in %.1f s; serving", report.seconds)
    yield {"warm_up": report}
