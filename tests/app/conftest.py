import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kansrijke.data.paths import DATA_DIR, DATA_DIR_ENV, ROOT
from kansrijke.views import palette

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def shared_results_stay_unchanged(monkeypatch):
    """Every page run of these tests checks that no page changed a result every session shares (ui/cache.py)."""
    from kansrijke.ui import cache

    monkeypatch.setattr(cache, "CHECK_SHARED", True)


def open_expanders(app) -> None:
    """Open every expander whose content a page builds on opening (kansrijke.ui.widgets.lazy_expander: keys end in
    _open), as a visitor's click does, and run the page again."""
    keys = [key for key in app.session_state if str(key).endswith("_open") and not app.session_state[key]]
    for key in keys:
        app.session_state[key] = True
    app.run()
    assert not app.exception


@pytest.fixture
def app(monkeypatch, tmp_path):
    """A fresh AppTest of the whole app, on a private copy of the shipped data."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.data_folder = folder  # type: ignore[attr-defined]  # for tests that break a file
    return at


def deck_spec(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


@dataclass
class VegaMap:
    """A page's Vega map as the browser gets it: the spec, the per-municipality values it looks up by code (one
    Arrow dataset), the story pins (another, or None) and the size of everything sent."""

    spec: dict
    values: pd.DataFrame
    pins: pd.DataFrame | None
    sent_bytes: int
    datasets: dict[str, pd.DataFrame]

    def layers(self) -> list[dict]:
        return self.spec["layer"]

    def highlighted(self) -> list[str]:
        """Codes outlined as the selection (column `gekozen`, drawn by the layer in the highlight colour)."""
        from kansrijke.views import vega_maps

        colour = vega_maps._hex(palette.HIGHLIGHT_RGBA)
        layer = next(l for l in self.layers() if l.get("mark", {}).get("stroke") == colour)
        assert {"filter": "datum.gekozen"} in layer["transform"]
        return self.values.loc[self.values["gekozen"], "code"].tolist()

    def urls(self) -> list[str]:
        """Every URL in the spec except the JSON schema's identifier (which nothing fetches)."""
        text = json.dumps({k: v for k, v in self.spec.items() if k != "$schema"})
        return re.findall(r'"url": "([^"]*)"', text) + re.findall(r"https?://[^\"' ]+", text)


def _arrow_frame(data: bytes) -> pd.DataFrame:
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all().to_pandas()


def vega_map(at: AppTest, key: str = "kaart") -> VegaMap:
    """The page's map (the Vega chart with key `key`; exactly one on the page)."""

    def is_map(chart) -> bool:  # a map that is not clickable has no widget id: known by its values dataset
        return chart.proto.id.endswith(f"-{key}") or (not chart.proto.id and '"name": "waarden"' in chart.proto.spec)

    charts = [c for c in at.get("vega_lite_chart") if is_map(c)]
    assert len(charts) == 1, f"expected one map with key {key!r}, found {len(charts)}"
    proto = charts[0].proto
    spec = json.loads(proto.spec)
    datasets = {d.name: _arrow_frame(d.data.data) for d in proto.datasets}
    lookup = next(
        step["lookup"] and step["from"]["data"]["name"] for step in spec["layer"][0]["transform"] if "lookup" in step
    )
    pin_names = [
        layer["data"]["name"]
        for layer in spec["layer"]
        if layer.get("mark", {}).get("type") == "point" and "name" in layer.get("data", {})
    ]
    sent = len(proto.spec.encode("utf-8")) + sum(len(d.data.data) for d in proto.datasets)
    return VegaMap(spec, datasets[lookup], datasets[pin_names[0]] if pin_names else None, sent, datasets)


class BlockReader(HTMLParser):
    """What a reader sees in an HTML block (kansrijke.views.blocks): its text, its tables (header row, then rows of
    cells) and its figures (label, value, the lines under it and the note behind its disclosure), unescaped."""

    def __init__(self, body: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[pd.DataFrame] = []
        self.figures: list[dict] = []
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._field: str | None = None
        self._text: list[str] = []
        self.feed(body)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif tag == "dt":
            self.figures.append({"label": "", "value": "", "lines": [], "note": ""})
            self._field = "label"
        elif tag == "dd" and self.figures:
            self._field = "value" if attrs.get("class") == "ks-waarde" else "line"
            if self._field == "line":
                self.figures[-1]["lines"].append("")
        elif tag == "summary":
            self._field = None
        elif tag == "details" and self.figures:
            self.figures[-1]["lines"].pop()
            self._field = "note"

    def handle_endtag(self, tag):
        if tag == "table" and self._rows is not None:
            header, *body = self._rows
            self.tables.append(pd.DataFrame(body, columns=header))
            self._rows = None
        elif tag in ("td", "th") and self._cell is not None and self._rows is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("dt", "dd", "details"):
            self._field = None
        elif tag == "summary" and self.figures:
            self._field = "note"

    @property
    def text(self) -> str:
        """All the block's text, as read (markup left out)."""
        return "".join(self._text)

    def handle_data(self, data):
        self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        elif self._field == "line":
            self.figures[-1]["lines"][-1] += data
        elif self._field is not None:
            self.figures[-1][self._field] += data


def blocks(at: AppTest) -> list[BlockReader]:
    """Every HTML block on the page (st.html), read."""
    return [BlockReader(e.proto.body) for e in at.get("html")]


def page_text(at: AppTest) -> str:
    """The page's text as a reader sees it: its markdown, captions and HTML blocks, joined by ' | '."""
    return " | ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [b.text for b in blocks(at)])


def metrics(at: AppTest) -> dict[str, str]:
    """Every headline figure on the page, label -> value as shown: st.metric elements and the figures of the HTML
    blocks."""
    shown = {m.label: m.value for m in at.metric}
    shown.update({f["label"]: f["value"] for block in blocks(at) for f in block.figures})
    return shown


def figure_notes(at: AppTest) -> dict[str, dict]:
    """label -> {"lines": the lines under the figure, "note": the note behind its disclosure} for the figures of
    the HTML blocks."""
    return {f["label"]: {"lines": f["lines"], "note": f["note"]} for block in blocks(at) for f in block.figures}


def text_tables(at: AppTest) -> list[pd.DataFrame]:
    """The plain tables on the page (HTML tables in the page's blocks), read back as a reader sees them."""
    return [table for block in blocks(at) for table in block.tables]


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table on the page: the interactive ones (st.dataframe) and the plain ones (text_tables)."""
    return [frame.value for frame in at.dataframe] + text_tables(at)


def layer(spec: dict, layer_id: str) -> dict:
    """The deck's layer `layer_id` (the test fails when there is none)."""
    found = next((l for l in spec["layers"] if l.get("id") == layer_id), None)
    assert found is not None, f"no layer {layer_id!r}"
    return found


@pytest.fixture
def downloads(monkeypatch):
    """`downloads(app)`: file name -> bytes of every table download button on the app's page after its last run.

    Table downloads hand Streamlit a function that makes the file on a click (a deferred download); this clicks
    each one the way the server does (execute_deferred on the media file manager that registered it) and records
    what lands in the media store (AppTest's in-memory one). A button with the bytes themselves is read from the
    store as well. The take-home buttons (keys meenemen_*: pictures, slides, factsheets) are left out here;
    `downloads.deferred(app)` gives their file name -> the function that builds it."""
    from kansrijke.ui.internals import MediaFileManager, MemoryMediaFileStorage

    stored: dict[str, tuple[str, bytes]] = {}
    managers: dict[str, MediaFileManager] = {}
    builders: dict[str, tuple[str, object]] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def register(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        managers[file_id] = self
        builders[file_id] = (file_name, data_callable)
        return file_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = (filename, path_or_data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", register)
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)

    def take_home(button) -> bool:
        return "meenemen_" in button.proto.id

    def offered(app) -> dict[str, bytes]:
        files = {}
        for button in app.get("download_button"):
            if take_home(button):
                continue
            url = button.proto.url
            if button.proto.deferred_file_id:
                url = managers[button.proto.deferred_file_id].execute_deferred(button.proto.deferred_file_id)
            name, data = stored[url.rsplit("/", 1)[-1].split(".")[0]]
            files[name] = data
        return files

    def deferred(app) -> dict[str, object]:
        return dict(
            builders[button.proto.deferred_file_id]
            for button in app.get("download_button")
            if button.proto.deferred_file_id and take_home(button)
        )

    offered.deferred = deferred  # type: ignore[attr-defined]
    return offered
