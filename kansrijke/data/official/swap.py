"""Replacing files of the data folder: every file is written complete next to its target and then renamed over it
(atomic per file); when a rename fails, the files already replaced are restored."""

from __future__ import annotations

import os
from pathlib import Path


def swap_in(data_dir: Path, files: dict[str, str]) -> None:
    """Replace each file by an atomic rename of a complete copy next to it; on failure restore what was replaced."""
    originals: dict[Path, bytes | None] = {}
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, text in files.items():
            target = data_dir / relative
            temporary = target.with_name(f".{target.name}.nieuw")
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
