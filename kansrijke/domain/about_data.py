"""Figures for the page "Over de data": per table its rows, sourced and modelled shares, sources and dates; the
model's rules; the number of checks the loader runs. Pure functions (no Streamlit)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, fields

import pandas as pd

from kansrijke.data.downloads import csv_bytes
from kansrijke.data.schemas import checks, contract, files, reconciliation
from kansrijke.text import fmt_pct, t


@dataclass(frozen=True)
class BasisShare:
    bron: int
    model: int
    total: int

    @property
    def bron_fraction(self) -> float | None:
        return self.bron / self.total if self.total else None


def table_frames(tables) -> dict[str, pd.DataFrame]:
    """Every table of a Tables object, in the order of its fields (= the loader's order)."""
    return {f.name: getattr(tables, f.name) for f in fields(tables)}


def basis_share(frame: pd.DataFrame) -> BasisShare:
    """Rows stated by a source (basis bron) and rows filled in by a model rule (basis model)."""
    if "basis" not in frame.columns:
        return BasisShare(0, 0, len(frame))
    basis = frame["basis"].astype(str)
    return BasisShare(int((basis == "bron").sum()), int((basis == "model").sum()), len(frame))


def _date_range(dates: pd.Series) -> str:
    known = sorted({str(d) for d in dates if str(d).strip()})
    if not known:
        return ""
    return known[0] if len(known) == 1 else f"{known[0]} – {known[-1]}"


def sources(frame: pd.DataFrame) -> pd.DataFrame:
    """Distinct sources of a table (also partial evidence on modelled rows): bron, its date(s), rows citing it,
    of which with basis bron. Most cited first, then by name."""
    columns = ["bron", "bron_datum", "rijen", "rijen_bron"]
    if "bron" not in frame.columns:
        return pd.DataFrame(columns=columns)
    cited = frame[frame["bron"].astype(str).str.strip() != ""]
    if cited.empty:
        return pd.DataFrame(columns=columns)
    basis = cited["basis"] if "basis" in cited.columns else pd.Series("bron", index=cited.index)
    grouped = cited.assign(_bron=(basis == "bron").astype(int)).groupby("bron", sort=False)
    out = pd.DataFrame(
        {
            "bron": list(grouped.groups),
            "bron_datum": [_date_range(g["bron_datum"]) if "bron_datum" in g else "" for _, g in grouped],
            "rijen": [len(g) for _, g in grouped],
            "rijen_bron": [int(g["_bron"].sum()) for _, g in grouped],
        }
    )
    return out.sort_values(["rijen", "bron"], ascending=[False, True], ignore_index=True)


def overview(tables) -> pd.DataFrame:
    """One row per table: file, rows, sourced rows, modelled rows, share sourced, number of sources, newest date."""
    rows = []
    for name, frame in table_frames(tables).items():
        share = basis_share(frame)
        cited = sources(frame)
        dates = sorted(d for d in frame.get("bron_datum", pd.Series(dtype=str)).astype(str) if d.strip())
        rows.append(
            {
                "tabel": name,
                "bestand": files.FILES.get(name, f"{name}.csv"),
                "rijen": share.total,
                "bron": share.bron,
                "model": share.model,
                "aandeel_bron": share.bron_fraction,
                "bronnen": len(cited),
                "nieuwste_brondatum": dates[-1] if dates else "",
            }
        )
    return pd.DataFrame(rows)


OVERVIEW_HEADERS = {
    "tabel": "col.table",
    "bestand": "col.file",
    "rijen": "col.rows",
    "bron": "col.bron",
    "model": "col.model",
    "aandeel_bron": "col.share",
    "bronnen": "col.sources",
    "nieuwste_brondatum": "col.newest",
}


def overview_table(overview_frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The overview as shown: the share sourced as a percentage, headers in `lang`."""
    shown = overview_frame.assign(aandeel_bron=[fmt_pct(x, lang, 1) for x in overview_frame["aandeel_bron"]])
    return shown.rename(columns={column: t(f"over_de_data.{key}", lang) for column, key in OVERVIEW_HEADERS.items()})


def rule_names(keys) -> list[str]:
    """The model rules named in a catalogue (keys 'regel.<name>'), sorted."""
    return sorted(k.split(".", 1)[1] for k in keys if k.startswith("regel.") and k.count(".") == 1)


@dataclass(frozen=True)
class CheckCounts:
    tables: int  # one schema per table
    cross: int  # checks between tables (codes known, links complete, funding fits tranche, ...)
    reconciliations: int  # of which: totals against the published national figures

    @property
    def total(self) -> int:
        return self.tables + self.cross


def check_counts() -> CheckCounts:
    return CheckCounts(len(contract.SCHEMAS), len(checks.CROSS_CHECKS), len(reconciliation.RECONCILIATIONS))


def all_tables_zip(tables) -> bytes:
    """Every table as a CSV (same format as the per-table download) in one ZIP archive, in a fixed order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in table_frames(tables).items():
            info = zipfile.ZipInfo(files.FILES.get(name, f"{name}.csv"), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, csv_bytes(frame))
    return buffer.getvalue()
