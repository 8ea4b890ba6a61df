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
import asyncio
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kansrijke.serving.protocol import VisitError, visit
from tests.e2e import harness

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {"bare": ROOT / "bench" / "floors" / "bare.py", "pydeck_map": ROOT / "bench" / "floors" / "pydeck_map.py"}
ENTRY = ROOT / "asgi.py"
TARGETS = {
    "visit_cost_ratio": 1.5,  # every page's visit cost within 1.5x the one-line app
    "crowd_rate_per_min": 300,  # 300 visitors arriving over 60 s at the home page ...
    "crowd_errors": 0,  # ... all served ...
    "crowd_p95_s": 2.0,  # ... with a 95th percentile under 2 s
    "first_visit_ratio": 1.3,  # the first visitor after a start within 1.3x a later one
}
KNEE_P95_S = 2.0
ALL_PARTS = ["floors", "start", "cost", "memory", "crowd1", "crowdN"]


# --- processes -------------------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


def wait_healthy(url: str, timeout: float, alive=lambda: True) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not alive():
            raise RuntimeError("the server exited")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=3) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} not healthy within {timeout:.0f} s")


class Single:
    """One Streamlit process (`streamlit run SCRIPT`) on 127.0.0.1."""

    def __init__(self, script: Path, port: int, label: str):
        self.label = label
        self.server = harness.Server(script, port=port)
        self.startup_s = 0.0

    @property
    def url(self) -> str:
        return self.server.url

    def start(self, timeout: float = 300.0) -> Single:
        started = time.monotonic()
        self.server.start(timeout)
        self.startup_s = time.monotonic() - started
        return self

    def worker_pids(self) -> list[int]:
        return [self.server.pid]

    def pids(self) -> list[int]:
        return self.worker_pids()

    def stop(self) -> None:
        self.server.stop()


class Balanced:
    """scripts/serve.sh --workers N: N workers behind HAProxy on one port (127.0.0.1)."""

    def __init__(self, workers: int, port: int):
        self.workers = workers
        self.port = port
        self.label = f"app, {workers} workers"
        self.run_dir = Path(tempfile.mkdtemp(prefix="crowd-serve-"))
        self.process: subprocess.Popen | None = None
        self.startup_s = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 400.0) -> Balanced:
        started = time.monotonic()
        log = open(self.run_dir / "serve.log", "wb")
        self.process = subprocess.Popen(
            [
                str(ROOT / "scripts" / "serve.sh"),
                "--workers",
                str(self.workers),
                "--port",
                str(self.port),
                "--address",
                "127.0.0.1",
                "--run-dir",
                str(self.run_dir),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        alive = lambda: self.process.poll() is None  # noqa: E731
        # Healthy through the balancer = at least one worker warm; wait for every worker's own health.
        for n in range(1, self.workers + 1):
            wait_healthy(f"http://127.0.0.1:{self.port + n}", timeout, alive)
        wait_healthy(self.url, timeout, alive)
        time.sleep(4)  # HAProxy needs two good checks (2 s apart) before it sends visitors to a worker
        self.startup_s = time.monotonic() - started
        return self

    def worker_pids(self) -> list[int]:
        pids = []
        for n in range(1, self.workers + 1):
            path = self.run_dir / f"worker-{n}.pid"
            if path.exists():
                pids.append(int(path.read_text()))
        return pids

    def pids(self) -> list[int]:
        path = self.run_dir / "haproxy.pid"
        return self.worker_pids() + ([int(path.read_text())] if path.exists() else [])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- measurements ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    seconds: float | None  # None: no rendered page
    bytes: int = 0
    error: str | None = None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


@dataclass
class CrowdResult:
    label: str
    rate_per_min: float
    visitors: int
    errors: int = 0
    gave_up: int = 0
    median_s: float = math.inf
    p95_s: float = math.inf
    max_s: float = math.inf
    kb_per_visit: float = 0.0
    cpu_s_per_visit: float = 0.0
    wall_s: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, label, rate, outcomes: list[Outcome], cpu: float, wall: float) -> CrowdResult:
        result = cls(label, rate, len(outcomes), wall_s=round(wall, 1))
        times = [o.seconds if o.seconds is not None else math.inf for o in outcomes]
        result.errors = sum(o.error is not None for o in outcomes)
        result.gave_up = sum(o.error is not None and o.error.startswith("gave up") for o in outcomes)
        for o in outcomes:
            if o.error:
                kind = o.error.split(":")[0][:60]
                result.error_kinds[kind] = result.error_kinds.get(kind, 0) + 1
        if times:
            result.median_s, result.p95_s, result.max_s = (
                statistics.median(times),
                percentile(times, 0.95),
                max(times),
            )
        rendered = [o for o in outcomes if o.seconds is not None]
        result.kb_per_visit = round(statistics.mean(o.bytes for o in rendered) / 1000, 1) if rendered else 0.0
        result.cpu_s_per_visit = round(cpu / max(1, len(outcomes)), 3)
        return result

    def row(self) -> str:
        errors = f"{self.errors}" + (f" ({self.gave_up} gave up)" if self.gave_up else "")
        return (
            f"{self.label:<24} {self.rate_per_min:>6.0f}/min {self.visitors:>5} {errors:>16} "
            f"{fmt_s(self.median_s):>8} {fmt_s(self.p95_s):>8} {fmt_s(self.max_s):>8} "
            f"{self.kb_per_visit:>8.0f} {self.cpu_s_per_visit:>8.3f}"
        )

    def as_json(self) -> dict:
        out = dict(self.__dict__)
        for key in ("median_s", "p95_s", "max_s"):
            out[key] = None if math.isinf(out[key]) else round(out[key], 3)
        return out


def fmt_s(value: float) -> str:
    return "gave up" if math.isinf(value) else f"{value:.2f}s"


async def _one(url, page, query, timeout, delay, hold=None, settled=None) -> Outcome:
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


async def _crowd(url, visitors, seconds, page, query, timeout) -> list[Outcome]:
    hold = asyncio.Event()
    settled = [asyncio.Event() for _ in range(visitors)]
    spacing = seconds / visitors
    tasks = [
        asyncio.create_task(_one(url, page, query, timeout, n * spacing, hold, settled[n])) for n in range(visitors)
    ]
    # Everyone keeps the page open until the last visitor has it (or gave up); then all leave.
    try:
        await asyncio.wait_for(asyncio.gather(*[e.wait() for e in settled]), seconds + timeout + 30)
    except TimeoutError:
        pass
    hold.set()
    return await asyncio.gather(*tasks)


def crowd(target, rate_per_min: float, duration: float, page: str, query: str, timeout: float) -> CrowdResult:
    visitors = max(1, round(rate_per_min * duration / 60))
    pids = target.pids()
    cpu_before = sum(cpu_seconds(p) for p in pids)
    started = time.monotonic()
    outcomes = asyncio.run(_crowd(target.url, visitors, duration, page, query, timeout))
    wall = time.monotonic() - started
    cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
    return CrowdResult.of(target.label, rate_per_min, outcomes, cpu, wall)


def single_visit(url: str, page: str = "", query: str = "", timeout: float = 120.0) -> Outcome:
    return asyncio.run(_one(url, page, query, timeout, 0.0, None))


def visit_cost(target, page: str, query: str, runs: int) -> dict:
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


def paired_visit_cost(target, floor, page: str, query: str, runs: int) -> dict:
    """visit_cost of `page` with the one-line app's visit measured in the same rounds: each round one visit to
    the floor, then one to the page, so that a busy moment of a shared machine falls on both alike. The ratio is
    of the two medians."""
    single_visit(target.url, page, query)
    single_visit(floor.url)
    pids = target.pids()
    floor_times, outcomes, cpu, floor_cpu = [], [], 0.0, 0.0
    for _ in range(runs):
        floor_before = cpu_seconds(floor.server.pid)
        floor_times.append(single_visit(floor.url).seconds)
        floor_cpu += cpu_seconds(floor.server.pid) - floor_before
        cpu_before = sum(cpu_seconds(p) for p in pids)
        outcomes.append(single_visit(target.url, page, query))
        cpu += sum(cpu_seconds(p) for p in pids) - cpu_before
    times = [o.seconds for o in outcomes if o.seconds is not None]
    floor_times = [f for f in floor_times if f is not None]
    return {
        "page": page or "/",
        "query": query,
        "median_s": round(statistics.median(times), 3) if times else None,
        "floor_median_s": round(statistics.median(floor_times), 3) if floor_times else None,
        "cpu_s": round(cpu / runs, 3),
        "floor_cpu_s": round(floor_cpu / runs, 3),
        "kb": round(statistics.mean(o.bytes for o in outcomes) / 1000, 1),
        "errors": [o.error for o in outcomes if o.error],
    }


def memory(target, sessions: int = 20) -> dict:
    async def hold_sessions():
        hold = asyncio.Event()
        settled = [asyncio.Event() for _ in range(sessions)]
        tasks = [asyncio.create_task(_one(target.url, "", "", 120, 0.0, hold, settled[n])) for n in range(sessions)]
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


def knee(results: list[CrowdResult]) -> str:
    """Visitors per second where the 95th percentile passes KNEE_P95_S (linear between measured rates)."""
    below = None
    for result in sorted(results, key=lambda r: r.rate_per_min):
        rate = result.rate_per_min / 60
        if result.p95_s > KNEE_P95_S or result.errors:
            if below is None:
                return f"< {rate:.1f} visitors/s"
            (r0, p0) = below
            if math.isinf(result.p95_s) or result.p95_s <= p0:
                return f"between {r0:.1f} and {rate:.1f} visitors/s"
            return f"~{r0 + (KNEE_P95_S - p0) / (result.p95_s - p0) * (rate - r0):.1f} visitors/s"
        below = (rate, result.p95_s)
    return f"> {below[0]:.1f} visitors/s (not reached)" if below else "not measured"


def knee_rate(results: list[CrowdResult]) -> float | None:
    """The knee as a number (visitors/s), conservative: the highest measured rate with p95 <= 2 s and no errors
    when the knee lies between two rates; None when even the lowest rate is past it."""
    ok = [r.rate_per_min / 60 for r in results if r.p95_s <= KNEE_P95_S and not r.errors]
    return max(ok) if ok else None


AUDIENCES = (500, 2_000, 10_000)
ARRIVAL_WINDOWS_S = (60, 300)


def sizing(capacity_per_worker: float, worker_mb: float, session_mb: float) -> list[dict]:
    """Replicas (one worker each) for an audience arriving within a window, from the capacity per worker: enough
    workers for the arrival rate, plus one so that losing a pod during the rush costs no visitor; memory per pod
    for the worker and its share of open sessions."""
    rows = []
    for audience in AUDIENCES:
        for window in ARRIVAL_WINDOWS_S:
            rate = audience / window
            replicas = math.ceil(rate / capacity_per_worker) + 1
            rows.append(
                {
                    "audience": audience,
                    "arrival_window_s": window,
                    "arrivals_per_s": round(rate, 2),
                    "replicas": replicas,
                    "memory_per_pod_mb": round(worker_mb + session_mb * audience / replicas),
                }
            )
    return rows


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


# --- the run --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
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
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(ALL_PARTS)
    if unknown:
        parser.error(f"unknown parts: {sorted(unknown)}")
    if not (1 <= args.duration <= 600 and 1 <= args.timeout <= 600 and all(0 < r <= 3000 for r in rates)):
        parser.error("bounded runs only: duration and timeout 1-600 s, rates up to 3000 a minute")

    report: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_at_start": os.getloadavg()},
        "client": "Streamlit websocket protocol (kansrijke/serving/protocol.py), no websocket pings",
        "duration_s": args.duration,
        "timeout_s": args.timeout,
        "page": args.page,
        "query": args.query,
    }
    crowds: list[CrowdResult] = []
    ports = iter(range(args.port_base, args.port_base + 50))
    started = time.monotonic()
    print(
        f"crowd benchmark: parts {parts}, rates {rates}/min over {args.duration:.0f} s, timeout "
        f"{args.timeout:.0f} s (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
        flush=True,
    )

    def run_crowds(target, label_rates):
        results = []
        for rate in label_rates:
            result = crowd(target, rate, args.duration, args.page, args.query, args.timeout)
            print("  " + result.row(), flush=True)
            results.append(result)
            if args.skip_past_knee and result.gave_up > result.visitors // 2:
                print(f"  (higher rates skipped: half the visitors gave up at {rate:.0f}/min)", flush=True)
                break
            time.sleep(3)
        crowds.extend(results)
        return results

    header = (
        f"  {'server':<24} {'arrivals':>10} {'visits':>5} {'errors':>16} {'median':>8} {'p95':>8} "
        f"{'max':>8} {'KB/visit':>8} {'CPU s/v':>8}"
    )

    if "floors" in parts:
        report["floors"] = {}
        for name, script in FLOORS.items():
            target = Single(script, next(ports), f"floor: {name}").start()
            try:
                cost = visit_cost(target, "", "", args.cost_runs)
                print(f"floor {name}: visit {cost['median_s']} s, CPU {cost['cpu_s']} s, {cost['kb']} KB", flush=True)
                print(header)
                result = run_crowds(target, [args.floor_rate])
                report["floors"][name] = {"visit_cost": cost, "crowd": [r.as_json() for r in result]}
            finally:
                target.stop()

    app_parts = [p for p in parts if p in ("start", "cost", "memory", "crowd1")]
    if app_parts:
        target = Single(ENTRY, next(ports), "app, 1 worker").start()
        try:
            report["start"] = {"seconds_to_healthy": round(target.startup_s, 2)}
            print(f"app (asgi.py, warm start): healthy after {target.startup_s:.1f} s", flush=True)
            if "start" in parts:
                firsts = [single_visit(target.url).seconds]
                later = [single_visit(target.url) for _ in range(3)]
                for _ in range(args.start_runs - 1):  # more cold starts: the first visit is one sample each
                    again = Single(ENTRY, next(ports), "app, 1 worker (restart)").start()
                    try:
                        firsts.append(single_visit(again.url).seconds)
                        later += [single_visit(again.url) for _ in range(3)]
                    finally:
                        again.stop()
                # Means, not medians: a visit on loopback takes either about 45 or about 85 ms (for the one-line
                # app too), and the median of a handful of first visits then flips between the two.
                firsts = [f for f in firsts if f is not None]
                first_s = statistics.mean(firsts) if firsts else math.inf
                later_s = statistics.mean(o.seconds for o in later if o.seconds is not None)
                ratio = first_s / later_s
                report["start"].update(
                    {
                        "first_visit_s": [round(f, 3) for f in firsts],
                        "later_visit_s": round(later_s, 3),
                        "ratio": round(ratio, 2),
                    }
                )
                print(
                    f"first visitor after a start {first_s:.3f} s (mean of {len(firsts)} starts), later visitor (mean) "
                    f"{later_s:.3f} s: {ratio:.2f}x (target <= {TARGETS['first_visit_ratio']}x: "
                    f"{verdict(ratio <= TARGETS['first_visit_ratio'])})",
                    flush=True,
                )
            if "cost" in parts:
                floor = Single(FLOORS["bare"], next(ports), "floor: bare (paired)").start()
                try:
                    report["visit_cost"] = [
                        paired_visit_cost(target, floor, p.url_path if not p.default else "", "", args.cost_runs)
                        for p in harness.registered_pages()
                    ]
                finally:
                    floor.stop()
            if "memory" in parts:
                report["memory"] = memory(target)
                print(
                    f"memory: worker {report['memory']['worker_mb']} MB, per session "
                    f"{report['memory']['per_session_mb']} MB",
                    flush=True,
                )
            if "crowd1" in parts:
                print(header)
                run_crowds(target, rates)
        finally:
            target.stop()

    if "crowdN" in parts:
        target = Balanced(args.workers, next(ports) + 10).start()
        try:
            rss = [rss_bytes(p) for p in target.worker_pids()]
            report["workers"] = {
                "count": args.workers,
                "seconds_to_healthy": round(target.startup_s, 1),
                "worker_mb": [round(r / 1e6, 1) for r in rss],
            }
            print(
                f"{args.workers} workers behind HAProxy: all healthy after {target.startup_s:.1f} s, "
                f"{', '.join(f'{r / 1e6:.0f} MB' for r in rss)}",
                flush=True,
            )
            print(header)
            run_crowds(target, rates)
        finally:
            target.stop()

    # --- summary ---
    report["crowds"] = [c.as_json() for c in crowds]
    print("\n== crowd table (preliminary figures: shared machine) ==")
    print(header)
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

    print("\n== targets ==")
    if report.get("visit_cost"):
        for cost in report["visit_cost"]:
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
    for result in crowds:
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
    report["targets"] = TARGETS
    report["seconds"] = round(time.monotonic() - started, 1)
    report["load_at_end"] = os.getloadavg()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten to {args.json} ({report['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
