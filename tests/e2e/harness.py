"""The pieces the browser tests share: a real `streamlit run` server on a free local port and Debian's chromium
(both from bench/, which the benchmarks use too: bench/server.py, bench/browser.py, bench/pages.py), the waits
that tell when Streamlit has finished a run (sync Playwright), the accessibility audit and hostile data.

No pytest here. The tests import bench's helpers, never the reverse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.browser import (
    APP_CONNECTED,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION,
    LOCAL_HOSTS,
    NOTHING_PENDING,
    SCRIPT_DONE,
    SCRIPT_RUNNING,
    VIEWPORT,
    chromium_available,
    distinct_colours,
    is_local,
)
from bench.pages import AppPage, registered_pages
from bench.server import ROOT, Server, copy_data, free_port

__all__ = [  # the names the tests take from here
    "APP_CONNECTED",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "EXCEPTION",
    "LOCAL_HOSTS",
    "NOTHING_PENDING",
    "ROOT",
    "SCRIPT_DONE",
    "SCRIPT_RUNNING",
    "VIEWPORT",
    "AppPage",
    "Server",
    "chromium_available",
    "copy_data",
    "distinct_colours",
    "free_port",
    "is_local",
    "registered_pages",
]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DECK_CANVAS = "[data-testid=stDeckGlJsonChart] canvas"  # the zoomable map (pydeck), when a visitor opens it
# The page's map: a Vega chart in the map box (kansrijke.ui.page_map.MAP_BOX), its polygons from the static file.
PAGE_MAP = ".st-key-kaartvak [data-testid=stVegaLiteChart]"
VEGA_TOOLTIP = "#vg-tooltip-element.visible"
DECK_TOOLTIP = ".deck-tooltip"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


# --- waits (sync Playwright) -----------------------------------------------------------------------------


def wait_ready(page, timeout: float = 120_000) -> None:
    """Connected, the script run finished and nothing left for a later run (the first run after opening a page)."""
    page.wait_for_selector(APP_CONNECTED, timeout=timeout)
    page.wait_for_selector(SCRIPT_DONE, timeout=timeout)
    page.wait_for_function(NOTHING_PENDING, timeout=timeout)


def wait_settled(page, quiet_s: float = 1.0, timeout_s: float = 60.0) -> None:
    """Until the page's elements stop changing for quiet_s. Streamlit loads the code of heavy elements (charts,
    maps) on first use, and the elements after them can appear a moment after the run has finished."""
    count = "() => document.querySelectorAll('[data-testid=stMain] [data-testid]').length"
    deadline = time.monotonic() + timeout_s
    last, since = page.evaluate(count), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = page.evaluate(count)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return
    raise AssertionError(f"the page kept changing for {timeout_s:.0f} s")


def wait_rerun(page, timeout: float = 60_000) -> None:
    """After an interaction: wait for the rerun to start (if it has not already come and gone) and to finish."""
    try:
        page.wait_for_selector(SCRIPT_RUNNING, timeout=3_000)
    except Exception:  # a fast rerun can start and finish between two polls
        pass
    wait_ready(page, timeout)


def map_is_painted(page, min_colours: int = 4, selector: str | None = None) -> bool:
    """The page's map (or, when the page shows none, the zoomable deck) shows at least `min_colours` colours."""
    for candidate in [selector] if selector else [PAGE_MAP, DECK_CANVAS]:
        drawing = page.locator(candidate).first
        if drawing.count() == 0:
            continue
        box = drawing.bounding_box()
        if not box or box["width"] < 10 or box["height"] < 10:
            return False
        return distinct_colours(drawing.screenshot()) >= min_colours
    return False


def wait_map_painted(page, timeout_s: float = 90.0, min_colours: int = 4, selector: str | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if map_is_painted(page, min_colours, selector):
            return
        time.sleep(0.1)
    raise AssertionError(f"the map was not painted within {timeout_s:.0f} s")


def hover_map_until(page, wanted, selector: str = PAGE_MAP, tooltip_selector: str = VEGA_TOOLTIP) -> str:
    """Move the pointer over a grid in the middle of the map until the tooltip's text satisfies `wanted`;
    return that text (an AssertionError when no such tooltip appears). Defaults: the page's (Vega) map; the
    zoomable map is selector=DECK_CANVAS, tooltip_selector=DECK_TOOLTIP."""
    wait_map_painted(page, selector=selector)
    box = page.locator(selector).first.bounding_box()
    tooltip = page.locator(tooltip_selector)
    for fx in (0.5, 0.45, 0.55, 0.4, 0.6):
        for fy in (0.5, 0.45, 0.55, 0.6, 0.4):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(150)
            if tooltip.count() and tooltip.first.is_visible() and wanted(tooltip.first.inner_text()):
                return tooltip.first.inner_text()
    raise AssertionError("no such tooltip appeared over the middle of the map")


# --- accessibility audit (axe-core from the npm registry, pinned in tests/e2e/axe/package-lock.json) -----------

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: what Dutch public-sector sites must meet (EN 301 549 / Digitoegankelijk).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def ensure_axe() -> Path:
    """The local axe.min.js; runs `npm ci` in tests/e2e/axe first when node_modules is missing (a fresh clone).
    Raises RuntimeError with the reason when npm is absent or the install fails."""
    if AXE_SCRIPT.is_file():
        return AXE_SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"{AXE_SCRIPT} is missing and npm is not installed (apt-get install nodejs npm)")
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, capture_output=True, text=True)
    if done.returncode != 0 or not AXE_SCRIPT.is_file():
        raise RuntimeError(f"`npm ci` in {AXE_DIR} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return AXE_SCRIPT


def axe_violations(page, script: Path = AXE_SCRIPT) -> list[dict]:
    """Inject the local axe-core into the page (and any frame in it) and return its WCAG 2.0/2.1 A/AA violations:
    dicts with id, impact, help, helpUrl and nodes (each with target selectors and failureSummary)."""
    for frame in page.frames:
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(path=str(script))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                    resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))}));
        }""",
        WCAG_TAGS,
    )


def describe_violations(violations: list[dict], max_nodes: int = 8) -> str:
    """One readable block per violated rule: id, impact, help text, and the selectors of the elements at fault."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:max_nodes]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {' >> '.join(map(str, node['target']))}" + (f"  -- {summary}" if summary else ""))
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    ... and {len(v['nodes']) - max_nodes} more elements")
    return "\n".join(lines)


# --- hostile data ------------------------------------------------------------------------------------------

HOSTILE_IMG = "<img src=x onerror=alert({n})>"
HOSTILE_NAMES = {  # code -> name; every other municipality gets HOSTILE_IMG in front of its own name
    "GM0599": "<script>alert('rotterdam')</script>Rotterdam",
    "GM0344": "[klik hier](javascript:alert('utrecht')) **Utrecht**",
    "GM0363": "<img src=x onerror=alert('amsterdam')>",
}


def write_hostile_names(data_dir: Path) -> dict[str, str]:
    """Give every municipality in data_dir/gemeenten_2020.csv a name that is HTML, script or a markdown link.

    Returns code -> new name. The names stay valid data (the contract allows any text in `naam`)."""
    import csv

    path = Path(data_dir) / "gemeenten_2020.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = list(rows[0].keys())
    names = {}
    for n, row in enumerate(rows):
        row["naam"] = HOSTILE_NAMES.get(row["code"], HOSTILE_IMG.format(n=n) + row["naam"])
        names[row["code"]] = row["naam"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return names
