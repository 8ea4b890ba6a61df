"""Sessions a visitor has left: kept for a reconnect for a while, then ended, so that what they hold is released.

When a websocket closes, Streamlit parks its session (widget values, download files, and the asyncio event loop
every session owns for its script thread: an epoll instance and a socket pair, three file descriptors) in a store
for a browser that reconnects within `server.disconnectedSessionTTL` seconds. Streamlit's own store keeps up to
128 sessions and forgets one only when a new one is parked past that bound or past its time, and it never ends
them: a forgotten session's loop stays open until the garbage collector finds it, and while a worker is idle the
last 128 stay parked for good (measured: 31 -> ~394 open file descriptors within 200 visits, held while idle).

`ParkedSessions` keeps the same promise to a reconnecting browser (a session comes back within the TTL) and
ends every session it lets go: the oldest when more than MAX_PARKED are parked, and each expired one at the
next sweep, which the worker's lifespan runs every SWEEP_S seconds. Ending is Streamlit's own
`AppSession.shutdown()`, as for a session closed on purpose: its files are released and its event loop closed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import streamlit as st

from kansrijke.ui.internals import SessionInfo, replace_session_storage

LOG = logging.getLogger("kansrijke.serving.sessions")
MAX_PARKED = 128  # as Streamlit's own store: the bound on sessions kept for a reconnect
SWEEP_S = 5.0


class ParkedSessions:
    """A SessionStorage (streamlit.runtime.session_manager) that ends the sessions it lets go."""

    def __init__(self, ttl_s: float, max_parked: int = MAX_PARKED, clock: Callable[[], float] = time.monotonic):
        self.ttl_s = ttl_s
        self.max_parked = max_parked
        self._clock = clock
        self._lock = threading.Lock()
        self._parked: OrderedDict[str, tuple[float, SessionInfo]] = OrderedDict()  # oldest first
        self.ended = 0

    def get(self, session_id: str) -> SessionInfo | None:
        with self._lock:
            entry = self._parked.get(session_id)
        if entry is None or entry[0] <= self._clock():
            return None
        return entry[1]

    def save(self, session_info: SessionInfo) -> None:
        with self._lock:
            self._parked[session_info.session.id] = (self._clock() + self.ttl_s, session_info)
            self._parked.move_to_end(session_info.session.id)
            overflow = []
            while len(self._parked) > self.max_parked:
                overflow.append(self._parked.popitem(last=False)[1][1])
        for info in overflow:
            self._end(info)

    def delete(self, session_id: str) -> None:
        """Taken out by Streamlit: to resume it (a reconnect) or to end it itself (close_session)."""
        with self._lock:
            self._parked.pop(session_id, None)

    def list(self) -> list[SessionInfo]:
        now = self._clock()
        with self._lock:
            return [info for expires, info in self._parked.values() if expires > now]

    def __len__(self) -> int:
        with self._lock:
            return len(self._parked)

    def sweep(self) -> int:
        """End every session whose time for a reconnect has passed; how many."""
        now = self._clock()
        with self._lock:
            expired = [sid for sid, (expires, _) in self._parked.items() if expires <= now]
            infos = [self._parked.pop(sid)[1] for sid in expired]
        for info in infos:
            self._end(info)
        return len(infos)

    def _end(self, info: SessionInfo) -> None:
        try:
            info.session.shutdown()
            self.ended += 1
        except Exception:  # one session that fails to end must not keep the others
            LOG.exception("could not end a left session")


def install(ttl_s: float | None = None) -> ParkedSessions | None:
    """Put a ParkedSessions in place of Streamlit's store in this process's running runtime (None: no runtime).
    Sessions already parked move over."""
    ttl = float(st.get_option("server.disconnectedSessionTTL")) if ttl_s is None else ttl_s

    def take_over(previous: Any) -> ParkedSessions:
        if isinstance(previous, ParkedSessions):
            return previous
        store = ParkedSessions(ttl)
        for info in previous.list() if previous is not None else []:
            store.save(info)
        return store

    return replace_session_storage(take_over)


async def sweep_forever(store: ParkedSessions, every_s: float = SWEEP_S) -> None:
    """The lifespan's task: end expired sessions every `every_s` seconds, idle or busy."""
    while True:
        await asyncio.sleep(every_s)
        try:
            store.sweep()
        except Exception:
            LOG.exception("sweep of left sessions failed")
