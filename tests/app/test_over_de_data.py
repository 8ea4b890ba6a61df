"""AppTest of the page "Over de data": shares recomputed from the CSV files, downloads carry every row,
the checks' status, the URL-bound table choice, English."""

import io
import zipfile

import pandas as pd

from kansrijke.data.schemas import FILES

PAGE = "pages/over-de-data.py"


def csv_frame(folder, name) -> pd.DataFrame:
    return pd.read_csv(folder / FILES[name], dtype=str, keep_default_na=False)


def open_page(app):
    app.switch_page(PAGE)
    app.run()
    assert not app.exception
    return app


def test_renders_with_one_title_and_all_checks_passed(app):
    open_page(app)
    assert [t.value for t in app.title] == ["Over de data"]
    assert len(app.success) == 1 and "Alle controles geslaagd" in app.success[0].value
    assert not app.error


def test_sourced_and_modelled_counts_equal_the_files(app):
    open_page(app)
    shown = app.dataframe[0].value.set_index("Tabel")
    for name in FILES:
        path = app.data_folder / FILES[name]
        if not path.exists():
            continue
        frame = csv_frame(app.data_folder, name)
        assert int(shown.loc[name, "Rijen"]) == len(frame)
        assert int(shown.loc[name, "Uit bron"]) == int((frame["basis"] == "bron").sum())
        assert int(shown.loc[name, "Gemodelleerd"]) == int((frame["basis"] == "model").sum())
    # the hand-checkable case: financiering has exactly one sourced row (Diemen, EUR 9,000)
    assert int(shown.loc["financiering", "Uit bron"]) == 1


def test_each_table_downloads_with_every_row(app, downloads):
    open_page(app)
    for name in ["gemeenten", "coalities", "financiering", "nnz_deelname", "mijlpalen"]:
        app.selectbox(key="tabel").set_value(name).run()
        assert not app.exception
        files = downloads(app)
        frame = csv_frame(app.data_folder, name)
        got = pd.read_csv(io.BytesIO(files[f"{name}.csv"]), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        assert len(got) == len(frame)
        assert {"basis", "bron"} <= set(got.columns)
        assert list(got.get("code", got.index)) == list(frame.get("code", frame.index))
        assert f"{name}.xlsx" in files
        sheet = pd.read_excel(io.BytesIO(files[f"{name}.xlsx"]))
        assert len(sheet) == len(frame)
        share = next(m.value for m in app.markdown if "rijen komen uit een bron" in m.value)
        assert f"van de {len(frame)} rijen" in share.replace(".", "")


def test_zip_holds_every_table(app, downloads):
    open_page(app)
    archive = zipfile.ZipFile(io.BytesIO(downloads(app)["kansrijke_start_data.zip"]))
    for file in archive.namelist():
        inside = pd.read_csv(io.BytesIO(archive.read(file)), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        on_disk = pd.read_csv(app.data_folder / file, dtype=str, keep_default_na=False)
        assert len(inside) == len(on_disk)
    assert set(archive.namelist()) == {p.name for p in app.data_folder.glob("*.csv")}


def test_table_choice_is_in_the_url(app):
    app.query_params["tabel"] = "financiering"
    open_page(app)
    assert app.selectbox(key="tabel").value == "financiering"
    app.selectbox(key="tabel").set_value("coalities").run()
    assert app.query_params["tabel"] == "coalities"


def test_unknown_table_in_url_shows_default_with_notice(app):
    app.query_params["tabel"] = "<script>"
    open_page(app)
    assert app.selectbox(key="tabel").value == "gemeenten"
    assert app.toast, "a short notice says the link held an unknown value"


def test_english_renders(app):
    app.query_params["lang"] = "en"
    app.run()
    open_page(app)
    assert [t.value for t in app.title] == ["About the data"]
    assert "All checks passed" in app.success[0].value
    assert "Sourced" in app.dataframe[0].value.columns


def test_a_broken_file_shows_the_report(app):
    open_page(app)
    path = app.data_folder / "financiering.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",9000,", ",-9000,"), encoding="utf-8")
    app.run()
    assert not app.exception
    assert app.error, "the status names the problems"
    assert "bedrag_eur" in "\n".join(c.value for c in app.code)
