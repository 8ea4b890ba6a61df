"""Past the knee, a quick answer: scripts/serve.sh in front of one worker, with the busy page's threshold set low.

A burst of new visitors (browsers: they load the page, then open the websocket) arrives faster than the threshold;
visitors already in keep changing their view meanwhile. Then: the first ones get the map; the others get HAProxy's
own busy page (503, Dutch and English, nothing from elsewhere, retrying by itself) within seconds instead of a
queue; once the burst has passed every one of them gets in by retrying as the page does; the visitors already in
saw no error. Loopback only; counts and every wait bounded.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
from pathlib import Path

import pytest

from bench import day
from kansrijke.serving.cluster import BUSY_PAGE
from kansrijke.serving.protocol import load_document
from tests.e2e import harness

THRESHOLD = 3  # new visitors a second the worker is said to take (the deployment's default is higher)
BURST = 40  # new visitors ...
RATE = 20.0  # ... arriving this fast: two seconds, about 7x the threshold


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports (in KANSRIJKE_PORTS when set)."""
    low, _, high = (os.environ.get("KANSRIJKE_PORTS") or "20000-30000").partition("-")
    for first in range(int(low), int(high or low) - count + 2):
        try:
            for port in range(first, first + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free ports")


def test_the_busy_page_is_light_bilingual_self_contained_and_retries_by_itself():
    page = BUSY_PAGE.read_text(encoding="utf-8")
    assert len(page.encode()) < 8_000  # HAProxy keeps it in one buffer
    assert "druk" in page and "busy" in page and 'lang="nl"' in page and 'lang="en"' in page
    assert re.search(r'http-equiv="refresh" content="\d+"', page) and "location.reload()" in page
    assert not re.search(r"(src|href)\s*=|url\(|@import|https?://", page)  # no resource from anywhere


def needs_haproxy() -> None:
    if not Path("/usr/sbin/haproxy").exists():
        if harness.in_ci():
            pytest.fail("haproxy missing: .ci/run installs it")
        pytest.skip("haproxy not installed (apt-get install haproxy)")


@pytest.fixture(scope="module")
def cluster():
    needs_haproxy()
    running = day.Cluster(1, free_ports(2), THRESHOLD).start()
    try:
        yield running
    finally:
        running.stop()


def test_a_burst_gets_the_busy_page_at_once_and_the_map_after_it(cluster):
    run = day.crowd(cluster.url, RATE, BURST / RATE, give_up_s=150.0, residents=3)
    report = "\n".join(run.lines())
    print(report)
    busy = [a for a in run.arrivals if a.busy_s is not None]
    at_once = [a for a in run.arrivals if a.busy_s is None and a.served_s is not None]
    assert len(run.arrivals) == BURST
    assert at_once, report  # the first ones in get the map
    assert len(busy) >= BURST // 2, report  # far more than the threshold lets in
    assert max(a.busy_s or 0 for a in busy) < 10, report  # an answer within seconds, not a queue
    assert all(a.served_s is not None for a in run.arrivals), report  # every one gets in once the burst has passed
    assert run.resident_errors == [] and run.resident_times, report  # those already in kept working

    # The busy page as a browser gets it, and a visitor already in (the sticky cookie) is never stopped.
    async def during_a_burst():
        pages = await asyncio.gather(*[load_document(cluster.url, "/") for _ in range(12)])
        sticky = await load_document(cluster.url, "/", headers={"Cookie": "KSWORKER=w1"})
        return pages, sticky

    pages, sticky = asyncio.run(during_a_burst())
    busy_pages = [p for p in pages if p.status == 503]
    assert busy_pages, [p.status for p in pages]
    headers = {k.lower(): v for k, v in busy_pages[0].headers}
    assert headers["content-type"].startswith("text/html") and headers["retry-after"] == "10"
    assert day.BUSY_MARK in busy_pages[0].body and "KSWORKER" not in str(busy_pages[0].cookies())
    assert sticky.status == 200
