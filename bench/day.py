"""A conference day in miniature, on one worker, against the one-line app measured the same way in the same run.

    .venv/bin/python -m bench.day [--visits 2000] [--rate 8] [--hold 3] [--ttl 10] [--port 8890] [--json PATH]

Visitors (clients of Streamlit's websocket protocol, kansrijke/serving/protocol.py) arrive evenly at RATE a second
and each opens one view of the day's mix, the whole page as a browser does: home; funding; the comparison of one
municipality (?zoek=GMxxxx, one of COMPARED); presenter mode on a slide (?dia=N); and every 20th visitor
takes the factsheet of the compared municipality home (the file is made on click). A visitor keeps the page open
HOLD seconds, then leaves (closes the websocket). The worker is `streamlit run asgi.py` (scripts/start.sh) with
`server.disconnectedSessionTTL` = TTL: Streamlit keeps a left session that long, for a browser that reconnects.

Printed for the app and for the floor (bench/floors/bare.py, the same visits on its one page): resident memory,
open file descriptors (epoll instances and sockets among them) and threads at the start (warm, no visitor), at the
peak (with the most sessions open) and after every visitor has left and TTL plus the sweep has passed. Figures,
never a verdict on time; a leak shows as fds or memory after >> start. `--overload` runs the overload part
instead (bench/day.py's `overload`: scripts/serve.sh in front of workers, a crowd at twice the knee).
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

from kansrijke.serving.protocol import Session, VisitError  # noqa: E402
from kansrijke.serving.usage import Usage, usage  # noqa: E402

APP = ROOT / "asgi.py"
FLOOR = ROOT / "bench" / "floors" / "bare.py"
SAMPLE_S = 0.5
SWEEP_MARGIN_S = 15.0  # after TTL: the sweep that ends left sessions runs every few seconds (serving/sessions.py)


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
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--server.disconnectedSessionTTL",
            str(self.ttl_s),
            *self.extra,
        ]
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
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
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
        ]


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
    return result


def run_day(visits: int, rate: float, hold_s: float, ttl_s: int, port: int) -> list[DayResult]:
    results = []
    for script, label, views in (
        (APP, "app (asgi.py, 1 worker)", day_views(visits)),
        (FLOOR, "floor: one-line app", [View("bare", "")] * visits),
    ):
        worker = Worker(script, port, ttl_s).start()
        try:
            result = day(worker, label, views, rate, hold_s)
        finally:
            worker.stop()
        for line in result.lines():
            print(line, flush=True)
        for problems in (result.errors, result.take_home_errors):
            if problems:
                print("  first problems: " + "; ".join(problems[:3]), flush=True)
        results.append(result)
    return results


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
    parser.add_argument("--rate", type=float, default=8.0, help="new visitors a second (below one worker's knee)")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds a visitor keeps the page open")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL for the run (s)")
    parser.add_argument("--port", type=int, default=8890)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    results = run_day(args.visits, args.rate, args.hold, args.ttl, args.port)
    if args.json:
        args.json.write_text(json.dumps(summary(results), indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
