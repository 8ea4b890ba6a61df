"""A small client of Streamlit's own websocket protocol: a visitor without a browser.

A browser that opens the dashboard connects to ws://HOST:PORT/_stcore/stream (subprotocol "streamlit"), sends one
BackMsg `rerun_script` carrying the page (url path) and the query string, and draws the ForwardMsgs that come back
until `script_finished`. This client does the same and measures that: the time from opening the connection to the
`script_finished` of the run that rendered the page, the bytes of every message received (protobuf payloads,
after websocket decompression), and what went wrong (a traceback element, page not found, a closed connection).
A map page's first run leaves the rest of the page to a timed fragment (kansrijke.ui.deferred); a visitor, as a
browser, runs that fragment when its time comes and waits for the whole page (`visit(whole=True)`).

Like a browser, it sends NO websocket pings (ping_interval=None): a client that pings may close connections on a
busy server (no pong in time) and count errors a visitor would never see. It does answer the server's pings, as a
browser does. It loads none of Streamlit's static files (index.html, JavaScript): a browser fetches those once
and caches them; the server's work for a visit is the websocket session.

Used by the warm start (a worker visits its own pages before it reports healthy), by bench/crowd.py and by the
serving tests, always on loopback addresses.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any, cast

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from kansrijke.ui.internals import BackMsg, ForwardMsg

FINISHED = ForwardMsg.ScriptFinishedStatus
# A run that ends "early for rerun" (st.rerun, or a widget change) is followed by the run that renders the page.
RENDERED = {FINISHED.FINISHED_SUCCESSFULLY}
FAILED = {FINISHED.FINISHED_WITH_COMPILE_ERROR}
# Elements whose text a run keeps (PageRun.texts), with the field that holds it.
TEXT_ELEMENTS = {
    "heading": "body",
    "markdown": "body",
    "text": "body",
    "alert": "body",
    "code": "code_text",
    "html": "body",
}


class VisitError(Exception):
    """The page did not render: the reason is the message."""


@dataclass
class PageRun:
    """What one page opening returned."""

    seconds: float = 0.0  # from sending rerun_script (or from connecting, for a visit) to script_finished
    bytes: int = 0  # payload bytes of every ForwardMsg received for this run
    messages: int = 0
    elements: int = 0  # delta messages (elements and blocks) of the run that rendered the page
    exceptions: list[str] = field(default_factory=list)  # texts of traceback elements (st.exception)
    texts: list[str] = field(default_factory=list)  # text of headings, markdown, text, alerts and code
    reruns: int = 0  # runs that ended early for a rerun before the rendered one
    page_names: list[str] = field(default_factory=list)  # pages the server announced (navigation message)
    timers: list[tuple[float, str]] = field(default_factory=list)  # timed fragments placed: (seconds, fragment id)
    whole_seconds: float | None = None  # to the whole page, when its first run left the rest to a timed fragment
    page_hash: str = ""  # the page the server ran (a fragment's run names it, as a browser's does)
    downloads: list[tuple[str, str]] = field(default_factory=list)  # download buttons made on click: (label, file id)


class Session:
    """One browser tab's websocket session with a Streamlit server (or a balancer in front of several)."""

    def __init__(
        self,
        base: str,
        *,
        timezone: str = "Europe/Amsterdam",
        locale: str = "nl-NL",
        headers: dict[str, str] | None = None,
    ):
        base = base.rstrip("/")
        if base.startswith("http://"):
            base = "ws://" + base[len("http://") :]
        self.http_base = "http://" + base[len("ws://") :]
        self.url = base + "/_stcore/stream"
        self.timezone = timezone
        self.locale = locale
        self.headers = headers or {}
        self.websocket: Any = None  # a websockets ClientConnection once connected
        self.session_id: str | None = None
        self.bytes = 0
        self._requests = 0

    async def connect(self, timeout: float = 30.0) -> Session:
        # subprotocols: "streamlit", then (like the browser) an XSRF token slot and the previous session id, so a
        # reconnect to the same worker resumes the session; a new worker starts a fresh one.
        protocols = ["streamlit"]
        if self.session_id:
            protocols += ["", self.session_id]
        self.websocket = await connect(
            self.url,
            subprotocols=cast(Any, protocols),
            ping_interval=None,
            max_size=None,
            open_timeout=timeout,
            additional_headers=self.headers,
            close_timeout=2,
        )
        return self

    @property
    def connected(self) -> bool:
        from websockets.protocol import State

        return self.websocket is not None and self.websocket.state is State.OPEN

    def _rerun_message(self, page: str, query: str, fragment_id: str = "", page_hash: str = "") -> bytes:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query
        state.page_name = page
        state.page_script_hash = page_hash
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        state.context_info.timezone = self.timezone
        state.context_info.locale = self.locale
        state.context_info.url = f"{self.http_base}/{page}" + (f"?{query}" if query else "")
        return message.SerializeToString()

    async def _receive(self, run: PageRun, timeout: float, done=RENDERED) -> None:
        try:
            await asyncio.wait_for(self._until_rendered(run, done), timeout)
        except TimeoutError:
            raise VisitError(f"no rendered page within {timeout:.0f} s") from None
        except ConnectionClosed as closed:
            raise VisitError(f"connection closed ({closed.rcvd.code if closed.rcvd else 'no close frame'})") from None
        if run.exceptions:
            raise VisitError("traceback on the page: " + run.exceptions[0][:200])

    async def open_page(
        self, page: str = "", query: str = "", timeout: float = 60.0, *, whole: bool = False
    ) -> PageRun:
        """Ask for `page` (url path; "" = the default page) with `query` (without "?"), wait until it rendered.

        `whole`: as a browser, also run the page's first timed fragment when its time comes (a new visitor's first
        run leaves the rest of a map page to one, kansrijke.ui.deferred) and wait for the run it starts; the run's
        bytes and messages then include it, and `whole_seconds` is the time to the whole page."""
        if self.websocket is None:
            raise VisitError("not connected")
        started = time.perf_counter()
        await self.websocket.send(self._rerun_message(page, query))
        run = PageRun()
        await self._receive(run, timeout)
        run.seconds = time.perf_counter() - started
        if whole and run.timers:
            interval, fragment_id = run.timers[0]
            await asyncio.sleep(interval)
            await self.websocket.send(self._rerun_message(page, query, fragment_id, run.page_hash))
            rest = PageRun()
            await self._receive(
                rest,
                max(0.1, timeout - (time.perf_counter() - started)),
                RENDERED | {FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY},
            )
            run.bytes, run.messages = run.bytes + rest.bytes, run.messages + rest.messages
            run.elements, run.texts = rest.elements, rest.texts  # the page as it now stands
            run.whole_seconds = time.perf_counter() - started
        return run

    async def _until_rendered(self, run: PageRun, done=RENDERED) -> None:
        while True:
            frame = await self.websocket.recv()
            if isinstance(frame, str):
                raise VisitError("a text frame (Streamlit only sends protobuf)")
            self.bytes += len(frame)
            run.bytes += len(frame)
            run.messages += 1
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                run.page_names = [p.url_pathname for p in message.navigation.app_pages]
                run.page_hash = message.navigation.page_script_hash
            elif kind == "delta":
                run.elements += 1
                delta = message.delta
                if delta.WhichOneof("type") == "new_element":
                    element = delta.new_element
                    shown = element.WhichOneof("type")
                    if shown == "exception":
                        run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                    elif shown in TEXT_ELEMENTS:
                        run.texts.append(getattr(getattr(element, shown), TEXT_ELEMENTS[shown]))
                    elif shown == "download_button" and element.download_button.HasField("deferred_file_id"):
                        button = element.download_button
                        run.downloads.append((button.label, button.deferred_file_id))
            elif kind == "auto_rerun":
                run.timers.append((message.auto_rerun.interval, message.auto_rerun.fragment_id))
            elif kind == "page_not_found":
                raise VisitError(f"page not found: {message.page_not_found.page_name!r}")
            elif kind == "script_finished":
                if message.script_finished in done:
                    return
                if message.script_finished in FAILED:
                    raise VisitError("the script did not compile")
                run.reruns += 1
                run.elements = 0
                run.texts.clear()

    async def take_home(self, file_id: str, timeout: float = 60.0) -> bytes:
        """What a browser does when a visitor clicks a download button whose file is made on click: ask the server
        to make it (a backend operation over the websocket), then fetch the file from the address it answers."""
        if self.websocket is None:
            raise VisitError("not connected")
        self._requests += 1
        request_id = f"take-home-{self._requests}"
        message = BackMsg()
        message.backend_operation_request.request_id = request_id
        message.backend_operation_request.session_id = self.session_id or ""
        message.backend_operation_request.deferred_file.file_id = file_id
        await self.websocket.send(message.SerializeToString())

        async def answer() -> str:
            while True:
                frame = await self.websocket.recv()
                if isinstance(frame, str):
                    continue
                self.bytes += len(frame)
                reply = ForwardMsg()
                reply.ParseFromString(frame)
                if reply.WhichOneof("type") != "backend_operation_response":
                    continue
                response = reply.backend_operation_response
                if response.request_id != request_id:
                    continue
                if response.error_msg:
                    raise VisitError(f"take-home file not made: {response.error_msg}")
                return response.deferred_file.url

        try:
            url = await asyncio.wait_for(answer(), timeout)
        except TimeoutError:
            raise VisitError(f"no take-home file within {timeout:.0f} s") from None
        except ConnectionClosed:
            raise VisitError("connection closed while a take-home file was made") from None
        address = url if url.startswith("http") else self.http_base + "/" + url.lstrip("/")
        return await asyncio.to_thread(_fetch, address, timeout, self.headers)

    async def wait_closed(self) -> None:
        """Until the server (or the balancer) closes this connection."""
        try:
            while True:
                await self.websocket.recv()
        except ConnectionClosed:
            return

    async def close(self) -> None:
        if self.websocket is not None:
            await self.websocket.close()


@dataclass
class Document:
    """The answer to a browser's first request, the page itself (index.html, or a balancer's own page)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    seconds: float

    def cookies(self) -> dict[str, str]:
        """name -> value of every cookie the answer sets."""
        found = {}
        for name, value in self.headers:
            if name.lower() == "set-cookie" and "=" in value:
                key, _, rest = value.partition("=")
                found[key.strip()] = rest.split(";", 1)[0]
        return found


async def load_document(base: str, path: str = "/", headers: dict[str, str] | None = None, timeout: float = 30.0):
    """GET the page as a browser does before it opens the websocket (HTTP/1.1, one request per connection)."""
    from urllib.parse import urlsplit

    address = urlsplit(base if "://" in base else f"http://{base}")
    host, port = address.hostname or "127.0.0.1", address.port or 80
    started = time.perf_counter()

    async def exchange() -> bytes:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Accept: text/html", "Connection: close"]
            lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()

    try:
        raw = await asyncio.wait_for(exchange(), timeout)
    except TimeoutError:
        raise VisitError(f"no page within {timeout:.0f} s") from None
    except OSError as problem:
        raise VisitError(f"cannot load the page: {problem}") from None
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise VisitError(f"not an HTTP answer: {status_line[:80]!r}")
    pairs = [(k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in header_lines) if k]
    return Document(int(parts[1]), pairs, body, time.perf_counter() - started)


def _fetch(url: str, timeout: float, headers: dict[str, str]) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
        return response.read()


async def visit(
    base: str,
    page: str = "",
    query: str = "",
    timeout: float = 60.0,
    hold: asyncio.Event | None = None,
    rendered: asyncio.Event | None = None,
    whole: bool = True,
) -> tuple[Session, PageRun]:
    """A new visitor: connect, open the page, time from connecting to the rendered page (`seconds`: its first run;
    `whole_seconds`: the whole page, when the first run left the rest to a timed fragment, which the visitor runs
    as a browser does unless `whole` is False). With `hold`, the connection stays open until that event is set (a
    visitor who keeps looking at the page); `rendered` is set as soon as the whole page has rendered."""
    session = Session(base)
    started = time.perf_counter()
    try:
        await session.connect(timeout)
    except (TimeoutError, OSError, ConnectionClosed, Exception) as problem:
        if isinstance(problem, VisitError):
            raise
        raise VisitError(f"cannot connect: {type(problem).__name__}: {problem}") from None
    try:
        connected = time.perf_counter()
        run = await session.open_page(page, query, max(0.1, timeout - (connected - started)), whole=whole)
        run.seconds += connected - started  # from connecting, as a visitor waits
        if run.whole_seconds is not None:
            run.whole_seconds += connected - started
        if rendered is not None:
            rendered.set()
        if hold is not None:
            await hold.wait()
        return session, run
    finally:
        await session.close()
