"""Colours as data: colour-blind-safe (Okabe-Ito) classes, grey for "no data / not yet".

Sourced rows are drawn opaque with a dark outline; modelled rows use the same hue, lighter
(lower opacity), so the difference is visible without relying on hue alone.
"""

# RGB per tranche, Okabe-Ito palette.
TRANCHE_RGB = {
    "gids_2019": (0, 114, 178),  # blue
    "tranche3_2020": (230, 159, 0),  # orange
    "impuls_2022": (0, 158, 115),  # bluish green
}
NOT_YET_RGB = (217, 217, 217)  # grey: not (yet) taking part / no data

ALPHA_SOURCED = 235
ALPHA_MODELLED = 110

OUTLINE_SOURCED = (20, 20, 20, 255)
OUTLINE_MODELLED = (120, 120, 120, 160)
OUTLINE_PROVINCE = (40, 40, 40, 255)
HIGHLIGHT_RGBA = (204, 0, 102, 255)  # reddish purple outline for the selected municipality


def fill_rgba(rgb: tuple[int, int, int], basis: str) -> list[int]:
    """Fill colour for a municipality: opaque when sourced, lighter when modelled."""
    alpha = ALPHA_SOURCED if basis == "bron" else ALPHA_MODELLED
    return [*rgb, alpha]


def outline_rgba(basis: str) -> list[int]:
    return list(OUTLINE_SOURCED if basis == "bron" else OUTLINE_MODELLED)


# Nu Niet Zwanger: start year of a municipality's programme (classes in kansrijke.domain.nnz.START_CLASSES), Okabe-Ito,
# earliest first. Hues far apart, so that a lighter (modelled) class never looks like the next sourced one.
# Not (yet) in a programme: NOT_YET_RGB.
NNZ_START_RGB = {
    "voor_2018": (0, 114, 178),  # blue
    "2018": (0, 158, 115),  # bluish green
    "2019": (230, 159, 0),  # orange
    "2020": (213, 94, 0),  # vermillion
    "vanaf_2021": (204, 121, 167),  # reddish purple
}
NNZ_OUTLINE_RGBA = (0, 0, 0, 255)  # programme area boundary (dissolved member municipalities)

# Financiering: euros per inhabitant in classes (kansrijke.domain.funding.EUR_PER_INHABITANT_BREAKS, lowest class
# first).
# A sequential yellow-green-blue scheme (ColorBrewer YlGnBu without its palest step, so the lowest class is not
# mistaken for the grey "no amount"): each class is darker than the one before, which keeps the order readable
# with every kind of colour blindness. Modelled rows use the same colours, lighter (fill_rgba with basis "model").
EUR_CLASS_RGB = (
    (237, 248, 177),
    (199, 233, 180),
    (127, 205, 187),
    (65, 182, 196),
    (44, 127, 184),
    (37, 52, 148),
)

# Vergelijk: the peers of the chosen municipality (sky blue, Okabe-Ito); the chosen one keeps HIGHLIGHT_RGBA.
PEER_RGB = (86, 180, 233)
PEER_OUTLINE_RGBA = (0, 0, 0, 255)
