"""Crowd benchmark: a conference audience opening the dashboard at once, without browsers.

    .venv/bin/python -m bench.crowd [--rates 60,150,300,600] [--duration 60] [--workers 2] [--parts ...]

Each visitor is a client of Streamlit's own websocket protocol (kansrijke/serving/protocol.py): it connects to
/_stcore/stream, sends `rerun_script` for the page and query string, and waits for `script_finished`; on a map
page, whose first run leaves the rest to a timed fragment, it then runs that fragment when its time comes and
waits for the whole page, as a browser does (so CPU and bytes per visit count both runs; the time to the rendered
page is to the first). Like a browser it sends NO websocket pings (it answers the server's). Visitors arrive
evenly spread over --duration seconds; a visitor who got the page keeps the connection open until the run ends
(people keep looking), one who waits longer than --timeout gives up (counted as an error: "gave up").
Everything on 127.0.0.1, ports from --port-base (default 8740); every run is bounded by count and time, and the
benchmark stops by itself.

Parts (--parts, default all), each printed and written to artifacts/crowd.json:
  floors   the floors of this run: a one-line app (bench/floors/bare.py) and a one-page pydeck map of the same
           355 polygons (bench/floors/pydeck_map.py): visit cost and a crowd at --floor-rate visitors a minute;
  start    the app as served in production (asgi.py, warm start): seconds to healthy, the first visitor after
           a start (mean over --start-runs starts) against later ones;
  cost     visit cost of every page: time to the rendered page of one new visitor on a warm, otherwise idle
           server (median of --cost-runs), and the server CPU seconds per visit, against the one-line app visited
           in the same rounds;
  memory   resident memory of a worker (warm, idle) and per session (20 sessions held open on the home page);
  crowd1   the crowd at every rate against 1 worker (asgi.py);
  crowdN   the same against --workers workers behind HAProxy (scripts/serve.sh).
Errors, median / 95th percentile / max time to the rendered page (a visitor who gave up counts as slower than
any), payload bytes per visit and server CPU per visit. The knee: visitors per second at which the 95th
percentile passes 2 s. Targets are printed as met / NOT MET; the benchmark never fails on time.

The visitors' client runs on the same machine as the servers and takes CPU of its own (parsing every message).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.crowd.results import CrowdResult, fmt_s, knee, knee_rate, sizing
from bench.crowd.servers import Balanced, Single, Target
from bench.crowd.visitors import crowd, memory, paired_visit_cost, single_visit, visit_cost
from bench.figures import verdict
from bench.pages import registered_pages
from bench.server import ROOT, rss_bytes

FLOORS = {"bare": ROOT / "bench" / "floors" / "bare.py", "pydeck_map": ROOT / "bench" / "floors" / "pydeck_map.py"}
ENTRY = ROOT / "asgi.py"
TARGETS = {
    "visit_cost_ratio": 1.5,  # every page's visit cost within 1.5x the one-line app
    "crowd_rate_per_min": 300,  # 300 visitors arriving over 60 s at the home page ...
    "crowd_errors": 0,  # ... all served ...
    "crowd_p95_s": 2.0,  # ... with a 95th percentile under 2 s
    "first_visit_ratio": 1.3,  # the first visitor after a start within 1.3x a later one
}
ALL_PARTS = ["floors", "start", "cost", "memory", "crowd1", "crowdN"]
HEADER = (
    f"  {'server':<24} {'arrivals':>10} {'visits':>5} {'errors':>16} {'median':>8} {'p95':>8} "
    f"{'max':>8} {'KB/visit':>8} {'CPU s/v':>8}"
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.crowd", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="60,150,300,600", help="visitors a minute, comma separated")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds over which visitors arrive")
    parser.add_argument("--workers", type=int, default=2, help="workers behind the balancer for part crowdN")
    parser.add_argument("--floor-rate", type=float, default=300.0, help="visitors a minute for the floors' crowd")
    parser.add_argument("--timeout", type=float, default=60.0, help="a visitor gives up after this many seconds")
    parser.add_argument("--page", default="", help="url path of the crowd's page ('' = home)")
    parser.add_argument("--query", default="", help="query string of the crowd's page (without '?')")
    parser.add_argument(
        "--cost-runs", type=int, default=15, help="rounds of the visit cost (one-line app and page in turn)"
    )
    parser.add_argument("--start-runs", type=int, default=6, help="cold starts for the first-visitor figure")
    parser.add_argument("--parts", default=",".join(ALL_PARTS), help=f"subset of {','.join(ALL_PARTS)}")
    parser.add_argument(
        "--skip-past-knee", action="store_true", help="skip higher rates once half the visitors gave up (a shorter run)"
    )
    parser.add_argument("--port-base", type=int, default=8740)
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "crowd.json")
    args = parser.parse_args(argv)
    args.rates = [float(r) for r in args.rates.split(",") if r.strip()]
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(args.parts) - set(ALL_PARTS)
    if unknown:
        parser.error(f"unknown parts: {sorted(unknown)}")
    if not (1 <= args.duration <= 600 and 1 <= args.timeout <= 600 and all(0 < r <= 3000 for r in args.rates)):
        parser.error("bounded runs only: duration and timeout 1-600 s, rates up to 3000 a minute")
    return args


class Run:
    """One benchmark run: its arguments, the ports it may use, the crowds measured so far and the report."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.ports: Iterator[int] = iter(range(args.port_base, args.port_base + 50))
        self.crowds: list[CrowdResult] = []
        self.report: dict[str, Any] = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_at_start": os.getloadavg()},
            "client": "Streamlit websocket protocol (kansrijke/serving/protocol.py), no websocket pings",
            "duration_s": args.duration,
            "timeout_s": args.timeout,
            "page": args.page,
            "query": args.query,
        }

    def single(self, script: Path, label: str) -> Single:
        return Single(script, next(self.ports), label).start()

    def crowds_at(self, target: Target, rates: list[float]) -> list[CrowdResult]:
        """The crowd at every rate in turn; with --skip-past-knee, no higher rate once half gave up."""
        results = []
        for rate in rates:
            result = crowd(target, rate, self.args.duration, self.args.page, self.args.query, self.args.timeout)
            print("  " + result.row(), flush=True)
            results.append(result)
            if self.args.skip_past_knee and result.gave_up > result.visitors // 2:
                print(f"  (higher rates skipped: half the visitors gave up at {rate:.0f}/min)", flush=True)
                break
            time.sleep(3)
        self.crowds.extend(results)
        return results


def run_floors(run: Run) -> None:
    """The floors of this run: visit cost and a crowd at --floor-rate, per floor app."""
    run.report["floors"] = {}
    for name, script in FLOORS.items():
        target = run.single(script, f"floor: {name}")
        try:
            cost = visit_cost(target, "", "", run.args.cost_runs)
            print(f"floor {name}: visit {cost['median_s']} s, CPU {cost['cpu_s']} s, {cost['kb']} KB", flush=True)
            print(HEADER)
            result = run.crowds_at(target, [run.args.floor_rate])
            run.report["floors"][name] = {"visit_cost": cost, "crowd": [r.as_json() for r in result]}
        finally:
            target.stop()


def first_visits(run: Run, target: Single) -> None:
    """The first visitor after a start against later ones, over --start-runs starts."""
    firsts = [single_visit(target.url).seconds]
    later = [single_visit(target.url) for _ in range(3)]
    for _ in range(run.args.start_runs - 1):  # more cold starts: the first visit is one sample each
        again = run.single(ENTRY, "app, 1 worker (restart)")
        try:
            firsts.append(single_visit(again.url).seconds)
            later += [single_visit(again.url) for _ in range(3)]
        finally:
            again.stop()
    # Means, not medians: a visit on loopback takes either about 45 or about 85 ms (for the one-line
    # app too), and the median of a handful of first visits then flips between the two.
    measured = [f for f in firsts if f is not None]
    first_s = statistics.mean(measured) if measured else math.inf
    later_s = statistics.mean(o.seconds for o in later if o.seconds is not None)
    ratio = first_s / later_s
    run.report["start"].update(
        {
            "first_visit_s": [round(f, 3) for f in measured],
            "later_visit_s": round(later_s, 3),
            "ratio": round(ratio, 2),
        }
    )
    print(
        f"first visitor after a start {first_s:.3f} s (mean of {len(measured)} starts), later visitor (mean) "
        f"{later_s:.3f} s: {ratio:.2f}x (target <= {TARGETS['first_visit_ratio']}x: "
        f"{verdict(ratio <= TARGETS['first_visit_ratio'])})",
        flush=True,
    )


def run_app(run: Run) -> None:
    """The app as served in production (asgi.py), one worker: start, visit cost, memory, crowd1."""
    parts = run.args.parts
    target = run.single(ENTRY, "app, 1 worker")
    try:
        run.report["start"] = {"seconds_to_healthy": round(target.startup_s, 2)}
        print(f"app (asgi.py, warm start): healthy after {target.startup_s:.1f} s", flush=True)
        if "start" in parts:
            first_visits(run, target)
        if "cost" in parts:
            floor = run.single(FLOORS["bare"], "floor: bare (paired)")
            try:
                run.report["visit_cost"] = [
                    paired_visit_cost(target, floor, p.url_path if not p.default else "", "", run.args.cost_runs)
                    for p in registered_pages()
                ]
            finally:
                floor.stop()
        if "memory" in parts:
            run.report["memory"] = memory(target)
            print(
                f"memory: worker {run.report['memory']['worker_mb']} MB, per session "
                f"{run.report['memory']['per_session_mb']} MB",
                flush=True,
            )
        if "crowd1" in parts:
            print(HEADER)
            run.crowds_at(target, run.args.rates)
    finally:
        target.stop()


def run_balanced(run: Run) -> None:
    """The crowds against --workers workers behind HAProxy (scripts/serve.sh)."""
    workers = run.args.workers
    target = Balanced(workers, next(run.ports) + 10).start()
    try:
        rss = [rss_bytes(p) for p in target.worker_pids()]
        run.report["workers"] = {
            "count": workers,
            "seconds_to_healthy": round(target.startup_s, 1),
            "worker_mb": [round(r / 1e6, 1) for r in rss],
        }
        print(
            f"{workers} workers behind HAProxy: all healthy after {target.startup_s:.1f} s, "
            f"{', '.join(f'{r / 1e6:.0f} MB' for r in rss)}",
            flush=True,
        )
        print(HEADER)
        run.crowds_at(target, run.args.rates)
    finally:
        target.stop()


def summarise(run: Run) -> None:
    """The crowd table, the knee per server and, with the memory figures, the replicas an audience needs."""
    crowds, report = run.crowds, run.report
    report["crowds"] = [c.as_json() for c in crowds]
    print("\n== crowd table (preliminary figures: shared machine) ==")
    print(HEADER)
    for result in crowds:
        print("  " + result.row())
    knees = {}
    for label in dict.fromkeys(c.label for c in crowds):
        if not label.startswith("floor"):
            knees[label] = knee([c for c in crowds if c.label == label])
            print(f"knee ({label}): {knees[label]}")
    report["knee"] = knees

    one = [c for c in crowds if c.label == "app, 1 worker"]
    if one and "memory" in report:
        capacity, basis = knee_rate(one), "measured knee of 1 worker"
        if capacity is None:
            busiest = max(one, key=lambda r: r.rate_per_min)
            capacity = 0.6 / max(busiest.cpu_s_per_visit, 1e-3)
            basis = "no measured rate under the knee: 60% of one CPU / server CPU per visit"
        rows = sizing(capacity, report["memory"]["worker_mb"], report["memory"]["per_session_mb"])
        report["sizing"] = {"capacity_per_worker_per_s": round(capacity, 2), "basis": basis, "rows": rows}
        print(f"\n== replicas (one worker each; capacity {capacity:.2f} visitors/s per worker: {basis}) ==")
        for row in rows:
            print(
                f"  {row['audience']:>6} visitors within {row['arrival_window_s']:>3} s "
                f"({row['arrivals_per_s']:>6.1f}/s): {row['replicas']:>4} replicas, "
                f"~{row['memory_per_pod_mb']} MB per pod"
            )


def print_targets(run: Run) -> None:
    """Every figure against its target, as met / NOT MET."""
    report = run.report
    print("\n== targets ==")
    for cost in report.get("visit_cost") or []:
        bare = cost["floor_median_s"]
        if cost["median_s"] is None or not bare:
            print(f"visit cost {cost['page']}: no rendered page ({cost['errors'][:1]})  NOT MET")
            continue
        ratio = cost["median_s"] / bare
        cost["ratio_to_bare"] = round(ratio, 2)
        print(
            f"visit cost {cost['page']:<18} {cost['median_s']:.3f} s = {ratio:.2f}x the one-line app "
            f"({bare:.3f} s, same rounds); CPU {cost['cpu_s']:.3f} s = "
            f"{cost['cpu_s'] / max(cost['floor_cpu_s'], 1e-3):.2f}x ({cost['floor_cpu_s']:.3f} s); "
            f"{cost['kb']:.0f} KB  "
            f"[<= {TARGETS['visit_cost_ratio']}x: {verdict(ratio <= TARGETS['visit_cost_ratio'])}]"
        )
    for result in run.crowds:
        if result.rate_per_min == TARGETS["crowd_rate_per_min"] and not result.label.startswith("floor"):
            ok = result.errors == TARGETS["crowd_errors"] and result.p95_s <= TARGETS["crowd_p95_s"]
            print(
                f"{result.label}: {result.visitors} visitors at {result.rate_per_min:.0f}/min: {result.errors} "
                f"errors, p95 {fmt_s(result.p95_s)}  [0 errors and p95 <= {TARGETS['crowd_p95_s']} s: "
                f"{verdict(ok)}]"
            )
    if "start" in report and "ratio" in report["start"]:
        print(
            f"first visitor {report['start']['ratio']}x a later one  "
            f"[<= {TARGETS['first_visit_ratio']}x: {verdict(report['start']['ratio'] <= TARGETS['first_visit_ratio'])}]"
        )
    if "memory" in report:
        print(
            f"memory per worker {report['memory']['worker_mb']} MB, per session "
            f"{report['memory']['per_session_mb']} MB  [reported]"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = Run(args)
    started = time.monotonic()
    print(
        f"crowd benchmark: parts {args.parts}, rates {args.rates}/min over {args.duration:.0f} s, timeout "
        f"{args.timeout:.0f} s (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
        flush=True,
    )
    if "floors" in args.parts:
        run_floors(run)
    if any(p in ("start", "cost", "memory", "crowd1") for p in args.parts):
        run_app(run)
    if "crowdN" in args.parts:
        run_balanced(run)
    summarise(run)
    print_targets(run)
    report = run.report
    report["targets"] = TARGETS
    report["seconds"] = round(time.monotonic() - started, 1)
    report["load_at_end"] = os.getloadavg()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten to {args.json} ({report['seconds']:.0f} s)")
    return 0
