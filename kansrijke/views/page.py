"""The parts of a page as plain values, which kansrijke.ui.render draws: lines of text in their role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Line:
    """One line of text: a subheading, a paragraph or a caption (markdown-escaped by the renderer)."""

    role: Literal["subheader", "text", "caption"]
    text: str
