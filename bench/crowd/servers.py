"""The servers a crowd visits: one Streamlit process (`streamlit run SCRIPT`), or scripts/serve.sh's N workers
behind HAProxy, all on 127.0.0.1, with the process ids whose CPU and memory count."""

from __future__ import annotations

import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Protocol

from bench.server import ROOT, Server, wait_healthy


class Target(Protocol):
    label: str
    startup_s: float

    @property
    def url(self) -> str: ...

    def worker_pids(self) -> list[int]: ...

    def pids(self) -> list[int]: ...

    def stop(self) -> None: ...


class Single:
    """One Streamlit process (`streamlit run SCRIPT`) on 127.0.0.1."""

    def __init__(self, script: Path, port: int, label: str):
        self.label = label
        self.server = Server(script, port=port)
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
