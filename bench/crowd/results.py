"""What a crowd run gives: errors and the time to the rendered page (median, 95th percentile, max), bytes and
server CPU per visit; the knee (visitors per second where the 95th percentile passes 2 s) and the replicas an
audience needs."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bench.figures import percentile

if TYPE_CHECKING:
    from bench.crowd.visitors import Outcome

KNEE_P95_S = 2.0


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
