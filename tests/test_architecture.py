"""The layers are visible in the folders and import downward only (checked on the code itself).

cli -> facade -> (check | legal) -> runtime -> decide -> load -> core -> lang -> errors.
import-linter's ``layers`` contract (configured in pyproject.toml) reads every import
statement, including those inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import subprocess
import sys

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("personvern", include_external_packages=False)


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return list(contract["layers"])


def test_layers_contract_is_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


def test_every_engine_module_belongs_to_a_layer() -> None:
    layers = {name.strip() for entry in _layers() for name in entry.split("|")}
    graph = _graph()
    loose = sorted(m for m in graph.modules
                   if m.count(".") >= 1 and m != "personvern.__main__" and not any(m == layer or m.startswith(layer + ".") for layer in layers))
    assert loose == [], f"modules outside every layer: {loose}"


def test_an_upward_import_inside_a_function_is_seen() -> None:
    """The contract is not vacuous: grimp sees a function-level upward import."""
    graph = _graph()
    graph.add_import(importer="personvern.core.model", imported="personvern.facade.policy", line_number=1,
                     line_contents="    from ..facade.policy import Policy")
    chains = graph.find_shortest_chains(importer="personvern.core", imported="personvern.facade")
    assert chains


def test_no_import_cycles_between_modules() -> None:
    graph = _graph()
    modules = sorted(graph.modules)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in modules}
    cycles = []
    for m in modules:
        for n in edges[m]:
            if graph.find_shortest_chain(importer=n, imported=m) is not None:
                cycles.append(tuple(sorted((m, n))))
    assert sorted(set(cycles)) == [], "import cycles (pairs of modules that reach each other)"


@pytest.mark.parametrize("layer", ["personvern.lang", "personvern.core", "personvern.load", "personvern.decide"])
def test_lower_layers_never_print_or_exit(layer: str) -> None:
    """The CLI is the only place that prints or exits."""
    folder = ROOT / "engine" / layer.split(".", 1)[1]
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "print(" not in text and "sys.exit" not in text, path


def test_engine_modules_import_each_other_at_module_level_only() -> None:
    """A function-level import of another engine module hides an upward arrow or a cycle. Only the
    command line (which loads each command's modules on demand, to start fast) may import lazily;
    elsewhere only optional or heavy third-party packages (lark, yaml, jsonschema, duckdb, tqdm,
    rdflib, fideslang, pydantic) and the standard library are imported inside functions."""
    import ast

    found = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        if "cli" in path.relative_to(ROOT / "engine").parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.ImportFrom) and (sub.level > 0 or (sub.module or "").startswith("personvern")):
                        found.append(f"{path.relative_to(ROOT)}:{sub.lineno}")
                    if isinstance(sub, ast.Import) and any(a.name.startswith("personvern") for a in sub.names):
                        found.append(f"{path.relative_to(ROOT)}:{sub.lineno}")
    assert found == []
