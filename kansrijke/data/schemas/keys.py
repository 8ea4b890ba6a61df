"""Keys: the columns that identify a row. A second row with the same values in them is a duplicate and is
reported with both row numbers and the key values (failures.duplicate_key_issues). WHOLE_ROW: no column identifies
a row, so the whole row is the key (only an identical repeat is a duplicate). Documented per table in
docs/architecture.md ("Tables") and data/README.md."""

from __future__ import annotations

from collections.abc import Iterable

from kansrijke.data import context

WHOLE_ROW = None

KEYS: dict[str, tuple[str, ...] | None] = {
    "gemeenten": ("code",),
    "inwoners": ("code",),
    "coalities": ("code",),
    "financiering": ("code", "regeling"),
    "nnz_programmas": ("programma_id",),
    "nnz_deelname": ("programma_id", "code"),
    # two sources may publish the same indicator for the same date (176 vs 172 is kept that way): both rows stay
    "mijlpalen": ("indicator", "datum", "bron"),
    "verhalen": ("code", "titel"),
    "gebeurtenissen": ("gebeurtenis",),
    context.TABLE: ("code",),
}

# What a repeated key (or a repeat in a column unique beside the key) means, where "must be unique" says too little.
KEY_HINTS: dict[tuple[str, tuple[str, ...]], str] = {
    ("coalities", ("code",)): "hoogstens één rij per gemeente",
    ("gemeenten", ("code",)): "elke gemeente staat er één keer in",
    ("inwoners", ("code",)): "één inwonertal per gemeente",
    (context.TABLE, ("code",)): "één rij kerncijfers per gemeente",
    ("financiering", ("code", "regeling")): "één bedrag per gemeente en regeling",
    ("nnz_deelname", ("code",)): "een gemeente hoort bij hoogstens één NNZ-programma",
}


def key_of(name: str, columns: Iterable[str]) -> tuple[str, ...]:
    """The key of table `name` whose contract has `columns` (all of them for WHOLE_ROW)."""
    declared = KEYS[name]
    return tuple(columns) if declared is WHOLE_ROW else declared


def duplicate_hint(name: str, key: tuple[str, ...]) -> str:
    """What a repeat of `key` in table `name` breaks, in the user's words."""
    return KEY_HINTS.get((name, key)) or (
        f"{key[0]} moet uniek zijn" if len(key) == 1 else f"de sleutel {' + '.join(key)} moet uniek zijn"
    )
