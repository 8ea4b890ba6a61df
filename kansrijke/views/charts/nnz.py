"""Altair charts of the Nu Niet Zwanger page: programmes over time against the target, and published reach.

Pure: frames from kansrijke.views.nnz_view and translated labels in, an alt.Chart out. Colours are Okabe-Ito and every
colour is paired with a shape or line style, so no reading depends on hue alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

# Okabe-Ito, for the published indicators (one colour and one shape each).
MARKER_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
MARKER_SHAPES = ("circle", "square", "diamond", "triangle-down", "cross", "triangle-up")
STEP_COLOUR = "#333333"
TARGET_COLOUR = "#D55E00"
CHOSEN_COLOUR = "#CC79A7"


@dataclass(frozen=True)
class ProgrammeLabels:
    x: str  # axis title of the time axis
    y: str  # axis title: programmes
    series: str  # legend title of the step lines
    indicator: str  # legend title of the published points
    figure: str  # tooltip: the figure as published
    source: str  # tooltip: source
    date: str  # tooltip: date
    target: str  # text next to the target line ("doel: 50 in 2021")
    chosen: str  # text at the chosen date
    bron_series: str  # name of the sourced-only series (drawn solid)
    alle_series: str  # name of the all-rows series (drawn dashed)


def _time_axis(title: str, domain: tuple[str, str]) -> alt.X:
    """Years only: Vega writes month names in English, whatever the page's language."""
    return alt.X(
        "datum:T",
        title=title,
        scale=alt.Scale(domain=list(domain), clamp=True),  # earlier starts at the edge
        axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelAngle=0),
    )


def _legend(title: str) -> alt.Legend:
    return alt.Legend(title=title, orient="bottom", direction="vertical", labelLimit=0, titleLimit=0)


def _labels(chart: alt.Chart, x, y, field: str) -> alt.LayerChart | alt.FacetChart:
    """Text labels beside points, alternately above and below, so neighbouring labels do not overlap."""
    ranked = chart.transform_window(_rank="row_number()", sort=[alt.SortField("datum")])
    above = ranked.transform_filter("datum._rank % 2 == 1").mark_text(align="left", dx=8, dy=-9, fontSize=11)
    below = ranked.transform_filter("datum._rank % 2 == 0").mark_text(align="left", dx=8, dy=12, fontSize=11)
    return alt.layer(above.encode(x=x, y=y, text=f"{field}:N"), below.encode(x=x, y=y, text=f"{field}:N"))


def _tooltip(labels) -> list:
    return [
        alt.Tooltip("datum_label:N", title=labels.date),
        alt.Tooltip("cijfer:N", title=labels.figure),
        alt.Tooltip("wat:N", title=labels.indicator),
        alt.Tooltip("bron:N", title=labels.source),
    ]


def programmes_chart(
    steps: pd.DataFrame,
    markers: pd.DataFrame,
    target: pd.Series,
    chosen,
    labels: ProgrammeLabels,
    domain: tuple[str, str],
) -> alt.LayerChart | alt.FacetChart:
    """Step lines of the programmes in the tables (sourced-only solid, all rows dashed), the published points as
    markers (colour + shape per indicator, tooltip with figure and source), the target as a horizontal line, and
    the chosen date as a vertical rule. `domain`: the time axis (ISO dates)."""
    x = _time_axis(labels.x, domain)
    y_max = max(float(target["waarde"]), float(markers["waarde"].max() if len(markers) else 0)) * 1.1
    y = alt.Y("programmas:Q", title=labels.y, scale=alt.Scale(domain=[0, y_max]))
    dash = alt.StrokeDash(
        "reeks_label:N",
        legend=_legend(labels.series),
        scale=alt.Scale(domain=[labels.bron_series, labels.alle_series], range=[[1, 0], [6, 4]]),
    )
    step_lines = (
        alt.Chart(steps)
        .mark_line(interpolate="step-after", color=STEP_COLOUR, strokeWidth=2, clip=True)
        .encode(
            x=x,
            y=y,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("reeks_label:N", title=labels.series),
                alt.Tooltip("datum_tekst:N", title=labels.date),
                alt.Tooltip("programmas:Q", title=labels.y),
            ],
        )
    )
    kinds = list(dict.fromkeys(markers["wat"]))
    points = (
        alt.Chart(markers)
        .mark_point(filled=True, size=110, opacity=1, stroke="#000000", strokeWidth=0.6)
        .encode(
            x=x,
            y=alt.Y("waarde:Q"),
            color=alt.Color(
                "wat:N",
                scale=alt.Scale(domain=kinds, range=list(MARKER_COLOURS[: len(kinds)])),
                legend=_legend(labels.indicator),
            ),
            shape=alt.Shape(
                "wat:N",
                scale=alt.Scale(domain=kinds, range=list(MARKER_SHAPES[: len(kinds)])),
                legend=_legend(labels.indicator),
            ),  # same field and title as colour: one merged legend
            tooltip=_tooltip(labels),
        )
    )
    point_text = _labels(alt.Chart(markers), x, alt.Y("waarde:Q"), "cijfer")
    goal = pd.DataFrame(
        {"waarde": [float(target["waarde"])], "label": [labels.target], "datum": [pd.Timestamp(domain[0])]}
    )
    goal_rule = (
        alt.Chart(goal).mark_rule(color=TARGET_COLOUR, strokeDash=[2, 2], strokeWidth=2).encode(y=alt.Y("waarde:Q"))
    )
    goal_text = (
        alt.Chart(goal)
        .mark_text(align="left", dy=-7, color=TARGET_COLOUR, fontWeight="bold")
        .encode(x=alt.X("datum:T"), y=alt.Y("waarde:Q"), text="label:N")
    )
    chosen_frame = pd.DataFrame({"datum": [pd.Timestamp(chosen)], "label": [labels.chosen]})
    chosen_rule = alt.Chart(chosen_frame).mark_rule(color=CHOSEN_COLOUR, strokeWidth=2).encode(x=alt.X("datum:T"))
    return alt.layer(goal_rule, goal_text, chosen_rule, step_lines, points, point_text).properties(height=380)


@dataclass(frozen=True)
class ReachLabels:
    x: str
    y: str
    indicator: str
    figure: str
    source: str
    date: str
    kind: str  # legend title: exact value or lower bound ("meer dan")
    exact_kind: str  # value of column kwalificatie for a figure as stated (circle)
    lower_kind: str  # value of column kwalificatie for a lower bound, "more than" (upward triangle)


def reach_chart(
    points: pd.DataFrame, labels: ReachLabels, domain: tuple[str, str], y_domain: tuple[float, float]
) -> alt.LayerChart | alt.FacetChart:
    """Published reach figures as points only (no line: the rows come from different sources and two disagree),
    labelled with the figure as published; colour per indicator, shape per kind (a lower bound such as 'more
    than 130' is an upward triangle)."""
    x = _time_axis(labels.x, domain)
    y = alt.Y("waarde:Q", title=labels.y, scale=alt.Scale(domain=list(y_domain)))
    kinds = list(dict.fromkeys(points["wat"]))
    base = alt.Chart(points)
    dots = base.mark_point(filled=True, size=120, opacity=1, stroke="#000000", strokeWidth=0.6).encode(
        x=x,
        y=y,
        color=alt.Color(
            "wat:N",
            scale=alt.Scale(domain=kinds, range=list(MARKER_COLOURS[: len(kinds)])),
            legend=_legend(labels.indicator),
        ),
        shape=alt.Shape(
            "kwalificatie:N",
            scale=alt.Scale(domain=[labels.exact_kind, labels.lower_kind], range=["circle", "triangle-up"]),
            legend=_legend(labels.kind),
        ),
        tooltip=_tooltip(labels),
    )
    return alt.layer(dots, _labels(base, x, y, "cijfer")).properties(height=260)
