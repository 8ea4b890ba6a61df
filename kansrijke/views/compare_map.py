"""The comparison page's map coloured by one characteristic (issue 22, item 5): the country in classes of that
characteristic, the chosen municipality and its peers outlined, grey where there is no value, a legend and its
source. Plain values, no Streamlit; the map itself is the page's Vega-Lite choropleth (kansrijke.views.vega_maps).

Class breaks are data, made once here from the values (`class_breaks`):
- urbanity: CBS's own five classes (fixed breaks between 1, 2, 3, 4 and 5);
- every other characteristic: quintiles of the municipalities that have a value (each class holds about a fifth
  of them), each break rounded to the precision it is shown in (`Characteristic.digits`), so that the legend's
  labels are the breaks the map uses; repeated breaks (many equal values) are dropped, leaving fewer classes.
A value v is in class i when breaks[i-1] <= v < breaks[i] (the first class: below breaks[0]; the last: breaks[-1]
or more). Colours: the sequential yellow-green-blue scheme of the funding map (palette.EUR_CLASS_RGB, without
its palest step), spread over the classes, darker for a higher value; grey (vega_maps.NO_DATA_FILL) for no value.
A modelled characteristic (peers.Feature.modelled: the date joined) is drawn lighter with a dashed outline, and its
legend says it is modelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from kansrijke.domain import peers
from kansrijke.text import fmt_date, fmt_int, fmt_number, fmt_pct, t
from kansrijke.views import blocks, palette

ROLES = "rol"  # the map of roles (the chosen municipality, its peers, the rest): the page's default
MAP_KEY = "kleur"  # the URL parameter (and the select) of what colours the map: ?kleur=geboorten
QUANTILES = (0.2, 0.4, 0.6, 0.8)
CLASS_RGB = palette.EUR_CLASS_RGB[1:]  # five sequential steps, the lowest still unlike the no-data grey
PEER_LINE_WIDTH = 3.0  # px: well over the province lines (1.3 px), so a peer does not read as a province border
EPOCH = pd.Timestamp("1970-01-01")  # peers.feature_frame's deelname_dag counts days from here


@dataclass(frozen=True)
class Characteristic:
    """A characteristic the map can be coloured by: the peer feature's key, the feature frame's column with the
    value as shown (not its log), how it is written (kind) and to how many decimals (digits; negative: rounded
    to tens, hundreds), and fixed breaks (None: quintiles)."""

    key: str
    column: str
    kind: str  # count | rate | share | class | density | date
    digits: int = 0
    breaks: tuple[float, ...] | None = None

    @property
    def modelled(self) -> bool:
        return peers.BY_KEY[self.key].modelled


CHARACTERISTICS: tuple[Characteristic, ...] = (
    Characteristic("inwoners", "inwoners", "count", -2),
    Characteristic("geboorten", "geboorten_per_1000", "rate", 1),
    Characteristic("jong", "aandeel_0_14", "share", 0),
    Characteristic("stedelijkheid", "stedelijkheid", "class", 0, (1.5, 2.5, 3.5, 4.5)),
    Characteristic("gezinnen", "aandeel_met_kinderen", "share", 0),
    Characteristic("laag_inkomen", "aandeel_laag_inkomen", "share", 1),
    Characteristic("sociaal_minimum", "aandeel_sociaal_minimum", "share", 1),
    Characteristic("dichtheid", "dichtheid", "density", 0),
    Characteristic("deelname", "deelname_dag", "date", 0),
)
BY_KEY = {c.key: c for c in CHARACTERISTICS}
OPTIONS = (ROLES, *BY_KEY)  # the select's options, in this order


def option_label(key: str, lang: str) -> str:
    """The select's label of an option: the map of roles, or the characteristic (marked when modelled)."""
    from kansrijke.views.context_view import feature_label

    return t("vergelijk.kaart.option_rol", lang) if key == ROLES else feature_label(key, lang)


def class_breaks(values: pd.Series, characteristic: Characteristic) -> tuple[float, ...]:
    """The breaks between the classes (ascending, without repeats): the fixed ones, or the quintiles of the known
    values rounded to the characteristic's precision; () when there is no value."""
    if characteristic.breaks is not None:
        return characteristic.breaks
    known = values.dropna().astype("float64")
    if known.empty:
        return ()
    cuts = (round(float(q), characteristic.digits) for q in np.quantile(known, QUANTILES))
    return tuple(sorted(set(cuts)))


def classify(values: pd.Series, breaks: tuple[float, ...]) -> pd.Series:
    """The class of every value (0 .. len(breaks)), -1 for a missing value."""
    numbers = values.astype("float64")
    classes = np.searchsorted(np.asarray(breaks, dtype="float64"), numbers.fillna(0).to_numpy(), side="right")
    return pd.Series(np.where(numbers.isna(), -1, classes), index=values.index, dtype="int64")


def class_colours(count: int) -> tuple[tuple[int, int, int], ...]:
    """`count` colours of CLASS_RGB spread from the lightest to the darkest (one class: the middle one)."""
    if count <= 1:
        return (CLASS_RGB[len(CLASS_RGB) // 2],)
    steps = np.linspace(0, len(CLASS_RGB) - 1, count).round().astype(int)
    return tuple(CLASS_RGB[i] for i in steps)


def value_text(characteristic: Characteristic, value, lang: str) -> str:
    """A value as the map's tooltip and legend write it: '21.300', '11,4', '18%', '2 (sterk stedelijk)', '450',
    '1 juli 2020'."""
    if value is None or pd.isna(value):
        return t("format.missing", lang)
    digits = max(characteristic.digits, 0)
    if characteristic.kind == "date":
        return fmt_date((EPOCH + pd.Timedelta(days=int(round(float(value))))).date(), lang)
    if characteristic.kind == "class":
        return f"{int(value)} ({t(f'context.urbanity.{int(value)}', lang)})"
    if characteristic.kind == "share":
        return fmt_pct(float(value), lang, digits)
    if characteristic.kind in ("count", "density"):
        return fmt_int(round(float(value)), lang)
    return fmt_number(float(value), lang, digits)


def class_labels(characteristic: Characteristic, breaks: tuple[float, ...], lang: str) -> tuple[str, ...]:
    """The legend's label of every class: 'lager dan 10,5', '10,5 tot 11,2', ..., '12,0 of meer'; urbanity by
    CBS's names of its classes."""
    if characteristic.kind == "class":
        return tuple(f"{klass} {t(f'context.urbanity.{klass}', lang)}" for klass in range(1, len(breaks) + 2))
    if not breaks:
        return ()
    words = [value_text(characteristic, b, lang) for b in breaks]
    middle = (t("vergelijk.kaart.class_between", lang, van=a, tot=b) for a, b in pairwise(words))
    return (
        t("vergelijk.kaart.class_below", lang, tot=words[0]),
        *middle,
        t("vergelijk.kaart.class_above", lang, van=words[-1]),
    )


FRAME_COLUMNS = ["code", "fill_color", "line_color", "line_width", "basis", "rol_label", "waarde_label"]


def map_frame(
    features: pd.DataFrame, key: str, chosen: str | None, peer_codes: Iterable[str], lang: str
) -> pd.DataFrame:
    """The map frame (kansrijke.views.map_contract) of every municipality of `features` (peers.feature_frame)
    coloured by the characteristic `key`: its class colour (grey without a value; lighter, and a dashed outline,
    where the value is modelled), the peers outlined (line_width), and the tooltip lines (role, value)."""
    characteristic = BY_KEY[key]
    values = features[characteristic.column]
    breaks = class_breaks(values, characteristic)
    classes = classify(values, breaks)
    colours = class_colours(len(breaks) + 1)
    peer_set = set(peer_codes)
    name = t(f"vergelijk.feature.{key}", lang)
    modelled = _modelled_rows(features, characteristic)
    rows = []
    for index, code in features["code"].items():
        klass = int(classes[index])
        basis = "model" if modelled[index] else ""
        if klass < 0:
            fill = [*palette.NOT_YET_RGB, 255]
        else:
            fill = palette.fill_rgba(colours[klass], "model" if basis else "bron")
        role = "gekozen" if code == chosen else "peer" if code in peer_set else "other"
        rows.append(
            {
                "code": code,
                "fill_color": fill,
                "line_color": list(palette.PEER_OUTLINE_RGBA if role == "peer" else palette.OUTLINE_MODELLED),
                "line_width": PEER_LINE_WIDTH if role == "peer" else None,
                "basis": basis,
                "rol_label": t(f"vergelijk.role.{role}", lang),
                "waarde_label": f"{name}: {value_text(characteristic, values[index], lang)}",
            }
        )
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def _modelled_rows(features: pd.DataFrame, characteristic: Characteristic) -> pd.Series:
    """True where the municipality's value is modelled: the date joined where its coalition row is modelled."""
    if not characteristic.modelled:
        return pd.Series(False, index=features.index)
    return features["basis_deelname"].fillna("model") != "bron"


def map_values(features: pd.DataFrame, municipalities: pd.DataFrame, key: str, chosen, peer_codes, lang: str):
    """The characteristic map's values (kansrijke.views.vega_maps.map_values)."""
    from kansrijke.views.vega_maps import map_values as values

    return values(map_frame(features, key, chosen, tuple(peer_codes), lang), municipalities, {}, chosen)


def legend(features: pd.DataFrame, tables, key: str, lang: str) -> str:
    """The legend beside the map (HTML): what colours it, the classes, grey for no value, the outlines, and the
    source line (CBS table and edition with its date; the model for a modelled characteristic)."""
    from kansrijke.views.captions import legend_lines_html

    characteristic = BY_KEY[key]
    breaks = class_breaks(features[characteristic.column], characteristic)
    alpha = "model" if characteristic.modelled else "bron"
    items = [
        (label, palette.fill_rgba(rgb, alpha))
        for label, rgb in zip(class_labels(characteristic, breaks, lang), class_colours(len(breaks) + 1))
    ]
    items.append((t("vergelijk.kaart.no_data", lang), [*palette.NOT_YET_RGB, 255]))
    return blocks.block(
        blocks.paragraph(
            t("vergelijk.kaart.legend_title", lang, kenmerk=t(f"vergelijk.feature.{key}", lang)), strong=True
        ),
        legend_lines_html(items),
        blocks.caption(
            t("vergelijk.kaart.classes_fixed" if characteristic.breaks else "vergelijk.kaart.classes", lang)
        ),
        blocks.caption(t("vergelijk.kaart.outlines", lang)),
        blocks.caption(_source(characteristic, tables, lang)),
    )


def _source(characteristic: Characteristic, tables, lang: str) -> str:
    from kansrijke.views.captions import source_line

    if characteristic.modelled:
        return t("vergelijk.kaart.source_modelled", lang)
    if characteristic.key == "dichtheid":
        return t("vergelijk.density_note", lang)
    if characteristic.key == "inwoners":
        return source_line(tables.inwoners.iloc[0], lang)
    return source_line(tables.context.iloc[0], lang)
