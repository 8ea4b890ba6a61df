"""Side-by-side figures for the page "Vergelijk": a municipality, its peers, and its province, GGD region and the
Netherlands.

Pure functions (no Streamlit). Every figure carries its basis: `bron` (a public source; for the national row the
published milestone in mijlpalen.csv) or `model` (a rule in kansrijke/data/model.py). Funding per inhabitant is not
computed here: it comes from kansrijke.domain.funding.per_inhabitant / weighted_rate (one place for that computation).
The `*_table` functions at the end turn the figures into display tables with text in the reader's language.
"""

from __future__ import annotations

import pandas as pd

from kansrijke.domain import funding
from kansrijke.text import data_label, fmt_date, fmt_eur, fmt_eur_per_inhabitant, fmt_int, fmt_number, fmt_pct, t
from kansrijke.vocabulary import TRANCHES

COUNT_DATE = pd.Timestamp("2020-07-01")  # the date of the published coalition and NNZ counts per municipality
REFERENCE_LEVELS = ("provincie", "ggd", "nederland")
# National shares from published milestones: figure -> (indicator, date of the figure).
NATIONAL_MILESTONES = {
    "aandeel_gids_2019": ("gids_gemeenten", "2019-12-31"),
    "aandeel_tranche3_2020": ("tranche3_gemeenten", "2020-04-30"),
    "aandeel_coalitie_2020": ("gemeenten_coalitie", "2020-07-01"),
    "aandeel_nnz_2020": ("nnz_gemeenten", "2020-07-01"),
}
REFERENCE_FIGURES = (
    "gemeenten",
    "inwoners",
    "dichtheid",
    "aandeel_gids_2019",
    "aandeel_tranche3_2020",
    "aandeel_coalitie_2020",
    "eur_per_inwoner",
    "aandeel_nnz_2020",
    "verhalen",
)
# What a municipality's timeline marks (timeline_points, column gebeurtenis): joining a coalition, starting NNZ.
EVENTS = ("coalitie", "nnz")
DENSITY_SOURCE = "Afgeleid: inwoners (CBS) / oppervlakte van de gemeentegrens (CBS/PDOK, gegeneraliseerd)"


def _basis_of(values: pd.Series) -> str:
    return "bron" if len(values) and (values == "bron").all() else "model"


def municipality_facts(tables, features: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """One row per code (in the given order): place, size, coalition, impulse money, NNZ and stories, each
    figure with its basis.

    Columns: code, naam, provincie, ggd_regio, inwoners, peildatum, oppervlakte_km2, dichtheid, tranche,
    datum_deelname, basis_deelname, regel_deelname, bron_deelname, impuls_eur, eur_per_inwoner,
    basis_financiering, regel_financiering, nnz_programma, nnz_start, basis_nnz, regel_nnz, bron_nnz, verhalen.
    impuls_eur / eur_per_inwoner are missing (NaN) for a municipality without money in financiering.csv (no
    per-municipality amounts are published for the 2022 impulse; never counted as zero).
    ValueError for a code that is not in `features`.
    """
    unknown = [c for c in codes if c not in set(features["code"])]
    if unknown:
        raise ValueError(f"unknown municipality code(s) {unknown}")
    base = features.set_index("code").loc[codes].reset_index()
    out = base[
        [
            "code",
            "naam",
            "provincie",
            "ggd_regio",
            "inwoners",
            "oppervlakte_km2",
            "dichtheid",
            "tranche",
            "datum_deelname",
        ]
    ].copy()
    out["peildatum"] = out["code"].map(tables.inwoners.set_index("code")["peildatum"])
    coal = tables.coalities.set_index("code")
    out["basis_deelname"] = out["code"].map(coal["basis"]).fillna("model")
    out["regel_deelname"] = out["code"].map(coal["regel"]).fillna("")
    out["bron_deelname"] = out["code"].map(coal["bron"]).fillna("")
    money = funding.per_inhabitant(tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities)
    money = money.set_index("code")
    out["impuls_eur"] = out["code"].map(money["bedrag_eur"]).astype("float64")
    out["eur_per_inwoner"] = out["code"].map(money["eur_per_inwoner"]).astype("float64")
    # Without money rows the absence follows from the (modelled) tranche: basis of the coalition row.
    out["basis_financiering"] = out["code"].map(money["basis"]).fillna(out["basis_deelname"])
    out["regel_financiering"] = out["code"].map(money["regel"]).fillna(out["regel_deelname"])
    links = tables.nnz_deelname.set_index("code")
    names = tables.nnz_programmas.set_index("programma_id")["naam"]
    out["nnz_programma"] = out["code"].map(links["programma_id"]).map(names).fillna("")
    out["nnz_start"] = out["code"].map(links["start_datum"])
    out["basis_nnz"] = out["code"].map(links["basis"]).fillna("model")
    out["regel_nnz"] = out["code"].map(links["regel"]).fillna("")
    out["bron_nnz"] = out["code"].map(links["bron"]).fillna("")
    out["verhalen"] = out["code"].map(tables.verhalen["code"].value_counts()).fillna(0).astype("int64")
    return out


def _milestone(milestones: pd.DataFrame, indicator: str, date: str) -> pd.Series | None:
    rows = milestones[(milestones["indicator"] == indicator) & (milestones["datum"] == pd.Timestamp(date))]
    return rows.iloc[0] if len(rows) else None


def _area_figures(tables, features: pd.DataFrame, money: pd.DataFrame, members: pd.DataFrame) -> dict:
    """(value, basis, bron) per figure for a group of municipalities, computed from the table rows."""
    codes = set(members["code"])
    coal = tables.coalities[tables.coalities["code"].isin(codes)]
    links = tables.nnz_deelname
    # in a programme on the date of the count (a later start a source gives does not count yet)
    nnz = links[links["code"].isin(codes) & (links["start_datum"] <= COUNT_DATE)]
    people = tables.inwoners[tables.inwoners["code"].isin(codes)]
    n = len(members)
    area = members["oppervlakte_km2"].sum()
    in_money = money[money["code"].isin(codes)]
    coalition_now = coal[coal["datum_deelname"] <= COUNT_DATE]
    figures = {
        "gemeenten": (n, "bron", ""),
        "inwoners": (int(members["inwoners"].sum()), _basis_of(people["basis"]), ""),
        "dichtheid": (float(members["inwoners"].sum() / area) if area > 0 else float("nan"), "bron", DENSITY_SOURCE),
        "aandeel_coalitie_2020": (len(coalition_now) / n, _basis_of(coal["basis"]), ""),
        "eur_per_inwoner": (funding.weighted_rate(in_money), _basis_of(in_money["basis"]), ""),
        "aandeel_nnz_2020": (len(nnz) / n, _basis_of(nnz["basis"]) if len(nnz) else "model", ""),
        "verhalen": (int(tables.verhalen["code"].isin(codes).sum()), "bron", ""),
    }
    for tranche in TRANCHES[:2]:
        figures[f"aandeel_{tranche}"] = (int((coal["tranche"] == tranche).sum()) / n, _basis_of(coal["basis"]), "")
    return figures


def reference_figures(tables, features: pd.DataFrame, code: str) -> pd.DataFrame:
    """The province, GGD region and the Netherlands of `code`: one row per (level, figure).

    Columns: niveau (provincie | ggd | nederland), gebied_code, gebied, kenmerk (REFERENCE_FIGURES), waarde,
    basis, bron, bron_datum. Shares are fractions 0..1; aandeel_coalitie_2020 and aandeel_nnz_2020 are at
    1 July 2020 (the date of the per-municipality tables), eur_per_inwoner is the group's total impulse money
    over the inhabitants of its municipalities with money (funding.weighted_rate).
    Province and GGD figures are computed from the rows, so they are `model` as soon as one row is modelled.
    National shares come from the published milestones (basis bron, with their source) where one exists.
    """
    rows = features[features["code"] == code]
    if rows.empty:
        raise ValueError(f"unknown municipality code {code!r}")
    own = rows.iloc[0]
    money = funding.per_inhabitant(tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities)
    groups = {
        "provincie": (
            own["provincie_code"],
            own["provincie"],
            features[features["provincie_code"] == own["provincie_code"]],
        ),
        "ggd": (own["ggd_code"], own["ggd_regio"], features[features["ggd_code"] == own["ggd_code"]]),
        "nederland": ("NL", "Nederland", features),
    }
    out = []
    for level in REFERENCE_LEVELS:
        area_code, area_name, members = groups[level]
        figures = _area_figures(tables, features, money, members)
        if level == "nederland":
            for figure, (indicator, date) in NATIONAL_MILESTONES.items():
                published = _milestone(tables.mijlpalen, indicator, date)
                if published is not None:
                    # A published count of municipalities, as a share of all municipalities of the boundary year
                    # (the milestone's own denominator can be another group, e.g. 147 of the 150 GIDS municipalities).
                    share = float(published["waarde"]) / len(features)
                    figures[figure] = (share, "bron", published["bron"], published["bron_datum"])
        for figure in REFERENCE_FIGURES:
            value, basis, bron, *date = figures[figure]
            out.append(
                {
                    "niveau": level,
                    "gebied_code": area_code,
                    "gebied": area_name,
                    "kenmerk": figure,
                    "waarde": value,
                    "basis": basis,
                    "bron": bron,
                    "bron_datum": date[0] if date else "",
                }
            )
    return pd.DataFrame(out)


def funding_bars(facts: pd.DataFrame, references: pd.DataFrame, code: str) -> pd.DataFrame:
    """Rows for the funding chart: the municipalities (in order) and the three references.

    Columns: code, naam, rol (gekozen | peer | provincie | ggd | nederland), eur_per_inwoner, basis.
    Municipalities without money in the table are left out (no amount to draw)."""
    rows = []
    for _, row in facts.iterrows():
        if pd.isna(row["eur_per_inwoner"]):
            continue
        rows.append(
            {
                "code": row["code"],
                "naam": row["naam"],
                "rol": "gekozen" if row["code"] == code else "peer",
                "eur_per_inwoner": float(row["eur_per_inwoner"]),
                "basis": row["basis_financiering"],
            }
        )
    money = references[references["kenmerk"] == "eur_per_inwoner"]
    for _, row in money.iterrows():
        if row["waarde"] is None or pd.isna(row["waarde"]):
            continue
        rows.append(
            {
                "code": row["gebied_code"],
                "naam": row["gebied"],
                "rol": row["niveau"],
                "eur_per_inwoner": float(row["waarde"]),
                "basis": row["basis"],
            }
        )
    return pd.DataFrame(rows, columns=["code", "naam", "rol", "eur_per_inwoner", "basis"])


def timeline_points(facts: pd.DataFrame) -> pd.DataFrame:
    """When each municipality joined: one row per (municipality, event) with a date.

    Columns: code, naam, gebeurtenis (coalitie | nnz), datum, basis. No row for an event without a date."""
    rows = []
    for _, row in facts.iterrows():
        if pd.notna(row["datum_deelname"]):
            rows.append((row["code"], row["naam"], EVENTS[0], row["datum_deelname"], row["basis_deelname"]))
        if pd.notna(row["nnz_start"]):
            rows.append((row["code"], row["naam"], EVENTS[1], row["nnz_start"], row["basis_nnz"]))
    frame = pd.DataFrame(rows, columns=["code", "naam", "gebeurtenis", "datum", "basis"])
    frame["datum"] = pd.to_datetime(frame["datum"])
    return frame


def ranking_download(ranked: pd.DataFrame, features: pd.DataFrame, chosen: list[str]) -> pd.DataFrame:
    """The whole ranking as downloaded: every municipality with its distance, the compared characteristics
    (with the basis of the join date) and whether it is in the comparison now; numbers to 6 decimals."""
    out = ranked.merge(
        features[
            [
                "code",
                "inwoners",
                "dichtheid",
                "provincie",
                "ggd_regio",
                "tranche",
                "datum_deelname",
                "basis_deelname",
                "nnz",
            ]
        ],
        on="code",
        how="left",
    )
    out["overeenkomend"] = out["overeenkomend"].map(", ".join)
    out.insert(3, "in_vergelijking", out["code"].isin(chosen))
    return out.round(dict.fromkeys(out.select_dtypes("float").columns, 6))


def national_sources(references: pd.DataFrame) -> pd.DataFrame:
    """The dated sources of the national reference figures, each once."""
    national = references[(references["niveau"] == "nederland") & (references["bron_datum"] != "")]
    return national.drop_duplicates("bron")


# ------------------------------------------------------------------------------------------------ display tables


def label_funding_bars(bars: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The funding bars with their display texts: rol_label, waarde_label, basis_label."""
    out = bars.copy()
    out["rol_label"] = [
        t(f"vergelijk.role.{rol}", lang) if rol in ("gekozen", "peer") else t(f"vergelijk.level.{rol}", lang, naam=naam)
        for rol, naam in zip(out["rol"], out["naam"])
    ]
    out["waarde_label"] = [fmt_eur_per_inhabitant(v, lang) for v in out["eur_per_inwoner"]]
    out["basis_label"] = [t(f"basis.{b}", lang) for b in out["basis"]]
    return out


def label_timeline_points(points: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The joining dates with their display texts: gebeurtenis_label, datum_label, basis_label."""
    out = points.copy()
    out["gebeurtenis_label"] = [t(f"vergelijk.event.{e}", lang) for e in out["gebeurtenis"]]
    out["datum_label"] = [fmt_date(d, lang) for d in out["datum"]]
    out["basis_label"] = [t(f"basis.{b}", lang) for b in out["basis"]]
    return out


# Chart legends and the column headers of the table shown instead of a chart, per chart (catalogue keys).
FUNDING_HEADERS = {
    "naam": "vergelijk.col.gebied",
    "rol_label": "vergelijk.legend.rol",
    "waarde_label": "vergelijk.axis.eur_per_inwoner",
    "basis_label": "vergelijk.legend.basis",
}
TIMELINE_HEADERS = {
    "naam": "vergelijk.col.gemeente",
    "gebeurtenis_label": "vergelijk.legend.gebeurtenis",
    "datum_label": "vergelijk.axis.datum",
    "basis_label": "vergelijk.legend.basis",
}


def chart_table(frame: pd.DataFrame, headers: dict[str, str], lang: str) -> pd.DataFrame:
    """The text alternative of a chart: its labelled columns under their headers in `lang`."""
    return frame[list(headers)].rename(columns={column: t(key, lang) for column, key in headers.items()})


def mark(value: str, basis: str, lang: str) -> str:
    """A formatted figure with its basis: '€ 0,86 per inwoner (gemodelleerd)'."""
    return t("vergelijk.with_basis", lang, value=value, basis=t(f"vergelijk.basis.{basis}", lang))


def side_by_side_table(facts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The municipalities side by side: one column per municipality, one row per characteristic (text)."""
    columns = {}
    for _, row in facts.iterrows():
        tranche = t(f"tranche.{row['tranche']}", lang) if row["tranche"] in TRANCHES else t("tranche.none", lang)
        money = (
            t("vergelijk.no_money", lang)
            if pd.isna(row["impuls_eur"])
            else f"{fmt_eur(row['impuls_eur'], lang)} · {fmt_eur_per_inhabitant(row['eur_per_inwoner'], lang)}"
        )
        nnz = (
            t("vergelijk.nnz_since", lang, naam=row["nnz_programma"], start=fmt_date(row["nnz_start"], lang))
            if row["nnz_programma"]
            else t("vergelijk.nnz_none", lang)
        )
        columns[row["naam"]] = [
            mark(fmt_int(row["inwoners"], lang), "bron", lang),
            mark(t("vergelijk.density_value", lang, n=fmt_int(row["dichtheid"], lang)), "bron", lang),
            row["provincie"],
            row["ggd_regio"],
            mark(tranche, row["basis_deelname"], lang),
            mark(fmt_date(row["datum_deelname"], lang), row["basis_deelname"], lang),
            mark(money, row["basis_financiering"], lang),
            mark(nnz, row["basis_nnz"], lang),
            fmt_int(row["verhalen"], lang),
        ]
    index = [
        t(f"vergelijk.row.{key}", lang)
        for key in (
            "inwoners",
            "dichtheid",
            "provincie",
            "ggd",
            "tranche",
            "deelname",
            "financiering",
            "nnz",
            "verhalen",
        )
    ]
    return pd.DataFrame(columns, index=index)


def _format_figure(figure: str, value, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("format.missing", lang)
    if figure.startswith("aandeel_"):
        return fmt_pct(value * 100, lang)
    if figure == "eur_per_inwoner":
        return fmt_eur_per_inhabitant(value, lang)
    if figure == "dichtheid":
        return t("vergelijk.density_value", lang, n=fmt_int(value, lang))
    return fmt_int(value, lang)


def reference_table(references: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Province, GGD region and the Netherlands as rows, the figures as columns (text with basis)."""
    rows = {}
    for (level, name), group in references.groupby(["niveau", "gebied"], sort=False):
        label = t(f"vergelijk.level.{level}", lang, naam=name)
        rows[label] = {
            t(f"vergelijk.figure.{r['kenmerk']}", lang): mark(
                _format_figure(r["kenmerk"], r["waarde"], lang), r["basis"], lang
            )
            for _, r in group.iterrows()
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def inhabitants_label(facts: pd.DataFrame, lang: str) -> str:
    """The reference date of the inhabitant figures, as shown with every inhabitant figure."""
    labels = facts["peildatum"].dropna().unique()
    return data_label(labels[0], lang) if len(labels) else t("format.missing", lang)


def match_table(ranked: pd.DataFrame, chosen: list[str], proposals: list[str], shown: int, lang: str) -> pd.DataFrame:
    """The list of matches: the first `shown` proposals plus every chosen peer, in rank order (text columns).

    `ranked` is peers.find_peers(..., n=None); `chosen` the peers in the comparison, `proposals` the default ones."""
    keep = ranked[(ranked["rang"] <= shown) | ranked["code"].isin(chosen)]
    return pd.DataFrame(
        {
            t("vergelijk.col.rang", lang): keep["rang"].to_numpy(),
            t("vergelijk.col.gemeente", lang): keep["naam"].to_numpy(),
            t("vergelijk.col.gelijkenis", lang): [fmt_pct(v * 100, lang, 1) for v in keep["gelijkenis"]],
            t("vergelijk.col.afstand", lang): [fmt_number(v, lang, 3) for v in keep["afstand"]],
            t("vergelijk.col.overeenkomend", lang): [
                ", ".join(t(f"vergelijk.feature.{k}", lang) for k in m) or t("format.missing", lang)
                for m in keep["overeenkomend"]
            ],
            t("vergelijk.col.in_vergelijking", lang): [
                t("vergelijk.yes" if c in chosen else "vergelijk.no", lang) for c in keep["code"]
            ],
            t("vergelijk.col.herkomst", lang): [
                t("vergelijk.origin.proposed", lang)
                if c in proposals
                else t("vergelijk.origin.manual", lang)
                if c in chosen
                else t("format.missing", lang)
                for c in keep["code"]
            ],
        }
    )


def contributions(ranked: pd.DataFrame, codes: list[str], lang: str) -> pd.DataFrame:
    """Long form of the distance contributions of the given peers (for the stacked bar chart)."""
    from kansrijke.domain.peers import FEATURE_KEYS

    rows = ranked.set_index("code").loc[[c for c in codes if c in set(ranked["code"])]]
    out = []
    for code, row in rows.iterrows():
        for key in FEATURE_KEYS:
            value = float(row[f"bijdrage_{key}"])
            out.append(
                {
                    "code": code,
                    "naam": row["naam"],
                    "kenmerk": key,
                    "kenmerk_label": t(f"vergelijk.feature.{key}", lang),
                    "bijdrage": value,
                    "bijdrage_label": fmt_number(value, lang, 3),
                }
            )
    return pd.DataFrame(out, columns=["code", "naam", "kenmerk", "kenmerk_label", "bijdrage", "bijdrage_label"])
