"""personvern export --format fides: a Fides system manifest from personvern.yaml manifests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import personvern
from personvern.cli import main

models = pytest.importorskip("fideslang.models", reason="fideslang is in the [fides] and [test] extras")


def _with_fides(policy: personvern.Policy, section: str, n: int = 1) -> list[str]:
    terms = sorted(t for t, d in policy.vocabulary.sections[section].items() if d.get("fideslang") and not d.get("special"))
    assert len(terms) >= n
    return terms[:n]


def _fides_id(policy: personvern.Policy, section: str, term: str) -> str:
    return str(policy.vocabulary.sections[section][term]["fideslang"])


def _manifest(tmp_path: Path, activities: list[dict[str, Any]]) -> Path:
    path = tmp_path / "personvern.yaml"
    path.write_text(yaml.safe_dump({"system": "testsystem", "description": "Et system", "activities": activities},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _activity(policy: personvern.Policy, name: str, purpose: str) -> dict[str, Any]:
    return {"name": name, "purpose": purpose, "legal_basis": _with_fides(policy, "legal_bases")[0],
            "data_categories": _with_fides(policy, "data_categories", 2), "data_subjects": _with_fides(policy, "data_subjects"),
            "action": "use", "retention": {"note": "slettes når formålet er oppfylt"}}


def test_each_activity_is_a_privacy_declaration_with_fideslang_keys(tmp_path: Path, policy: personvern.Policy,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    purposes = _with_fides(policy, "purposes", 2)
    path = _manifest(tmp_path, [_activity(policy, f"aktivitet-{i}", p) for i, p in enumerate(purposes)])
    assert main(["export", "--format", "fides", str(path)]) == 0
    out = yaml.safe_load(capsys.readouterr().out)
    (system,) = out["system"]
    models.System.model_validate(system)  # what Fides itself would accept
    assert [d["name"] for d in system["privacy_declarations"]] == ["aktivitet-0", "aktivitet-1"]
    for decl, purpose in zip(system["privacy_declarations"], purposes):
        act = _activity(policy, "", purpose)
        assert decl["data_use"] == _fides_id(policy, "purposes", purpose)
        assert decl["data_categories"] == [_fides_id(policy, "data_categories", c) for c in act["data_categories"]]
        assert decl["data_subjects"] == [_fides_id(policy, "data_subjects", s) for s in act["data_subjects"]]
        assert decl["legal_basis_for_processing"] == _fides_id(policy, "legal_bases", act["legal_basis"])


def test_a_term_without_a_fideslang_id_is_an_error_naming_file_line_and_field(tmp_path: Path, policy: personvern.Policy,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    missing = sorted(t for t, d in policy.vocabulary.sections["purposes"].items() if not d.get("fideslang"))
    assert missing, "every purpose has a fideslang id: nothing to check"
    good = _with_fides(policy, "purposes")[0]
    path = _manifest(tmp_path, [_activity(policy, "ok", good), _activity(policy, "uten-fides", missing[0])])
    assert main(["export", "--format", "fides", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing half-written
    assert f"{path}:" in captured.err and "$.activities[1].purpose" in captured.err and repr(missing[0]) in captured.err
    assert "Traceback" not in captured.err


def test_fides_export_without_manifests_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "fides"]) == 2
    assert "manifest" in capsys.readouterr().err
