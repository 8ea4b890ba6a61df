"""Every check that needs more than one table, in the order they run (see cross.CrossCheck for when one runs)."""

from __future__ import annotations

from kansrijke.data.issues import DataIssue
from kansrijke.data.schemas.cross import REFERENCE_CHECKS, CrossCheck, Frames
from kansrijke.data.schemas.reconciliation import RECONCILIATION_CHECKS

CROSS_CHECKS: tuple[CrossCheck, ...] = (*REFERENCE_CHECKS, *RECONCILIATION_CHECKS)


def cross_table_issues(frames: Frames, complete: set[str]) -> list[DataIssue]:
    """Run every cross-table check whose inputs are available (see CrossCheck)."""
    issues: list[DataIssue] = []
    for check in CROSS_CHECKS:
        if set(check.complete) <= complete and all(name in frames for name in check.rows):
            issues.extend(check.run(frames))
    return issues
