"""The pages' maps as Vega-Lite (altair) choropleths whose polygons the browser loads from a static file.

A page's chart spec carries only one row of values per municipality (colours, outline, tooltip lines); the
polygons are the TopoJSON `kansrijke.data.geo.WEB_FILE`, which Streamlit serves from static/ at
`app/static/<file>` (server.enableStaticServing). A browser fetches it once and keeps it (ETag), so a visit or a
rerun sends values, not geometry. The relative URL resolves against the page's URL; pages are one level deep.

What a map shows, whatever the page:
- a fill per municipality from the page's map frame (`fill_color` RGBA: class colour, lighter when modelled,
  grey for no data); the outline tells sourced from modelled without colour: a dark solid line, drawn on top,
  for a sourced row; a thin dashed line for a modelled row;
- the province outlines (from the same file), optional extra outlines (inline GeoJSON, e.g. programme areas);
- the selected municipality outlined in HIGHLIGHT; story pins as dark discs with their number;
- a tooltip per municipality/pin: the titles come from the page (in its language), the values are data (Vega's
  tooltip handler escapes them, so a name with markup stays text);
- a point selection `kies` on the municipalities (field `code`): st.vega_lite_chart(on_select=...) reports
  a click as {"kies": [{"code": "GM0363"}]}.

No URL other than the static map file, no tiles, no fonts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from kansrijke.data.geo import WEB_FILE
from kansrijke.text import t
from kansrijke.views import palette
from kansrijke.views.map_contract import REQUIRED_COLUMNS, check_frame, rgba

MAP_URL = f"app/static/{WEB_FILE}"
MUNICIPALITIES, PROVINCES = "gemeenten", "provincies"
SELECTION = "kies"  # the point selection's name, as reported by Streamlit
HEIGHT = 600  # px; every map of a page has the same size, so a replay only recolours
PROJECTION = {"type": "mercator"}  # fitted to the polygons by Vega-Lite: same box -> same position

NO_DATA_FILL = (*palette.NOT_YET_RGB, 255)
NO_DATA_LINE = (150, 150, 150, 160)
SOURCED_LINE_WIDTH = 1.6  # a sourced municipality: dark, solid, on top of its neighbours
MODELLED_DASH = [3, 2]  # a modelled municipality: thin dashed outline
THIN_LINE_WIDTH = 0.5
PROVINCE_LINE_WIDTH = 1.3
HIGHLIGHT_WIDTH = 3.5
PIN_SIZE = 400  # px^2 (about an 11 px radius)
FILL_LAYER = "vlakken"  # the municipalities (the layer that is clicked and hovered)
# Layers drawn over the municipalities that must not catch the pointer (Vega-Lite gives an unfilled shape a
# transparent fill, and Vega has no switch for that in Vega-Lite): their SVG groups, for a style rule.
OVERLAYS = ("nadruk", "provincies", "gebieden", "selectie", "nummers")
OVERLAY_CSS = ", ".join(f".stVegaLiteChart g.{name}_marks" for name in OVERLAYS) + " { pointer-events: none; }"
VALUE_COLUMNS = (
    "code",
    "naam",
    "kleur",
    "dekking",
    "lijn",
    "lijn_dekking",
    "lijn_breedte",
    "basis",
    "nadruk",
    "gekozen",
)
# The named datasets of a map (see datasets()): per municipality, the story pins, which outlines show.
VALUES, PINS, OUTLINES = "waarden", "spelden", "omtrekken"


@dataclass(frozen=True)
class Tip:
    """One tooltip line: the value column and its title (in the page's language)."""

    field: str
    title: str


def _hex(rgba) -> str:
    r, g, b = (int(v) for v in list(rgba)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _alpha(rgba) -> float:
    values = list(rgba)
    return round(int(values[3]) / 255, 3) if len(values) > 3 else 1.0


def map_values(
    frame: pd.DataFrame,
    municipalities: pd.DataFrame,
    missing: Mapping[str, str] | None = None,
    selected: str | None = None,
) -> pd.DataFrame:
    """One row per municipality of `municipalities` (code, naam): the values the map looks up by code.

    `frame` is a page's map frame: code, fill_color and line_color (RGBA), optionally `basis` (bron/model: the
    outline style), `line_width` (px; wider than the thin line puts the outline on top, e.g. peers) and text
    columns for the tooltip. A municipality without a row is grey "no data", with the text of `missing` (or '')
    in every text column. Text stays raw: Vega's tooltip escapes it. `selected`: the code to outline (column
    `gekozen`).
    """
    check_frame(frame, set(municipalities["code"]))
    if selected is not None and selected not in set(municipalities["code"]):
        raise ValueError(f"selected {selected!r} is not a municipality on this map")
    text_columns = [c for c in frame.columns if c not in (*REQUIRED_COLUMNS, "basis", "line_width", "naam")]
    rows = {row["code"]: row for row in frame.to_dict(orient="records")}
    missing = dict(missing or {})
    out = []
    fill: Sequence[int]
    line: Sequence[int]
    for code, naam in zip(municipalities["code"], municipalities["naam"]):
        row = rows.get(code)
        if row is None:
            fill, line, basis, width = NO_DATA_FILL, NO_DATA_LINE, "", None
            texts = {c: str(missing.get(c, "")) for c in text_columns}
        else:
            fill = rgba(row["fill_color"], code, "fill_color")
            line = rgba(row["line_color"], code, "line_color")
            basis = str(row.get("basis") or "")
            width = row.get("line_width")
            texts = {c: "" if pd.isna(row[c]) else str(row[c]) for c in text_columns}
        if basis == "bron":
            line, line_width, emphasis = palette.OUTLINE_SOURCED, SOURCED_LINE_WIDTH, True
        elif width is not None and not pd.isna(width) and float(width) > THIN_LINE_WIDTH:
            line_width, emphasis = float(width), True
        else:
            line_width, emphasis = THIN_LINE_WIDTH, False
        out.append(
            {
                "code": code,
                "naam": str(naam),
                "kleur": _hex(fill),
                "dekking": _alpha(fill),
                "lijn": _hex(line),
                "lijn_dekking": _alpha(line),
                "lijn_breedte": line_width,
                "basis": basis,
                "nadruk": emphasis,
                "gekozen": code == selected,
                **texts,
            }
        )
    return pd.DataFrame(out, columns=[*VALUE_COLUMNS, *text_columns])


def _tooltip(tips: Sequence[Tip]) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{tip.field}:N", title=tip.title) for tip in tips]


def _shapes(feature: str) -> alt.UrlData:
    return alt.UrlData(url=MAP_URL, format=alt.DataFormat(type="topojson", feature=feature))


def choropleth(
    tips: Sequence[Tip],
    *,
    text_columns: Sequence[str] = (),
    pin_tips: Sequence[Tip] | None = None,
    outlines: dict | None = None,
    outline_rgba=palette.NNZ_OUTLINE_RGBA,
    outline_width: float = 2.5,
    description: str = "",
    height: int | None = HEIGHT,
) -> alt.LayerChart:
    """The map's spec, the same for every view of a page: what changes (colours, texts, the selection, the pins,
    which outlines show) travels in the named datasets of `datasets()`. The browser then updates a map in place
    instead of building a new one: a new stand, a click or the next slide only recolours.

    `tips`: the tooltip lines of a municipality; `text_columns`: the values' text columns (tips and others).
    `pin_tips`: show story pins (dataset PINS: code, lon, lat, number and these columns). `outlines`: a GeoJSON
    FeatureCollection of areas (property `code`) drawn as unfilled lines where dataset OUTLINES says `toon`.
    `description`: the map's text alternative for assistive technology (keep it the same for every view).
    `height`: px, or None to take the height of the element around the chart (st.vega_lite_chart(height="stretch")).
    """
    columns = list(
        dict.fromkeys([*VALUE_COLUMNS[1:], *text_columns, *(tip.field for tip in tips if tip.field != "code")])
    )
    unknown = sorted({tip.field for tip in tips} - {"code", *columns})
    if unknown:
        raise ValueError(f"tooltip refers to column(s) {unknown} that the values do not have")
    lookup = alt.LookupData(data=alt.NamedData(name=VALUES), key="code", fields=columns)
    pick = alt.selection_point(fields=["code"], name=SELECTION, on="click", clear=False, toggle=False)

    def from_file() -> alt.Chart:
        return (
            alt.Chart(_shapes(MUNICIPALITIES))
            .transform_calculate(code="datum.properties.code")
            .transform_lookup(lookup="code", from_=lookup)
        )

    def outline(chart: alt.Chart, stroke, width: float) -> alt.Chart:
        # fill=None: an outline is no target for the pointer, so hover and click reach the municipality below;
        # aria=False: a drawn line, not content (the municipalities carry the map's text for assistive technology)
        return chart.mark_geoshape(filled=False, fill=None, stroke=stroke, strokeWidth=width, aria=False)

    fills = (
        from_file()
        .properties(name=FILL_LAYER)
        .mark_geoshape(cursor="pointer")
        .encode(
            fill=alt.Fill("kleur:N", scale=None, legend=None),
            fillOpacity=alt.FillOpacity("dekking:Q", scale=None, legend=None),
            stroke=alt.Stroke("lijn:N", scale=None, legend=None),
            strokeOpacity=alt.StrokeOpacity("lijn_dekking:Q", scale=None, legend=None),
            strokeWidth=alt.value(THIN_LINE_WIDTH),
            strokeDash=alt.condition("datum.basis === 'model'", alt.value(MODELLED_DASH), alt.value([1, 0])),
            tooltip=_tooltip(tips),
        )
        .add_params(pick)
    )
    emphasis = (
        from_file()
        .transform_filter("datum.nadruk")
        .properties(name="nadruk")
        .mark_geoshape(filled=False, fill=None, aria=False)
        .encode(
            stroke=alt.Stroke("lijn:N", scale=None, legend=None),
            strokeWidth=alt.StrokeWidth("lijn_breedte:Q", scale=None, legend=None),
        )
    )
    layers = [
        fills,
        emphasis,
        outline(alt.Chart(_shapes(PROVINCES), name="provincies"), _hex(palette.OUTLINE_PROVINCE), PROVINCE_LINE_WIDTH),
    ]
    if outlines is not None:
        areas = (
            alt.Chart(alt.InlineData(values=outlines.get("features", [])), name="gebieden")
            .transform_calculate(code="datum.properties.code")
            .transform_lookup(
                lookup="code", from_=alt.LookupData(data=alt.NamedData(name=OUTLINES), key="code", fields=["toon"])
            )
            .transform_filter("datum.toon")
        )
        layers.append(outline(areas, _hex(outline_rgba), outline_width))
    layers.append(
        outline(
            from_file().transform_filter("datum.gekozen").properties(name="selectie"),
            _hex(palette.HIGHLIGHT_RGBA),
            HIGHLIGHT_WIDTH,
        )
    )
    if pin_tips is not None:
        layers.extend(pin_layers(pin_tips))
    # SVG (Streamlit's choice for a chart of this size, made explicit): the outlines are then elements that
    # OVERLAY_CSS takes out of the pointer's way, so hover and click reach the municipality below.
    chart = alt.layer(*layers).properties(projection=PROJECTION, usermeta={"embedOptions": {"renderer": "svg"}})
    if height is not None:
        chart = chart.properties(height=height)
    if description:
        chart = chart.properties(description=description)
    return chart.configure_view(stroke=None)


def pin_layers(tips: Sequence[Tip]) -> list[alt.Chart]:
    """Story pins: a dark disc with a white rim and the story's number in white, with the pin's own tooltip."""
    base = alt.Chart(alt.NamedData(name=PINS)).encode(longitude="lon:Q", latitude="lat:Q", tooltip=_tooltip(tips))
    disc = base.mark_point(
        shape="circle",
        filled=True,
        size=PIN_SIZE,
        fill=_hex(PIN_FILL),
        fillOpacity=1,
        stroke="#ffffff",
        strokeWidth=2,
        opacity=1,
    )
    number = (
        base.properties(name="nummers")
        .mark_text(aria=False, fontSize=13, fontWeight="bold", fill="#ffffff", baseline="middle", align="center")
        .encode(text="number:N")
    )
    return [disc, number]


def pin_values(pins: pd.DataFrame, tips: Sequence[Tip]) -> pd.DataFrame:
    """The PINS dataset: one row per pin with code, lon, lat, number and the tooltip columns."""
    needed = ["code", "lon", "lat", "number", *(tip.field for tip in tips if tip.field not in ("code", "number"))]
    absent = sorted(set(needed) - set(pins.columns))
    if absent:
        raise ValueError(f"pins lack column(s) {absent}")
    data = pins[list(dict.fromkeys(needed))].reset_index(drop=True).copy()
    data["number"] = data["number"].astype(str)
    return data


def outline_values(codes: Sequence[str], shown) -> pd.DataFrame:
    """The OUTLINES dataset: every area code of the outlines with `toon` (drawn) True for those in `shown`."""
    shown = set(shown)
    return pd.DataFrame({"code": list(codes), "toon": [code in shown for code in codes]})


def datasets(
    spec: dict, values: pd.DataFrame, pins: pd.DataFrame | None = None, outlines: pd.DataFrame | None = None
) -> dict:
    """The spec with this view's data: st.vega_lite_chart sends the frames as Arrow tables by name."""
    data = {VALUES: values}
    if pins is not None:
        data[PINS] = pins
    if outlines is not None:
        data[OUTLINES] = outlines
    return {**spec, "datasets": {**spec.get("datasets", {}), **data}}


PIN_FILL = (26, 26, 26, 255)


def selected_code(event) -> str | None:
    """The municipality a click selected, from Streamlit's selection state of the map (or None)."""
    try:
        points = event["selection"][SELECTION]
    except (KeyError, TypeError):
        try:
            points = event.selection[SELECTION]
        except (AttributeError, KeyError, TypeError):
            return None
    for point in points or []:
        code = point.get("code") if isinstance(point, Mapping) else None
        if isinstance(code, str):
            return code
    return None


def tips(fields: Sequence[str], title) -> tuple[Tip, ...]:
    """Tooltip lines for `fields`, titled by `title(field)` (e.g. the catalogue in the page's language)."""
    return tuple(Tip(field, title(field)) for field in fields)


def catalogue_tips(titles: Mapping[str, str], lang: str) -> tuple[Tip, ...]:
    """Tooltip lines for the columns of `titles` (column -> the name of its title, map.tip.<name> in the catalogue),
    in that order, titled in `lang`."""
    return tips(tuple(titles), lambda field: t(f"map.tip.{titles[field]}", lang))


# The tooltip lines of each page's map: column -> title (map.tip.<title>), in the order shown.
COALITION_TIPS = {
    "naam": "naam",
    "tranche_label": "tranche",
    "datum_label": "datum",
    "inwoners_label": "inwoners",
    "basis_label": "basis",
}
STORY_PIN_TIPS = {"naam": "naam", "verhaal": "verhaal", "titel": "titel", "thema": "thema", "bron_label": "bron"}
FUNDING_TIPS = {
    "naam": "naam",
    "per_inwoner_label": "per_inwoner",
    "bedrag_label": "bedrag",
    "inwoners_label": "inwoners",
    "tranche_label": "tranche",
    "regelingen_label": "regelingen",
    "basis_label": "basis",
}
NNZ_TIPS = {
    "naam": "naam",
    "programma_label": "programma",
    "centrum_label": "centrum",
    "start_label": "start",
    "basis_label": "basis",
}
PEER_TIPS = {"naam": "naam", "rol_label": "rol", "gelijkenis_label": "gelijkenis"}


def map_spec(
    tips: Sequence[Tip],
    text_columns: Sequence[str] = (),
    pin_tips: Sequence[Tip] | None = None,
    outlines: dict | None = None,
    outline_rgba=palette.NNZ_OUTLINE_RGBA,
    description: str = "",
) -> dict:
    """The spec of a page's map (choropleth without a fixed height: it takes its box's), as sent."""
    return choropleth(
        tips,
        text_columns=text_columns,
        pin_tips=pin_tips,
        outlines=outlines,
        outline_rgba=outline_rgba,
        description=description,
        height=None,
    ).to_dict(validate=False)
