"""Every repository path the documentation cites exists, so a file that moves takes its documentation along.

Read: README.md, docs/*.md, data/README.md, geo/README.md, pages/README.md, the help texts of the commands (the
docstring of every `python -m` entry point, which its --help prints) and the header comments of scripts/*.sh.
A path is cited when it starts at a top-level entry of the repository (kansrijke/data/model.py, scripts/test.sh),
or names a file by its extension (bewijs/nnz_bewijs.csv, read from the document's own folder too); the folder
trees in the docs' code blocks are read with their nesting. `<...>`, `{...}` and `*` stand for any name. A module
started with `python -m` must exist as well.
"""

from __future__ import annotations

import ast
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from kansrijke import text
from kansrijke.data.paths import ROOT

DOCS = sorted(
    [
        ROOT / "README.md",
        *ROOT.glob("docs/*.md"),
        ROOT / "data" / "README.md",
        ROOT / "geo" / "README.md",
        ROOT / "pages" / "README.md",
    ]
)
EXTENSIONS = "py|sh|md|toml|txt|csv|json|topojson|geojson|yaml|yml|cfg\\.in|png|svg|pdf|pptx|lock|ods|xlsx|in|html|js"
PATH = re.compile(
    r"(?<![\w/.:@-])"  # not inside a URL, an address or a longer word
    r"((?:\.{0,2}[\w<>{}*.-]+/)+[\w<>{}*.-]*|[\w<>{}*-]+(?:\.[\w-]+)*\.(?:" + EXTENSIONS + r"))"
    r"(?![\w/(])"
)
MODULE = re.compile(r"python -m ([a-z_][\w.]*)")
# Cited paths outside the repository or on a server: not files of this repository.
OUTSIDE = ("../", "/", "~", "http", ".venv/")
UPSTREAM = re.compile(r"`?\s*@\s*[0-9a-f]{7,40}\b")
# Names that look like paths in prose.
PROSE = {"and/or", "w/o"}


@cache
def tracked() -> frozenset[str]:
    """The repository's files (git ls-files) and their folders."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    folders = {str(Path(f).parent) for f in files} | {str(p) for f in files for p in Path(f).parents}
    return frozenset(files) | frozenset(folders - {"."})


def top_level() -> set[str]:
    return {entry.split("/")[0] for entry in tracked()} | {"artifacts", "static"}


def exists(path: str, base: Path) -> bool:
    """`path`, from the root or from `base` (or, in the package, a folder above it), is a tracked file or folder,
    or something the tools write into artifacts/; placeholders match any name."""
    pattern = str(Path(re.sub(r"<[^>]*>|\{[^}]*\}", "*", path.rstrip("/"))))
    folders = (
        [base, *base.parents]
        if base.is_relative_to(ROOT / "kansrijke") or base.is_relative_to(ROOT / "bench")
        else [base]
    )
    candidates = [pattern] + [
        str(Path(folder.relative_to(ROOT)) / pattern)
        for folder in folders
        if folder != ROOT and folder.is_relative_to(ROOT)
    ]
    for candidate in candidates:
        if "*" in candidate:
            regex = re.compile(re.escape(candidate).replace(r"\*", r"[^/]*"))
            if any(regex.fullmatch(entry) for entry in tracked()):
                return True
        elif candidate in tracked() or candidate.startswith("artifacts/"):
            return True
    return False


def cited(text: str, bare: bool = False) -> list[str]:
    """The paths `text` cites outside its fenced code blocks (see the module docstring); with `bare`, file names
    without a folder as well (in a folder's own README or a package's help: names in that folder)."""
    roots = top_level()
    code = "\n".join(re.findall(r"```.*?```", text, flags=re.S))
    found = []
    for in_code, part in ((False, re.sub(r"```.*?```", "", text, flags=re.S)), (True, code)):
        for match in PATH.finditer(part):
            path = match.group(1).rstrip(".,;:")
            if path in PROSE or path.startswith(OUTSIDE) or ("/" not in path and not bare):
                continue
            if UPSTREAM.match(part, match.end()):  # a path in another repository, cited with its commit
                continue
            last = path.rstrip("/").split("/")[-1]
            named_file = re.fullmatch(r"[\w<>{}*-][\w<>{}*.-]*\.(?:" + EXTENSIONS + r")", last) is not None
            # in code blocks (trees, commands) only paths from the root: a tree's names are read by tree_paths
            if path.split("/")[0] in roots or (named_file and not in_code):
                found.append(path)
    return found


def tree_paths(text: str) -> list[str]:
    """The paths of the folder trees in fenced code blocks: a line that starts with names (files with their
    extension, folders ending in /) and then two spaces or nothing; a folder holds the names indented below it."""
    paths = []
    name = r"[\w*<>-][\w.*<>-]*(?:/[\w.*<>-]+)*/?"
    entry = re.compile(rf" *((?:{name}, *)*{name})(?: {{2,}}|$)")  # "app.py, asgi.py   entry points"
    for block in re.findall(r"```[^\n]*\n(.*?)```", text, re.S):
        stack: list[tuple[int, str]] = []
        for line in block.splitlines():
            found = entry.match(line)
            names = re.split(r", *", found.group(1)) if found else []
            if not names or not all("." in n or n.endswith("/") for n in names):
                continue
            indent = len(line) - len(line.lstrip())
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1] if stack else ""
            paths += [parent + n for n in names]
            if names[-1].endswith("/"):
                stack.append((indent, parent + names[-1]))
    return paths


def entry_points() -> list[Path]:
    """The modules `python -m` starts: every __main__.py and every module with a __main__ block."""
    found = []
    for path in sorted([*ROOT.glob("kansrijke/**/*.py"), *ROOT.glob("bench/**/*.py")]):
        if path.name == "__main__.py" or 'if __name__ == "__main__"' in path.read_text(encoding="utf-8"):
            found.append(path)
    return found


def help_text(path: Path) -> str:
    """What the command's --help says beyond its arguments: its module docstring (and a package's, for
    __main__.py), and the help= strings of its arguments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = [ast.get_docstring(tree) or ""]
    if path.name == "__main__.py":
        parts.append(ast.get_docstring(ast.parse((path.parent / "__init__.py").read_text(encoding="utf-8"))) or "")
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help" and isinstance(node.value, ast.Constant):
            parts.append(str(node.value.value))
    return "\n".join(parts)


def script_header(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line.lstrip("# "))
    return "\n".join(header)


def sources() -> list[tuple[str, Path, str]]:
    """(name, folder its relative paths start from, text) of everything this test reads."""
    out = [(str(doc.relative_to(ROOT)), doc.parent, doc.read_text(encoding="utf-8")) for doc in DOCS]
    out += [(f"{p.relative_to(ROOT)} (help)", p.parent, help_text(p)) for p in entry_points()]
    out += [
        (f"kansrijke/text/locales/{lang}", ROOT, "\n".join(text.catalogue(lang).values())) for lang in text.LANGUAGES
    ]
    out += [(f"{p.relative_to(ROOT)} (header)", ROOT, script_header(p)) for p in sorted(ROOT.glob("scripts/*.sh"))]
    return out


def module_exists(name: str) -> bool:
    relative = Path(*name.split("."))
    return any((ROOT / candidate).is_file() for candidate in (f"{relative}.py", relative / "__main__.py"))


@pytest.mark.parametrize("name, base, text", sources(), ids=[s[0] for s in sources()])
def test_every_cited_path_exists(name, base, text):
    # bare file names: in a folder's README the folder's files, in a package's help (__main__.py) the package's
    bare = (name.endswith("README.md") and base != ROOT) or name.endswith("__main__.py (help)")
    missing = sorted({p for p in cited(text, bare) + tree_paths(text) if not exists(p, base)})
    assert missing == [], f"{name} cites paths that do not exist: {missing}"


@pytest.mark.parametrize("name, base, text", sources(), ids=[s[0] for s in sources()])
def test_every_command_started_with_python_m_exists(name, base, text):
    ours = [m for m in MODULE.findall(text) if m.split(".")[0] in ("kansrijke", "bench")]
    assert [m for m in ours if not module_exists(m.rstrip("."))] == []


def test_the_reader_finds_paths_and_trees():
    """The reader itself: a stale path in prose and one in a tree are both found, prose is not taken for a path."""
    prose = (
        "Run scripts/test.sh; the rule is in kansrijke/model.py (Dutch/English, CBS/PDOK), see bewijs/x.csv; "
        "from cartomap/nl `wgs84/gemeente_2020.topojson` @ 5790c83."
    )
    assert cited(prose) == ["scripts/test.sh", "kansrijke/model.py", "bewijs/x.csv"]
    tree = (
        "```\nkansrijke/\n  data/\n    paths.py      ROOT, DATA_DIR\n    gone.py       long\n"
        "                  text\n```"
    )
    assert tree_paths(tree) == ["kansrijke/", "kansrijke/data/", "kansrijke/data/paths.py", "kansrijke/data/gone.py"]
    assert not exists("kansrijke/data/gone.py", ROOT) and exists("kansrijke/data/paths.py", ROOT)
    assert exists("kansrijke/text/locales/<lang>/algemeen.json", ROOT)
