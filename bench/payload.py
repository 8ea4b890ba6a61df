"""Benchmark 4, bytes: the home page's map specs as the script sends them, and everything sent to the browser
(HTTP bodies + websocket frames), with any request that leaves this machine."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from bench.browser import VIEWPORT, is_local, wait_ready
from bench.figures import verdict
from bench.paint import Watch
from bench.server import ROOT

TARGETS = {"home_payload_bytes": 1_000_000}  # home page under 1 MB to the browser


def map_spec_bytes(data_dir: Path) -> dict:
    """The size of the home page's map specs as the script sends them: pydeck's Deck JSON and Vega-Lite specs."""
    from streamlit.testing.v1 import AppTest

    os.environ["KANSRIJKE_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    decks = [len(d.proto.json.encode("utf-8")) for d in at.get("deck_gl_json_chart")]
    vega = [
        len(v.proto.spec.encode("utf-8")) + sum(len(d.data) for d in getattr(v.proto, "datasets", []))
        for v in at.get("arrow_vega_lite_chart")
    ]
    return {"deck_bytes": sum(decks), "decks": len(decks), "vega_bytes": sum(vega), "vega_charts": len(vega)}


async def home_payload(browser, server) -> dict:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    http: list[int] = []
    static: list[int] = []
    frames: list[int] = []
    foreign: list[str] = []
    pending: list[asyncio.Future] = []

    async def body_size(response):
        try:
            size = len(await response.body())
        except Exception:
            return
        # /static/: Streamlit's own frontend bundle, the same for every Streamlit app and cached by the browser
        (static if "/static/" in response.url else http).append(size)

    page.on("response", lambda response: pending.append(asyncio.ensure_future(body_size(response))))
    page.on("request", lambda request: foreign.append(request.url) if not is_local(request.url) else None)
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: frames.append(len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)),
        ),
    )
    await page.goto(server.url)
    await wait_ready(page)
    await Watch(page).wait_map_painted()
    await asyncio.sleep(1.0)
    await asyncio.gather(*pending)
    await context.close()
    return {
        "static_bytes": sum(static),
        "static_responses": len(static),
        "http_bytes": sum(http),
        "http_responses": len(http),
        "websocket_bytes": sum(frames),
        "websocket_frames": len(frames),
        "app_bytes": sum(http) + sum(frames),
        "total_bytes": sum(static) + sum(http) + sum(frames),
        "foreign_requests": foreign,
    }


def report_payload(pay: dict, spec: dict) -> None:
    print("4. bytes to the browser, home page")
    print(
        f"   map specs sent by the script:  Deck {spec['deck_bytes']:,} bytes ({spec['decks']}), "
        f"Vega-Lite {spec['vega_bytes']:,} bytes ({spec['vega_charts']} charts)"
    )
    print(f"   websocket frames:              {pay['websocket_bytes']:,} bytes in {pay['websocket_frames']} frames")
    print(f"   other HTTP (page, media, ...): {pay['http_bytes']:,} bytes in {pay['http_responses']} responses")
    print(
        f"   the app's own bytes:           {pay['app_bytes']:,} bytes   target < 1 MB: "
        f"{verdict(pay['app_bytes'] < TARGETS['home_payload_bytes'])}"
    )
    print(
        f"   + Streamlit frontend /static/: {pay['static_bytes']:,} bytes in {pay['static_responses']} "
        "responses (decoded; same for any Streamlit app, cached)"
    )
    print(f"   everything:                    {pay['total_bytes']:,} bytes")
    print(f"   requests off this machine:     {len(pay['foreign_requests'])}")
