"""Warm start: a worker opens every page itself, the way a visitor does, before it reports healthy.

asgi.py serves app.py as an st.App with this module's `lifespan` and `WarmGate` middleware:
- as soon as the server listens, a background task visits the server's own pages over Streamlit's websocket
  protocol (kansrijke/serving/protocol.py): the default page, every page its navigation lists, and the extra
  views below. That loads the imports, validates the tables, reads the geometry, fills the per-process caches
  with the default views, and also takes the first-use cost of the websocket and message path itself;
- until that is done, `WarmGate` answers /_stcore/health with 503 "warming up", so a balancer (HAProxy, a
  Kubernetes readiness probe) sends no visitor to a cold worker. Other requests are served as usual.
The same lifespan puts the store of left sessions in place (kansrijke/serving/sessions.py), which ends a session
once its time for a reconnect has passed, so that its event loop and files are released.
The warm-up never keeps a worker from becoming healthy: a view that fails or takes longer than PAGE_TIMEOUT_S is
logged and skipped. With broken data the pages render the validation report, and that is what gets warmed.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field

from kansrijke.serving import sessions
from kansrijke.serving.protocol import Session, VisitError

LOG = logging.getLogger("kansrijke.serving.warm")
# Default views warmed besides each page in Dutch: (url path, query string).
EXTRA_VIEWS = [("", "lang=en")]
PAGE_TIMEOUT_S = 180.0
CONNECT_TIMEOUT_S = 60.0
HEALTH_PATH = "/_stcore/health"


@dataclass
class WarmState:
    done: bool = False
    seconds: float = 0.0
    views: list[tuple[str, str, float, str]] = field(default_factory=list)  # page, query, seconds, outcome


STATE = WarmState()  # one st.App per process (Streamlit's own rule), so one warm state


class WarmGate:
    """ASGI middleware: /_stcore/health says 503 "warming up" until the warm-up is done."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not STATE.done and scope.get("path", "").endswith(HEALTH_PATH):
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"cache-control", b"no-cache"),
                        (b"retry-after", b"5"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b"warming up"})
            return
        await self.app(scope, receive, send)


def own_address() -> str:
    """Where this server can reach itself: its configured address, loopback when it listens on every interface."""
    import streamlit as st

    address = st.get_option("server.address") or ""
    port = st.get_option("server.port")
    if address in ("", "0.0.0.0", "localhost"):
        address = "127.0.0.1"
    elif address == "::":
        address = "::1"
    if ":" in address:
        address = f"[{address}]"
    return f"http://{address}:{port}"


async def _connect(base: str, deadline: float) -> Session:
    """A session to this server, retrying until the server accepts connections (it starts just after us)."""
    while True:
        session = Session(base)
        try:
            return await session.connect(timeout=10)
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def _view(base: str, page: str, query: str, timeout: float) -> tuple[str, list[str]]:
    session = await _connect(base, time.monotonic() + CONNECT_TIMEOUT_S)
    try:
        run = await session.open_page(page, query, timeout)
        # A browser's first run of a map page may stop after the map and ask for the rest in a second run
        # (kansrijke.ui.deferred): run the page once more in this session, so that the rest is warm too.
        await session.open_page(page, query, timeout)
        return "ok", run.page_names
    except VisitError as problem:
        return f"not rendered: {problem}", []
    finally:
        await session.close()


async def warm_up(base: str, extra_views=EXTRA_VIEWS, timeout: float = PAGE_TIMEOUT_S) -> None:
    """Open the default page, then every other page its navigation lists, then the extra views."""
    started = time.perf_counter()
    try:
        begun = time.perf_counter()
        outcome, pages = await _view(base, "", "", timeout)
        STATE.views.append(("", "", time.perf_counter() - begun, outcome))
        for page, query in [(p, "") for p in pages if p] + list(extra_views):
            begun = time.perf_counter()
            outcome, _ = await _view(base, page, query, timeout)
            STATE.views.append((page, query, time.perf_counter() - begun, outcome))
    except Exception:  # never keep a worker from becoming healthy: it then serves what is not warm yet
        LOG.exception("warm-up failed; reporting healthy without it")
    STATE.seconds = time.perf_counter() - started
    for page, query, seconds, outcome in STATE.views:
        LOG.warning("warm-up /%s%s: %.2f s (%s)", page, f"?{query}" if query else "", seconds, outcome)
    LOG.warning("warm-up done in %.1f s; reporting healthy", STATE.seconds)
    settle_heap()
    STATE.done = True


def settle_heap() -> None:
    """Move what the warm-up made (imports, tables, geometry, cached views) out of the garbage collector's sight.

    Streamlit runs a full collection after every script run (runner.postScriptGC). Those objects live as long as
    the process, yet a full collection walks them all, and that was most of a visit's server time. After
    gc.freeze() a collection walks only what was made since: a visit's own garbage is still collected."""
    gc.collect()
    gc.freeze()
    LOG.warning("heap settled: %d objects frozen (left out of every later garbage collection)", gc.get_freeze_count())


@asynccontextmanager
async def lifespan(app):
    """st.App lifespan: start the warm-up next to the starting server; stop it if the server stops first. Also
    puts the store of left sessions in place that ends them when their time for a reconnect has passed
    (kansrijke/serving/sessions.py), with its sweep."""
    STATE.done = False
    STATE.views.clear()
    tasks = [asyncio.create_task(warm_up(own_address()), name="kansrijke-warm-up")]
    parked = sessions.install()
    if parked is not None:
        tasks.append(asyncio.create_task(sessions.sweep_forever(parked), name="kansrijke-left-sessions"))
    try:
        yield {"warm_up": STATE, "left_sessions": parked}
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError, Exception):
                await task
