"""Keep serving the last good data when a data file turns bad.

A TableStore loads the tables when the files change (by a fingerprint of names, sizes and modification times,
taken at every page run), and when the new files do not validate it keeps the previous good Tables and reports the
issues. While a swap (kansrijke.data.official.swap) is replacing files one by one, it keeps what it has and looks
again at the next run, so that no run loads half the old and half the new files. Pure Python and
thread-safe; the app holds one store per data folder (st.cache_resource).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kansrijke.data.issues import DataIssue, DataValidationError
from kansrijke.data.official.swap import in_progress
from kansrijke.data.tables import Tables, load_tables


def fingerprint(data_dir: Path) -> tuple:
    """Names, sizes and modification times of every file the loader may read."""
    entries = []
    for path in sorted(Path(data_dir).rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((str(path.relative_to(data_dir)), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


@dataclass
class Snapshot:
    tables: Tables | None  # the data to show: the newest that validated, None if none ever did
    issues: list[DataIssue] = field(default_factory=list)  # problems with the current files ([] when they are good)

    @property
    def stale(self) -> bool:
        """True when the files on disk are broken and older, good data is being shown."""
        return self.tables is not None and bool(self.issues)


class TableStore:
    def __init__(self, data_dir: Path, loader: Callable[[Path], Tables] = load_tables):
        self._data_dir = Path(data_dir)
        self._loader = loader
        self._lock = threading.Lock()
        self._seen: tuple | None = None
        self._good: Tables | None = None
        self._issues: list[DataIssue] = []

    def snapshot(self) -> Snapshot:
        with self._lock:
            current = fingerprint(self._data_dir)
            if current != self._seen and not (self._seen is not None and in_progress(self._data_dir)):
                try:
                    self._good = self._loader(self._data_dir)
                    self._issues = []
                except DataValidationError as error:
                    self._issues = list(error.issues)
                self._seen = current
            return Snapshot(tables=self._good, issues=list(self._issues))
