"""The allowed values of the data contract, each list defined once: the tables' codes (what a cell may hold) that
the schemas check, the model writes, the domain counts and the text catalogue has a label for.

Below every layer: it imports nothing, so text/ (the labels and the wording of qualifiers) and data/ (the schemas
and the model) both take their lists from here (tests/unit/test_layers.py keeps it that way).
"""

from __future__ import annotations

from types import MappingProxyType

# basis of a row: from a public source, or filled by a rule of kansrijke/data/model.py
BASES = ("bron", "model")

# coalition tranches (coalities.csv, column tranche), in the order they opened
TRANCHES = ("gids_2019", "tranche3_2020", "impuls_2022")

# funding schemes (financiering.csv, column regeling)
REGELINGEN = ("impuls_gids_2019", "impuls_tranche3_2020", "aanvulling_gids_2021")

# the coalition tranche each funding scheme is meant for
REGELING_TRANCHE = MappingProxyType(
    {
        "impuls_gids_2019": "gids_2019",
        "aanvulling_gids_2021": "gids_2019",
        "impuls_tranche3_2020": "tranche3_2020",
    }
)

# qualifiers of published figures (mijlpalen.csv, column kwalificatie): "circa 160", "ruim 2 miljoen"
KWALIFICATIES = ("exact", "circa", "ruim", "bijna", "meer_dan")

# units of published figures (mijlpalen.csv, column eenheid)
EENHEDEN = ("gemeenten", "programmas", "coalities", "ggd_regios", "procent", "eur", "eur_per_jaar")

# whom a dated funding event concerns (gebeurtenissen.csv, column gemeenten)
GEBEURTENIS_GEMEENTEN = ("deelnemers", "nog_niet_deelnemers", "alle")


def schemes_by_tranche() -> tuple[str, ...]:
    """The funding schemes grouped by the tranche they are for, tranches in their order (the order of a list a
    visitor picks from: the GIDS impulse and its top-up, then the third tranche)."""
    return tuple(r for tranche in TRANCHES for r in REGELINGEN if REGELING_TRANCHE[r] == tranche)
