"""The take-home files in the real browser: clicking a button builds the file (deferred, on the server) and the
browser receives a picture, factsheet or presentation that parses; no request leaves the machine."""

import io
import xml.etree.ElementTree as ET

from PIL import Image
from pptx import Presentation
from pypdf import PdfReader


def download(page, name: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name=name).click()
    result = info.value
    with open(result.path(), "rb") as handle:
        return result.suggested_filename, handle.read()


def test_map_picture_and_factsheet_from_the_map_page(visit):
    page = visit.open("/?zoek=delft")
    page.get_by_text("Meenemen: kaart als afbeelding").click()
    name, png = download(page, "Kaart als PNG")
    assert name == "kaart_coalities_2020-07-01_nl.png"
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    name, svg = download(page, "Kaart als SVG")
    root = ET.fromstring(svg)
    assert "script" not in {element.tag.split("}")[-1] for element in root.iter()}
    name, pdf = download(page, "Factsheet van deze gemeente (PDF)")
    assert name == "factsheet_GM0503_delft_nl.pdf"
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 and "Delft" in reader.pages[0].extract_text()
    visit.assert_clean()


def test_slides_as_powerpoint_from_the_presenter_mode(visit):
    page = visit.open("/presentatie?dia=2&lang=en")
    page.get_by_text("Take home: all ten slides").click()
    name, pptx = download(page, "Download as PowerPoint")
    assert name == "kansrijke-start-presentatie_en.pptx"
    assert len(Presentation(io.BytesIO(pptx)).slides) == 10
    visit.assert_clean()
