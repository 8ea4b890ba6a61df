"""A real Streamlit server for the benchmarks and the browser tests: `streamlit run SCRIPT` from the repository
root (so .streamlit/config.toml applies) on a free local port, healthy once /_stcore/health says 200, with the
CPU time and resident memory of its process.

No pytest here and nothing from tests/: the tests import this module (tests/e2e/harness.py), never the reverse.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A free local port: any, or the first free one in KANSRIJKE_PORTS (e.g. "8650-8699") when that is set, for
    a machine whose users each keep to their own range."""
    wanted = os.environ.get("KANSRIJKE_PORTS", "").strip()
    candidates = [0]
    if wanted:
        low, _, high = wanted.partition("-")
        candidates = list(range(int(low), int(high or low) + 1))
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise RuntimeError(f"no free port in KANSRIJKE_PORTS={wanted}")


def copy_data(target: Path) -> Path:
    """A private copy of the shipped data/ (tests and benchmarks may break or change it)."""
    shutil.copytree(ROOT / "data", target)
    return target


class ServerExited(RuntimeError):
    """The server process ended while we waited for it to become healthy."""


def wait_healthy(url: str, timeout: float, alive: Callable[[], bool] = lambda: True) -> float:
    """Seconds until `url`/_stcore/health answers 200. ServerExited as soon as `alive()` is false, RuntimeError
    when `timeout` seconds pass first."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not alive():
            raise ServerExited("the server exited")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=3) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} not healthy within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time process `pid` has used so far (/proc/PID/stat); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int:
    """Resident memory of process `pid` (VmRSS in /proc); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


@dataclass
class Server:
    """`streamlit run SCRIPT` from the repository root (so .streamlit/config.toml applies) on a free port."""

    script: Path
    data_dir: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 90.0) -> Server:
        env = dict(os.environ)
        if self.data_dir is not None:
            env["KANSRIJKE_DATA_DIR"] = str(self.data_dir)
        env["PYTHONUNBUFFERED"] = "1"
        handle, name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
        self.log_path = Path(name)
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
        ]
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        os.close(handle)
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        process = self.process
        assert process is not None, "start() the server first"
        try:
            wait_healthy(self.url, timeout, lambda: process.poll() is None)
        except ServerExited:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{self.log()}") from None
        except RuntimeError:
            raise RuntimeError(
                f"streamlit did not answer /_stcore/health within {timeout:.0f} s:\n{self.log()}"
            ) from None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    def rss_bytes(self) -> int:
        """Resident memory of the server process (VmRSS in /proc)."""
        return rss_bytes(self.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (/proc/PID/stat)."""
        return cpu_seconds(self.pid)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
