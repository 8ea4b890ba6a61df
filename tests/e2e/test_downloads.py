"""Every table download button on every page gives a file that parses, with the number of rows the page announces.

Generic over app.py's PAGES: every page but the presenter mode must offer table downloads. The take-home files
(pictures, factsheets, slides; keys starting with meenemen_) are checked in test_take_home.py.
"""

import io
import re
import zipfile

import pandas as pd
import pytest

from tests.e2e import harness

PAGES = harness.registered_pages()
# The view each page is opened in: with a municipality chosen, so the comparison and detail tables exist.
VIEW = "?zoek=Delft"
WITHOUT_DOWNLOADS = {"presentatie"}  # slides for a hall; their tables are on the other pages
TABLE_BUTTON = "[data-testid=stMain] [data-testid=stDownloadButton]:not([class*=st-key-meenemen_] *)"
ROWS = re.compile(r"^\s*([\d.,]+)\s+(rijen|rows|tabellen|tables)\b")

# Download buttons and the captions that follow them, in document order.
BUTTONS_AND_CAPTIONS = """() => [...document.querySelectorAll(
    '[data-testid=stMain] [data-testid=stDownloadButton]:not([class*=st-key-meenemen_] *), '
    + '[data-testid=stMain] [data-testid=stCaptionContainer]')]
    .map(e => [e.getAttribute('data-testid'), e.innerText])"""


def parse(name: str, data: bytes) -> pd.DataFrame:
    if name.endswith(".zip"):
        return parse_zip(data)
    if name.endswith(".csv"):
        assert data.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte order mark (Excel reads accents)"
        return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    if name.endswith(".xlsx"):
        return pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
    raise AssertionError(f"unexpected download type: {name}")


def parse_zip(data: bytes) -> pd.DataFrame:
    """All tables in one archive: every member a CSV that parses; returns one row per member (its name, rows)."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            frame = parse(name, archive.read(name))
            assert len(frame) > 0 or name == "gebeurtenissen.csv", f"{name} in the ZIP is empty"
            members.append(
                {
                    "tabel": name,
                    "rijen": str(len(frame)),
                    "basis": ",".join(sorted(set(frame.get("basis", pd.Series(dtype=str))))),
                }
            )
    return pd.DataFrame(members)


def as_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns that are all numbers as floats (CSV and Excel may write the last digit of a float differently)."""
    out = frame.reset_index(drop=True).copy()
    for column in out.columns:
        numbers = pd.to_numeric(out[column], errors="coerce")
        if numbers.notna().all() and len(numbers):
            out[column] = numbers.astype(float)
    return out


def announced_rows(elements: list[list[str]]) -> list[int | None]:
    """For each download button, the row count in the first caption after it ('355 rijen, ...')."""
    counts = []
    for i, (kind, _) in enumerate(elements):
        if kind != "stDownloadButton":
            continue
        following = (ROWS.match(text) for k, text in elements[i + 1 :] if k == "stCaptionContainer")
        hit = next((m for m in following if m), None)
        counts.append(int(re.sub(r"[.,]", "", hit.group(1))) if hit else None)
    return counts


def download_all(page) -> list[tuple[str, pd.DataFrame, int | None]]:
    buttons = page.locator(TABLE_BUTTON + " button")
    expected = announced_rows(page.evaluate(BUTTONS_AND_CAPTIONS))
    files = []
    for i in range(buttons.count()):
        with page.expect_download(timeout=30_000) as info:
            buttons.nth(i).click()
        download = info.value
        with open(download.path(), "rb") as handle:
            data = handle.read()
        files.append((download.suggested_filename, parse(download.suggested_filename, data), expected[i]))
    return files


@pytest.mark.parametrize("app_page", PAGES, ids=[p.slug for p in PAGES])
def test_downloads_parse_with_the_announced_rows(visit, app_page):
    page = visit.open(app_page.path + VIEW)
    page.evaluate(
        "() => document.querySelectorAll('[data-testid=stMain] details:not([open]) > summary')"
        ".forEach(summary => summary.click())"
    )
    page.wait_for_function("() => !document.querySelector('[data-testid=stMain] details:not([open])')")
    # The tables behind maps and charts are built when their expander opens: that reruns the page.
    harness.wait_rerun(page)
    harness.wait_settled(page)
    buttons = page.locator(TABLE_BUTTON).count()
    if app_page.slug in WITHOUT_DOWNLOADS:
        assert buttons == 0
        return
    assert buttons > 0, f"{app_page.file} offers no download"
    files = download_all(page)
    by_stem: dict[str, list[pd.DataFrame]] = {}
    for name, frame, rows in files:
        assert rows is not None, f"{name}: no 'N rijen' caption after its button"
        assert len(frame) == rows, f"{name}: {len(frame)} rows, the page says {rows}"
        assert rows > 0, f"{name} is empty"
        assert any(c.lower() == "basis" or c.lower().startswith("basis_") for c in frame.columns), (
            f"{name} lost its basis column(s): {list(frame.columns)}"
        )
        by_stem.setdefault(name.rsplit(".", 1)[0], []).append(frame)
    for stem, frames in by_stem.items():
        # the CSV and the Excel file of one table hold the same table
        for other in frames[1:]:
            assert list(other.columns) == list(frames[0].columns), stem
            pd.testing.assert_frame_equal(as_numbers(other), as_numbers(frames[0]), check_dtype=False, rtol=1e-9)
    visit.assert_clean()
