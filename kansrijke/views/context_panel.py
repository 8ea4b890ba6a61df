"""A municipality's CBS context beside its province, its GGD region and the country, as shown (plain values).

`context_rows(ctx, lang)` formats domain.context.municipality_context's figures for a reader: one row per figure
(PANEL: live births 2020, births per 1,000, share aged 0-14, urbanity, households with children, low income, near
the social minimum), one column per area. The municipality's value is CBS's own, written with CBS's precision;
the areas' figures are made from their municipalities (domain.context.method_of) and get one decimal more where
CBS rounds to whole numbers. `context_source(ctx, lang)` is the line under it: source, its date and the reference
periods. `panel_html` is the detail panel's block (views/blocks, every name escaped); the factsheet draws the same
rows on paper.
"""

from __future__ import annotations

import pandas as pd

from kansrijke.domain.context import LEVELS, MunicipalityContext, municipality_context
from kansrijke.text import fmt_date, fmt_int, fmt_number, fmt_pct, t
from kansrijke.views import blocks
from kansrijke.views.context_view import period_label, urbanity_label

# the figures of the detail panel and the factsheet (issue 22, item 3), in this order
PANEL: tuple[str, ...] = (
    "levendgeborenen",
    "geboorten_per_1000",
    "aandeel_0_14",
    "stedelijkheid",
    "aandeel_met_kinderen",
    "aandeel_laag_inkomen",
    "aandeel_sociaal_minimum",
)
# decimals of the municipality's own value as CBS publishes it (whole percentages, except the income block)
CBS_DECIMALS = {"aandeel_laag_inkomen": 1, "aandeel_sociaal_minimum": 1}
LEVEL_KEYS = {  # the areas' names by level (on paper, where the names stand above the table)
    "gemeente": "context.level.gemeente",
    "provincie": "context.level.provincie",
    "ggd": "context.level.ggd",
    "nederland": "context.level.nederland",
}
# four areas beside a label in the column beside the map (a laptop's third of the screen): smaller type, less room
COMPACT_CSS = (
    "<style>.ks-blok .ks-context table { font-size: 0.8rem; } "
    ".ks-blok .ks-context th, .ks-blok .ks-context td { padding: 0.3rem 0.25rem; }</style>"
)


def format_figure(column: str, kind: str, value: float, lang: str, own: bool) -> str:
    """One figure as written: a count in whole numbers, a share as a percentage, a rate per 1,000, an urbanity
    class by CBS's name; an area's share or rate one decimal finer than CBS's whole numbers (`own` False)."""
    if value != value:  # NaN: CBS publishes none
        return t("format.missing", lang)
    if kind == "count":
        return fmt_int(value, lang)
    if kind == "class":
        return urbanity_label(int(value), lang)
    decimals = CBS_DECIMALS.get(column, 0 if own else 1)
    if kind == "share":
        return fmt_pct(value, lang, decimals=decimals)
    return fmt_number(value, lang, decimals=decimals)


def context_rows(ctx: MunicipalityContext, lang: str, named: bool = True) -> pd.DataFrame:
    """The panel's table: index the figure's label, one column per area (`named`: Zwolle, Overijssel, the GGD
    region, Nederland; otherwise by level: Gemeente, Provincie, GGD-regio, Nederland, for paper, where the names
    stand above it), every value formatted (format_figure)."""
    names = {level: t(key, lang) for level, key in LEVEL_KEYS.items()}
    if named:
        names.update(gemeente=ctx.naam, provincie=ctx.provincie, ggd=ctx.ggd_regio)
    figures = ctx.figures.set_index("kenmerk")
    frame = pd.DataFrame(
        {
            names[level]: [
                format_figure(column, figures.at[column, "soort"], figures.at[column, level], lang, level == "gemeente")
                for column in PANEL
            ]
            for level in LEVELS
        },
        index=[t(f"context.indicator.{column}", lang) for column in PANEL],
    )
    return frame


def context_source(ctx: MunicipalityContext, lang: str, short: bool = False) -> str:
    """The source line of the context: CBS's table and edition (`short`: its name only, in a shorter sentence for
    paper), its date, the reference periods, how the areas' figures are made."""
    first = ctx.figures.iloc[0]
    return t(
        "exports.factsheet.context_source" if short else "detail.context_source",
        lang,
        bron=t("context.source", lang) + " (84799NED)" if short else first["bron"],
        datum=fmt_date(str(first["bron_datum"]), lang),
        januari=period_label("aandeel_0_14", lang),
        jaar=period_label("levendgeborenen", lang),
        inkomen=period_label("aandeel_laag_inkomen", lang),
    )


def panel_html(tables, code: str, lang: str) -> str:
    """The detail panel's context block: a heading, the table (municipality, province, GGD region, country) and
    its source line; a note when the municipality has no row in the context table."""
    title = t("detail.context_title", lang)
    try:
        ctx = municipality_context(tables, code, PANEL)
    except ValueError:
        return blocks.block(blocks.paragraph(title, strong=True), blocks.caption(t("detail.context_none", lang)))
    table = blocks.table(context_rows(ctx, lang), title, row_labels=True)
    return COMPACT_CSS + blocks.block(
        blocks.paragraph(title, strong=True),
        f'<div class="ks-context">{table}</div>',
        blocks.caption(context_source(ctx, lang)),
    )
