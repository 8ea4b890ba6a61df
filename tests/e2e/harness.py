"""The pieces the browser tests and the benchmarks share: a real `streamlit run` server on a free local port,
Debian's chromium, and the waits that tell when Streamlit has finished a run.

No pytest here, so `python -m bench` can use it too.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KANSRIJKE_CHROMIUM", "/usr/bin/chromium"))
# No sandbox: CI runs as root. No GPU: deck.gl then draws with chromium's software WebGL.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

# Streamlit 1.67 marks its root element: data-test-connection-state (CONNECTED once the websocket is up) and
# data-test-script-state (initial -> running -> notRunning, also rerunRequested / compilationError ...).
APP_CONNECTED = "[data-testid=stApp][data-test-connection-state=CONNECTED]"
SCRIPT_RUNNING = "[data-testid=stApp][data-test-script-state=running]"
SCRIPT_DONE = "[data-testid=stApp][data-test-script-state=notRunning]"
EXCEPTION = "[data-testid=stException]"
# Nothing stale, and no chart still to come (kansrijke.ui.deferred: a new visitor's first run leaves charts out).
NOTHING_PENDING = "() => !document.querySelector('[data-stale=true], .ks-volgt')"
DECK_CANVAS = "[data-testid=stDeckGlJsonChart] canvas"  # the zoomable map (pydeck), when a visitor opens it
# The page's map: a Vega chart in the map box (kansrijke.ui.page_map.MAP_BOX), its polygons from the static file.
PAGE_MAP = ".st-key-kaartvak [data-testid=stVegaLiteChart]"
VEGA_TOOLTIP = "#vg-tooltip-element.visible"
DECK_TOOLTIP = ".deck-tooltip"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


@dataclass(frozen=True)
class AppPage:
    file: str  # pages/kaart.py
    url_path: str  # kaart
    default: bool

    @property
    def path(self) -> str:
        """The path a visitor opens: the default page lives at /."""
        return "/" if self.default else f"/{self.url_path}"

    @property
    def slug(self) -> str:
        return self.url_path


def registered_pages() -> list[AppPage]:
    """Every st.Page in app.py's PAGES, in order (read from the source: importing app.py would run Streamlit)."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = []
    for call in re.findall(r"st\.Page\((.*?)\)\s*,?\s*\n", source):
        file = re.search(r'"(pages/[^"]+\.py)"', call)
        url = re.search(r'url_path="([^"]+)"', call)
        if file and url:
            pages.append(AppPage(file.group(1), url.group(1), "default=True" in call))
    return pages


def free_port() -> int:
    """A free local port: any, or the first free one in KANSRIJKE_PORTS (e.g. "8650-8699") when that is set, for
    a machine whose users each keep to their own range."""
    wanted = os.environ.get("KANSRIJKE_PORTS", "").strip()
    candidates = [0]
    if wanted:
        low, _, high = wanted.partition("-")
        candidates = list(range(int(low), int(high or low) + 1))
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in KANSRIJKE_PORTS={wanted}")


def copy_data(target: Path) -> Path:
    """A private copy of the shipped data/ (tests may break or change it)."""
    shutil.copytree(ROOT / "data", target)
    return target


@dataclass
class Server:
    """`streamlit run SCRIPT` from the repository root (so .streamlit/config.toml applies) on a free port."""

    script: Path
    data_dir: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 90.0) -> Server:
        env = dict(os.environ)
        if self.data_dir is not None:
            env["KANSRIJKE_DATA_DIR"] = str(self.data_dir)
        env["PYTHONUNBUFFERED"] = "1"
        handle, name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
        self.log_path = Path(name)
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ]
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        os.close(handle)
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    def rss_bytes(self) -> int:
        """Resident memory of the server process (VmRSS in /proc)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS line")

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (/proc/PID/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (data:, blob: and about: URLs have no host)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


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


def distinct_colours(png: bytes) -> int:
    """How many different colours a screenshot holds (1 = a blank canvas)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    return len(colours) if colours is not None else 1 << 20


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
