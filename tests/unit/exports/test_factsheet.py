"""The factsheet of a municipality, read back with pypdf: its figures, each with its source or rule, the
comparisons, the data's date and the link; one A4 page; identical bytes for identical inputs; hostile names
stay text. And the command that writes all of them."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from kansrijke.domain import funding
from kansrijke.exports import factsheet, factsheets, pictures
from kansrijke.text import data_label, fmt_date, fmt_eur, fmt_eur_per_inhabitant, fmt_int, t


def read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def flat(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def amsterdam(tables):
    return factsheet.factsheet_pdf(tables, "GM0363", "nl", base_url="http://dashboard.test")


def test_amsterdam_sheet_states_its_figures_with_sources(tables, amsterdam):
    reader, text = read(amsterdam)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    place = tables.gemeenten.set_index("code").loc["GM0363"]
    people = tables.inwoners.set_index("code").loc["GM0363"]
    coalition = tables.coalities.set_index("code").loc["GM0363"]
    for expected in (
        "Amsterdam",
        place["provincie"],
        place["ggd_regio"],
        fmt_int(int(people["inwoners"]), "nl"),
        data_label(people["peildatum"], "nl"),
        people["bron"],
        t("tranche.gids_2019", "nl"),
        fmt_date(coalition["datum_deelname"], "nl"),
    ):
        assert flat(expected) in text, expected
    assert text.count("Gemodelleerd") >= 3  # modelled figures say so, with their rule
    assert t("regel." + coalition["regel"].split(";")[0].strip(), "nl")[:40] in text


def test_money_per_inhabitant_against_province_tranche_and_country(tables, amsterdam):
    _, text = read(amsterdam)
    amounts = funding.per_inhabitant(tables.financiering, tables.inwoners, tables.gemeenten, tables.coalities)
    own = amounts.set_index("code").loc["GM0363"]
    averages = funding.averages_for(amounts, "GM0363")
    assert averages is not None
    assert fmt_eur(own["bedrag_eur"], "nl") in text
    for rate in (own["eur_per_inwoner"], averages.provincie_rate, averages.tranche_rate, averages.national_rate):
        assert fmt_eur_per_inhabitant(rate, "nl") in text
    assert "Provincie Noord-Holland" in text and "Nederland" in text


def test_nnz_data_date_and_link(tables, amsterdam):
    reader, text = read(amsterdam)
    programme = tables.nnz_programmas.set_index("programma_id")
    link = tables.nnz_deelname.set_index("code").loc["GM0363"]
    assert programme.at[link["programma_id"], "naam"] in text
    assert fmt_date(pictures.data_date(tables), "nl") in text
    assert "http://dashboard.test/?zoek=GM0363" in text
    uris = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", []) if "/A" in a.get_object()]
    assert "http://dashboard.test/?zoek=GM0363" in uris


def test_a_sheet_with_a_story_in_english(tables):
    data = factsheet.factsheet_pdf(tables, "GM0796", "en")
    reader, text = read(data)
    assert len(reader.pages) <= 2
    story = tables.verhalen.set_index("code").loc["GM0796"]
    assert flat(story["titel_en"]) in text
    assert "Stories from the progress reports" in text and "Impulse money" in text
    assert "lang=en" in text


def test_fonts_are_embedded_and_bytes_repeat(tables, amsterdam):
    assert factsheet.factsheet_pdf(tables, "GM0363", "nl", base_url="http://dashboard.test") == amsterdam
    reader, _ = read(amsterdam)
    resources = reader.pages[0]["/Resources"]
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"]
    assert isinstance(fonts, DictionaryObject)
    for ref in fonts.values():
        descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
    assert b"/CreationDate (D:2024" in amsterdam  # the data's date, never the moment of writing


def test_hostile_names_stay_text_in_a_valid_pdf(hostile):
    tables, names = hostile
    for code in ("GM0599", "GM0344", "GM0363", "GM0796"):
        data = factsheet.factsheet_pdf(tables, code, "nl")
        reader, text = read(data)
        assert flat(names[code]).replace("$", "")[:20] in text.replace("$", "")
        assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data
        assert len(reader.pages) == 1
        assert re.fullmatch(r"factsheet_GM\d{4}_[a-z0-9-]+_nl\.pdf", factsheet.file_name(tables, code, "nl"))


def test_unknown_code_is_refused(tables):
    with pytest.raises(ValueError, match="GM9999"):
        factsheet.factsheet_pdf(tables, "GM9999", "nl")


def test_command_writes_the_factsheets_asked_for(tmp_path, capsys):
    assert factsheets.main([str(tmp_path), "--lang", "en", "--codes", "GM0363,GM0796", "--quiet"]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["factsheet_GM0363_amsterdam_en.pdf", "factsheet_GM0796_s-hertogenbosch_en.pdf"]
    assert "wrote 2 factsheets" in capsys.readouterr().out
    assert factsheets.main([str(tmp_path), "--codes", "GM9999", "--quiet"]) == 2


def test_command_reports_broken_data_and_writes_nothing(tmp_path, capsys):
    from tests.e2e.harness import copy_data

    folder = copy_data(tmp_path / "data")
    path = folder / "inwoners_2020.csv"
    # Appingedam's inhabitants on 1 January 2020 (11,642) made negative
    path.write_text(path.read_text(encoding="utf-8").replace(",11642,", ",-5,", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert factsheets.main([str(out), "--data-dir", str(folder), "--quiet"]) == 1
    assert "inwoners_2020.csv" in capsys.readouterr().err
    assert not out.exists()


def _shipped_rows(name: str) -> list[dict[str, str]]:
    """A shipped table's rows, read with the csv module (not the app's loader)."""
    import csv

    from kansrijke.data.paths import DATA_DIR

    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _shipped_row(name: str, code: str) -> dict[str, str]:
    return next(row for row in _shipped_rows(name) if row["code"] == code)


@pytest.mark.parametrize("code", ["GM0193", "GM0796"])  # Zwolle; 's-Hertogenbosch, with a story (the longest)
def test_the_sheet_carries_the_cbs_context_and_money_per_child_on_one_page(tables, code):
    row = _shipped_row("context_2020.csv", code)
    reader, text = read(factsheet.factsheet_pdf(tables, code, "nl"))
    assert len(reader.pages) == 1
    births = f"{int(row['levendgeborenen']):,}".replace(",", ".")
    low_income = row["aandeel_laag_inkomen"].replace(".", ",") + "%"
    assert re.search(rf"Levend geborenen in 2020 {re.escape(births)} ", text), births
    assert re.search(rf"Huishoudens met een laag inkomen {re.escape(low_income)} ", text), low_income
    assert "Bron: CBS, Kerncijfers wijken en buurten 2020 (84799NED)" in text
    # euros per live birth: the total amount over the CBS births, modelled where the amount is
    amount = sum(int(r["bedrag_eur"]) for r in _shipped_rows("financiering.csv") if r["code"] == code)
    per_birth = "€ " + f"{amount / int(row['levendgeborenen']):.2f}".replace(".", ",") + " per geboorte"
    assert f"Per kind: {per_birth}" in text


def test_the_english_sheet_carries_the_context(tables):
    row = _shipped_row("context_2020.csv", "GM0193")
    _, text = read(factsheet.factsheet_pdf(tables, "GM0193", "en"))
    assert f"Live births in 2020 {int(row['levendgeborenen']):,} " in text
    assert f"Households with a low income {row['aandeel_laag_inkomen']}% " in text
