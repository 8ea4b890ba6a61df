"""The map colours stay readable for colour-blind readers: simulated protanopia, deuteranopia and tritanopia
(Machado, Oliveira & Fernandes 2009, severity 1), colour difference as CIE76 delta E in CIELAB."""

import itertools

import numpy as np
import pytest

from kansrijke.views import palette

VISION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])
DISTINCT = 15.0  # delta E between two classes a reader must tell apart


def _linear(rgb):
    c = np.asarray(rgb, dtype=float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab_as_seen(rgb, vision: str, alpha: int = 255) -> np.ndarray:
    """CIELAB of a fill drawn on white with `alpha`, as seen with `vision`."""
    on_white = np.asarray(rgb, dtype=float) * alpha / 255 + 255 * (1 - alpha / 255)
    linear = np.clip(VISION[vision] @ _linear(on_white), 0, 1)
    xyz = SRGB_TO_XYZ @ linear / WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def smallest_difference(colours: dict, vision: str) -> tuple[float, str, str]:
    return min(
        (float(np.linalg.norm(lab_as_seen(a, vision) - lab_as_seen(b, vision))), i, j)
        for (i, a), (j, b) in itertools.combinations(colours.items(), 2)
    )


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("name, classes", [("tranche", palette.TRANCHE_RGB), ("nnz_start", palette.NNZ_START_RGB)])
def test_classes_and_the_grey_of_no_data_stay_apart(vision, name, classes):
    difference, first, second = smallest_difference({**classes, "geen": palette.NOT_YET_RGB}, vision)
    assert difference >= DISTINCT, f"{name}: {first} and {second} differ by only {difference:.1f} ({vision})"


@pytest.mark.parametrize("vision", VISION)
def test_funding_classes_get_darker_step_by_step(vision):
    lightness = [lab_as_seen(rgb, vision)[0] for rgb in palette.EUR_CLASS_RGB]
    steps = np.diff(lightness)
    assert (steps <= -5).all(), f"L* per class {np.round(lightness, 1)} ({vision})"


@pytest.mark.parametrize("vision", VISION)
def test_a_modelled_fill_is_clearly_lighter_than_the_sourced_one(vision):
    """For the class colours of the coalition and NNZ maps. (The two palest funding classes are nearly white
    either way: there the outline tells sourced from modelled, see palette.outline_rgba.)"""
    for rgb in [*palette.TRANCHE_RGB.values(), *palette.NNZ_START_RGB.values()]:
        sourced = lab_as_seen(rgb, vision, palette.ALPHA_SOURCED)[0]
        modelled = lab_as_seen(rgb, vision, palette.ALPHA_MODELLED)[0]
        assert modelled - sourced >= 10, (rgb, vision, sourced, modelled)


def test_sourced_and_modelled_outlines_differ_in_lightness_and_weight():
    sourced, modelled = palette.outline_rgba("bron"), palette.outline_rgba("model")
    assert lab_as_seen(modelled[:3], "normal")[0] - lab_as_seen(sourced[:3], "normal")[0] >= 30
    assert sourced[3] > modelled[3]
