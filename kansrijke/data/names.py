"""Municipality names as people and official tables write them: normalisation and alternative names.

Shared by the search box (kansrijke.domain.search) and the official-table matcher (kansrijke.data.matching).
"""

from __future__ import annotations

import re
import unicodedata

# Alternative names in common use -> CBS code (2020 boundaries).
ALTERNATIVE_NAMES: dict[str, str] = {
    "den bosch": "GM0796",
    "s hertogenbosch": "GM0796",
    "hertogenbosch": "GM0796",
    "den haag": "GM0518",
    "s gravenhage": "GM0518",
    "gravenhage": "GM0518",
    "the hague": "GM0518",
    "hague": "GM0518",
    "sittard": "GM1883",
    "geleen": "GM1883",
    "geldrop": "GM1771",
    "mierlo": "GM1771",
    "ljouwert": "GM0080",
    # Short forms used in official tables.
    "nuenen": "GM0820",
    "nuenen c a": "GM0820",
}

_PREFIXES = ("gemeente ", "gem ", "municipality of ")


def normalise(name: str) -> str:
    """Lower case, no diacritics, no prefix, punctuation folded to single spaces."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[’‘`´']", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return re.sub(r"\s+", " ", text).strip()
