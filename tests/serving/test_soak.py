"""A short conference day on one worker (`streamlit run asgi.py`, as scripts/start.sh): no leak per visit.

Two rounds of the same visits over the day's pages (home, funding, comparison with a municipality, presenter mode,
a factsheet taken home now and then; bench/day.py), each visitor holding its page open a moment, with Streamlit's
time for a reconnect (server.disconnectedSessionTTL) set to 5 s. After each round, once every visitor has left and
that time and the sweep have passed: the worker holds no more file descriptors than at the start plus a small
margin (no session is open, so none can explain more; an asyncio event loop is three descriptors, and Streamlit
kept up to 128 of them before kansrijke/serving/sessions.py), and the second round, which repeats the first, adds
no memory beyond a margin (the caches filled in the first). Fails on a leak, never on time: every wait is bounded
and generous.
"""

from __future__ import annotations

from bench import day
from tests.e2e import harness

VISITS = 90
RATE = 3.0  # new visitors a second: below one worker's knee on a shared 2-core machine
HOLD_S = 1.5
TTL_S = 5
FD_MARGIN = 12  # a few descriptors come and go (a log file, a health check's connection)
EPOLL_MARGIN = 2
ROUND_MB = 40.0


def test_a_day_leaves_no_descriptors_loops_or_memory_behind():
    worker = day.Worker(day.APP, harness.free_port(), TTL_S).start()
    try:
        views = day.day_views(VISITS, compared=6)
        first = day.day(worker, "round 1", views, RATE, HOLD_S)
        second = day.day(worker, "round 2", views, RATE, HOLD_S, settle_s=0)
    finally:
        worker.stop()
    report = "\n".join(first.lines() + second.lines())
    print(report)
    for result in (first, second):
        assert result.errors == [], report
        assert result.peak_open > 0, report  # the visitors were there at once: the peak is theirs
        assert result.after.fds <= first.start.fds + FD_MARGIN, report
        assert result.after.epoll <= first.start.epoll + EPOLL_MARGIN, report
    assert sum(len(r.per_view.get("factsheet", [])) for r in (first, second)) > 0, report
    assert second.after.rss_mb - first.after.rss_mb < ROUND_MB, report
