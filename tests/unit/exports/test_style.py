"""The shared parts of every exported file: colours on paper, safe file names, deterministic containers."""

from __future__ import annotations

import io
import zipfile

from kansrijke.exports import style


def test_on_white_blends_like_paper():
    assert style.on_white((0, 0, 0, 255)) == (0, 0, 0)
    assert style.on_white((0, 0, 0, 0)) == (255, 255, 255)
    assert style.on_white((0, 114, 178, 110)) == (145, 194, 222)
    assert style.on_white((10, 20, 30)) == (10, 20, 30)


def test_safe_filename_keeps_hostile_text_out_of_paths():
    assert style.safe_filename("<script>alert('x')</script>Rotterdam") == "script-alert-x-script-rotterdam"
    assert style.safe_filename("../../etc/passwd") == "etc-passwd"
    assert style.safe_filename("'s-Hertogenbosch") == "s-hertogenbosch"
    assert style.safe_filename("Súdwest-Fryslân") == "sudwest-fryslan"
    assert style.safe_filename("***") == "bestand"


def test_normalise_zip_removes_the_time_of_writing():
    def build(date):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in ("b.xml", "a.xml"):
                archive.writestr(zipfile.ZipInfo(name, date_time=date), f"<{name}/>")
        return buffer.getvalue()

    first, second = build((2026, 1, 2, 3, 4, 6)), build((2025, 6, 7, 8, 9, 10))
    assert first != second
    assert style.normalise_zip(first) == style.normalise_zip(second)
    entries = zipfile.ZipFile(io.BytesIO(style.normalise_zip(first))).infolist()
    assert [e.filename for e in entries] == ["b.xml", "a.xml"]
    assert {e.date_time for e in entries} == {style.ZIP_DATE}


def test_the_pages_do_not_load_the_drawing_libraries():
    """kansrijke.ui.exports (imported by every page) names files without importing matplotlib, fpdf2 or pptx."""
    import subprocess
    import sys

    probe = (
        "import sys, kansrijke.exports.names, kansrijke.ui.exports; "
        "print(sorted(m for m in ('matplotlib', 'fpdf', 'pptx', 'vl_convert') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_factsheet_default_link_is_the_same_in_both_layers():
    from kansrijke.exports import factsheet
    from kansrijke.ui import exports

    assert exports.DEFAULT_BASE_URL == factsheet.DEFAULT_BASE_URL
