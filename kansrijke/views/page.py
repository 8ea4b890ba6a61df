"""A map page as plain values, which kansrijke.ui.page_render draws: its map (spec, per-view datasets, the zoomable
view), the text beside it, what sits under it and the sections below. Heavy parts are Calls (kansrijke.views.calls):
the ui layer makes each once per view, and sends datasets as Arrow bytes made once per view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kansrijke.views.calls import Call


@dataclass(frozen=True)
class Line:
    """One line of text: a subheading, a paragraph or a caption (markdown-escaped by the renderer: names from the
    data are text), or markdown written by the project itself (the catalogue's texts, already escaped parts)."""

    role: Literal["subheader", "text", "caption", "markdown"]
    text: str


@dataclass(frozen=True)
class MapView:
    """The page's map: its spec (a Call of vega_maps.map_spec, the same for every view of the page), this view's
    values, pins and outlines, and the zoomable view (a Call of a function that builds the pydeck Deck, made only
    while the switch `zoom_key` is on)."""

    zoom_key: str
    spec: Call
    values: Call
    deck: Call
    pins: Call | None = None
    outlines: Call | None = None


@dataclass(frozen=True)
class Html:
    """An HTML block (kansrijke.views.blocks): text, headings, plain tables, figures."""

    body: str


@dataclass(frozen=True)
class Chart:
    """A chart: a Call of calls.chart_spec (its Vega-Lite spec)."""

    spec: Call


@dataclass(frozen=True)
class Pictures:
    """A chart's pictures to take home (PNG, SVG): its spec (the Chart's), file stem and key."""

    spec: Call
    stem: str
    key: str


@dataclass(frozen=True)
class LazyTable:
    """The table behind a chart or map in an expander built only while open, with the files of `download` (None:
    the table alone)."""

    title: str
    open_key: str
    shown: Call
    download: Call | None
    stem: str = ""
    key: str = ""


@dataclass(frozen=True)
class Downloads:
    """The CSV and Excel files of a table that is on the page, in a box built on opening."""

    frame: Call
    stem: str
    key: str


@dataclass(frozen=True)
class MapPictures:
    """The map's pictures to take home: kind and option as kansrijke.ui.exports.map_downloads takes them."""

    kind: str
    option: str
    key: str
    highlight: str | None


@dataclass(frozen=True)
class Controls:
    """Where the page's own controls below the map go (the renderer calls the page's function for them)."""

    name: str


@dataclass(frozen=True)
class Notice:
    """A short notice (st.info) in place of a chart that has no rows."""

    text: str


@dataclass(frozen=True)
class Expander:
    """A closed box with a text (markdown from the catalogue) a visitor opens."""

    title: str
    markdown: str


@dataclass(frozen=True)
class Caption:
    """A caption line (markdown-escaped)."""

    text: str


Section = Caption | Expander | Html | Chart | Pictures | LazyTable | Downloads | MapPictures | Controls | Notice


@dataclass(frozen=True)
class Beside:
    """The text beside the map: one HTML block, lines about the selected municipality, its factsheet button."""

    block: str
    lines: tuple[Line, ...] = ()
    factsheet: str | None = None  # the selected municipality's code
    factsheet_key: str = ""


@dataclass(frozen=True)
class Rest:
    """What comes after the map and the text beside it: under the map (after its 'zoomable map' switch), then the
    sections below, at full width."""

    under_map: tuple[Section, ...]
    below: tuple[Section, ...]
