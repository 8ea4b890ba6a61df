"""Every text key the code can ask for exists in both catalogues (kansrijke/text/locales/nl and en), so a typo
fails here and not in front of a visitor.

The code is read, not run: every call t(KEY, ...) in kansrijke/, pages/ and app.py. A literal key is checked as
it is. A key built in an f-string (t(f"tranche.{tranche}")) is expanded over the values its placeholder can take:
read from the code where the code states them (a module constant, a loop over a literal tuple, a dict literal, both
branches of `a if c else b`), otherwise from FAMILIES below, which takes them from where they are defined (the
vocabulary, the domain's own constants, the shipped data), never from a copy. A new f-string key whose values
this test cannot tell fails until its family is added. Besides, every string constant in that code that has the
shape of a key and the namespace of a catalogue part (a key held in a dict or passed on in a variable) must exist.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pytest

from kansrijke import text, vocabulary
from kansrijke.data import context as data_context
from kansrijke.data.paths import ROOT
from kansrijke.data.tables import Tables, load_tables
from kansrijke.domain import coalitions, comparison, funding, nnz, peers, slides
from kansrijke.exports import names
from kansrijke.views import vega_maps

SOURCES = sorted([*ROOT.glob("kansrijke/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])


def _split_rules(values: Iterable[str]) -> set[str]:
    return {part.strip() for value in values for part in str(value).split(";") if part.strip()}


def _rules(tables: Tables) -> set[str]:
    """Every model rule a shipped row names (regel, '; '-separated)."""
    return _split_rules(
        value
        for name in ("coalities", "financiering", "nnz_programmas", "nnz_deelname")
        for value in getattr(tables, name)["regel"]
    )


def _indicators(tables: Tables) -> set[str]:
    return set(tables.mijlpalen["indicator"])


# (text before the placeholder, text after it) -> the values the placeholder takes, from where they are defined.
FAMILIES: dict[tuple[str, str], Callable[[Tables], Iterable[str]]] = {
    ("basis.", ""): lambda _: vocabulary.BASES,
    ("tranche.", ""): lambda _: (*vocabulary.TRANCHES, "none"),
    ("tranche.", ".model"): lambda _: vocabulary.TRANCHES,
    ("summary.part.", ""): lambda _: vocabulary.TRANCHES,
    ("regeling.", ""): lambda _: vocabulary.REGELINGEN,
    ("qualifier.", ""): lambda _: vocabulary.KWALIFICATIES,
    ("financiering.wording.", ""): lambda _: vocabulary.KWALIFICATIES,
    ("financiering.gemeenten.", ""): lambda _: vocabulary.GEBEURTENIS_GEMEENTEN,
    ("financiering.gebeurtenis.", ""): lambda tables: tables.gebeurtenissen["gebeurtenis"],
    ("indicator.", ""): _indicators,
    ("regel.", ""): _rules,
    ("headline.", ""): lambda _: coalitions.HEADLINE_INDICATORS,
    ("exports.map_", ""): lambda _: names.PICTURE_FORMATS,
    ("nnz.class_phrase.", ""): lambda _: nnz.START_CLASSES,
    ("nnz.series_", ""): lambda tables: nnz.programme_steps(tables.nnz_programmas)["reeks"],
    ("nnz.col.", ""): lambda tables: (
        nnz.programme_table(tables.nnz_programmas, tables.nnz_deelname, tables.gemeenten).columns
    ),
    ("presentatie.date.", ""): lambda _: slides._PERIOD_WORDS,
    ("vergelijk.feature.", ""): lambda _: [feature.key for feature in peers.FEATURES],
    ("vergelijk.feature_help.", ""): lambda _: [feature.key for feature in peers.FEATURES],
    ("vergelijk.reason_feature.", ""): lambda _: [feature.key for feature in peers.FEATURES],
    ("context.period.", ""): lambda _: {indicator.period for indicator in data_context.INDICATORS},
    ("context.urbanity.", ""): lambda _: data_context.URBANITY_CLASSES,
    ("vergelijk.level.", ""): lambda _: comparison.REFERENCE_LEVELS,
    # every map's tooltip titles: the *_TIPS tables of views/vega_maps.py (column -> title)
    ("map.tip.", ""): lambda _: {
        title for name, tips in vars(vega_maps).items() if name.endswith("_TIPS") for title in tips.values()
    },
    ("vergelijk.basis.", ""): lambda _: vocabulary.BASES,
    ("vergelijk.event.", ""): lambda _: comparison.EVENTS,
    ("vergelijk.figure.", ""): lambda _: comparison.REFERENCE_FIGURES,
    ("financiering.filter.", ""): lambda tables: funding.filter_choices(tables.gemeenten),
    ("vergelijk.role.", ""): lambda _: ("gekozen", "peer"),
}
# Keys the code asks for only after checking that the catalogue has them (or catching KeyError): a value from the
# data that has a translation, shown as written otherwise (kansrijke.text.data_label).
OPTIONAL = {("label.", "")}
# A string of this shape in the code is a text key when its first part is one of the catalogue's namespaces.
KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
NOT_KEYS = re.compile(r".*\.(csv|json|topojson|geojson|py|png|svg|pdf|pptx|zip|xlsx|ods|md|toml|html|js)$")


@cache
def tables() -> Tables:
    return load_tables()


# --- reading the code ------------------------------------------------------------------------------------------


class Module:
    def __init__(self, path: Path):
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.constants: dict[str, list[str]] = {}
        self.dicts: dict[str, ast.Dict] = {}
        for node in self.tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and isinstance(node.value, ast.Dict):
                        self.dicts[target.id] = node.value
                    elif isinstance(target, ast.Name) and node.value is not None:
                        values = self.literal(node.value)
                        if values is not None:
                            self.constants[target.id] = values

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"

    @staticmethod
    def literal(node: ast.AST) -> list[str] | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.Tuple | ast.List | ast.Set) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
        ):
            return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return None

    def scopes(self, node: ast.AST) -> Iterable[ast.AST]:
        while node in self.parent:
            node = self.parent[node]
            yield node

    def loop_values(self, name: str, node: ast.AST) -> list[str] | None:
        """Values of `name` when an enclosing loop or comprehension binds it to the items of a literal."""
        for scope in self.scopes(node):
            loops: list[tuple[ast.AST, ast.AST]] = []
            if isinstance(scope, ast.For):
                loops.append((scope.target, scope.iter))
            elif isinstance(scope, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                loops += [(gen.target, gen.iter) for gen in scope.generators]
            for target, iterable in loops:
                if isinstance(target, ast.Name) and target.id == name:
                    return self.items(iterable)
                if isinstance(target, ast.Tuple):
                    names = [e.id if isinstance(e, ast.Name) else None for e in target.elts]
                    if name in names:
                        return self.unpacked(iterable, names.index(name))
        return None

    def items(self, iterable: ast.AST) -> list[str] | None:
        values = self.literal(iterable)
        if values is None and isinstance(iterable, ast.Name):
            values = self.constants.get(iterable.id)
        if values is None and isinstance(iterable, ast.Name) and iterable.id in self.dicts:
            values = self.literal(ast.Tuple(elts=self.dicts[iterable.id].keys))  # type: ignore[arg-type]
        return values

    def unpacked(self, iterable: ast.AST, index: int) -> list[str] | None:
        """`for a, b in D.items()` over a module-level dict literal D: keys for a, values for b; `for a, b in
        zip(X, Y)`: the items of X for a, of Y for b."""
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "zip":
            return self.items(iterable.args[index]) if index < len(iterable.args) else None
        if (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr == "items"
            and isinstance(iterable.func.value, ast.Name)
            and iterable.func.value.id in self.dicts
            and index in (0, 1)
        ):
            found = self.dicts[iterable.func.value.id]
            return self.literal(ast.Tuple(elts=found.keys if index == 0 else found.values))  # type: ignore[arg-type]
        return None

    def values(self, node: ast.AST) -> list[str] | None:
        """Every value `node` can take, as far as the code states them; None when it does not."""
        found = self.literal(node)
        if found is not None:
            return found
        if isinstance(node, ast.IfExp):
            body, orelse = self.values(node.body), self.values(node.orelse)
            return None if body is None or orelse is None else body + orelse
        if isinstance(node, ast.Name):
            if node.id in self.constants:
                return self.constants[node.id]
            return self.loop_values(node.id, node)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in self.dicts:
            return self.literal(ast.Tuple(elts=self.dicts[node.value.id].values))
        return None

    def t_calls(self) -> Iterable[ast.Call]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name == "t":
                    yield node


def expand(module: Module, key: ast.AST) -> tuple[list[str], tuple[str, str] | None]:
    """The keys an f-string can give, and the (before, after) family of its one placeholder the code does not
    state the values of (None when it states them all)."""
    if not isinstance(key, ast.JoinedStr):
        return module.values(key) or [], None
    parts: list[list[str]] = []
    family: tuple[str, str] | None = None
    for index, value in enumerate(key.values):
        if isinstance(value, ast.Constant):
            parts.append([str(value.value)])
            continue
        assert isinstance(value, ast.FormattedValue)
        found = None if value.format_spec is not None else module.values(value.value)
        if found is None:
            before = "".join(p[0] if len(p) == 1 else "{}" for p in parts)
            after = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in key.values[index + 1 :])
            assert family is None, f"{module.where(key)}: more than one placeholder without known values"
            family = (before, after)
            parts.append(["{}"])
        else:
            parts.append(found)
    return ["".join(combination) for combination in itertools.product(*parts)], family


@cache
def modules() -> list[Module]:
    return [Module(path) for path in SOURCES]


@cache
def requested() -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]], dict[str, str]]:
    """(key -> where, family -> where, unresolved call -> its key's source)."""
    keys: dict[str, set[str]] = {}
    families: dict[tuple[str, str], set[str]] = {}
    unknown: dict[str, str] = {}
    for module in modules():
        for call in module.t_calls():
            found, family = expand(module, call.args[0])
            where = module.where(call)
            if family is not None:
                families.setdefault(family, set()).add(where)
            elif found:
                for key in found:
                    keys.setdefault(key, set()).add(where)
            else:
                unknown[where] = ast.unparse(call.args[0])
    return keys, families, unknown


@cache
def fragments() -> set[str]:
    """The values the code's own literals give to f-string placeholders ("credit.geo" in f"{P}{key}"): parts of
    keys, not keys."""
    found: set[str] = set()
    for module in modules():
        for call in module.t_calls():
            key = call.args[0]
            if isinstance(key, ast.JoinedStr):
                for value in key.values:
                    if isinstance(value, ast.FormattedValue) and value.format_spec is None:
                        found.update(module.values(value.value) or [])
    return found


def namespaces() -> set[str]:
    return {key.split(".")[0] for lang in text.LANGUAGES for key in text.catalogue(lang)}


def key_shaped_constants() -> dict[str, set[str]]:
    """Every string constant of key shape in a catalogue namespace, with where it is."""
    spaces = namespaces()
    found: dict[str, set[str]] = {}
    for module in modules():
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and not isinstance(module.parent.get(node), ast.JoinedStr)  # a part of an f-string key
                and node.value not in fragments()
            ):
                value = node.value
                if KEY_SHAPE.fullmatch(value) and not NOT_KEYS.fullmatch(value) and value.split(".")[0] in spaces:
                    found.setdefault(value, set()).add(module.where(node))
    return found


def missing_in(lang: str, keys: Iterable[str]) -> list[str]:
    catalogue = text.catalogue(lang)
    return sorted(key for key in keys if key not in catalogue)


# --- the checks ------------------------------------------------------------------------------------------------


def family_keys(family: tuple[str, str]) -> set[str]:
    before, after = family
    return {f"{before}{value}{after}" for value in FAMILIES[family](tables())}


@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_every_literal_and_stated_key_exists(lang):
    keys, _, _ = requested()
    missing = missing_in(lang, keys)
    assert not missing, "\n".join(f"{key} (asked at {', '.join(sorted(keys[key]))})" for key in missing)


def test_every_built_key_has_its_values_named():
    _, families, _ = requested()
    unnamed = sorted(set(families) - set(FAMILIES) - OPTIONAL)
    assert not unnamed, "name the values of these keys in FAMILIES: " + "; ".join(
        f"{before}{{}}{after} at {', '.join(sorted(families[(before, after)]))}" for before, after in unnamed
    )


@pytest.mark.parametrize("family", sorted(FAMILIES), ids=lambda f: f"{f[0]}{{}}{f[1]}")
@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_every_key_built_from_values_exists(lang, family):
    keys = family_keys(family)
    assert keys, f"no values for {family}"
    assert missing_in(lang, keys) == []


def test_every_family_is_still_asked_for():
    """A family whose call sites are gone is stale here (and its keys may be dead in the catalogues)."""
    _, families, _ = requested()
    assert sorted(set(FAMILIES) - set(families)) == []


@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_every_key_held_in_the_code_exists(lang):
    """Keys kept in dicts or passed on in variables (t(key)) are string constants somewhere in the code."""
    found = key_shaped_constants()
    missing = missing_in(lang, found)
    assert not missing, "\n".join(f"{key} (at {', '.join(sorted(found[key]))})" for key in missing)


def test_the_reader_expands_fstrings_over_the_values_the_code_states():
    """The reader itself: constants, loops over literals, dict literals and conditional expressions."""
    source = (
        'P = "nav."\nTITLES = {"a": "x", "b": "y"}\n'
        'def f(v):\n    for key in ("one", "two"):\n        t(f"{P}{key}")\n'
        '    t(f"tip.{TITLES[v]}")\n    t(f"q.{\'lo\' if v else \'hi\'}")\n    t(f"tranche.{v}.model")\n'
    )
    module = Module.__new__(Module)
    path = ROOT / "kansrijke" / "example.py"
    module.path = path
    tree = ast.parse(source)
    module.tree = tree
    module.parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    module.constants = {"P": ["nav."]}
    module.dicts = {
        "TITLES": next(n.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Dict))
    }
    results = sorted(expand(module, call.args[0]) for call in module.t_calls())
    assert results == sorted(
        [
            (["nav.one", "nav.two"], None),
            (["tip.x", "tip.y"], None),
            (["q.lo", "q.hi"], None),
            (["tranche.{}.model"], ("tranche.", ".model")),
        ]
    )


def test_text_and_data_share_one_list_of_qualifiers():
    """kansrijke.text formats the qualifiers the data contract allows: the same list (vocabulary.KWALIFICATIES)."""
    assert tuple(text.KWALIFICATIES) == vocabulary.KWALIFICATIES
