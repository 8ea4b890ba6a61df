"""The package's folders are its layers, and no module imports from a layer above its own.

    vocabulary -> text -> data -> domain -> views -> exports -> ui -> serving      (pages/ and app.py on top)

A module may import its own layer and any layer to its left. Streamlit belongs to the Streamlit glue (ui/ and
serving/); the lower layers never import it, and data, domain and text draw nothing (no pydeck, no altair). The
vocabulary (the allowed values, defined once) is plain Python: both text and data take their lists from it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kansrijke.data.paths import ROOT

PACKAGE = ROOT / "kansrijke"
LAYERS = ["vocabulary", "text", "data", "domain", "views", "exports", "ui", "serving"]
RANK = {name: rank for rank, name in enumerate(LAYERS)}
# Third-party packages a layer must not use: the drawing libraries stay above the domain, Streamlit in the glue.
FORBIDDEN = {
    "vocabulary": {"streamlit", "pydeck", "altair", "pandera", "pandas", "numpy"},
    "text": {"streamlit", "pydeck", "altair", "pandera"},
    "data": {"streamlit", "pydeck", "altair"},
    "domain": {"streamlit", "pydeck", "altair"},
    "views": {"streamlit"},
    "exports": {"streamlit"},
}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "__init__.py")


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def imported_names(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the module, including imports inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "kansrijke":
                found += [(node.lineno, f"kansrijke.{alias.name}") for alias in node.names]
    return found


def violations(path: Path) -> list[str]:
    own = layer_of(path)
    problems = []
    for line, name in imported_names(path):
        parts = name.split(".")
        where = f"{path.relative_to(ROOT)}:{line}"
        if parts[0] == "kansrijke" and len(parts) > 1:
            target = parts[1]
            if target not in RANK:
                problems.append(f"{where} imports {name}, which is in no layer")
            elif RANK[target] > RANK[own]:
                problems.append(f"{where} ({own}) imports {name} ({target}), a layer above it")
        elif parts[0] in FORBIDDEN.get(own, set()):
            problems.append(f"{where} ({own}) imports {parts[0]}")
    return problems


def test_every_module_is_in_a_layer_folder():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    unknown = sorted({layer_of(p) for p in modules()} - set(LAYERS))
    assert not loose, f"modules outside a layer folder: {loose}"
    assert not unknown, f"folders that are not a layer: {unknown}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path):
    assert violations(path) == []


def test_the_check_catches_an_upward_import(tmp_path, monkeypatch):
    """The rule itself: a domain module that imports Streamlit or a view is reported, a downward import is not."""
    fake = PACKAGE / "domain" / "upward_example.py"
    source = "import streamlit as st\nfrom kansrijke.views import maps\nfrom kansrijke.data import tables\n"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source if self == fake else "")
    found = violations(fake)
    assert len(found) == 2
    assert "imports streamlit" in found[0]
    assert "kansrijke.views (views), a layer above it" in found[1]


def test_the_benchmarks_import_nothing_from_the_tests():
    """bench/ is tooling the tests may use (tests/e2e/harness.py takes its server and browser from bench/), so
    bench/ never imports tests/."""
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / "bench").rglob("*.py"))
        for line, name in imported_names(path)
        if name.split(".")[0] == "tests"
    ]
    assert found == []
