"""Debian's chromium for the benchmarks and the browser tests, the selectors that tell what state a Streamlit page
is in, and the async waits the benchmarks use (tests/e2e/harness.py has the same waits for sync Playwright)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("KANSRIJKE_CHROMIUM", "/usr/bin/chromium"))
# No sandbox: CI runs as root. No GPU: deck.gl then draws with chromium's software WebGL.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 720}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

# Streamlit 1.67 marks its root element: data-test-connection-state (CONNECTED once the websocket is up) and
# data-test-script-state (initial -> running -> notRunning, also rerunRequested / compilationError ...).
APP_CONNECTED = "[data-testid=stApp][data-test-connection-state=CONNECTED]"
SCRIPT_RUNNING = "[data-testid=stApp][data-test-script-state=running]"
SCRIPT_DONE = "[data-testid=stApp][data-test-script-state=notRunning]"
EXCEPTION = "[data-testid=stException]"
# Nothing stale, and no chart still to come (kansrijke.ui.deferred: a new visitor's first run leaves charts out).
NOTHING_PENDING = "() => !document.querySelector('[data-stale=true], .ks-volgt')"


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (data:, blob: and about: URLs have no host)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def distinct_colours(png: bytes) -> int:
    """How many different colours a screenshot holds (1 = a blank canvas)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    return len(colours) if colours is not None else 1 << 20


# --- async Playwright -----------------------------------------------------------------------------------------


async def launch(playwright: Any) -> Any:
    """Debian's chromium, headless, with CHROMIUM_ARGS."""
    return await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


async def wait_ready(page: Any, timeout: float = 180_000) -> None:
    """Connected, the script run finished and nothing left for a later run."""
    await page.wait_for_selector(APP_CONNECTED, timeout=timeout)
    await page.wait_for_selector(SCRIPT_DONE, timeout=timeout)
    await page.wait_for_function(NOTHING_PENDING, timeout=timeout)


async def wait_rerun(page: Any, timeout: float = 60_000) -> None:
    """After an interaction: the rerun started (if it has not already come and gone) and finished."""
    try:
        await page.wait_for_selector(SCRIPT_RUNNING, timeout=2_000)
    except Exception:  # a fast rerun can start and finish between two polls
        pass
    await wait_ready(page, timeout)
