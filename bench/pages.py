"""The dashboard's pages as a visitor opens them: every st.Page of app.py's PAGES, read from the source (importing
app.py would run Streamlit)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bench.server import ROOT


@dataclass(frozen=True)
class AppPage:
    file: str  # pages/kaart.py
    url_path: str  # kaart
    default: bool

    @property
    def path(self) -> str:
        """The path a visitor opens: the default page lives at /."""
        return "/" if self.default else f"/{self.url_path}"

    @property
    def slug(self) -> str:
        return self.url_path


def registered_pages() -> list[AppPage]:
    """Every st.Page in app.py's PAGES, in order."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = []
    for call in re.findall(r"st\.Page\((.*?)\)\s*,?\s*\n", source):
        file = re.search(r'"(pages/[^"]+\.py)"', call)
        url = re.search(r'url_path="([^"]+)"', call)
        if file and url:
            pages.append(AppPage(file.group(1), url.group(1), "default=True" in call))
    return pages
