"""Writing parsed official rows as facts into bewijs/: an official row replaces earlier evidence for the same
municipality and scheme and a tranche fact that contradicts it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kansrijke.data import model
from kansrijke.data.official.kinds import TRANCHE_FACT
from kansrijke.data.official.parse import OfficialRow, ParsedTable
from kansrijke.data.schemas import files

EVIDENCE_FUNDING = "bewijs/financiering_bewijs.csv"
EVIDENCE_COALITIONS = "bewijs/coalities_bewijs.csv"
FUNDING_EV_COLUMNS = ["code", "regeling", "jaar", "bedrag_eur", "bron", "bron_url", "bron_datum", "toelichting"]
COALITION_EV_COLUMNS = ["code", "feit", "datum", "bron", "bron_url", "bron_datum", "toelichting"]


def read_evidence(path: Path, columns: list[str]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame[columns] if set(columns) <= set(frame.columns) else frame


def merge_evidence(
    parsed: ParsedTable,
    funding_ev: pd.DataFrame,
    coalition_ev: pd.DataFrame,
    *,
    bron: str,
    bron_url: str,
    bron_datum: str,
    datum: str,
    names: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The evidence tables with the official rows added. Official rows replace earlier evidence for the same
    municipality and scheme, and a tranche fact that contradicts the table; the notes say what was replaced."""
    kind, notes = parsed.kind, []
    codes = [r.code for r in parsed.rows]

    def note_for(row: OfficialRow) -> str:
        return f"officiële tabel {parsed.file}, rij {row.row} ('{row.as_written}')"

    if kind.has_amounts:
        replaced = funding_ev[(funding_ev["regeling"] == kind.regeling) & funding_ev["code"].isin(codes)]
        for _, old in replaced.iterrows():
            new = next(r for r in parsed.rows if r.code == old["code"])
            same = "zelfde bedrag" if str(new.amount) == old["bedrag_eur"] else f"nu {new.amount} euro"
            notes.append(
                f"{old['code']} {names[old['code']]}: {kind.regeling} {old['bedrag_eur']} euro "
                f"(bron: {old['bron']}) vervangen door de rij uit {parsed.file} ({same})"
            )
        funding_ev = funding_ev.drop(index=replaced.index)
        added = pd.DataFrame(
            [
                {
                    "code": r.code,
                    "regeling": kind.regeling,
                    "jaar": str(kind.jaar),
                    "bedrag_eur": str(r.amount),
                    "bron": bron,
                    "bron_url": bron_url,
                    "bron_datum": bron_datum,
                    "toelichting": note_for(r),
                }
                for r in parsed.rows
            ],
            columns=FUNDING_EV_COLUMNS,
        )
        funding_ev = pd.concat([funding_ev, added], ignore_index=True)

    fact = TRANCHE_FACT[kind.tranche]
    tranche_facts = coalition_ev["feit"].isin(list(model.SOURCED_TRANCHE_FACTS))
    same = coalition_ev[tranche_facts & (coalition_ev["feit"] == fact) & coalition_ev["code"].isin(codes)]
    other = coalition_ev[tranche_facts & (coalition_ev["feit"] != fact) & coalition_ev["code"].isin(codes)]
    for _, old in other.iterrows():
        notes.append(
            f"{old['code']} {names[old['code']]}: {old['feit']} (bron: {old['bron']}) vervangen door "
            f"{fact} uit {parsed.file}"
        )
    coalition_ev = coalition_ev.drop(index=other.index)
    keep = set(same["code"])  # an earlier source that states the same tranche (often with a date) stays
    undated = "" if datum else "; datum van deelname staat niet in de tabel: de uiterlijke datum van de tranche"
    added = pd.DataFrame(
        [
            {
                "code": r.code,
                "feit": fact,
                "datum": datum,
                "bron": bron,
                "bron_url": bron_url,
                "bron_datum": bron_datum,
                "toelichting": note_for(r) + undated,
            }
            for r in parsed.rows
            if r.code not in keep
        ],
        columns=COALITION_EV_COLUMNS,
    )
    coalition_ev = pd.concat([coalition_ev, added], ignore_index=True)
    return funding_ev.reset_index(drop=True), coalition_ev.reset_index(drop=True), notes


def basis_counts(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Per fact table with a basis column: (rows with basis bron, rows with basis model)."""
    counts = {}
    for name, file in files.FILES.items():
        path = Path(data_dir) / file
        if not path.is_file():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        if "basis" in frame.columns:
            counts[name] = (int((frame["basis"] == "bron").sum()), int((frame["basis"] == "model").sum()))
    return counts
