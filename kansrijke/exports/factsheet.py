"""The factsheet of one municipality: an A4 PDF (one page, two at most) to take to the council or the coalition.

Name, province, GGD region and inhabitants (with their date); coalition tranche and date; impulse money in total
and per inhabitant against its province, its tranche and the country; its Nu Niet Zwanger programme and start;
its CBS context (live births 2020, births per 1,000, share aged 0-14, urbanity, households with children, low
income, near the social minimum) beside its province, GGD region and the country, as in the detail panel
(views.context_panel); euros per live birth beside euros per inhabitant; its stories; a small locator map; the
data's date and the link to the view. Every figure is marked as sourced
(solid mark, "Bron: document (date)") or modelled (hatched mark, "Gemodelleerd: rule").

The figures come from the domain layer (kansrijke.domain.profile, funding); this module only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from kansrijke.domain import funding
from kansrijke.domain.context import municipality_context
from kansrijke.domain.profile import Profile, profile
from kansrijke.domain.stories import text_in
from kansrijke.exports import pdf as pdfkit
from kansrijke.exports import pictures, style
from kansrijke.exports.names import factsheet_name
from kansrijke.text import data_label, fmt_date, fmt_eur, fmt_eur_per_inhabitant, fmt_int, t
from kansrijke.views import context_panel, nnz_view, palette
from kansrijke.views.context_view import eur_per_birth_label

A4_W, A4_H = 210.0, 297.0
MARGIN = 16.0
BODY_W = A4_W - 2 * MARGIN
DEFAULT_BASE_URL = "http://localhost:8501"
SOURCED_RGB = (40, 40, 40)
MODELLED_RGB = (225, 225, 225)


@dataclass(frozen=True)
class Fact:
    """One line of the factsheet and its basis line."""

    text: str
    basis: str  # bron | model
    basis_text: str


def view_url(code: str, lang: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The link to this municipality on the map page (the search takes a CBS code). The map is the app's home page,
    which Streamlit routes at the root: a link to /kaart would open a "page not found" notice on a running server."""
    query = {"zoek": code}
    if lang == "en":
        query["lang"] = "en"
    return f"{base_url.rstrip('/')}/?{urlencode(query)}"


def basis_text(row, lang: str) -> str:
    """'Bron: document (date)' for a sourced row; 'Gemodelleerd: rule(s).' plus any partial evidence otherwise.
    Plain text (a PDF shows text literally)."""
    if row is None:
        return t("basis.unknown", lang)
    if row["basis"] == "bron":
        date = str(row.get("bron_datum", "") or "")
        return (
            t("source.line", lang, bron=row["bron"], datum=date)
            if date
            else t("source.line_nodate", lang, bron=row["bron"])
        )
    text = t("basis.model_rule", lang, regel=nnz_view.rule_labels(row.get("regel", ""), lang))
    if str(row.get("bron", "") or "").strip():
        text += " " + t("basis.evidence", lang, bron=row["bron"])
    return text


def _group_basis(rows: pd.DataFrame) -> str:
    return "bron" if len(rows) and (rows["basis"] == "bron").all() else "model"


def all_amounts(tables) -> pd.DataFrame:
    """Impulse money per inhabitant and per live birth 2020 (funding.with_births) of every municipality (all
    schemes): computed once for many factsheets."""
    amounts = funding.per_inhabitant(
        tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities, funding.TOTAAL
    )
    return funding.with_births(amounts, tables.context)


def funding_facts(tables, detail: Profile, lang: str, amounts: pd.DataFrame | None = None) -> list[Fact]:
    """Impulse money: each amount, the total per inhabitant, and the same against province, tranche and country."""
    facts = []
    for _, row in detail.funding.iterrows():
        facts.append(
            Fact(
                t(
                    "detail.funding",
                    lang,
                    regeling=t(f"regeling.{row['regeling']}", lang),
                    jaar=row["jaar"],
                    bedrag=fmt_eur(row["bedrag_eur"], lang),
                ),
                row["basis"],
                basis_text(row, lang),
            )
        )
    amounts = all_amounts(tables) if amounts is None else amounts
    scope = t("financiering.scope.totaal", lang)
    averages = funding.averages_for(amounts, detail.code)
    name = detail.municipality["naam"]
    if averages is None:
        basis = detail.coalition["basis"] if detail.coalition is not None else "model"
        facts.append(
            Fact(
                t("financiering.detail.none", lang, naam=name, scope=scope).split(";")[0] + ".",
                basis,
                basis_text(detail.coalition, lang),
            )
        )
        return facts
    own = amounts[amounts["code"] == detail.code].iloc[0]
    facts.append(
        Fact(
            t(
                "exports.factsheet.rate",
                lang,
                bedrag=fmt_eur(own["bedrag_eur"], lang),
                rate=fmt_eur_per_inhabitant(own["eur_per_inwoner"], lang),
                scope=scope,
            ),
            own["basis"],
            basis_text(own, lang),
        )
    )
    if "eur_per_geboorte" in own and pd.notna(own["levendgeborenen"]):
        facts.append(
            Fact(
                t(
                    "exports.factsheet.per_birth",
                    lang,
                    rate=eur_per_birth_label(own["eur_per_geboorte"], own["basis"], lang),
                    geboorten=fmt_int(own["levendgeborenen"], lang),
                ),
                own["basis"],
                basis_text(own, lang) + " " + t("exports.factsheet.births_source", lang),
            )
        )
    groups = [
        (
            t("vergelijk.level.provincie", lang, naam=averages.provincie),
            averages.provincie_rate,
            amounts[amounts["provincie"] == averages.provincie],
        ),
        (
            t(f"tranche.{averages.tranche}", lang) if averages.tranche else t("tranche.none", lang),
            averages.tranche_rate,
            amounts[amounts["tranche"] == averages.tranche],
        ),
        (t("exports.factsheet.country", lang), averages.national_rate, amounts),
    ]
    for label, rate, rows in groups:
        basis = _group_basis(rows)
        facts.append(
            Fact(
                t(
                    "exports.factsheet.compare",
                    lang,
                    groep=label,
                    rate=fmt_eur_per_inhabitant(rate, lang),
                    n=fmt_int(len(rows), lang),
                ),
                basis,
                t(
                    "exports.factsheet.group_basis." + basis,
                    lang,
                    n=fmt_int(int((rows["basis"] == "model").sum()), lang),
                    of=fmt_int(len(rows), lang),
                ),
            )
        )
    return facts


def facts(tables, code: str, lang: str, amounts: pd.DataFrame | None = None) -> dict[str, list[Fact]]:
    """The factsheet's content per section, as plain text in `lang`."""
    detail = profile(tables, code)
    pop, coalition = detail.population, detail.coalition
    sections: dict[str, list[Fact]] = {}
    sections["inwoners"] = [
        Fact(
            t(
                "detail.inhabitants",
                lang,
                n=fmt_int(int(pop["inwoners"]), lang),
                peildatum=data_label(pop["peildatum"], lang),
            ),
            pop["basis"],
            basis_text(pop, lang),
        )
    ]
    if coalition is not None:
        sections["coalitie"] = [
            Fact(
                t(
                    "detail.coalition_joined",
                    lang,
                    tranche=t(f"tranche.{coalition['tranche']}", lang),
                    date=fmt_date(coalition["datum_deelname"], lang),
                ),
                coalition["basis"],
                basis_text(coalition, lang),
            )
        ]
    else:
        sections["coalitie"] = [Fact(t("tranche.none", lang), "model", t("basis.unknown", lang))]
    sections["context"] = context_facts(tables, code, lang)
    sections["financiering"] = funding_facts(tables, detail, lang, amounts)
    link = detail.nnz_link
    if detail.nnz_programme is not None and link is not None:  # a programme comes with its link row
        sections["nnz"] = [
            Fact(
                t("detail.nnz", lang, naam=detail.nnz_programme["naam"], start=fmt_date(link["start_datum"], lang)),
                link["basis"],
                basis_text(link, lang),
            )
        ]
    else:
        sections["nnz"] = [Fact(t("detail.nnz_none", lang), "model", t("exports.factsheet.nnz_none_basis", lang))]
    sections["verhalen"] = [
        Fact(
            f"{text_in(story, 'titel', lang)} — {text_in(story, 'thema', lang)}\n"
            f"{text_in(story, 'samenvatting', lang)}",
            story["basis"],
            basis_text(story, lang),
        )
        for _, story in detail.stories.iterrows()
    ]
    return sections


def _rings(geometry):
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    for polygon in polygons:
        yield list(polygon.exterior.coords)


def draw_locator(pdf, code: str, x: float, y: float, w: float, h: float) -> None:
    """The locator map drawn as vector shapes into the PDF (sharp at any zoom, a few kB, no picture to render):
    the provinces in light grey, the municipality in the highlight colour, ringed so that a small one is found."""
    shapes, provinces = pictures.municipalities_rd(), pictures.provinces_rd()
    own = shapes[shapes["code"] == code]
    if own.empty:
        raise ValueError(f"unknown municipality code {code!r} (boundaries 2020)")
    minx, miny, maxx, maxy = shapes.total_bounds
    scale = min(w / (maxx - minx), h / (maxy - miny))
    left = x + (w - (maxx - minx) * scale) / 2
    top = y + (h - (maxy - miny) * scale) / 2

    def page(points):
        return [(left + (px - minx) * scale, top + (maxy - py) * scale) for px, py in points]

    highlight = palette.HIGHLIGHT_RGBA[:3]
    with pdf.local_context():
        pdf.set_fill_color(*pictures.LOCATOR_FILL)
        pdf.set_draw_color(255, 255, 255)
        pdf.set_line_width(0.25)
        for geometry in provinces.geometry:
            for ring in _rings(geometry):
                pdf.polygon(page(ring), style="DF")
        pdf.set_fill_color(*highlight)
        pdf.set_draw_color(*highlight)
        pdf.set_line_width(0.15)
        for ring in _rings(own.geometry.iloc[0]):
            pdf.polygon(page(ring), style="DF")
        point = own.geometry.iloc[0].representative_point()
        ((cx, cy),) = page([(point.x, point.y)])
        pdf.set_line_width(0.5)
        pdf.circle(x=cx, y=cy, radius=3.2, style="D")


SECTION_ORDER = ("inwoners", "coalitie", "financiering", "nnz", "verhalen")  # the context sits in the heading
CONTEXT_LABEL_W = 52.0  # the label column of the context table; the four areas share the rest of the width


def context_facts(tables, code: str, lang: str) -> list[Fact]:
    """The context section: one Fact holding the table's rows as text ('label: municipality | province | GGD |
    country', for the PDF's text layer and tests) with its CBS source; none without a row in the context table."""
    try:
        ctx = municipality_context(tables, code, context_panel.PANEL)
    except ValueError:
        return []
    rows = context_panel.context_rows(ctx, lang, named=False)
    text = "\n".join(f"{label}: {' | '.join(values)}" for label, *values in rows.itertuples(index=True))
    return [Fact(text, "bron", context_panel.context_source(ctx, lang))]


def _row(pdf, x: float, widths: list[float], texts: list[str], line_h: float) -> None:
    """One table row: each cell wrapped in its own width, the row as high as its tallest cell."""
    lines = [len(pdf.multi_cell(w, line_h, text, dry_run=True, output="LINES")) for w, text in zip(widths, texts)]
    top = pdf.get_y()
    for w, text in zip(widths, texts):
        pdf.set_xy(x, top)
        pdf.multi_cell(w, line_h, text, align="L")
        x += w
    pdf.set_xy(MARGIN, top + max(lines) * line_h + 0.3)


def draw_context(pdf, tables, code: str, lang: str, width: float) -> None:
    """The context as a table in `width` from the left margin: its heading, a header row with the four areas,
    one row per figure (cells wrap), then its source line; every figure sourced (one solid mark)."""
    ctx = municipality_context(tables, code, context_panel.PANEL)
    rows = context_panel.context_rows(ctx, lang, named=False)
    ink, muted = style.TEXT_RGB, style.MUTED_RGB
    label_w = CONTEXT_LABEL_W
    widths = [label_w, *[(width - 5 - label_w) / len(rows.columns)] * len(rows.columns)]
    _mark(pdf, MARGIN, pdf.get_y() + 0.9, "bron")
    pdf.set_font(pdfkit.FAMILY, "B", 9.5)
    pdf.set_text_color(*ink)
    pdf.set_x(MARGIN + 5)
    pdf.multi_cell(width - 5, 4.6, t("exports.factsheet.section.context", lang), align="L")
    pdf.set_font(pdfkit.FAMILY, "B", 7.2)
    _row(pdf, MARGIN + 5, widths, ["", *map(str, rows.columns)], 2.9)
    pdf.set_font(pdfkit.FAMILY, "", 7.4)
    for label, *values in rows.itertuples(index=True):
        _row(pdf, MARGIN + 5, widths, [str(label), *map(str, values)], 2.9)
    pdf.set_font(pdfkit.FAMILY, "I", 6.8)
    pdf.set_text_color(*muted)
    pdf.set_x(MARGIN + 5)
    pdf.multi_cell(width - 5, 2.9, context_panel.context_source(ctx, lang, short=True), align="L")


def _mark(pdf, x: float, y: float, basis: str) -> None:
    """The basis mark in front of a fact: solid dark square = sourced, light hatched square = modelled."""
    if basis == "bron":
        pdfkit.swatch(pdf, x, y, 3.2, 3.2, SOURCED_RGB, hatched=False)
    else:
        pdfkit.swatch(pdf, x, y, 3.2, 3.2, MODELLED_RGB, hatched=True)


def factsheet_pdf(
    tables, code: str, lang: str, base_url: str = DEFAULT_BASE_URL, amounts: pd.DataFrame | None = None
) -> bytes:
    """The factsheet of `code` as PDF bytes (identical for identical inputs). ValueError for an unknown code.
    `amounts` (all_amounts(tables)) may be passed in when many factsheets are made from the same tables."""
    detail = profile(tables, code)
    sections = facts(tables, code, lang, amounts)
    m = detail.municipality
    date_iso = pictures.data_date(tables)
    pdf = pdfkit.new_pdf(A4_W, A4_H, t("exports.factsheet.doc_title", lang, naam=m["naam"]), lang, date_iso)
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    ink, muted = style.TEXT_RGB, style.MUTED_RGB
    map_w = 38.0
    text_w = BODY_W - map_w - 6

    # Heading: what this is, the municipality, where it lies; the locator map on the right.
    pdf.set_text_color(*muted)
    pdf.set_font(pdfkit.FAMILY, "B", 8.5)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(text_w, 5, t("exports.factsheet.kicker", lang).upper())
    pdf.set_text_color(*ink)
    pdf.set_font(pdfkit.FAMILY, "B", 20)
    pdf.set_xy(MARGIN, MARGIN + 6)
    pdf.multi_cell(text_w, 8.5, str(m["naam"]))
    pdf.set_font(pdfkit.FAMILY, "", 11)
    pdf.set_x(MARGIN)
    pdf.multi_cell(
        text_w,
        5.5,
        align="L",
        text=t("exports.factsheet.place", lang, provincie=m["provincie"], ggd=m["ggd_regio"], code=code),
    )
    pdf.set_font(pdfkit.FAMILY, "I", 7.5)
    pdf.set_text_color(*muted)
    pdf.set_x(MARGIN)
    pdf.multi_cell(text_w, 3.6, basis_text(m, lang), align="L")
    heading_end = pdf.get_y()
    map_h = map_w * 600 / 520
    draw_locator(pdf, code, A4_W - MARGIN - map_w, MARGIN, map_w, map_h)
    pdf.set_font(pdfkit.FAMILY, "", 6.5)
    pdf.set_xy(A4_W - MARGIN - map_w, MARGIN + map_h + 0.5)
    pdf.multi_cell(map_w, 3, t("exports.map_credit", lang), align="L")
    below_map = pdf.get_y()

    # The CBS context beside its areas, left of the map (as in the detail panel), then the legend of the marks.
    pdf.set_xy(MARGIN, heading_end + 2)
    if sections["context"]:
        draw_context(pdf, tables, code, lang, text_w)
    else:
        pdf.set_font(pdfkit.FAMILY, "", 8.5)
        pdf.multi_cell(text_w, 4.0, t("exports.factsheet.no_context", lang))
    y = max(pdf.get_y() + 2, below_map + 2)
    pdf.set_y(y)
    for basis, key in (("bron", "exports.factsheet.legend_bron"), ("model", "exports.factsheet.legend_model")):
        _mark(pdf, MARGIN, pdf.get_y() + 0.6, basis)
        pdf.set_font(pdfkit.FAMILY, "", 7.6)
        pdf.set_text_color(*ink)
        pdf.set_x(MARGIN + 5)
        pdf.multi_cell(text_w, 3.4, t(key, lang), align="L")
    pdf.ln(1.0)

    for section in SECTION_ORDER:
        items = sections[section]
        pdf.set_draw_color(176, 176, 176)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, pdf.get_y() + 1, A4_W - MARGIN, pdf.get_y() + 1)
        pdf.ln(1.3)
        pdf.set_font(pdfkit.FAMILY, "B", 10.5)
        pdf.set_text_color(*ink)
        pdf.set_x(MARGIN)
        pdf.cell(BODY_W, 5.0, t(f"exports.factsheet.section.{section}", lang), new_x="LMARGIN", new_y="NEXT")
        if not items:
            pdf.set_font(pdfkit.FAMILY, "", 9.5)
            pdf.multi_cell(BODY_W, 4.8, t("exports.factsheet.no_stories", lang))
        for fact in items:
            top = pdf.get_y()
            if top > A4_H - 20:
                pdf.add_page()
                top = pdf.get_y()
            _mark(pdf, MARGIN, top + 0.7, fact.basis)
            pdf.set_font(pdfkit.FAMILY, "", 8.7)
            pdf.set_text_color(*ink)
            pdf.set_x(MARGIN + 5)
            pdf.multi_cell(BODY_W - 5, 3.7, fact.text, align="L")
            pdf.set_font(pdfkit.FAMILY, "I", 7.0)
            pdf.set_text_color(*muted)
            pdf.set_x(MARGIN + 5)
            pdf.multi_cell(BODY_W - 5, 2.9, fact.basis_text, align="L")
            pdf.ln(0.3)

    # Footer: the data's date, the link to this view, what "modelled" means.
    url = view_url(code, lang, base_url)
    pdf.ln(1)
    pdf.set_font(pdfkit.FAMILY, "", 7.2)
    pdf.set_text_color(*muted)
    pdf.set_x(MARGIN)
    pdf.multi_cell(BODY_W, 3.2, t("exports.data_date", lang, datum=fmt_date(date_iso, lang)), align="L")
    pdf.set_x(MARGIN)
    pdf.multi_cell(BODY_W, 3.2, t("exports.factsheet.link", lang, url=url), link=url, align="L")
    pdf.set_x(MARGIN)
    pdf.multi_cell(BODY_W, 3.2, t("exports.factsheet.model_note", lang), align="L")
    return pdfkit.pdf_bytes(pdf)


def file_name(tables, code: str, lang: str) -> str:
    """'factsheet_GM0363_amsterdam_nl.pdf': the code first (unique), then the name made safe for a file system."""
    names = tables.gemeenten.set_index("code")["naam"]
    return factsheet_name(code, names.get(code, code), lang)
