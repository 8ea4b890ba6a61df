"""Replacing files of the data folder: every file is written complete next to its target and then renamed over it
(atomic per file); when a rename fails, the files already replaced are restored."""

from __future__ import annotations

import os
import time
from pathlib import Path

STAGING_SUFFIX = ".nieuw"  # a complete copy waiting for its rename: .NAME.nieuw next to NAME


def in_progress(data_dir: Path, max_age_s: float = 60.0) -> bool:
    """True while a swap is under way in data_dir: a staged copy (younger than max_age_s, so that one left by a
    process killed mid-swap does not count for ever) still waits for its rename."""
    now = time.time()
    for path in Path(data_dir).rglob(f".*{STAGING_SUFFIX}"):
        try:
            if now - path.stat().st_mtime < max_age_s:
                return True
        except FileNotFoundError:
            continue  # renamed while we looked
    return False


def swap_in(data_dir: Path, files: dict[str, str]) -> None:
    """Replace each file by an atomic rename of a complete copy next to it; on failure restore what was replaced."""
    originals: dict[Path, bytes | None] = {}
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, text in files.items():
            target = data_dir / relative
            temporary = target.with_name(f".{target.name}{STAGING_SUFFIX}")
            temporary.write_text(text, encoding="utf-8")
            staged.append((temporary, target))
        for temporary, target in staged:
            originals[target] = target.read_bytes() if target.exists() else None
            os.replace(temporary, target)
    except OSError:
        for target, content in originals.items():
            if content is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(content)
        raise
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
