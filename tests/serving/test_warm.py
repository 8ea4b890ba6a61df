"""Warm start (asgi.py + kansrijke/serving/warm.py) on a real server: /_stcore/health says 503 "warming up" until
the worker has opened every page of app.py itself, then 200; the first visitor gets a rendered page. With broken
data the server still starts, warms up, reports healthy and shows the validation report (no traceback)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from kansrijke.serving.protocol import visit
from tests.e2e import harness

START_TIMEOUT_S = 300.0


def health(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def start_warm(data_dir) -> tuple[harness.Server, list[tuple[int, str]]]:
    """`streamlit run asgi.py` on a free port; every health answer until the first 200."""
    server = harness.Server(harness.ROOT / "asgi.py", data_dir=data_dir)
    env = {**os.environ, "KANSRIJKE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    handle, name = tempfile.mkstemp(prefix="streamlit-warm-", suffix=".log")
    server.log_path = Path(name)
    server.process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "asgi.py",
            "--server.port",
            str(server.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=harness.ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    os.close(handle)
    answers = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log()
        status, body = health(server.url)
        if status:
            answers.append((status, body))
        if status == 200:
            return server, answers
        time.sleep(0.2)
    server.stop()
    raise AssertionError(f"not healthy within {START_TIMEOUT_S:.0f} s:\n{server.log()}")


def test_healthy_only_once_every_page_is_warm(tmp_path):
    server, answers = start_warm(harness.copy_data(tmp_path / "data"))
    try:
        assert (503, "warming up") in answers, answers[:5]
        assert answers[-1][0] == 200
        log = server.log()
        for page in harness.registered_pages():
            assert f"warm-up /{'' if page.default else page.url_path}: " in log, log
        assert "(not rendered" not in log and "warm-up failed" not in log, log
        assert "warm-up done" in log
        frozen = re.search(r"heap settled: (\d+) objects frozen", log)
        assert frozen and int(frozen.group(1)) > 100_000, log  # imports, tables, geometry, cached views
        _, first = asyncio.run(visit(server.url, "", "", timeout=120))
        assert first.exceptions == [] and first.elements > 10
    finally:
        server.stop()


def test_broken_data_still_warms_up_and_shows_the_validation_report(tmp_path):
    data = harness.copy_data(tmp_path / "data")
    path = data / "coalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "XX" + lines[1][2:]  # the first data row's code is no CBS code any more
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    server, answers = start_warm(data)
    try:
        assert answers[-1][0] == 200
        _, page = asyncio.run(visit(server.url, "", "", timeout=120))
        assert page.exceptions == []
        report = "\n".join(page.texts)
        assert "coalities.csv" in report and "XX" in report
        assert "Traceback" not in report
    finally:
        server.stop()


def test_a_page_is_warmed_with_both_runs_a_browser_makes(monkeypatch):
    """A browser's first run of a map page may stop after the map (kansrijke.ui.deferred); its second run draws
    the rest. The warm-up runs every page twice in one session, so that the rest is warm as well."""
    from kansrijke.serving import warm
    from kansrijke.serving.protocol import PageRun

    opened = []

    class Recording:
        def __init__(self, base):
            self.base = base

        async def connect(self, timeout):
            return self

        async def open_page(self, page, query, timeout):
            opened.append((self, page, query))
            return PageRun(page_names=["", "financiering"])

        async def close(self):
            pass

    monkeypatch.setattr(warm, "Session", Recording)
    outcome, pages = asyncio.run(warm._view("http://127.0.0.1:1", "financiering", "lang=en", 10))
    assert (outcome, pages) == ("ok", ["", "financiering"])
    assert [(page, query) for _, page, query in opened] == [("financiering", "lang=en")] * 2
    assert opened[0][0] is opened[1][0], "the second run in the same session, as the browser's timer asks it"
