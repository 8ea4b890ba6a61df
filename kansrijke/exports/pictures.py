"""Pictures of the maps (PNG for slides and print, SVG) and of the charts, made on the server without network.

A map picture says what the live map says: the same classes and colours (kansrijke.views: palette, coalition_view,
funding_view, nnz_view), modelled municipalities lighter *and* hatched (survives greyscale printing), the legend,
the stand or scheme, the one-sentence summary, the source line with its date and "Bron kaart: CBS/PDOK".
Geometry: the CBS/PDOK boundaries of kansrijke.data.geo, projected to the Dutch grid (RD New, EPSG:28992) with
geopandas and drawn with matplotlib. Charts: the page's own altair spec rendered by vl-convert (no browser).

`*_map_data` gather what a map shows (pure values); `draw_map` lays it out on a matplotlib figure; `map_picture`
returns the file's bytes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.patches import Rectangle

from kansrijke.data import geo
from kansrijke.domain import coalitions, funding, nnz
from kansrijke.exports import style
from kansrijke.exports.names import PICTURE_FORMATS
from kansrijke.text import data_label, fmt_date, t
from kansrijke.views import captions, coalition_view, funding_view, nnz_view, palette

PROJECTED_CRS = "EPSG:28992"  # Amersfoort / RD New: the Dutch national grid, metres
WIDTH_PX, HEIGHT_PX, DPI = 1920, 1080, 160  # 16:9, full-HD: fits a slide; 2x a 960-px screen picture
MAP_BOX = (0.015, 0.02, 0.50, 0.84)  # figure fraction: left, bottom, width, height
GREY_FILL = style.on_white((*palette.NOT_YET_RGB, 200))
PROVINCE_LINE = palette.OUTLINE_PROVINCE[:3]
SOURCED_LINE = (70, 70, 70)
MODELLED_LINE = (150, 150, 150)
FORMATS = PICTURE_FORMATS


@dataclass(frozen=True)
class LegendItem:
    label: str
    rgb: tuple[int, int, int]
    hatched: bool = False


@dataclass(frozen=True)
class MapData:
    """Everything a map picture shows, as plain values in one language."""

    kind: str  # kaart | financiering | nnz
    title: str
    subtitle: str  # the stand, date or scheme
    summary: str
    fills: pd.DataFrame  # code, rgb (opaque, on white), hatched (bool): a row per coloured municipality
    legend: tuple[LegendItem, ...]
    sources: tuple[str, ...]  # source lines, each with its date
    lang: str
    outlines: dict | None = None  # extra boundaries (NNZ programme areas), a FeatureCollection in lon/lat
    outline_note: str = ""
    highlight: str | None = None  # a selected municipality, outlined
    stem: str = field(default="kaart")  # file name without extension


# ------------------------------------------------------------------------------------------------ geometry


@functools.lru_cache(maxsize=4)
def municipalities_rd(geo_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The 2020 municipalities (code, naam, geometry) in RD New; read once per process (read-only)."""
    collection = geo.municipality_features(2020, geo_dir)
    frame = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
    return frame.to_crs(PROJECTED_CRS)


@functools.lru_cache(maxsize=4)
def provinces_rd(geo_dir: Path | None = None) -> gpd.GeoDataFrame:
    collection = geo.province_features(geo_dir)
    return gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326").to_crs(PROJECTED_CRS)


def to_rd(lon: float, lat: float) -> tuple[float, float]:
    """A lon/lat point in RD New metres (for placing marks and for tests)."""
    point = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs="EPSG:4326").to_crs(PROJECTED_CRS).iloc[0]
    return float(point.x), float(point.y)


# ------------------------------------------------------------------------------------------------ what a map shows


def credit_lines(tables, lang: str) -> tuple[str, ...]:
    """The credit every map carries: the boundaries' source, and the date of the data behind the picture."""
    return (t("exports.map_credit", lang), t("exports.data_date", lang, datum=fmt_date(data_date(tables), lang)))


def data_date(tables) -> str:
    """The date of the data: the newest source date in the tables (ISO; YYYY-MM or YYYY where that is all a
    source gives). Every file names it, so a reader knows how current it is."""
    found: list[str] = []
    for name in (
        "gemeenten",
        "inwoners",
        "coalities",
        "financiering",
        "nnz_programmas",
        "nnz_deelname",
        "mijlpalen",
        "verhalen",
    ):
        frame = getattr(tables, name, None)
        if frame is not None and "bron_datum" in frame:
            found += [str(v).strip() for v in frame["bron_datum"] if str(v).strip()[:4].isdigit()]
    return max(found, key=lambda v: (v + "-99-99")[:10]) if found else ""


def _rgb(rgba) -> tuple[int, int, int]:
    return style.on_white(rgba)


def coalition_map_data(tables, stand, lang: str, highlight: str | None = None) -> MapData:
    """The coalition map at a stand (one of kansrijke.domain.coalitions.STANDS or any date)."""
    date = pd.Timestamp(stand)
    status = coalitions.status_at(tables.coalities, tables.gemeenten, date)
    counts = coalitions.counts_at(tables.coalities, tables.gemeenten, date)
    frame = coalition_view.map_frame(status, tables.gemeenten, tables.inwoners, date, lang)
    frame = frame.merge(status[["code", "tranche"]], on="code", how="left")  # map_frame carries basis itself
    fills = pd.DataFrame(
        {
            "code": frame["code"],
            "rgb": [_rgb(c) for c in frame["fill_color"]],
            "hatched": (frame["tranche"] != coalitions.NOT_YET) & (frame["basis"] != "bron"),
        }
    )
    legend = []
    for tranche, rgb in palette.TRANCHE_RGB.items():
        legend.append(LegendItem(t(f"tranche.{tranche}", lang), _rgb(palette.fill_rgba(rgb, "bron"))))
        legend.append(LegendItem(t(f"tranche.{tranche}.model", lang), _rgb(palette.fill_rgba(rgb, "model")), True))
    legend.append(LegendItem(t("legend.not_yet", lang), GREY_FILL))
    peildatum = data_label(tables.inwoners["peildatum"].iloc[0], lang)
    return MapData(
        kind="kaart",
        title=t("kaart.title", lang),
        subtitle=t("exports.map.stand", lang, stand=captions.stand_label(date, lang)),
        summary=coalition_view.summary_sentence(counts, lang),
        fills=fills,
        legend=tuple(legend),
        sources=(t("kaart.map_sources", lang, peildatum=peildatum), *credit_lines(tables, lang)),
        lang=lang,
        highlight=highlight,
        stem=f"kaart_coalities_{date.date().isoformat()}_{lang}",
    )


def funding_map_data(tables, scope: str, lang: str, highlight: str | None = None) -> MapData:
    """Impulse money per inhabitant in one scope (kansrijke.domain.funding.SCOPES)."""
    amounts = funding.per_inhabitant(tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities, scope)
    frame = funding_view.map_frame(amounts, lang)
    fills = pd.DataFrame(
        {
            "code": frame["code"],
            "rgb": [_rgb(c) for c in frame["fill_color"]],
            "hatched": (amounts["basis"] != "bron").to_numpy(),
        }
    )
    legend = []
    for row in funding_view.legend_rows(amounts, lang):
        if len(row["colours"]) == 2:
            sourced, modelled = row["colours"]
            legend.append(LegendItem(row["label"], _rgb(sourced)))
            legend.append(LegendItem(t("exports.legend.modelled_of", lang, klasse=row["label"]), _rgb(modelled), True))
        else:
            legend.append(LegendItem(row["label"], GREY_FILL))
    peildatum = data_label(tables.inwoners["peildatum"].iloc[0], lang)
    return MapData(
        kind="financiering",
        title=t("financiering.title", lang),
        subtitle=t("exports.map.scope", lang, regeling=funding_view.scope_label(scope, lang)),
        summary=funding_view.summary_sentence(amounts, len(tables.gemeenten), scope, lang),
        fills=fills,
        legend=tuple(legend),
        sources=(t("financiering.map_sources", lang, peildatum=peildatum), *credit_lines(tables, lang)),
        lang=lang,
        highlight=highlight,
        stem=f"kaart_financiering_{scope}_{lang}",
    )


def nnz_map_data(tables, date, lang: str, highlight: str | None = None) -> MapData:
    """Nu Niet Zwanger: municipalities by the start year of their programme at `date`, programme areas outlined."""
    date = pd.Timestamp(date)
    links, programmes = tables.nnz_deelname, tables.nnz_programmas
    members = nnz.membership_at(links, programmes, date)
    reach = nnz.reach_at(links, programmes, tables.gemeenten, date)
    frame = nnz_view.map_frame(members, tables.gemeenten, date, lang)
    fills = pd.DataFrame(
        {
            "code": frame["code"],
            "rgb": [_rgb(c) for c in frame["fill_color"]],
            "hatched": (members["started"] & (members["basis"] != "bron")).to_numpy(),
        }
    )
    legend = tuple(
        LegendItem(t(key, lang), GREY_FILL if key == "nnz.legend_none" else _rgb(rgba), key.endswith(".model"))
        for key, rgba in nnz_view.legend_items(reach)
    )
    outlines = geo.dissolve(geo.municipality_features(2020), nnz.programme_of(links))
    started = members.loc[members["started"], "programma_id"].unique()
    return MapData(
        kind="nnz",
        title=f"{t('nnz.title', lang)}: {t('nnz.map_title', lang)}",
        subtitle=t("exports.map.date", lang, datum=fmt_date(date, lang)),
        summary=nnz_view.summary_sentence(reach, lang),
        fills=fills,
        legend=legend,
        sources=(t("nnz.map_sources", lang, stand=fmt_date(nnz.TABLE_STAND, lang)), *credit_lines(tables, lang)),
        lang=lang,
        outlines=nnz.outline_collection(outlines, started),
        outline_note=t("nnz.legend_outline", lang),
        highlight=highlight,
        stem=f"kaart_nnz_{date.date().isoformat()}_{lang}",
    )


# ------------------------------------------------------------------------------------------------ drawing


def _draw_areas(ax, data: MapData) -> None:
    shapes = municipalities_rd()
    joined = shapes.merge(data.fills, on="code", how="left")
    coloured = joined["rgb"].notna()
    grey = joined[~coloured]
    if len(grey):
        grey.plot(ax=ax, color=style.mpl_colour(GREY_FILL), edgecolor=style.mpl_colour(MODELLED_LINE), linewidth=0.25)
    for hatched in (False, True):
        part = joined[coloured & (joined["hatched"].fillna(False).astype(bool) == hatched)]
        if part.empty:
            continue
        part.plot(
            ax=ax,
            color=[style.mpl_colour(c) for c in part["rgb"]],
            edgecolor=style.mpl_colour(MODELLED_LINE if hatched else SOURCED_LINE),
            linewidth=0.25 if hatched else 0.45,
        )
        if hatched:  # the hatch on its own layer, so the fill keeps its class colour between the lines
            part.plot(
                ax=ax, facecolor="none", edgecolor=style.mpl_colour(style.HATCH_RGB), linewidth=0, hatch=style.HATCH
            )
    provinces_rd().boundary.plot(ax=ax, color=style.mpl_colour(PROVINCE_LINE), linewidth=0.9)
    if data.outlines and data.outlines["features"]:
        areas = gpd.GeoDataFrame.from_features(data.outlines["features"], crs="EPSG:4326").to_crs(PROJECTED_CRS)
        areas.boundary.plot(ax=ax, color="black", linewidth=1.6)
    if data.highlight and data.highlight in set(shapes["code"]):
        shapes[shapes["code"] == data.highlight].boundary.plot(
            ax=ax, color=style.mpl_colour(palette.HIGHLIGHT_RGBA), linewidth=2.4
        )
    minx, miny, maxx, maxy = shapes.total_bounds
    pad = 0.02 * (maxx - minx)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()


def legend_rows(legend) -> list[tuple[LegendItem, LegendItem | None]]:
    """The legend as rows: a class's sourced item with its modelled (hatched) twin beside it, when it has one."""
    rows, index = [], 0
    items = list(legend)
    while index < len(items):
        item = items[index]
        twin = items[index + 1] if index + 1 < len(items) else None
        if not item.hatched and twin is not None and twin.hatched:
            rows.append((item, twin))
            index += 2
        else:
            rows.append((item, None))
            index += 1
    return rows


def _legend(figure, data: MapData, x: float, y: float, row: float, size: float) -> float:
    """Per class a sourced swatch and, beside it, the lighter hatched swatch of its modelled rows, then the label
    (of the sourced item); from (x, y) downwards in figure fractions. Returns the next free y."""
    width_px, height_px = figure.get_size_inches() * figure.dpi
    swatch_w, swatch_h = 0.022, 0.022 * width_px / height_px * 0.75
    ink = style.mpl_colour(style.TEXT_RGB)
    figure.text(x, y, t("legend.title", data.lang), fontsize=size + 1, fontweight="bold", color=ink, va="top")
    y -= row * 1.3

    def swatch(left: float, item: LegendItem) -> None:
        figure.patches.append(
            Rectangle(
                (left, y - swatch_h),
                swatch_w,
                swatch_h,
                transform=figure.transFigure,
                figure=figure,
                facecolor=style.mpl_colour(item.rgb),
                edgecolor=style.mpl_colour(style.HATCH_RGB),
                linewidth=0.6,
                hatch=style.HATCH if item.hatched else None,
            )
        )

    rows = legend_rows(data.legend)
    for item, twin in rows:
        swatch(x, item)
        if twin is not None:
            swatch(x + swatch_w + 0.006, twin)
        figure.text(x + 2 * swatch_w + 0.016, y - swatch_h / 2, item.label, fontsize=size, va="center", color=ink)
        y -= row
    if any(twin is not None for _item, twin in rows):
        figure.text(x, y - 0.004, style.wrap(t("exports.legend.pairs", data.lang), 95), fontsize=8, va="top", color=ink)
        y -= 0.035
    return y


def draw_map(
    data: MapData, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX, dpi: int = DPI, with_text: bool = True
):
    """The figure and its map axes. With `with_text` False only the map is drawn (for slides that set their own
    title, legend and sources as editable text)."""
    figure = style.new_figure(width_px, height_px, dpi)
    with style.drawing():
        if not with_text:
            ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
            _draw_areas(ax, data)
            return figure, ax
        ax = figure.add_axes(MAP_BOX)
        _draw_areas(ax, data)
        ink, muted = style.mpl_colour(style.TEXT_RGB), style.mpl_colour(style.MUTED_RGB)
        figure.text(0.02, 0.965, data.title, fontsize=20, fontweight="bold", color=ink, va="top")
        figure.text(0.02, 0.905, data.subtitle, fontsize=13, color=ink, va="top")
        x = 0.54
        figure.text(x, 0.85, style.wrap(data.summary, 70), fontsize=10.5, color=ink, va="top", linespacing=1.35)
        lines = style.wrap(data.summary, 70).count("\n") + 1
        y = _legend(figure, data, x, 0.85 - lines * 0.036 - 0.03, row=0.042, size=9.5)
        if data.outline_note:
            figure.text(x, y - 0.005, style.wrap(data.outline_note, 95), fontsize=8, color=ink, va="top")
        figure.text(
            x,
            0.03,
            "\n".join(style.wrap(s, 92) for s in data.sources),
            fontsize=7.6,
            color=muted,
            va="bottom",
            linespacing=1.3,
        )
    return figure, ax


def map_picture(
    data: MapData, fmt: str = "png", with_text: bool = True, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX
) -> bytes:
    """The map as a PNG, SVG or PDF file (bytes; identical for identical inputs)."""
    figure, _ax = draw_map(data, width_px=width_px, height_px=height_px, with_text=with_text)
    return style.figure_bytes(figure, fmt)


def pixel_of(figure, ax, lon: float, lat: float) -> tuple[int, int]:
    """Where a lon/lat point lands in the PNG of `figure` (column, row from the top-left)."""
    x, y = to_rd(lon, lat)
    with style.drawing():
        figure.canvas.draw()
        px, py = ax.transData.transform((x, y))
    height = figure.get_size_inches()[1] * figure.dpi
    return int(round(px)), int(round(height - py))


# ------------------------------------------------------------------------------------------------ charts


def chart_picture(spec: dict, fmt: str = "png", scale: float = 2.0) -> bytes:
    """An altair/Vega-Lite chart spec (chart.to_dict()) as PNG (at `scale` x screen size) or SVG, rendered by
    vl-convert without a browser or network. Text from the data is set as text (escaped by Vega's SVG writer)."""
    import vl_convert as vlc

    if fmt == "png":
        return _strip_png_time(vlc.vegalite_to_png(spec, scale=scale))
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    raise ValueError(f"unknown chart format {fmt!r}; expected png or svg")


def _strip_png_time(data: bytes) -> bytes:
    """A PNG without tIME/tEXt chunks (dates and software names), so identical charts give identical bytes."""
    import struct

    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return data
    out, position = [data[:8]], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if kind not in (b"tIME", b"tEXt", b"iTXt", b"zTXt"):
            out.append(data[position:end])
        position = end
    return b"".join(out)


# ------------------------------------------------------------------------------------------------ locator map

LOCATOR_FILL = (226, 229, 234)


def locator_picture(code: str, fmt: str = "png", width_px: int = 520, height_px: int = 600, dpi: int = 200) -> bytes:
    """A small map of the country with one municipality filled in the highlight colour and ringed (so that a
    small municipality is still found): for the factsheet and the story slides. No text inside; the caller
    names the municipality and the map's source next to it."""
    shapes = municipalities_rd()
    own = shapes[shapes["code"] == code]
    if own.empty:
        raise ValueError(f"unknown municipality code {code!r} (boundaries 2020)")
    figure = style.new_figure(width_px, height_px, dpi)
    highlight = style.mpl_colour(palette.HIGHLIGHT_RGBA)
    with style.drawing():
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        provinces_rd().plot(ax=ax, color=style.mpl_colour(LOCATOR_FILL), edgecolor="white", linewidth=0.8)
        own.plot(ax=ax, color=highlight, edgecolor=highlight, linewidth=0.6)
        point = own.geometry.iloc[0].representative_point()
        minx, miny, maxx, maxy = shapes.total_bounds
        ax.scatter([point.x], [point.y], s=260, facecolors="none", edgecolors=[highlight], linewidths=1.6)
        pad = 0.03 * (maxx - minx)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
        ax.set_aspect("equal")
        ax.set_axis_off()
    return style.figure_bytes(figure, fmt)
