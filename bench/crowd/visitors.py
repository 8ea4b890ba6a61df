"""Visitors without a browser: each a client of Streamlit's own websocket protocol (kansrijke/serving/protocol.py),
alone (the cost of one visit) or in a crowd arriving evenly over a number of seconds."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

from bench.crowd.results import CrowdResult
from bench.crowd.servers import Single, Target
from bench.server import cpu_seconds, rss_bytes
from kansrijke.serving.protocol import VisitError, visit


@dataclass
class Outcome:
    seconds: float | None  # None: no rendered page
    bytes: int = 0
    error: str | None = None


async def visitor(url, page, query, timeout, delay, hold=None, settled=None) -> Outcome:
    """One visitor: arrive after `delay`, open the page; with `hold`, keep it open until hold is set. `settled`
    is set once the visitor has its page or has given up."""
    await asyncio.sleep(delay)
    try:
        _, run = await visit(url, page, query, timeout=timeout, hold=hold, rendered=settled)
        return Outcome(run.seconds, run.bytes)
    except VisitError as problem:
        text = str(problem)
        if text.startswith("no rendered page within"):
            text = f"gave up: {text}"
        return Outcome(None, 0, text)
    except Exception as problem:  # a visitor's failure is a result, never a crash of the benchmark
        return Outcome(None, 0, f"{type(problem).__name__}: {problem}")
    finally:
        if settled is not None:
            settled.set()


async def crowd_outcomes(url, visitors, seconds, page, query, timeout) -> list[Outcome]:
    hold = asyncio.Event()
    settled = [asyncio.Event() for _ in range(visitors)]
    spacing = seconds / visitors
    tasks = [
        asyncio.create_task(visitor(url, page, query, timeout, n * spacing, hold, settled[n])) for n in range(visitors)
    ]
    # Everyone keeps the page open until the last visitor has it (or gave up); then all leave.
    try:
        await asyncio.wait_for(asyncio.gather(*[e.wait() for e in settled]), seconds + timeout + 30)
    except TimeoutError:
        pass
    hold.set()
    return await asyncio.gather(*tasks)


def crowd(target: Target, rate_per_min: float, duration: float, page: str, query: str, timeout: float) -> CrowdResult:
    visitors = max(1, round(rate_per_min * duration / 60))
    pids = target.pids()
    cpu_before = sum(cpu_seconds(p) for p in pids)
    started = time.monotonic()
    outcomes = asyncio.run(crowd_outcomes(target.url, visitors, duration, page, query, timeout))
    wall = time.monotonic() - started
    cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
    return CrowdResult.of(target.label, rate_per_min, outcomes, cpu, wall)


def single_visit(url: str, page: str = "", query: str = "", timeout: float = 120.0) -> Outcome:
    return asyncio.run(visitor(url, page, query, timeout, 0.0, None))


def visit_cost(target: Target, page: str, query: str, runs: int) -> dict:
    """One new visit on a warm, otherwise idle server: median time to the rendered page, CPU per visit."""
    single_visit(target.url, page, query)  # the view is warm from here on
    pids = target.pids()
    cpu_before = sum(cpu_seconds(p) for p in pids)
    outcomes = [single_visit(target.url, page, query) for _ in range(runs)]
    cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
    times = [o.seconds for o in outcomes if o.seconds is not None]
    return {
        "page": page or "/",
        "query": query,
        "median_s": round(statistics.median(times), 3) if times else None,
        "cpu_s": round(cpu / runs, 3),
        "kb": round(statistics.mean(o.bytes for o in outcomes) / 1000, 1),
        "errors": [o.error for o in outcomes if o.error],
    }


def paired_visit_cost(target: Target, floor: Single, page: str, query: str, runs: int) -> dict:
    """visit_cost of `page` with the one-line app's visit measured in the same rounds: each round one visit to
    the floor, then one to the page, so that a busy moment of a shared machine falls on both alike. The ratio is
    of the two medians."""
    single_visit(target.url, page, query)
    single_visit(floor.url)
    pids = target.pids()
    floor_times: list[float | None] = []
    outcomes: list[Outcome] = []
    cpu = floor_cpu = 0.0
    for _ in range(runs):
        floor_before = cpu_seconds(floor.server.pid)
        floor_times.append(single_visit(floor.url).seconds)
        floor_cpu += cpu_seconds(floor.server.pid) - floor_before
        cpu_before = sum(cpu_seconds(p) for p in pids)
        outcomes.append(single_visit(target.url, page, query))
        cpu += sum(cpu_seconds(p) for p in pids) - cpu_before
    times = [o.seconds for o in outcomes if o.seconds is not None]
    floor_measured = [f for f in floor_times if f is not None]
    return {
        "page": page or "/",
        "query": query,
        "median_s": round(statistics.median(times), 3) if times else None,
        "floor_median_s": round(statistics.median(floor_measured), 3) if floor_measured else None,
        "cpu_s": round(cpu / runs, 3),
        "floor_cpu_s": round(floor_cpu / runs, 3),
        "kb": round(statistics.mean(o.bytes for o in outcomes) / 1000, 1),
        "errors": [o.error for o in outcomes if o.error],
    }


def memory(target: Target, sessions: int = 20) -> dict:
    async def hold_sessions():
        hold = asyncio.Event()
        settled = [asyncio.Event() for _ in range(sessions)]
        tasks = [asyncio.create_task(visitor(target.url, "", "", 120, 0.0, hold, settled[n])) for n in range(sessions)]
        await asyncio.wait_for(asyncio.gather(*[e.wait() for e in settled]), 180)
        await asyncio.sleep(1)
        held = sum(rss_bytes(p) for p in target.worker_pids())
        hold.set()
        outcomes = await asyncio.gather(*tasks)
        return held, outcomes

    idle = sum(rss_bytes(p) for p in target.worker_pids())
    held, outcomes = asyncio.run(hold_sessions())
    ok = sum(o.error is None for o in outcomes)
    return {
        "worker_mb": round(idle / 1e6 / len(target.worker_pids()), 1),
        "per_session_mb": round((held - idle) / 1e6 / max(1, ok), 2),
        "sessions": ok,
    }
