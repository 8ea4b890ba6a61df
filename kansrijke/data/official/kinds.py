"""What an official table can hold: the amounts of one funding scheme per municipality, or the municipalities of
one tranche. A municipality that gets money from a scheme is, by that fact, in the scheme's tranche."""

from __future__ import annotations

from dataclasses import dataclass

from kansrijke.data import model


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # default source description (Dutch), completed by the file name
    tranche: str  # the coalition tranche the rows state
    regeling: str | None = None  # funding scheme; None for a membership list
    jaar: int | None = None

    @property
    def has_amounts(self) -> bool:
        return self.regeling is not None


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "financiering-gids-2019",
            "Officiële tabel Kansrijke Start: impuls GIDS-gemeenten (tranche 1-2, 2019)",
            "gids_2019",
            "impuls_gids_2019",
            2019,
        ),
        Kind(
            "financiering-tranche3-2020",
            "Officiële tabel Kansrijke Start: impuls derde tranche (2020)",
            "tranche3_2020",
            "impuls_tranche3_2020",
            2020,
        ),
        Kind(
            "financiering-aanvulling-2021",
            "Officiële tabel Kansrijke Start: aanvulling GIDS-gemeenten (2021)",
            "gids_2019",
            "aanvulling_gids_2021",
            2021,
        ),
        Kind("coalities-gids-2019", "Officiële lijst Kansrijke Start: GIDS-gemeenten, tranche 1-2 (2019)", "gids_2019"),
        Kind("coalities-tranche3-2020", "Officiële lijst Kansrijke Start: derde tranche (2020)", "tranche3_2020"),
        Kind(
            "coalities-impuls-2022", "Officiële lijst Kansrijke Start: impuls overige gemeenten (2022)", "impuls_2022"
        ),
    )
}

TRANCHE_FACT = {tranche: fact for fact, tranche in model.SOURCED_TRANCHE_FACTS.items()}
