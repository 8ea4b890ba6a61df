"""Data updated while serving: scripts/serve.sh --workers 2 on a data folder, a table replaced as load_official does.

The store (kansrijke/data/store.py) takes the folder's fingerprint at every page run, so the next run after the
swap in any worker loads the new tables: the bound is one page run, no poll interval. Checked for real: protocol
clients on each worker (sticky cookie) and one browser, before and after a good load (the official GIDS 2019
annex of the fixtures) and after a broken replacement (every worker keeps the last good data and shows the
report). Slow by nature (two workers warm up on a shared machine): every wait is bounded and generous.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import shutil
import time

import pytest

from bench import day
from kansrijke.data.load_official import load_official
from kansrijke.data.official.swap import STAGING_SUFFIX, swap_in
from kansrijke.data.paths import DATA_DIR, ROOT
from kansrijke.data.store import TableStore
from kansrijke.serving.cluster import COOKIE
from kansrijke.serving.protocol import PageRun, Session
from tests.e2e import harness
from tests.serving import test_fault
from tests.serving.test_overload import free_ports, needs_haproxy

FIXTURES = ROOT / "tests" / "fixtures" / "official"
browser = test_fault.browser  # Debian's chromium, as the fault test starts it
Loop = test_fault.Loop


def test_a_run_during_a_swap_keeps_the_data_it_has_and_the_next_run_after_it_loads_the_new(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    store = TableStore(folder)
    before = store.snapshot().tables
    assert before is not None
    # Halfway through a swap: one file renamed, the next still staged.
    inwoners = (folder / "inwoners_2020.csv").read_text(encoding="utf-8")
    label = next(csv.DictReader(io.StringIO(inwoners)))["peildatum"]  # the label of the first row, as shipped
    changed = inwoners.replace(label, "peildatum na de wissel", 1)
    assert changed != inwoners
    (folder / "inwoners_2020.csv").write_text(changed, encoding="utf-8")
    staged = folder / f".gemeenten_2020.csv{STAGING_SUFFIX}"
    staged.write_text((folder / "gemeenten_2020.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert store.snapshot().tables is before
    staged.unlink()
    after = store.snapshot()
    assert after.tables is not None and after.tables is not before and after.issues == []
    assert (after.tables.inwoners["peildatum"] == "peildatum na de wissel").any()
    # A staged copy left behind by a process killed mid-swap does not hold the data back for ever.
    staged.write_text("x", encoding="utf-8")
    old = time.time() - 3600
    os.utime(staged, (old, old))
    swap_in(folder, {"inwoners_2020.csv": inwoners})
    assert store.snapshot().tables is not after.tables


# --- for real: two workers behind HAProxy -------------------------------------------------------------------------

SUMMARY = re.compile(r"Met bron: ([\d.]+); gemodelleerd: ([\d.]+)")  # kaart.summary on home
STALE = "Het dashboard toont de laatste goede gegevens"  # data.stale
BOUND_S = 10.0  # the next page run after the swap: generous for a shared machine


def split(run: PageRun) -> tuple[int, int]:
    """Sourced and modelled coalition rows as the home page's summary states them."""
    found = SUMMARY.search(" ".join(run.texts))
    assert found, run.texts[:5]
    return int(found.group(1).replace(".", "")), int(found.group(2).replace(".", ""))


def on(worker: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={worker}"}


async def new_visit(url: str, worker: str) -> PageRun:
    session = Session(url, headers=on(worker))
    try:
        await session.connect(60)
        return await session.open_page("", "", 120)
    finally:
        await session.close()


async def first_new_run_with(url: str, worker: str, wanted, deadline_s: float) -> tuple[int, PageRun]:
    """New visits on `worker` until one shows what `wanted(run)` looks for: how many visits it took and that run."""
    started = time.monotonic()
    visits = 0
    while True:
        run = await new_visit(url, worker)
        visits += 1
        assert not run.exceptions
        if wanted(run):
            return visits, run
        if time.monotonic() - started > deadline_s:
            raise AssertionError(f"{worker}: not within {deadline_s:.0f} s: {run.texts[:3]}")
        await asyncio.sleep(0.1)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    needs_haproxy()
    folder = tmp_path_factory.mktemp("update") / "data"
    shutil.copytree(DATA_DIR, folder)
    running = day.Cluster(2, free_ports(3), new_per_worker=1000, data_dir=folder).start()
    try:
        yield running, folder
    finally:
        running.stop()


def test_a_new_table_reaches_every_worker_at_its_next_run_and_a_broken_one_changes_nothing(cluster, browser):
    running, folder = cluster
    url = running.url
    loop = Loop()
    context = browser.new_context(viewport=harness.VIEWPORT)
    page = context.new_page()
    offsite: list[str] = []
    page.on("request", lambda request: None if harness.is_local(request.url) else offsite.append(request.url))
    try:
        page.goto(url + "/", timeout=180_000)
        harness.wait_ready(page, timeout=180_000)
        before_browser = SUMMARY.search(page.inner_text("body"))
        assert before_browser
        # Sessions open on each worker before the update.
        opened = {w: loop.run(lambda w=w: Session(url, headers=on(w)).connect(60)) for w in ("w1", "w2")}
        before = {w: split(loop.run(lambda s=s: s.open_page("", "", 120))) for w, s in opened.items()}
        assert before["w1"] == before["w2"]

        # A good official table, loaded as the programme office does: checked copy, then the atomic swap.
        result = load_official(
            "financiering-gids-2019",
            FIXTURES / "gids_2019_bijlage.csv",
            folder,
            bron="Testbijlage",
            bron_datum="2019-05",
        )
        assert result.ok and result.written, result.report()
        swapped = time.monotonic()
        sourced, modelled = before["w1"]
        expected = (sourced + 5, modelled - 5)  # five GIDS municipalities move from model to source
        delays = {}
        for worker in ("w1", "w2"):
            visits, run = loop.run(lambda w=worker: first_new_run_with(url, w, lambda r: split(r) == expected, BOUND_S))
            delays[worker] = (visits, round(time.monotonic() - swapped, 2))
            assert not any(STALE in text for text in run.texts)
        # The sessions that were open keep working and show the new data at their next run.
        for session in opened.values():
            assert session.connected
            run = loop.run(lambda s=session: s.open_page("", "", 120))
            assert split(run) == expected and not run.exceptions
        page.reload(timeout=180_000)
        harness.wait_ready(page, timeout=180_000)
        assert f"Met bron: {expected[0]}" in page.inner_text("body").replace(".", "")

        # A broken replacement: every worker keeps the last good data and shows the report where the data is.
        broken = (folder / "coalities.csv").read_text(encoding="utf-8").replace(",gids_2019,", ",gids_2091,", 1)
        swap_in(folder, {"coalities.csv": broken})
        broken_at = time.monotonic()
        for worker in ("w1", "w2"):
            visits, run = loop.run(
                lambda w=worker: first_new_run_with(url, w, lambda r: any(STALE in t for t in r.texts), BOUND_S)
            )
            delays[f"{worker}, broken"] = (visits, round(time.monotonic() - broken_at, 2))
            assert split(run) == expected  # the last good data
            assert any("gids_2091" in text for text in run.texts)  # the report names the bad value
        for session in opened.values():
            run = loop.run(lambda s=session: s.open_page("", "", 120))
            assert split(run) == expected and any(STALE in t for t in run.texts) and not run.exceptions
        page.reload(timeout=180_000)
        harness.wait_ready(page, timeout=180_000)
        body = page.inner_text("body")
        assert STALE in body and f"Met bron: {expected[0]}" in body.replace(".", "")
        assert page.locator(harness.EXCEPTION).count() == 0 and "Traceback" not in body
        assert offsite == []
        for session in opened.values():
            loop.run(session.close)
        print(
            {"per worker: new visits until the new data (1 = the first run after the swap), s since the swap": delays}
        )
    finally:
        context.close()
        loop.close()
