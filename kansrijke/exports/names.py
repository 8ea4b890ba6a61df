"""File names and media types of the take-home files. Light on purpose (no drawing library): the pages import it
on every run, while the builders (matplotlib, fpdf2, python-pptx) are imported only when a file is asked for."""

from __future__ import annotations

import re
import unicodedata

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
PICTURE_FORMATS = ("png", "svg")


def safe_filename(text: str) -> str:
    """A file name part from free text: ASCII letters, digits, '_' and '-' only (a hostile name cannot reach the
    path or the download header)."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", plain).strip("-_").lower()
    return slug[:60] or "bestand"


def factsheet_name(code: str, naam: str, lang: str) -> str:
    """'factsheet_GM0363_amsterdam_nl.pdf': the code first (unique), then the name made safe for a file system."""
    return f"factsheet_{code}_{safe_filename(naam)}_{lang}.pdf"
