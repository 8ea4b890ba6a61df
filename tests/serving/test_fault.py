"""A worker dies while visitors are connected: scripts/serve.sh --workers 2, for real.

Four protocol clients and one browser (Debian's chromium) open the dashboard through HAProxy; the worker that
serves the browser is killed by its process id. Then: the balancer sends new visitors only to the live worker
within seconds; every session ends with a rendered page (the dropped ones reconnect, as a browser does), with no
traceback; the supervisor starts the killed worker again and it becomes healthy.

Slow by nature (two workers warm up on a shared machine): timeouts are generous and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kansrijke.serving.cluster import COOKIE
from kansrijke.serving.protocol import Session, VisitError
from tests.e2e import harness

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("KANSRIJKE_FAULT_PORT", "8780"))  # balancer; workers on the next two ports
START_TIMEOUT_S = 420.0


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_until(condition, timeout: float, what: str, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not Path("/usr/sbin/haproxy").exists():
        if harness.in_ci():
            pytest.fail("haproxy missing: .ci/run installs it")
        pytest.skip("haproxy not installed (apt-get install haproxy)")
    run_dir = tmp_path_factory.mktemp("serve")
    log = open(run_dir / "serve.log", "wb")
    process = subprocess.Popen(
        [
            str(ROOT / "scripts" / "serve.sh"),
            "--workers",
            "2",
            "--port",
            str(PORT),
            "--address",
            "127.0.0.1",
            "--run-dir",
            str(run_dir),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    try:
        for n in (1, 2):
            wait_until(
                lambda n=n: process.poll() is None and healthy(f"http://127.0.0.1:{PORT + n}"),
                START_TIMEOUT_S,
                f"worker {n} healthy",
            )
        wait_until(lambda: healthy(f"http://127.0.0.1:{PORT}"), 60, "the balancer answers")
        time.sleep(5)  # two good HAProxy checks (2 s apart) for each worker
        yield run_dir
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # Whatever the supervisor did not stop itself (its pid files name every worker and the balancer).
        for pid_file in run_dir.glob("*.pid"):
            try:
                os.killpg(int(pid_file.read_text().split()[0]), signal.SIGKILL)
            except (ValueError, ProcessLookupError, PermissionError):
                pass
        if process.returncode not in (0, -signal.SIGTERM):
            print((run_dir / "serve.log").read_text(errors="replace"))


def worker_pid(run_dir: Path, n: int) -> int | None:
    path = run_dir / f"worker-{n}.pid"
    try:
        return int(path.read_text())
    except (FileNotFoundError, ValueError):
        return None


def worker_of(session: Session) -> str | None:
    """The worker HAProxy put this session on: the sticky cookie it set on the websocket handshake's answer (None
    when the request already carried a cookie of a live worker)."""
    for header in session.websocket.response.headers.get_all("Set-Cookie"):
        if header.startswith(f"{COOKIE}="):
            return header.split("=", 1)[1].split(";", 1)[0]
    return None


def sticky(worker: str | None) -> dict[str, str]:
    """The cookie a browser that HAProxy put on `worker` sends along."""
    return {"Cookie": f"{COOKIE}={worker}"} if worker else {}


async def open_session(url: str, worker: str) -> Session:
    session = await Session(url, headers=sticky(worker)).connect(timeout=60)
    await session.open_page("", "", timeout=180)
    return session


async def reconnect_and_render(url: str, deadline_s: float = 120.0, worker: str | None = None) -> str | None:
    """What a browser does when its connection drops: connect again (with pauses, with its sticky cookie) until a
    page renders. Returns the worker the balancer named in a new cookie (None: it kept the old one)."""
    deadline = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < deadline:
        session = Session(url, headers=sticky(worker))
        try:
            await session.connect(timeout=20)
            await session.open_page("", "", timeout=120)
            return worker_of(session)
        except (TimeoutError, VisitError, OSError, Exception) as problem:
            last = problem
            await asyncio.sleep(1)
        finally:
            await session.close()
    raise AssertionError(f"no rendered page after reconnecting for {deadline_s:.0f} s: {last}")


class Loop:
    """An asyncio loop in a thread of its own for the protocol clients (Playwright's sync API owns the main
    thread's loop)."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, make, timeout: float = 600):
        """Run `make()` (a function returning an awaitable, created inside the loop) and return its result."""

        async def inside():
            return await make()

        return asyncio.run_coroutine_threadsafe(inside(), self.loop).result(timeout)

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not harness.chromium_available():
        if harness.in_ci():
            pytest.fail(f"chromium missing at {harness.CHROMIUM}")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_ARGS)
        yield instance
        instance.close()


def test_a_killed_worker_is_left_out_restarted_and_every_session_renders_again(cluster, browser):
    url = f"http://127.0.0.1:{PORT}"
    context = browser.new_context(viewport=harness.VIEWPORT)
    page = context.new_page()
    offsite: list[str] = []
    page.on("request", lambda request: None if harness.is_local(request.url) else offsite.append(request.url))
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(url + "/", timeout=180_000)
    harness.wait_ready(page, timeout=180_000)
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    doomed = cookies[COOKIE]  # kill the browser's own worker: it must reconnect
    survivor = "w2" if doomed == "w1" else "w1"

    loop = Loop()
    try:
        # Two protocol sessions on each worker (sent there by the sticky cookie, as a browser's would be).
        on_doomed = loop.run(lambda: asyncio.gather(*[open_session(url, doomed) for _ in range(2)]))
        on_survivor = loop.run(lambda: asyncio.gather(*[open_session(url, survivor) for _ in range(2)]))
        sessions = on_doomed + on_survivor

        pid = worker_pid(cluster, int(doomed[1:]))
        assert pid is not None
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)

        # The dropped protocol sessions notice at once (their socket closes).
        loop.run(lambda: asyncio.wait_for(asyncio.gather(*[s.wait_closed() for s in on_doomed]), 30))

        # The balancer leaves the dead worker out within seconds: new visitors all land on the survivor.
        async def new_visitors_land_on_survivor():
            return [await reconnect_and_render(url, 60) for _ in range(3)]

        assert loop.run(new_visitors_land_on_survivor) == [survivor] * 3
        left_out_s = time.monotonic() - killed_at
        assert left_out_s < 90, "the balancer took too long to leave the worker out"

        # Every session ends with a rendered page: the dropped ones reconnect (still carrying the dead worker's
        # cookie; the balancer sends them on and names the live worker), the others rerun in place.
        renewed = loop.run(lambda: asyncio.gather(*[reconnect_and_render(url, worker=doomed) for _ in on_doomed]))
        assert set(renewed) == {survivor}
        for session in on_survivor:
            assert session.connected
            loop.run(lambda: session.open_page("", "stand=2020-07-01", timeout=120))
        for session in sessions:
            loop.run(session.close)
        report = {
            "sessions on the killed worker": len(on_doomed),
            "on the survivor": len(on_survivor),
            "kill -> 3 new visitors rendered on the survivor (s)": round(left_out_s, 1),
        }
    finally:
        loop.close()

    # The browser reconnects by itself (a new websocket) and shows the rendered page, without a traceback.
    # (Playwright's sync API delivers events only while it runs, hence wait_for_timeout rather than sleep.)
    wait_until(
        lambda: page.wait_for_timeout(250) or len(sockets) >= 2, 120, "the browser opened a new websocket", step=0
    )
    harness.wait_ready(page, timeout=180_000)
    assert page.locator(harness.EXCEPTION).count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert page.locator("h1").count() >= 1
    assert offsite == []
    context.close()

    # The supervisor started the killed worker again; it warms up and reports healthy.
    new_pid = wait_until(
        lambda: (p := worker_pid(cluster, int(doomed[1:]))) and p != pid and p,
        30,
        "a new process for the killed worker",
    )
    assert new_pid != pid
    wait_until(
        lambda: healthy(f"http://127.0.0.1:{PORT + int(doomed[1:])}"),
        START_TIMEOUT_S,
        "the restarted worker is healthy",
    )
    report["kill -> restarted worker healthy (s)"] = round(time.monotonic() - killed_at, 1)
    print(report)
