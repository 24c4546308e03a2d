"""personvern lint: dead rules and permits that a forbid always overrides, found exactly."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import personvern
from personvern import api
from personvern.cli import main
from personvern.versions.lint import lint_policy


def _with_rule(tmp_path: Path, make: Any) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(api.default_rules_dir(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = root / "processing.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["rules"].append(make(doc, personvern.load_policy(use_cache=False)))
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _permit(rid: str, purpose: str, policy: personvern.Policy, **extra: Any) -> dict[str, Any]:
    v = policy.vocabulary
    cite = next(iter(policy.clauses))
    return {"id": rid, "effect": "permit", "purposes": [purpose], "legal_bases": sorted(v.terms("legal_bases")),
            "data_categories": sorted(v.terms("data_categories")), "data_subjects": sorted(v.terms("data_subjects")),
            "cites": [cite], "title": {"nb": "t", "en": "t"}, "explanation": {"nb": "e", "en": "e"}, **extra}


def test_the_shipped_rules_have_no_dead_or_powerless_rule(policy: personvern.Policy) -> None:
    assert lint_policy(policy) == []


def test_a_permit_whose_condition_contradicts_its_scope_is_dead(tmp_path: Path) -> None:
    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        bases = sorted(policy.vocabulary.terms("legal_bases"))
        rule = _permit("lint.dod", sorted(policy.vocabulary.terms("purposes"))[0], policy, when=f'legal_basis == "{bases[0]}"')
        rule["legal_bases"] = bases[1:]
        return rule

    findings = lint_policy(personvern.load_policy(_with_rule(tmp_path, make), use_cache=False))
    assert [(f.code, f.rule_id) for f in findings] == [("dead_rule", "lint.dod")]


def test_a_permit_for_a_purpose_refused_outright_never_lifts_the_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        forbid = next(r for r in doc["rules"] if r["effect"] == "forbid" and "when" not in r and r.get("purposes"))
        return _permit("lint.makteslos", forbid["purposes"][0], policy)

    root = _with_rule(tmp_path, make)
    findings = lint_policy(personvern.load_policy(root, use_cache=False))
    assert [(f.code, f.rule_id) for f in findings] == [("permit_never_lifts_refusal", "lint.makteslos")]
    assert main(["lint", str(root)]) == 1
    assert "lint.makteslos" in capsys.readouterr().out
