"""Several Streamlit workers behind HAProxy on one machine, kept running: `scripts/serve.sh --workers N`.

    python -m kansrijke.serving.cluster --workers N [--port 8501] [--address 0.0.0.0] [--run-dir DIR]
                                        [--new-per-worker 8]

Starts N workers (`streamlit run asgi.py`, each warm before it reports healthy) on 127.0.0.1:PORT+1 .. PORT+N,
renders deploy/haproxy.cfg.in into RUN_DIR/haproxy.cfg and starts HAProxy on ADDRESS:PORT in front of them
(sticky sessions by cookie, websockets through, health checks on /_stcore/health; above --new-per-worker new
visitors a second per worker in service, new visitors get the busy page deploy/busy.html). A worker (or HAProxy) that
exits is started again, with a growing pause when it keeps dying at start. RUN_DIR holds the rendered config,
one pid file per process (worker-1.pid ..., haproxy.pid) and a log per worker. SIGTERM / SIGINT / Ctrl-C stop
everything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from kansrijke.data.paths import ROOT

TEMPLATE = ROOT / "deploy" / "haproxy.cfg.in"
ENTRY = "asgi.py"
COOKIE = "KSWORKER"
POLL_S = 0.5
QUICK_DEATH_S = 30.0  # a process that dies sooner than this after its start counts as crash-looping
MAX_PAUSE_S = 30.0
# New visitors a second one worker takes before the others get the busy page (docs/deploy.md, "Overload": the knee
# of one worker on the home page measured on 2 cores, with a margin).
NEW_PER_WORKER_S = 8
BUSY_PAGE = ROOT / "deploy" / "busy.html"


def haproxy_config(
    port: int,
    worker_ports: list[int],
    address: str = "0.0.0.0",
    maxconn: int = 4096,
    new_per_worker_s: int = NEW_PER_WORKER_S,
    busy_page: Path = BUSY_PAGE,
) -> str:
    """The HAProxy configuration for workers on 127.0.0.1 at `worker_ports`, served on address:port; above
    `new_per_worker_s` new visitors a second per worker in service, new visitors get `busy_page`."""
    servers = "\n".join(f"    server w{n} 127.0.0.1:{p} check cookie w{n}" for n, p in enumerate(worker_ports, 1))
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        BIND_ADDRESS=address,
        PORT=port,
        SERVERS=servers,
        COOKIE=COOKIE,
        MAXCONN=maxconn,
        NEW_PER_WORKER_S=new_per_worker_s,
        NEW_PER_WORKER_2S=2 * new_per_worker_s,
        BUSY_PAGE=busy_page,
    )


@dataclass
class Child:
    """One supervised process: started again when it exits."""

    name: str
    command: list[str]
    run_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    pause: float = 1.0
    due: float = 0.0  # when a dead child may start again

    @property
    def pid_file(self) -> Path:
        return self.run_dir / f"{self.name}.pid"

    def start(self) -> None:
        log = open(self.run_dir / f"{self.name}.log", "ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.started = time.monotonic()
        self.pid_file.write_text(f"{self.process.pid}\n")
        say(f"{self.name}: started, pid {self.process.pid}")

    def check(self) -> None:
        """Start the process again if it has exited (after a pause that grows while it keeps dying early)."""
        if self.process is None:
            return
        code = self.process.poll()
        if code is None:
            return
        now = time.monotonic()
        if self.due == 0.0:
            lived = now - self.started
            self.pause = min(MAX_PAUSE_S, self.pause * 2) if lived < QUICK_DEATH_S else 1.0
            self.due = now + self.pause
            self.pid_file.unlink(missing_ok=True)
            say(f"{self.name}: exited with {code} after {lived:.0f} s; restarting in {self.pause:.0f} s")
            return
        if now >= self.due:
            self.due = 0.0
            self.restarts += 1
            self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self.pid_file.unlink(missing_ok=True)

    def wait(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()


def say(text: str) -> None:
    print(f"[serve {time.strftime('%H:%M:%S')}] {text}", flush=True)


def worker_command(entry: str, port: int, *options: str) -> list[str]:
    """One worker: `streamlit run ENTRY` on 127.0.0.1:PORT, headless, no source watcher, plus `options`."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        entry,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        *options,
    ]


def workers(count: int, port: int, run_dir: Path, entry: str = ENTRY) -> list[Child]:
    return [
        Child(f"worker-{n}", worker_command(entry, port + n), run_dir, env={"PYTHONUNBUFFERED": "1"})
        for n in range(1, count + 1)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/serve.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="number of Streamlit workers (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the balancer's port; workers use the next N")
    parser.add_argument("--address", default="0.0.0.0", help="the balancer's address (default: every interface)")
    parser.add_argument("--run-dir", type=Path, default=None, help="config, pid files and logs (default: a temp dir)")
    parser.add_argument(
        "--new-per-worker",
        type=int,
        default=NEW_PER_WORKER_S,
        help=f"new visitors a second per worker before others get the busy page (default {NEW_PER_WORKER_S})",
    )
    parser.add_argument("--entry", default=ENTRY, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        parser.error("HAProxy is not installed: `apt-get install haproxy` (Debian package)")

    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="kansrijke-serve-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "haproxy.cfg"
    worker_ports = [args.port + n for n in range(1, args.workers + 1)]
    config.write_text(
        haproxy_config(args.port, worker_ports, args.address, new_per_worker_s=args.new_per_worker), encoding="utf-8"
    )
    check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
    if check.returncode != 0:
        say(f"HAProxy rejects {config}:\n{check.stdout}{check.stderr}")
        return 2

    children = workers(args.workers, args.port, run_dir, args.entry)
    children.append(Child("haproxy", [haproxy, "-db", "-f", str(config)], run_dir))
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    say(
        f"{args.workers} worker(s) on 127.0.0.1:{worker_ports[0]}-{worker_ports[-1]}, balancer on "
        f"{args.address}:{args.port}; run dir {run_dir}"
    )
    for child in children:
        child.start()
    (run_dir / "serve.pid").write_text(f"{os.getpid()}\n")
    try:
        while not stopping:
            for child in children:
                child.check()
            time.sleep(POLL_S)
    finally:
        say("stopping")
        for child in children:
            child.stop()
        for child in children:
            child.wait(15)
        (run_dir / "serve.pid").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
