"""The lock: requirements.txt and requirements-dev.txt pin every package (transitive ones included) at one exact
version, agree with each other and with pyproject.toml, and the environment the tests run in holds exactly those
versions (scripts/test.sh installs requirements-dev.txt; a package installed by hand, or a drifted one, fails here)."""

import importlib.metadata
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
# What a virtual environment has before anything is installed into it.
INSTALLER = {"pip", "setuptools", "wheel"}


def pins(path: Path) -> dict[str, str]:
    """name -> version of a lock file; every requirement line must be an exact `name==version`."""
    found: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)(\s*;.*)?", line)
        assert match, f"{path.name}, line {number}: not an exact pin: {raw!r}"
        name: str = canonicalize_name(match.group(1))
        assert name not in found, f"{path.name}, line {number}: {name} pinned twice"
        found[name] = match.group(3)
    return found


def declared() -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = [Requirement(r) for r in project["dependencies"]]
    dev = [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    return runtime, dev


def test_lock_files_hold_only_exact_pins():
    assert len(pins(ROOT / "requirements.txt")) > 20
    assert len(pins(ROOT / "requirements-dev.txt")) > len(pins(ROOT / "requirements.txt"))


def test_dev_lock_holds_the_runtime_lock_at_the_same_versions():
    runtime, dev = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")
    differ = {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version}
    assert not differ, f"requirements-dev.txt disagrees with requirements.txt (run scripts/lock.sh): {differ}"


def test_every_declared_dependency_is_locked_within_its_range():
    runtime_reqs, dev_reqs = declared()
    for requirements, lock in (
        (runtime_reqs, pins(ROOT / "requirements.txt")),
        (runtime_reqs + dev_reqs, pins(ROOT / "requirements-dev.txt")),
    ):
        for requirement in requirements:
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{requirement} is declared in pyproject.toml but not locked (run scripts/lock.sh)"
            assert requirement.specifier.contains(lock[name], prereleases=True), (
                f"{name}=={lock[name]} is outside pyproject.toml's {requirement.specifier} (run scripts/lock.sh)"
            )


def test_the_environment_holds_exactly_the_locked_versions():
    lock = pins(ROOT / "requirements-dev.txt")
    installed: dict[str, str] = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"]
    }
    wrong = {name: (version, installed.get(name)) for name, version in lock.items() if installed.get(name) != version}
    assert not wrong, f"installed versions differ from requirements-dev.txt (locked, installed): {wrong}"
    extra = sorted(set(installed) - set(lock) - INSTALLER - {canonicalize_name("kansrijke-start")})
    assert not extra, f"installed but not in the lock: {extra}"
