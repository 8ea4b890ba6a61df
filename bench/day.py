"""A conference day in miniature, on one worker, against the one-line app measured the same way in the same run.

    .venv/bin/python -m bench.day [--visits 2000] [--rate 2.5] [--hold 3] [--ttl 10] [--port 8890] [--json PATH]
    .venv/bin/python -m bench.day --knee 8,12,20 [--seconds 20]         new visitors straight to one worker
    .venv/bin/python -m bench.day --overload 20 [--new-per-worker 8]    a crowd through HAProxy, busy page or not

Visitors (clients of Streamlit's websocket protocol, kansrijke/serving/protocol.py) arrive evenly at RATE a second
and each opens one view of the day's mix, the whole page as a browser does: home; funding; the comparison of one
municipality (?zoek=GMxxxx, one of COMPARED); presenter mode on a slide (?dia=N); and every 20th visitor
takes the factsheet of the compared municipality home (the file is made on click). A visitor keeps the page open
HOLD seconds, then leaves (closes the websocket). The worker is `streamlit run asgi.py` (scripts/start.sh) with
`server.disconnectedSessionTTL` = TTL: Streamlit keeps a left session that long, for a browser that reconnects.

Printed for the app and for the floor (bench/floors/bare.py, the same visits on its one page, run side by side
with the app on the next port): resident memory,
open file descriptors (epoll instances and sockets among them) and threads at the start (warm, no visitor), at the
peak (with the most sessions open) and after every visitor has left and TTL plus the sweep has passed. Figures,
never a verdict on time; a leak shows as fds or memory after >> start.

`--knee`: new visitors as browsers (the page, then the websocket; each stays 5 s) straight to one worker, at each
rate for SECONDS: where the time to the map takes off. `--overload RATE`: the same crowd through scripts/serve.sh
with one worker, with the busy page above --new-per-worker and, as the floor, without it; five visitors already in
keep changing their view meanwhile. Printed: who got the map at once and their times, who got the busy page and
how fast, when those got in by retrying as the busy page does, and the reruns of the visitors already in.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kansrijke.serving.cluster import worker_command  # noqa: E402
from kansrijke.serving.protocol import Session, VisitError  # noqa: E402
from kansrijke.serving.usage import Usage, usage  # noqa: E402

APP = ROOT / "asgi.py"
FLOOR = ROOT / "bench" / "floors" / "bare.py"
SAMPLE_S = 0.5
SWEEP_MARGIN_S = 15.0
LATER_S = 60.0  # after TTL: the sweep that ends left sessions runs every few seconds (serving/sessions.py)


# --- the day's views ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    name: str
    page: str
    query: str = ""
    take_home: bool = False


def municipality_codes() -> list[str]:
    lines = (ROOT / "data" / "gemeenten_2020.csv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split(",", 1)[0] for line in lines if line.startswith("GM")]


COMPARED = 16  # municipalities a day's audience compares (each first comparison costs a worker about 1 s)


def day_views(count: int, seed: int = 20261201, compared: int = COMPARED) -> list[View]:
    """The views of `count` visits: 40% home, 20% funding, 20% comparison, 15% presenter mode, 5% comparison with
    the factsheet taken home; the municipality (one of `compared`) and the slide vary from visit to visit."""
    rng = random.Random(seed)
    codes = rng.sample(municipality_codes(), compared)
    views = []
    for n in range(count):
        draw = rng.random()
        code = rng.choice(codes)
        if n % 20 == 19:
            views.append(View("factsheet", "vergelijk", f"zoek={code}", take_home=True))
        elif draw < 0.42:
            views.append(View("home", ""))
        elif draw < 0.63:
            views.append(View("financiering", "financiering"))
        elif draw < 0.84:
            views.append(View("vergelijk", "vergelijk", f"zoek={code}"))
        else:
            views.append(View("presentatie", "presentatie", f"dia={rng.randint(1, 10)}"))
    return views


# --- one worker --------------------------------------------------------------------------------------------------


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=3) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def terminate(process: subprocess.Popen | None, wait_s: float) -> None:
    """SIGTERM to a process we started, SIGKILL when it has not ended after wait_s."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Worker:
    """`streamlit run SCRIPT` on 127.0.0.1:PORT from the repository root, as scripts/start.sh runs it."""

    def __init__(self, script: Path, port: int, ttl_s: int, extra: list[str] | None = None):
        self.script, self.port, self.ttl_s = script, port, ttl_s
        self.extra = extra or []
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="day-", suffix=".log")[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 420.0) -> Worker:
        command = worker_command(str(self.script), self.port, "--server.disconnectedSessionTTL", str(self.ttl_s))
        command += self.extra
        with open(self.log, "wb") as log:
            env = {**os.environ, "PYTHONUNBUFFERED": "1"}
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not healthy(self.url):
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.script.name} exited:\n{self.log.read_text(errors='replace')[-3000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.script.name} not healthy within {timeout:.0f} s")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        terminate(self.process, 20)
        self.log.unlink(missing_ok=True)


# --- the day -----------------------------------------------------------------------------------------------------


@dataclass
class DayResult:
    label: str
    visits: int
    rate: float
    hold_s: float
    ttl_s: int
    start: Usage
    peak: Usage
    peak_open: int  # sessions open when the peak was taken
    after: Usage
    after_wait_s: float
    later: Usage | None = None  # a minute later again, when "after" was still above the start
    errors: list[str] = field(default_factory=list)  # visits whose page did not render
    seconds: list[float] = field(default_factory=list)  # to the whole page, per visit that rendered
    per_view: dict[str, list[float]] = field(default_factory=dict)
    take_home: int = 0  # files taken home
    take_home_bytes: int = 0
    take_home_errors: list[str] = field(default_factory=list)  # the page rendered, its file did not come

    def lines(self) -> list[str]:
        ok = sorted(self.seconds)
        p = (lambda q: ok[min(len(ok) - 1, int(q * len(ok)))]) if ok else (lambda q: float("nan"))
        views = ", ".join(f"{name} {statistics.median(times):.2f} s" for name, times in sorted(self.per_view.items()))
        return [
            f"{self.label}: {self.visits} visits at {self.rate:g}/s, each open {self.hold_s:g} s; "
            f"{len(self.errors)} not rendered; median {p(0.5):.2f} s, p95 {p(0.95):.2f} s to the whole page",
            f"  medians per view: {views}",
            f"  {self.take_home} files taken home ({self.take_home_bytes / 1e3:.0f} KB), "
            f"{len(self.take_home_errors)} not delivered",
            f"  start  {self.start.line()}",
            f"  peak   {self.peak.line()}   ({self.peak_open} sessions open)",
            f"  after  {self.after.line()}   ({self.after_wait_s:.0f} s after the last visitor left)",
        ] + ([f"  later  {self.later.line()}   ({self.after_wait_s + LATER_S:.0f} s after)"] if self.later else [])


class Counter:
    def __init__(self):
        self.open = 0


async def _visitor(
    url: str, view: View, delay: float, hold_s: float, timeout: float, counter: Counter, result: DayResult
):
    await asyncio.sleep(delay)
    session = Session(url)
    started = time.perf_counter()
    try:
        await session.connect(timeout)
        counter.open += 1
        try:
            run = await session.open_page(view.page, view.query, timeout, whole=True)
            result.seconds.append(time.perf_counter() - started)
            result.per_view.setdefault(view.name, []).append(time.perf_counter() - started)
            if view.take_home:
                try:
                    if not run.downloads:
                        raise VisitError(f"no take-home button on /{view.page}?{view.query}")
                    data = await session.take_home(run.downloads[0][1], timeout)
                    result.take_home += 1
                    result.take_home_bytes += len(data)
                except (VisitError, OSError, urllib.error.URLError) as problem:
                    result.take_home_errors.append(f"{type(problem).__name__}: {problem}")
            await asyncio.sleep(hold_s)
        finally:
            counter.open -= 1
    except (VisitError, OSError, TimeoutError, urllib.error.URLError) as problem:
        result.errors.append(f"{view.name}: {type(problem).__name__}: {problem}")
    except Exception as problem:  # a websocket refusal and the like: count, never stop the day
        result.errors.append(f"{view.name}: {type(problem).__name__}: {problem}")
    finally:
        await session.close()


async def _day(url: str, views: list[View], rate: float, hold_s: float, pid: int, result: DayResult) -> None:
    counter = Counter()
    peak: tuple[int, Usage] = (-1, result.start)

    async def sample():
        nonlocal peak
        while True:
            now = usage(pid)
            if now.fds > peak[1].fds or (now.fds == peak[1].fds and counter.open > peak[0]):
                peak = (counter.open, now)
            await asyncio.sleep(SAMPLE_S)

    sampler = asyncio.create_task(sample())
    try:
        await asyncio.gather(
            *[_visitor(url, view, n / rate, hold_s, 120.0, counter, result) for n, view in enumerate(views)]
        )
    finally:
        sampler.cancel()
    result.peak_open, result.peak = peak


def day(worker: Worker, label: str, views: list[View], rate: float, hold_s: float, settle_s: float = 3.0) -> DayResult:
    """Run the visits against a started worker and take its usage at start, peak and after (TTL + sweep)."""
    time.sleep(settle_s)
    start = usage(worker.pid)
    result = DayResult(label, len(views), rate, hold_s, worker.ttl_s, start, start, 0, start, 0.0)
    asyncio.run(_day(worker.url, views, rate, hold_s, worker.pid, result))
    left = time.monotonic()
    time.sleep(worker.ttl_s + SWEEP_MARGIN_S)
    result.after = usage(worker.pid)
    result.after_wait_s = time.monotonic() - left
    if result.after.epoll > start.epoll + 2:  # runs abandoned by visitors who gave up may still be queued
        time.sleep(LATER_S)
        result.later = usage(worker.pid)
    return result


def run_day(visits: int, rate: float, hold_s: float, ttl_s: int, port: int) -> list[DayResult]:
    """The app and the floor side by side (ports PORT and PORT+1), the same number of visits at the same rate."""
    from concurrent.futures import ThreadPoolExecutor

    parts = [
        (Worker(APP, port, ttl_s), "app (asgi.py, 1 worker)", day_views(visits)),
        (Worker(FLOOR, port + 1, ttl_s), "floor: one-line app", [View("bare", "")] * visits),
    ]
    try:
        for worker, _, _ in parts:
            worker.start()
        with ThreadPoolExecutor(len(parts)) as pool:
            futures = [pool.submit(day, worker, label, views, rate, hold_s) for worker, label, views in parts]
            results = [future.result() for future in futures]
    finally:
        for worker, _, _ in parts:
            worker.stop()
    for result in results:
        for line in result.lines():
            print(line, flush=True)
        for problems in (result.errors, result.take_home_errors):
            if problems:
                print("  first problems: " + "; ".join(problems[:3]), flush=True)
    return results


# --- past the knee ------------------------------------------------------------------------------------------------

BUSY_MARK = b'name="kansrijke-busy"'  # in deploy/busy.html
RETRY_S = (8.0, 14.0)  # as the busy page's own script


@dataclass
class Arrival:
    """One new visitor of a crowd, as a browser: load the page, then open the websocket (or get the busy page,
    wait as the busy page does and load again)."""

    tries: int = 0
    busy_s: float | None = None  # to the first busy page
    served_s: float | None = None  # from arriving to the rendered page (busy waits included)
    error: str = ""


async def _arrive(base: str, page: str, delay: float, give_up_s: float, hold_s: float, rng: random.Random):
    from kansrijke.serving.cluster import COOKIE
    from kansrijke.serving.protocol import load_document

    await asyncio.sleep(delay)
    arrival = Arrival()
    started = time.perf_counter()
    while (left := give_up_s - (time.perf_counter() - started)) > 0:
        arrival.tries += 1
        try:
            document = await load_document(base, "/" + page, timeout=left)
        except VisitError as problem:
            arrival.error = str(problem)
            return arrival
        if document.status == 503 and BUSY_MARK in document.body:
            if arrival.busy_s is None:
                arrival.busy_s = time.perf_counter() - started
            await asyncio.sleep(rng.uniform(*RETRY_S))
            continue
        if document.status != 200:
            arrival.error = f"HTTP {document.status}"
            return arrival
        worker = document.cookies().get(COOKIE)
        session = Session(base, headers={"Cookie": f"{COOKIE}={worker}"} if worker else {})
        try:
            await session.connect(max(0.1, left))
            await session.open_page(page, "", max(0.1, give_up_s - (time.perf_counter() - started)), whole=True)
            arrival.served_s = time.perf_counter() - started
            await asyncio.sleep(hold_s)  # the page stays open a while, as a visitor looks at it
        except (VisitError, OSError, TimeoutError) as problem:
            arrival.error = f"{type(problem).__name__}: {problem}"
        except Exception as problem:  # a refused websocket and the like
            arrival.error = f"{type(problem).__name__}: {problem}"
        finally:
            await session.close()
        return arrival
    arrival.error = f"not in within {give_up_s:.0f} s"
    return arrival


async def _resident(base: str, stop: asyncio.Event, times: list[float], errors: list[str]) -> None:
    """A visitor already in before the crowd: keeps changing the view (a rerun every 2 s) while it lasts."""
    session = Session(base)
    try:
        await session.connect(60)
        await session.open_page("", "", 120)
        n = 0
        while not stop.is_set():
            n += 1
            begun = time.perf_counter()
            await session.open_page("", f"stand={2019 + n % 4}-07-01", 120)
            times.append(time.perf_counter() - begun)
            await asyncio.sleep(2)
    except Exception as problem:
        errors.append(f"{type(problem).__name__}: {problem}")
    finally:
        await session.close()


@dataclass
class CrowdRun:
    label: str
    rate: float
    seconds: float
    arrivals: list[Arrival]
    resident_times: list[float]
    resident_errors: list[str]

    def lines(self) -> list[str]:
        def stats(values: list[float]) -> str:
            if not values:
                return "-"
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            return f"median {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, max {ordered[-1]:.2f} s"

        first = [a for a in self.arrivals if a.served_s is not None and a.busy_s is None]
        later = [a for a in self.arrivals if a.served_s is not None and a.busy_s is not None]
        busy = [a for a in self.arrivals if a.busy_s is not None]
        failed = [a for a in self.arrivals if a.served_s is None]
        n = len(self.arrivals)
        return [
            f"{self.label}: {n} new visitors at {self.rate:g}/s for {self.seconds:g} s",
            f"  map at once  {len(first):5d} ({len(first) / n:.0%}): {stats([a.served_s or 0 for a in first])}",
            f"  busy page    {len(busy):5d} ({len(busy) / n:.0%}): {stats([a.busy_s or 0 for a in busy])}",
            f"  in later     {len(later):5d} of those: {stats([a.served_s or 0 for a in later])} from arriving",
            f"  never in     {len(failed):5d}: " + "; ".join(sorted({a.error for a in failed})[:3]),
            f"  visitors already in: {len(self.resident_times)} reruns, {stats(self.resident_times)}; "
            f"{len(self.resident_errors)} errors",
        ]


async def _crowd(
    base: str, page: str, rate: float, seconds: float, give_up_s: float, residents: int, hold_s: float
) -> CrowdRun:
    rng = random.Random(7)
    stop = asyncio.Event()
    times: list[float] = []
    errors: list[str] = []
    staying = [asyncio.create_task(_resident(base, stop, times, errors)) for _ in range(residents)]
    await asyncio.sleep(3)
    count = int(rate * seconds)
    arrivals = await asyncio.gather(*[_arrive(base, page, n / rate, give_up_s, hold_s, rng) for n in range(count)])
    stop.set()
    await asyncio.gather(*staying)
    return CrowdRun("", rate, seconds, list(arrivals), times, errors)


def crowd(
    base: str,
    rate: float,
    seconds: float,
    give_up_s: float = 120.0,
    residents: int = 0,
    page: str = "",
    hold_s: float = 5.0,
) -> CrowdRun:
    """New visitors at `rate` a second for `seconds`, each keeping the page open `hold_s` once in (a browser's
    open websocket); `residents` visitors in before the crowd keep changing their view while it lasts."""
    return asyncio.run(_crowd(base, page, rate, seconds, give_up_s, residents, hold_s))


class Cluster:
    """scripts/serve.sh --workers N on 127.0.0.1:PORT (workers on the next N ports), stopped by its own pids."""

    def __init__(self, workers: int, port: int, new_per_worker: int, data_dir: Path | None = None):
        self.workers, self.port, self.new_per_worker = workers, port, new_per_worker
        self.run_dir = Path(tempfile.mkdtemp(prefix="day-serve-"))
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 420.0) -> Cluster:
        env = dict(os.environ)
        if self.data_dir is not None:
            env["KANSRIJKE_DATA_DIR"] = str(self.data_dir)
        with open(self.run_dir / "serve.log", "wb") as log:
            self.process = subprocess.Popen(
                [
                    str(ROOT / "scripts" / "serve.sh"),
                    f"--workers={self.workers}",
                    f"--port={self.port}",
                    "--address=127.0.0.1",
                    f"--run-dir={self.run_dir}",
                    f"--new-per-worker={self.new_per_worker}",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        for url in [f"http://127.0.0.1:{self.port + n}" for n in range(1, self.workers + 1)] + [self.url]:
            while not healthy(url):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"cluster not up: {(self.run_dir / 'serve.log').read_text(errors='replace')}")
                time.sleep(0.3)
        time.sleep(5)  # two good HAProxy checks, 2 s apart, for every worker
        return self

    def pid(self, name: str) -> int | None:
        try:
            return int((self.run_dir / f"{name}.pid").read_text())
        except (FileNotFoundError, ValueError):
            return None

    def stop(self) -> None:
        terminate(self.process, 40)
        for pid_file in self.run_dir.glob("*.pid"):  # whatever the supervisor did not stop itself
            try:
                os.killpg(int(pid_file.read_text().split()[0]), signal.SIGKILL)
            except (ValueError, ProcessLookupError, PermissionError):
                pass


def run_knee(rates: list[float], seconds: float, port: int) -> list[CrowdRun]:
    """New visitors at each rate straight to one worker (no balancer): where its time to the map takes off."""
    runs = []
    worker = Worker(APP, port, 120).start()
    try:
        for rate in rates:
            run = crowd(worker.url, rate, seconds, give_up_s=120.0)
            run.label = f"one worker, no balancer, {rate:g}/s"
            print("\n".join(run.lines()), flush=True)
            runs.append(run)
            time.sleep(10)
    finally:
        worker.stop()
    return runs


def run_overload(rate: float, seconds: float, port: int, new_per_worker: int, residents: int = 5) -> list[CrowdRun]:
    """The same crowd through HAProxy in front of one worker, with the busy page and (the floor of this part)
    without it (a threshold no crowd reaches), in that order, each on a fresh cluster."""
    runs = []
    for threshold, label in (
        (new_per_worker, f"HAProxy + 1 worker, busy page above {new_per_worker}/s"),
        (100_000, "HAProxy + 1 worker, no busy page"),
    ):
        cluster = Cluster(1, port, threshold).start()
        try:
            run = crowd(cluster.url, rate, seconds, give_up_s=180.0, residents=residents)
            run.label = label
            print("\n".join(run.lines()), flush=True)
            runs.append(run)
        finally:
            cluster.stop()
    return runs


def summary(results: list[DayResult]) -> dict:
    out = []
    for r in results:
        row = asdict(r)
        row["seconds"] = {
            "median": statistics.median(r.seconds) if r.seconds else None,
            "p95": sorted(r.seconds)[int(0.95 * (len(r.seconds) - 1))] if r.seconds else None,
        }
        row["errors"] = len(r.errors)
        row["take_home_errors"] = len(r.take_home_errors)
        row["per_view"] = {name: statistics.median(times) for name, times in r.per_view.items()}
        out.append(row)
    return {"machine": f"{platform.node()} {os.cpu_count()} cores", "load": os.getloadavg(), "days": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.day", description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=2.5, help="new visitors a second (below one worker's knee)")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds a visitor keeps the page open")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL for the run (s)")
    parser.add_argument("--port", type=int, default=8890)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--knee", default="", help="instead: rates (comma separated) of new visitors on one worker")
    parser.add_argument("--overload", type=float, default=0.0, help="instead: this rate through HAProxy + 1 worker")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of a crowd (--knee, --overload)")
    parser.add_argument("--new-per-worker", type=int, default=8, help="the busy page's threshold (--overload)")
    args = parser.parse_args(argv)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    if args.knee:
        run_knee([float(r) for r in args.knee.split(",")], args.seconds, args.port)
        return 0
    if args.overload:
        run_overload(args.overload, args.seconds, args.port, args.new_per_worker)
        return 0
    results = run_day(args.visits, args.rate, args.hold, args.ttl, args.port)
    if args.json:
        args.json.write_text(json.dumps(summary(results), indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
