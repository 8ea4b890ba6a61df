"""Data updated while serving: scripts/serve.sh --workers 2 on a data folder, a table replaced as load_official does.

The store (kansrijke/data/store.py) takes the folder's fingerprint at every page run, so the next run after the
swap in any worker loads the new tables: the bound is one page run, no poll interval. Checked for real: protocol
clients on each worker (sticky cookie) and one browser, before and after a good load (the official GIDS 2019
annex of the fixtures) and after a broken replacement (every worker keeps the last good data and shows the
report). Slow by nature (two workers warm up on a shared machine): every wait is bounded and generous.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from kansrijke.data.official.swap import STAGING_SUFFIX, swap_in
from kansrijke.data.paths import DATA_DIR
from kansrijke.data.store import TableStore


def test_a_run_during_a_swap_keeps_the_data_it_has_and_the_next_run_after_it_loads_the_new(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    store = TableStore(folder)
    before = store.snapshot().tables
    assert before is not None
    # Halfway through a swap: one file renamed, the next still staged.
    inwoners = (folder / "inwoners_2020.csv").read_text(encoding="utf-8")
    changed = inwoners.replace("2020 (maandcijfer)", "1 januari 2020", 1)
    assert changed != inwoners
    (folder / "inwoners_2020.csv").write_text(changed, encoding="utf-8")
    staged = folder / f".gemeenten_2020.csv{STAGING_SUFFIX}"
    staged.write_text((folder / "gemeenten_2020.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert store.snapshot().tables is before
    staged.unlink()
    after = store.snapshot()
    assert after.tables is not None and after.tables is not before and after.issues == []
    assert (after.tables.inwoners["peildatum"] == "1 januari 2020").any()
    # A staged copy left behind by a process killed mid-swap does not hold the data back for ever.
    staged.write_text("x", encoding="utf-8")
    old = time.time() - 3600
    os.utime(staged, (old, old))
    swap_in(folder, {"inwoners_2020.csv": inwoners})
    assert store.snapshot().tables is not after.tables


def served_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "served"
    shutil.copytree(DATA_DIR, folder)
    return folder
