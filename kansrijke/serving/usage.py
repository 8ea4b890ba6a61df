"""What a running worker holds, read from /proc (Linux): resident memory, open file descriptors by kind, threads.

An asyncio event loop holds three descriptors (an epoll instance and the two ends of its wake-up socket pair), so
the epoll count says how many loops a process keeps open. Used by bench/day.py and tests/serving/test_soak.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Usage:
    rss_mb: float
    fds: int
    epoll: int  # epoll instances: about one per open asyncio event loop (plus the server's own)
    sockets: int  # sockets of every kind: TCP connections, listening sockets, Unix socket pairs
    threads: int

    def line(self) -> str:
        return (
            f"{self.rss_mb:6.0f} MB  {self.fds:4d} fds ({self.epoll:3d} epoll, {self.sockets:4d} sockets)  "
            f"{self.threads:3d} threads"
        )


def usage(pid: int) -> Usage:
    """The process's usage now (zeros for a process that has gone)."""
    rss_kb = threads = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return Usage(0.0, 0, 0, 0, 0)
    fds = epoll = sockets = 0
    folder = f"/proc/{pid}/fd"
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        names = []
    for name in names:
        try:
            target = os.readlink(f"{folder}/{name}")
        except OSError:
            continue  # closed while we looked
        fds += 1
        if target == "anon_inode:[eventpoll]":
            epoll += 1
        elif target.startswith("socket:"):
            sockets += 1
    return Usage(rss_kb / 1024, fds, epoll, sockets, threads)
