"""How the benchmarks summarise and judge their figures: medians, percentiles, and met / NOT MET against a target
(printed only: a benchmark never fails on time)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: Sequence[float]) -> float | None:
    """The 95th percentile, nearest rank rounded (the browser benchmark's)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile, nearest rank rounded up (the crowd benchmark's: a visitor who gave up is inf)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT MET")
