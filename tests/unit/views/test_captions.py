"""The story list: texts from the data reach the page as text, never as markup."""

import html
import re

from kansrijke.domain.stories import Story
from kansrijke.views import captions


def story(number: int, title: str, places: tuple[str, ...]) -> Story:
    return Story(
        number=number,
        codes=tuple(f"GM{n:04d}" for n in range(len(places))),
        places=places,
        titel=title,
        samenvatting="Samen <script>alert(1)</script> aan de slag.",
        thema="Zorg & welzijn",
        bron="Derde voortgangsrapportage",
        bron_datum="2020-07",
        bron_url="",
    )


def test_the_story_list_is_one_disclosure_per_story_with_escaped_texts():
    block = captions.story_list_html(
        [
            story(1, "Delft: kijken naar het geheel", ("Delft",)),
            story(2, "Heerlen <i>en</i> Sittard", ("Heerlen", "Sittard-Geleen")),
        ],
        "nl",
    )
    summaries = re.findall(r"<summary>(.*?)</summary>", block)
    assert [html.unescape(s) for s in summaries] == [
        "1 · Delft: kijken naar het geheel",
        "2 · Heerlen <i>en</i> Sittard",
    ]
    assert block.count("<details>") == 2 == block.count("</details>")
    assert "<script>" not in block and "<i>" not in block
    assert "Gemeenten: Heerlen en Sittard-Geleen" in block
    assert "Thema: Zorg &amp; welzijn" in block
    assert "Bron: Derde voortgangsrapportage (2020-07)" in block
