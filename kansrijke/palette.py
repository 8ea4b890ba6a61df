"""Colours as data: colour-blind-safe (Okabe-Ito) classes, grey for "no data / not yet".

Sourced rows are drawn opaque with a dark outline; modelled rows use the same hue, lighter
(lower opacity), so the difference is visible without relying on hue alone.
"""

# RGB per tranche, Okabe-Ito palette.
TRANCHE_RGB = {
    "gids_2019": (0, 114, 178),       # blue
    "tranche3_2020": (230, 159, 0),   # orange
    "impuls_2022": (0, 158, 115),     # bluish green
}
NOT_YET_RGB = (217, 217, 217)         # grey: not (yet) taking part / no data

ALPHA_SOURCED = 235
ALPHA_MODELLED = 110

OUTLINE_SOURCED = (20, 20, 20, 255)
OUTLINE_MODELLED = (120, 120, 120, 160)
OUTLINE_PROVINCE = (40, 40, 40, 255)
HIGHLIGHT_RGBA = (204, 0, 102, 255)   # reddish purple outline for the selected municipality


def fill_rgba(rgb: tuple[int, int, int], basis: str) -> list[int]:
    """Fill colour for a municipality: opaque when sourced, lighter when modelled."""
    alpha = ALPHA_SOURCED if basis == "bron" else ALPHA_MODELLED
    return [*rgb, alpha]


def outline_rgba(basis: str) -> list[int]:
    return list(OUTLINE_SOURCED if basis == "bron" else OUTLINE_MODELLED)
