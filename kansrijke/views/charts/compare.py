"""Altair charts of the page "Vergelijk". Pure: tidy frames and translated labels in, alt.Chart out.

Modelled figures are drawn lighter (opacity) and hollow where the mark allows it, and the basis is named in the
legend and tooltip, so the difference never rests on colour alone. Colours are Okabe-Ito (kansrijke.views.palette).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from kansrijke.views import palette

OPACITY = {"bron": 1.0, "model": 0.45}


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


# Role of a bar -> colour: the chosen municipality, its peers, and the three references (greys are kept for
# "no data", so the references get a dark neutral and two further Okabe-Ito hues).
ROLE_RGB = {
    "gekozen": palette.HIGHLIGHT_RGBA[:3],  # reddish purple, as the outline on the map
    "peer": palette.PEER_RGB,
    "provincie": (230, 159, 0),  # orange
    "ggd": (0, 158, 115),  # bluish green
    "nederland": (60, 60, 60),  # near black
}
EVENT_RGB = {"coalitie": (0, 114, 178), "nnz": (213, 94, 0)}


ORDER = "volgorde"  # a column the charts add: the position of a row's area in the order the page gives


def _in_order(frame: pd.DataFrame) -> tuple[pd.DataFrame, alt.EncodingSortField]:
    """The frame with each name's position (first appearance) in ORDER, and the sort that keeps that order. The
    order is data, not part of the spec: another set of peers changes only the data, so the browser updates the
    chart in place instead of building it again."""
    positions = {name: n for n, name in enumerate(dict.fromkeys(frame["naam"]))}
    return frame.assign(**{ORDER: frame["naam"].map(positions)}), alt.EncodingSortField(
        ORDER, op="min", order="ascending"
    )


def funding_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> alt.Chart:
    """Horizontal bars of euros per inhabitant (comparison.funding_bars plus text columns).

    `frame` columns: naam, rol, rol_label, eur_per_inwoner, waarde_label, basis, basis_label.
    `labels`: x (axis title), rol (legend title), basis (legend title), naam (axis title)."""
    roles = [r for r in ROLE_RGB if r in set(frame["rol"])]
    role_labels = [frame.loc[frame["rol"] == r, "rol_label"].iloc[0] for r in roles]
    basis_labels = frame.drop_duplicates("basis").set_index("basis")["basis_label"].to_dict()
    frame, order = _in_order(frame)
    return (
        alt.Chart(frame)
        .mark_bar(stroke="#333333", strokeWidth=0.8)
        .encode(
            y=alt.Y("naam:N", sort=order, title=labels["naam"]),
            x=alt.X("eur_per_inwoner:Q", title=labels["x"]),
            color=alt.Color(
                "rol_label:N",
                title=labels["rol"],
                scale=alt.Scale(domain=role_labels, range=[_hex(ROLE_RGB[r]) for r in roles]),
            ),
            opacity=alt.Opacity(
                "basis_label:N",
                title=labels["basis"],
                scale=alt.Scale(
                    domain=[basis_labels[b] for b in OPACITY if b in basis_labels],
                    range=[OPACITY[b] for b in OPACITY if b in basis_labels],
                ),
            ),
            tooltip=[
                alt.Tooltip("naam:N", title=labels["naam"]),
                alt.Tooltip("waarde_label:N", title=labels["x"]),
                alt.Tooltip("basis_label:N", title=labels["basis"]),
            ],
        )
        .properties(height=alt.Step(26))
    )


def timeline_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> alt.Chart:
    """Dots on a time axis: when each municipality joined a coalition and its NNZ programme started
    (comparison.timeline_points plus text columns). Sourced dates are filled, modelled dates hollow.

    `frame` columns: naam, gebeurtenis, gebeurtenis_label, datum, datum_label, basis, basis_label.
    `labels`: x, naam, gebeurtenis, basis."""
    events = [e for e in EVENT_RGB if e in set(frame["gebeurtenis"])]
    event_labels = [frame.loc[frame["gebeurtenis"] == e, "gebeurtenis_label"].iloc[0] for e in events]
    basis_labels = frame.drop_duplicates("basis").set_index("basis")["basis_label"].to_dict()
    shown = [b for b in OPACITY if b in basis_labels]
    frame, order = _in_order(frame)
    return (
        alt.Chart(frame)
        .mark_point(size=140, strokeWidth=2)
        .encode(
            x=alt.X("datum:T", title=labels["x"]),
            y=alt.Y("naam:N", sort=order, title=labels["naam"]),
            color=alt.Color(
                "gebeurtenis_label:N",
                title=labels["gebeurtenis"],
                scale=alt.Scale(domain=event_labels, range=[_hex(EVENT_RGB[e]) for e in events]),
            ),
            shape=alt.Shape(
                "gebeurtenis_label:N",
                title=labels["gebeurtenis"],
                scale=alt.Scale(domain=event_labels, range=["circle", "diamond"][: len(events)]),
            ),
            fill=alt.Fill(
                "basis_label:N",
                title=labels["basis"],
                scale=alt.Scale(
                    domain=[basis_labels[b] for b in shown],
                    range=["#333333" if b == "bron" else "#ffffff" for b in shown],
                ),
            ),
            tooltip=[
                alt.Tooltip("naam:N", title=labels["naam"]),
                alt.Tooltip("gebeurtenis_label:N", title=labels["gebeurtenis"]),
                alt.Tooltip("datum_label:N", title=labels["x"]),
                alt.Tooltip("basis_label:N", title=labels["basis"]),
            ],
        )
        .properties(height=alt.Step(30))
    )


def contribution_chart(frame: pd.DataFrame, labels: Mapping[str, str]) -> alt.Chart:
    """Stacked bars: how much each characteristic adds to a peer's distance (peers.find_peers, long form).

    `frame` columns: naam, kenmerk_label, bijdrage (0..1 share of the distance), bijdrage_label.
    `labels`: x, naam, kenmerk."""
    frame, order = _in_order(frame)
    hues = [(0, 114, 178), (86, 180, 233), (230, 159, 0), (240, 228, 66), (0, 158, 115), (213, 94, 0), (204, 121, 167)]
    kinds = list(dict.fromkeys(frame["kenmerk_label"]))
    return (
        alt.Chart(frame)
        .mark_bar(stroke="#333333", strokeWidth=0.5)
        .encode(
            y=alt.Y("naam:N", sort=order, title=labels["naam"]),
            x=alt.X("bijdrage:Q", stack="zero", title=labels["x"]),
            color=alt.Color(
                "kenmerk_label:N",
                title=labels["kenmerk"],
                scale=alt.Scale(domain=kinds, range=[_hex(h) for h in hues[: len(kinds)]]),
            ),
            tooltip=[
                alt.Tooltip("naam:N", title=labels["naam"]),
                alt.Tooltip("kenmerk_label:N", title=labels["kenmerk"]),
                alt.Tooltip("bijdrage_label:N", title=labels["x"]),
            ],
        )
        .properties(height=alt.Step(26))
    )
