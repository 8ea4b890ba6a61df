"""What every exported file shares: fonts shipped inside a package (never downloaded), colours blended onto
white, the hatch of modelled rows, deterministic matplotlib output and deterministic ZIP containers.

Fonts: DejaVu Sans, the TrueType files matplotlib ships (matplotlib/mpl-data/fonts/ttf; free licence, see
LICENSE_DEJAVU there). The same files draw the pictures (matplotlib) and are embedded, subset, in every PDF (fpdf2),
so a file looks the same on every machine and nothing is fetched.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib import rc_context
from matplotlib.figure import Figure

from kansrijke.exports.names import MIME, safe_filename  # noqa: F401  (kept importable from here)

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_ITALIC = FONT_DIR / "DejaVuSans-Oblique.ttf"
FONT_FAMILY = "DejaVu Sans"

# Modelled rows: the class colour made lighter (kansrijke.views.palette alpha, blended onto white) plus this hatch,
# so the difference survives greyscale printing and colour blindness.
HATCH = "///"
HATCH_RGB = (70, 70, 70)
HATCH_WIDTH = 0.6  # points
TEXT_RGB = (26, 26, 26)  # #1A1A1A, the app's text colour
MUTED_RGB = (61, 61, 61)  # #3D3D3D, source lines (11:1 on white)
# A fixed date in every container whose format insists on one (ZIP entries): 1 January 1980, the ZIP epoch.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Matplotlib keeps module-level state (font cache, text layout cache); pictures are drawn one at a time per
# process. A page's script never waits for this: the files are made when a visitor asks for one.
DRAW_LOCK = threading.RLock()

RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "text.parse_math": False,  # a name with '$' stays text (no mathtext)
    "text.usetex": False,
    "svg.fonttype": "none",  # SVG text stays text (searchable, small); matplotlib escapes it
    "svg.hashsalt": "kansrijke-start",  # fixed ids inside the SVG
    "pdf.fonttype": 42,
    "hatch.linewidth": HATCH_WIDTH,
    "hatch.color": tuple(c / 255 for c in HATCH_RGB),
    "path.simplify": False,
}

# Metadata that would otherwise carry the time of writing or a version string.
SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def on_white(rgba) -> tuple[int, int, int]:
    """The opaque colour an RGBA colour (0-255, alpha 0-255) gives on white paper."""
    r, g, b, *rest = rgba
    alpha = (rest[0] if rest else 255) / 255

    def blend(c: int) -> int:
        return int(round(c * alpha + 255 * (1 - alpha)))

    return blend(r), blend(g), blend(b)


def mpl_colour(rgb) -> tuple[float, float, float]:
    return tuple(c / 255 for c in rgb[:3])


def hex_colour(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


@contextmanager
def drawing():
    """The project's matplotlib settings, one drawing at a time."""
    with DRAW_LOCK, rc_context(RC):
        yield


def new_figure(width_px: int, height_px: int, dpi: int) -> Figure:
    """A figure of exactly width_px x height_px at `dpi` (not attached to pyplot: no global state, no leaks)."""
    return Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    """PNG, SVG or PDF bytes of a figure, without dates or version strings (identical inputs, identical bytes)."""
    if fmt not in SAVE_METADATA:
        raise ValueError(f"unknown picture format {fmt!r}; expected one of {sorted(SAVE_METADATA)}")
    buffer = io.BytesIO()
    with drawing():
        figure.savefig(buffer, format=fmt, dpi=figure.dpi, metadata=SAVE_METADATA[fmt], facecolor="white")
    data = buffer.getvalue()
    if fmt == "svg":
        data = _clean_svg(data)
    return data


_SVG_COMMENT = re.compile(rb"<!--.*?-->\n?", re.S)


def _clean_svg(data: bytes) -> bytes:
    """Drop comments (matplotlib writes its name and version there)."""
    return _SVG_COMMENT.sub(b"", data)


def normalise_zip(data: bytes) -> bytes:
    """The same ZIP container (e.g. a .pptx) with every entry dated ZIP_DATE, in the same order: two builds from
    the same inputs are then byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def wrap(text: str, width: int) -> str:
    """Text wrapped to `width` characters a line (words are never split)."""
    import textwrap

    return "\n".join(
        textwrap.fill(part, width=width, break_long_words=False, break_on_hyphens=False)
        for part in str(text).split("\n")
    )
