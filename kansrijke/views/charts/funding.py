"""Altair charts of the funding page: the GIDS top-up and the ranking of euros per inhabitant.

Pure: frames of kansrijke.domain.funding plus translated labels in, an alt.Chart out. Numbers are formatted by Vega with
the number locale of the chosen language (nl: 0,86; en: 0.86). Sourced rows are drawn opaque, modelled rows
lighter, and a legend says which is which; colours are Okabe-Ito and every colour distinction is doubled by a
shape or a dash pattern.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from kansrijke.views import palette

NUMBER_LOCALE = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}
MAX_NAMED_BARS = 60  # above this many municipalities the axis shows no names (the tooltip does)
OPACITY = {"bron": 1.0, "model": 0.45}
BEFORE_RGB, AFTER_RGB = (230, 159, 0), (0, 114, 178)  # Okabe-Ito orange and blue
BAR_RGB = (86, 180, 233)  # Okabe-Ito sky blue
RULE_DASHES = ([1, 0], [6, 3], [2, 2], [8, 2, 2, 2])


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def _localised(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    return chart.configure(locale={"number": NUMBER_LOCALE.get(lang, NUMBER_LOCALE["nl"])}).configure_legend(
        orient="top", direction="vertical", labelLimit=420, titleLimit=420
    )


def _x_axis(names: list[str], title: str, order_field: str | None = None) -> alt.X:
    """The municipalities along x in the order of `names`; with `order_field`, sorted by that column of the data
    instead (the spec then does not change with the data, so the browser updates the chart in place)."""
    show = len(names) <= MAX_NAMED_BARS
    sort = names if order_field is None else alt.EncodingSortField(order_field, order="ascending")
    return alt.X(
        "naam:N", sort=sort, title=title, axis=alt.Axis(labels=show, ticks=show, labelAngle=-50, labelLimit=140)
    )


def _basis_scale(labels: dict) -> alt.Scale:
    return alt.Scale(domain=[labels["bron"], labels["model"]], range=[OPACITY["bron"], OPACITY["model"]])


def ranking_chart(
    frame: pd.DataFrame,
    labels: dict,
    lang: str,
    highlight_code: str | None = None,
    rules: Sequence[tuple[str, float]] = (),
) -> alt.TopLevelMixin:
    """Bars of euros per inhabitant, highest first; the selected municipality in the highlight colour; one dashed
    horizontal rule per (label, value) in `rules` (e.g. province and tranche averages).

    frame: a kansrijke.domain.funding.per_inhabitant frame. labels: x, y, bron, model, selected, other, basis, marking,
    rules, amount, inhabitants.
    """
    data = frame[["code", "naam", "eur_per_inwoner", "bedrag_eur", "inwoners", "basis"]].copy()
    data["markering"] = [labels["selected"] if c == highlight_code else labels["other"] for c in data["code"]]
    data["basis_tekst"] = data["basis"].map({"bron": labels["bron"], "model": labels["model"]})
    names = data.sort_values(["eur_per_inwoner", "code"], ascending=[False, True])["naam"].tolist()
    data["volgorde"] = data["naam"].map({name: n for n, name in enumerate(names)})
    tooltip = [
        alt.Tooltip("naam:N", title=labels["x"]),
        alt.Tooltip("eur_per_inwoner:Q", title=labels["y"], format=",.2f"),
        alt.Tooltip("bedrag_eur:Q", title=labels["amount"], format=",.0f"),
        alt.Tooltip("inwoners:Q", title=labels["inhabitants"], format=",.0f"),
        alt.Tooltip("basis_tekst:N", title=labels["basis"]),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        x=_x_axis(names, labels["x"], "volgorde"),
        y=alt.Y("eur_per_inwoner:Q", title=labels["y"], axis=alt.Axis(format=",.2f")),
        color=alt.Color(
            "markering:N",
            title=labels["marking"],
            scale=alt.Scale(
                domain=[labels["selected"], labels["other"]], range=[_hex(palette.HIGHLIGHT_RGBA), _hex(BAR_RGB)]
            ),
        ),
        opacity=alt.Opacity("basis_tekst:N", title=labels["basis"], scale=_basis_scale(labels)),
        tooltip=tooltip,
    )
    layers = [bars]
    if highlight_code is not None and highlight_code in set(data["code"]):
        # A point on top of the selected bar keeps it visible when a bar is only a pixel or two wide.
        layers.append(
            base.transform_filter(alt.datum.code == highlight_code)
            .mark_point(
                shape="triangle-down",
                size=140,
                filled=True,
                color=_hex(palette.HIGHLIGHT_RGBA),
                yOffset=-8,
            )
            .encode(x=_x_axis(names, labels["x"], "volgorde"), y="eur_per_inwoner:Q", tooltip=tooltip)
        )
    if rules:
        rule_data = pd.DataFrame({"lijn": [label for label, _ in rules], "waarde": [value for _, value in rules]})
        layers.append(
            alt.Chart(rule_data)
            .mark_rule(color="#1a1a1a", strokeWidth=1.5)
            .encode(
                y="waarde:Q",
                strokeDash=alt.StrokeDash(
                    "lijn:N",
                    title=labels["rules"],
                    scale=alt.Scale(domain=rule_data["lijn"].tolist(), range=list(RULE_DASHES[: len(rule_data)])),
                ),
                tooltip=[
                    alt.Tooltip("lijn:N", title=labels["rules"]),
                    alt.Tooltip("waarde:Q", title=labels["y"], format=",.2f"),
                ],
            )
        )
    chart = alt.layer(*layers).properties(height=340, width="container")
    return _localised(chart, lang)


def top_up_chart(frame: pd.DataFrame, level: float, labels: dict, lang: str) -> alt.TopLevelMixin:
    """Per GIDS municipality (kansrijke.domain.funding.top_up): euros per inhabitant before (circle) and after the
    top-up (triangle), joined by a line, against the tranche-3 level as a dashed rule.

    labels: x, y, before, after, stand, level, bron, model, basis.
    """
    names = frame.sort_values(["voor_per_inwoner", "code"])["naam"].tolist()
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "naam": frame["naam"],
                    "stand": labels["before"],
                    "waarde": frame["voor_per_inwoner"],
                    "basis": frame["basis_voor"],
                }
            ),
            pd.DataFrame(
                {
                    "naam": frame["naam"],
                    "stand": labels["after"],
                    "waarde": frame["na_per_inwoner"],
                    "basis": frame["basis"],
                }
            ),
        ],
        ignore_index=True,
    )
    long["basis_tekst"] = long["basis"].map({"bron": labels["bron"], "model": labels["model"]})
    x = _x_axis(names, labels["x"])
    joins = alt.Chart(frame).mark_rule(color="#767676").encode(x=x, y="voor_per_inwoner:Q", y2="na_per_inwoner:Q")
    points = (
        alt.Chart(long)
        .mark_point(filled=True, size=45)
        .encode(
            x=x,
            y=alt.Y("waarde:Q", title=labels["y"], axis=alt.Axis(format=",.2f")),
            color=alt.Color(
                "stand:N",
                title=labels["stand"],
                scale=alt.Scale(domain=[labels["before"], labels["after"]], range=[_hex(BEFORE_RGB), _hex(AFTER_RGB)]),
            ),
            shape=alt.Shape(
                "stand:N",
                title=labels["stand"],
                scale=alt.Scale(domain=[labels["before"], labels["after"]], range=["circle", "triangle-up"]),
            ),
            opacity=alt.Opacity("basis_tekst:N", title=labels["basis"], scale=_basis_scale(labels)),
            tooltip=[
                alt.Tooltip("naam:N", title=labels["x"]),
                alt.Tooltip("stand:N", title=labels["stand"]),
                alt.Tooltip("waarde:Q", title=labels["y"], format=",.2f"),
                alt.Tooltip("basis_tekst:N", title=labels["basis"]),
            ],
        )
    )
    rule_data = pd.DataFrame({"lijn": [labels["level"]], "waarde": [level]})
    rule = (
        alt.Chart(rule_data)
        .mark_rule(color="#1a1a1a", strokeDash=[6, 3], strokeWidth=1.5)
        .encode(
            y="waarde:Q",
            tooltip=[
                alt.Tooltip("lijn:N", title=labels["stand"]),
                alt.Tooltip("waarde:Q", title=labels["y"], format=",.2f"),
            ],
        )
    )
    text = (
        alt.Chart(rule_data)
        .mark_text(align="left", baseline="bottom", dx=4, dy=-3, color="#1a1a1a")
        .encode(y="waarde:Q", x=alt.value(0), text="lijn:N")
    )
    chart = alt.layer(joins, points, rule, text).properties(height=340, width="container")
    return _localised(chart, lang)
