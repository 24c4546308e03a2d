"""Shared fixtures: the bundled policy, loaded once, and helpers for broken rule sets."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

import personvern
from personvern.load import rules as api

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
SEED = ROOT.parent / "shared" / "seed" / "personvernerklaering-flex-v1.txt"


@pytest.fixture(scope="session")
def policy() -> personvern.Policy:
    return personvern.load_policy(use_cache=False)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the bundled rules folder; pass {file: (old, new)} edits to break it on purpose."""

    def make(edits: dict[str, list[tuple[str, str]]] | None = None) -> Path:
        target = tmp_path / "rules"
        shutil.copytree(api.default_rules_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        for name, changes in (edits or {}).items():
            path = target / name
            text = path.read_text(encoding="utf-8")
            for old, new in changes:
                assert old in text, f"{old!r} not in {name}"
                text = text.replace(old, new, 1)
            path.write_text(text, encoding="utf-8")
        return target

    return make


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never read or write the developer's own cache.
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(autouse=True)
def _no_user_results(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # `coverage` and `report` find the last test run's results by themselves; tests never read the developer's own.
    monkeypatch.setenv("PERSONVERN_RESULTS", str(tmp_path_factory.getbasetemp() / "no-results.json"))
