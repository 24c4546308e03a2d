"""load_policy: the bundled default, other folders, and the compiled cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import personvern
from personvern.load import rules as api


def test_cache_round_trip_gives_the_same_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(tmp_path))
    cold = personvern.load_policy()
    entries = list(tmp_path.glob("*.json"))
    assert [e.stem for e in entries] == [cold.content_hash]
    warm = personvern.load_policy()
    assert warm.content_hash == cold.content_hash
    assert set(warm.rules) == set(cold.rules)
    op = {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["email"], "data_subjects": ["customer"]}
    assert warm.evaluate(op).to_dict() == cold.evaluate(op).to_dict()


def test_warm_load_imports_neither_yaml_nor_lark_nor_jsonschema(tmp_path: Path) -> None:
    env = {**os.environ, "PERSONVERN_CACHE_DIR": str(tmp_path)}
    code = ("import sys, personvern; personvern.load_policy(); "
            "print(','.join(m for m in ('yaml', 'lark', 'jsonschema') if m in sys.modules))")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, timeout=120)
    warm = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, timeout=120)
    assert warm.stdout.strip() == ""


def test_a_changed_rule_set_is_not_served_from_the_cache(tmp_path: Path, rules_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(tmp_path / "c"))
    path = rules_copy()
    first = personvern.load_policy(path)
    text = (path / "processing.yaml").read_text(encoding="utf-8").replace("when: facts.direct_marketing_objection", "when: facts.direct_marketing_objection and (")
    (path / "processing.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(personvern.PolicyLoadError):
        personvern.load_policy(path)
    assert first.content_hash != api.content_hash(path)


def test_a_corrupt_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", str(tmp_path))
    digest = api.content_hash(api.default_rules_dir())
    (tmp_path / f"{digest}.json").write_text("{not json", encoding="utf-8")
    assert personvern.load_policy().content_hash == digest
    assert json.loads((tmp_path / f"{digest}.json").read_bytes().partition(b"\n")[2])["hash"] == digest  # after the seal line


def test_missing_folder() -> None:
    with pytest.raises(personvern.PolicyLoadError) as e:
        personvern.load_policy("/nonexistent/rules")
    assert e.value.problems[0].code == "file_missing"


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONVERN_CACHE_DIR", "")
    assert api.cache_dir() is None
    personvern.load_policy()
