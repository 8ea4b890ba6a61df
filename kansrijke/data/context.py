"""The context table: CBS key figures of 2020 per municipality (data/context_2020.csv).

CBS, Kerncijfers wijken en buurten 2020 (KWB 2020): StatLine table 84799NED (births, income) and the gemeente
layer of the Wijk- en Buurtkaart 2020 (inhabitants, age, households, urbanity, density, area), for the 355
municipalities of 2020. Licence CC-BY 4.0, credit "Bron: CBS, Kerncijfers wijken en buurten 2020".

This module is the table's vocabulary, defined once: its columns (`INDICATORS`: kind, block, reference period,
the column of the reference copy and of the CBS table it comes from), the published national totals it must add
up to (`NATIONAL_TOTALS`), that check (`national_total_issues`, a cross-table check of kansrijke.data.schemas)
and the conversion of the CBS table itself (84799NED municipality rows, as CSV) into the project's shape
(`from_statline`). It imports no other module of the data layer, so that the schemas can import it.

Reference periods (`Indicator.period`): inhabitants, age and households on 1 January 2020; live births during
2020; the income block of the KWB 2020 edition, whose reference year the source does not state (most likely
2020, not checked): it is labelled with the edition, "CBS, Kerncijfers wijken en buurten 2020", until it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from kansrijke.data.issues import DataIssue

FILE = "context_2020.csv"
TABLE = "context"

SOURCE = (
    "CBS, Kerncijfers wijken en buurten 2020 (StatLine 84799NED: geboorten en inkomen; "
    "Wijk- en Buurtkaart 2020 versie 2: bevolking, leeftijd, huishoudens, stedelijkheid, dichtheid)"
)
SOURCE_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/84799NED"
# the state of the CBS table as extracted (the income block was filled in later than the first release)
SOURCE_DATE = "2022-05"
CREDIT = "Bron: CBS, Kerncijfers wijken en buurten 2020"

# Reference periods of the figures (text keys context.period.<key> in kansrijke/text/locales).
PERIOD_JAN_2020 = "1_januari_2020"
PERIOD_YEAR_2020 = "jaar_2020"
PERIOD_EDITION = "editie_kwb_2020"  # income: reference year not stated in the source


@dataclass(frozen=True)
class Indicator:
    """One column of the context table.

    kind: "count" (whole number >= 0), "share" (percentage 0-100), "rate" (per 1,000 inhabitants, >= 0),
    "class" (urbanity 1-5), "number" (>= 0, e.g. a density or an average), "amount" (x EUR 1,000, may be empty
    where CBS publishes none). weight: what a regional figure is weighted by ("inwoners", "huishoudens",
    "oppervlakte_land_ha") or None for a count (summed). reference: the column of the reference copy
    (../shared/reference/municipalities/context_2020_*.csv); statline: the name of the 84799NED column without
    its number (AantalInwoners for AantalInwoners_5)."""

    column: str
    kind: str
    block: str  # bevolking | huishoudens | inkomen
    period: str
    reference: str
    statline: str
    weight: str | None = None
    required: bool = True


INDICATORS: tuple[Indicator, ...] = (
    Indicator("inwoners", "count", "bevolking", PERIOD_JAN_2020, "AantalInwoners", "AantalInwoners"),
    Indicator(
        "levendgeborenen",
        "count",
        "bevolking",
        PERIOD_YEAR_2020,
        "GeboorteTotaal_levendgeborenen",
        "GeboorteTotaal",
    ),
    Indicator(
        "geboorten_per_1000",
        "rate",
        "bevolking",
        PERIOD_YEAR_2020,
        "GeboorteRelatief_per1000inwoners",
        "GeboorteRelatief",
        "inwoners",
    ),
    Indicator(
        "aandeel_0_14", "share", "bevolking", PERIOD_JAN_2020, "Personen0Tot15Jaar_pct", "k_0Tot15Jaar", "inwoners"
    ),
    Indicator(
        "stedelijkheid",
        "class",
        "bevolking",
        PERIOD_JAN_2020,
        "MateVanStedelijkheid_code",
        "MateVanStedelijkheid",
        "inwoners",
    ),
    Indicator(
        "adressendichtheid",
        "number",
        "bevolking",
        PERIOD_JAN_2020,
        "Omgevingsadressendichtheid_per_km2",
        "Omgevingsadressendichtheid",
        "inwoners",
    ),
    Indicator(
        "bevolkingsdichtheid",
        "number",
        "bevolking",
        PERIOD_JAN_2020,
        "Bevolkingsdichtheid_per_km2",
        "Bevolkingsdichtheid",
        "oppervlakte_land_ha",
    ),
    Indicator("oppervlakte_land_ha", "count", "bevolking", PERIOD_JAN_2020, "OppervlakteLand_ha", "OppervlakteLand"),
    Indicator("huishoudens", "count", "huishoudens", PERIOD_JAN_2020, "HuishoudensTotaal", "HuishoudensTotaal"),
    Indicator(
        "aandeel_eenpersoons",
        "share",
        "huishoudens",
        PERIOD_JAN_2020,
        "Eenpersoonshuishoudens_pct",
        "Eenpersoonshuishoudens",
        "huishoudens",
    ),
    Indicator(
        "aandeel_zonder_kinderen",
        "share",
        "huishoudens",
        PERIOD_JAN_2020,
        "HuishoudensZonderKinderen_pct",
        "HuishoudensZonderKinderen",
        "huishoudens",
    ),
    Indicator(
        "aandeel_met_kinderen",
        "share",
        "huishoudens",
        PERIOD_JAN_2020,
        "HuishoudensMetKinderen_pct",
        "HuishoudensMetKinderen",
        "huishoudens",
    ),
    Indicator(
        "huishoudensgrootte",
        "number",
        "huishoudens",
        PERIOD_JAN_2020,
        "GemiddeldeHuishoudensgrootte",
        "GemiddeldeHuishoudensgrootte",
        "huishoudens",
    ),
    Indicator(
        "aandeel_laag_inkomen",
        "share",
        "inkomen",
        PERIOD_EDITION,
        "HuishoudensMetEenLaagInkomen_pct",
        "HuishoudensMetEenLaagInkomen",
        "huishoudens",
    ),
    Indicator(
        "aandeel_sociaal_minimum",
        "share",
        "inkomen",
        PERIOD_EDITION,
        "HuishOnderOfRondSociaalMinimum_pct",
        "HuishOnderOfRondSociaalMinimum",
        "huishoudens",
    ),
    Indicator(
        "aandeel_tot_110_sociaal_minimum",
        "share",
        "inkomen",
        PERIOD_EDITION,
        "HuishoudensTot110VanSociaalMinimum_pct",
        "HuishoudensTot110VanSociaalMinimum",
        "huishoudens",
    ),
    Indicator(
        "aandeel_tot_120_sociaal_minimum",
        "share",
        "inkomen",
        PERIOD_EDITION,
        "HuishoudensTot120VanSociaalMinimum_pct",
        "HuishoudensTot120VanSociaalMinimum",
        "huishoudens",
    ),
    Indicator(
        "aandeel_laagste_40",
        "share",
        "inkomen",
        PERIOD_EDITION,
        "k_40HuishoudensMetLaagsteInkomen_pct",
        "k_40HuishoudensMetLaagsteInkomen",
        "huishoudens",
    ),
    Indicator(
        "inkomen_huishouden_x1000",
        "amount",
        "inkomen",
        PERIOD_EDITION,
        "GemGestandaardiseerdInkomenVanHuish_x1000euro",
        "GemGestandaardiseerdInkomenVanHuish",
        "huishoudens",
        required=False,
    ),
    Indicator(
        "inkomen_per_inwoner_x1000",
        "amount",
        "inkomen",
        PERIOD_EDITION,
        "GemiddeldInkomenPerInwoner_x1000euro",
        "GemiddeldInkomenPerInwoner",
        "inwoners",
        required=False,
    ),
    Indicator(
        "mediaan_vermogen_x1000",
        "amount",
        "inkomen",
        PERIOD_EDITION,
        "MediaanVermogenVanParticuliereHuish_x1000euro",
        "MediaanVermogenVanParticuliereHuish",
        "huishoudens",
        required=False,
    ),
)
BY_COLUMN = {i.column: i for i in INDICATORS}
URBANITY_CLASSES = ("1", "2", "3", "4", "5")  # 1 = very strongly urban (OAD >= 2,500) .. 5 = not urban (< 500)
# CBS class limits of the address density (omgevingsadressendichtheid, addresses per km2) for classes 1..4
URBANITY_LIMITS = (2500, 1500, 1000, 500)


@dataclass(frozen=True)
class NationalTotal:
    column: str
    value: int
    source: str


# The whole-country figures the table must add up to, as CBS publishes them (cited in
# ../shared/reference/PROVENANCE.md, section context_2020_*.csv, and in issue 22).
NATIONAL_TOTALS: tuple[NationalTotal, ...] = (
    NationalTotal("inwoners", 17_407_585, "CBS StatLine 03759ned, bevolking op 1 januari 2020"),
    NationalTotal("levendgeborenen", 168_681, "CBS StatLine 37422ned, levendgeborenen 2020"),
)


def urbanity_class(address_density: float) -> int | None:
    """CBS's urbanity class (1 very strongly urban .. 5 not urban) of an address density per km2."""
    if address_density is None or not math.isfinite(address_density):
        return None
    for klass, limit in enumerate(URBANITY_LIMITS, start=1):
        if address_density >= limit:
            return klass
    return 5


def national_total_issues(frames: dict[str, pd.DataFrame]) -> list[DataIssue]:
    """One issue per national total that the municipalities of the context table do not add up to."""
    table = frames[TABLE]
    if table.empty:  # the optional file is absent: nothing to add up
        return []
    issues = []
    for total in NATIONAL_TOTALS:
        computed = int(table[total.column].sum())
        if computed != total.value:
            issues.append(
                DataIssue(
                    FILE,
                    None,
                    total.column,
                    str(computed),
                    f"som over alle gemeenten is {computed}, gepubliceerd {total.value} ({total.source}); "
                    f"verschil {computed - total.value:+d}",
                )
            )
    return issues


# ---------------------------------------------------------------------------------------------
# The reference copy and the CBS table itself -> the project's shape (all values as text)


def provenance() -> dict[str, str]:
    return {"basis": "bron", "bron": SOURCE, "bron_url": SOURCE_URL, "bron_datum": SOURCE_DATE}


def from_reference(bevolking: pd.DataFrame, huishoudens: pd.DataFrame, inkomen: pd.DataFrame) -> pd.DataFrame:
    """The three reference files (context_2020_{bevolking,huishoudens,inkomen}.csv, all text) as one table."""
    merged = bevolking.merge(huishoudens, on="code", how="outer", suffixes=("", "_h"), validate="one_to_one")
    merged = merged.merge(inkomen, on="code", how="outer", suffixes=("", "_i"), validate="one_to_one")
    out = pd.DataFrame({"code": merged["code"]})
    for indicator in INDICATORS:
        out[indicator.column] = merged[indicator.reference].fillna("")
    for column, value in provenance().items():
        out[column] = value
    return out.sort_values("code", ignore_index=True)


_NUMBERED = re.compile(r"^(?P<stem>.+?)_\d+$")
STATLINE_REGION = "WijkenEnBuurten"
STATLINE_KIND = "SoortRegio"
# In 84799NED age groups and household types are counts; the project's table holds shares of the total.
STATLINE_SHARE_OF = {
    "aandeel_0_14": "AantalInwoners",
    "aandeel_eenpersoons": "HuishoudensTotaal",
    "aandeel_zonder_kinderen": "HuishoudensTotaal",
    "aandeel_met_kinderen": "HuishoudensTotaal",
}
STATLINE_MISSING = re.compile(r"\.|-9999999[7-9]")  # CBS: no figure (published as . or -99999997..9)


def statline_stem(column: str) -> str:
    """'AantalInwoners_5' -> 'AantalInwoners' (the numbers differ between editions of the table)."""
    match = _NUMBERED.match(column.strip())
    return match.group("stem") if match else column.strip()


def is_statline(columns) -> bool:
    """True when the columns are those of a CBS 84799NED export (region key and the population count)."""
    stems = {statline_stem(str(c)) for c in columns}
    return STATLINE_REGION in stems and "AantalInwoners" in stems and "GeboorteTotaal" in stems


def statline_missing_columns(columns) -> list[str]:
    """The 84799NED columns (without number) a file needs and lacks."""
    stems = {statline_stem(str(c)) for c in columns}
    needed = [STATLINE_REGION] + [i.statline for i in INDICATORS]
    return [stem for stem in needed if stem not in stems]


def _share(part: str, whole: str) -> str:
    try:
        numerator, denominator = float(part), float(whole)
    except ValueError:
        return part  # left to the schema check (it names the value)
    if denominator <= 0:
        return ""
    return f"{numerator / denominator * 100:.1f}"


def from_statline(raw: pd.DataFrame) -> pd.DataFrame:
    """84799NED (Kerncijfers wijken en buurten 2020) rows, all values text, -> context rows in the project's shape.

    Kept: rows whose region key (WijkenEnBuurten) starts with GM and, where the column is present, SoortRegio
    'Gemeente'. Columns are found by name without their number (GeboorteTotaal_24). Age groups and household
    types, counts in the CBS table, become shares of the inhabitants / households (one decimal). CBS's empty
    markers ('.', -99999999) become empty cells (an empty required cell is then reported by the schema). The
    index (the file's row numbers) of the kept rows is kept, so issues name the row of the CBS file."""
    by_stem = {statline_stem(str(c)): c for c in raw.columns}
    region = raw[by_stem[STATLINE_REGION]].astype(str).str.strip()
    keep = region.str.startswith("GM")
    if STATLINE_KIND in by_stem:
        keep &= raw[by_stem[STATLINE_KIND]].astype(str).str.strip().str.lower().isin({"gemeente", ""})
    rows = raw[keep]
    out = pd.DataFrame({"code": region[keep]}, index=rows.index)
    for indicator in INDICATORS:
        values = rows[by_stem[indicator.statline]].astype(str).str.strip()
        out[indicator.column] = values.where(~values.str.fullmatch(STATLINE_MISSING.pattern), "")
    for column, whole in STATLINE_SHARE_OF.items():
        totals = rows[by_stem[whole]].astype(str).str.strip()
        out[column] = [_share(p, w) if p != "" else "" for p, w in zip(out[column], totals)]
    for column, value in provenance().items():
        out[column] = value
    return out.astype("str")


def statline_source_column(raw_columns, column: str) -> str:
    """The column of a CBS file that a project column comes from (issues name the column the user sees)."""
    by_stem = {statline_stem(str(c)): str(c) for c in raw_columns}
    if column == "code":
        return by_stem.get(STATLINE_REGION, column)
    indicator = BY_COLUMN.get(column)
    return by_stem.get(indicator.statline, column) if indicator else column
