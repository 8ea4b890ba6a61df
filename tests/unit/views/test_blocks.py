"""HTML blocks beside and below a map: tables, figures and texts from the data reach the page as text, never as
markup, and read back (as a reader sees them) cell for cell and figure for figure."""

import pandas as pd

from kansrijke.views import blocks
from tests.app.conftest import BlockReader


def test_a_plain_table_keeps_every_cell_on_its_row_and_column():
    frame = pd.DataFrame(
        {"Wat": ["GIDS | tranche 1-2", "regel\nnaar beneden", None], "Cijfer <b>": ["150", "*155*", "<b>7</b>"]}
    )
    part = blocks.table(frame, "Tijdlijn <i>")
    [read] = BlockReader(blocks.block(part)).tables
    assert list(read.columns) == ["Wat", "Cijfer <b>"]
    assert read.values.tolist() == [["GIDS | tranche 1-2", "150"], ["regel naar beneden", "*155*"], ["", "<b>7</b>"]]
    assert "<b>" not in part, "markup from the data is escaped"
    assert part.count('<th scope="col">') == 2, "a header cell per column, for screen readers"
    assert part.startswith('<div class="ks-tabelvak" tabindex="0" role="region" aria-label="Tijdlijn &lt;i&gt;">'), (
        "a wide table scrolls in a box that a keyboard reaches and a screen reader names"
    )


def test_figures_show_value_and_lines_and_keep_the_note_one_click_away():
    items = [
        blocks.Figure("Gemeenten met lokale coalitie", "275", note="Bron: Derde voortgangsrapportage (2020-07)"),
        blocks.Figure("Impuls <script>", "€ 9.000.000", lines=("Gepubliceerd: € 9 mln.", "Bron: brief")),
    ]
    part = blocks.figures(items, "Bron")
    read = BlockReader(part).figures
    assert [(f["label"], f["value"]) for f in read] == [
        ("Gemeenten met lokale coalitie", "275"),
        ("Impuls <script>", "€ 9.000.000"),
    ]
    assert read[0]["note"] == "Bron: Derde voortgangsrapportage (2020-07)" and read[0]["lines"] == []
    assert read[1]["lines"] == ["Gepubliceerd: € 9 mln.", "Bron: brief"] and read[1]["note"] == ""
    assert part.count("<details>") == 1, "only a figure with a note has a disclosure"
    assert "<script>" not in part


def test_a_block_escapes_its_texts_and_leaves_out_empty_parts():
    block = blocks.block(
        blocks.heading("Tijdlijn <img src=x onerror=alert(1)>"),
        blocks.paragraph("Samen & sterk", strong=True),
        "",
        blocks.caption("Bron: CBS"),
        blocks.hint("Klik op een gemeente"),
    )
    assert block.startswith(blocks.BLOCK_CSS)
    body = block[len(blocks.BLOCK_CSS) :]
    assert body == (
        '<div class="ks-blok"><h2>Tijdlijn &lt;img src=x onerror=alert(1)&gt;</h2>'
        "<p><strong>Samen &amp; sterk</strong></p>"
        '<p class="ks-onderschrift">Bron: CBS</p><p class="ks-hint">Klik op een gemeente</p></div>'
    )


def test_a_table_with_row_labels_heads_each_row_with_its_label():
    frame = pd.DataFrame(
        {"Amsterdam": ["872.757 (bron)", "GIDS"], "Utrecht": ["357.179", "<i>tranche 3</i>"]},
        index=["Inwoners", "Tranche lokale coalitie"],
    )
    part = blocks.table(frame, "Naast elkaar", row_labels=True)
    [read] = BlockReader(part).tables
    assert read.set_index("").to_dict() == frame.to_dict()
    assert part.count('<th scope="row">') == 2 and "<i>" not in part


def test_a_boxed_part_keeps_its_parts_in_order():
    box = blocks.boxed(blocks.paragraph("Delft", strong=True), blocks.caption("Bron: rapport"))
    assert (
        box == '<div class="ks-kader"><p><strong>Delft</strong></p><p class="ks-onderschrift">Bron: rapport</p></div>'
    )
