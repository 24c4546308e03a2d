"""personvern lint: dead rules and permits that a forbid always overrides, found exactly."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import personvern
from personvern import errors
from personvern.load import rules as api
from personvern.cli import main
from personvern.versions import diff_policies
from personvern.versions.lint import lint_policy

from tests.versions.test_diff_exact import _operation, _outcome


def _with_rule(tmp_path: Path, make: Any) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(api.default_rules_dir(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = root / "processing.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["rules"].append(copy.deepcopy(make(doc, personvern.load_policy(use_cache=False))))  # no YAML aliases
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _permit(rid: str, purpose: str, policy: personvern.Policy, **extra: Any) -> dict[str, Any]:
    v = policy.vocabulary
    cite = next(iter(policy.clauses))
    return {"id": rid, "effect": "permit", "purposes": [purpose], "legal_bases": sorted(v.terms("legal_bases")),
            "data_categories": sorted(v.terms("data_categories")), "data_subjects": sorted(v.terms("data_subjects")),
            "cites": [cite], "title": {"nb": "t", "en": "t"}, "explanation": {"nb": "e", "en": "e"}, **extra}


def _added(findings: list[Any]) -> list[Any]:
    """The findings about rules a test added (the shipped rules' own findings left out)."""
    return [f for f in findings if f.rule_id.startswith("lint.")]


def test_the_shipped_rules_have_no_dead_or_powerless_rule(policy: personvern.Policy) -> None:
    assert [f for f in lint_policy(policy) if f.code != "shadowed_rule"] == []


def test_a_permit_whose_condition_contradicts_its_scope_is_dead(tmp_path: Path) -> None:
    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        bases = sorted(policy.vocabulary.terms("legal_bases"))
        rule = _permit("lint.dod", sorted(policy.vocabulary.terms("purposes"))[0], policy, when=f'legal_basis == "{bases[0]}"')
        rule["legal_bases"] = bases[1:]
        return rule

    findings = _added(lint_policy(personvern.load_policy(_with_rule(tmp_path, make), use_cache=False)))
    assert [(f.code, f.rule_id) for f in findings] == [("dead_rule", "lint.dod")]


def test_a_permit_for_a_purpose_refused_outright_never_lifts_the_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        forbid = next(r for r in doc["rules"] if r["effect"] == "forbid" and "when" not in r and r.get("purposes"))
        return _permit("lint.makteslos", forbid["purposes"][0], policy)

    root = _with_rule(tmp_path, make)
    findings = _added(lint_policy(personvern.load_policy(root, use_cache=False)))
    assert [(f.code, f.rule_id) for f in findings] == [("permit_never_lifts_refusal", "lint.makteslos")]
    assert main(["lint", str(root)]) == 1
    assert "lint.makteslos" in capsys.readouterr().out


# ---------------------------------------------------------------------------- shadowed rules


def _shadowed(root: Path) -> dict[str, str]:
    return {f.rule_id: f.en for f in lint_policy(personvern.load_policy(root, use_cache=False)) if f.code == "shadowed_rule"}


def _narrower_copy(doc: Any, obligations: list[str] | None = None) -> tuple[str, dict[str, Any]]:
    """A copy of a processing permit with a narrower scope (one data category fewer)."""
    orig = next(r for r in doc["rules"] if r["effect"] == "permit" and len(r.get("data_categories", [])) > 1 and "when" not in r)
    copy = dict(orig, id="lint.smalere", data_categories=orig["data_categories"][1:])
    if obligations is not None:
        copy["obligations"] = obligations
    return orig["id"], copy


def test_a_permit_inside_another_permit_with_the_same_obligations_is_shadowed_by_it(tmp_path: Path) -> None:
    found: list[str] = []

    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        orig, copy = _narrower_copy(doc)
        found.append(orig)
        return copy

    shadowed = _shadowed(_with_rule(tmp_path, make))
    assert "lint.smalere" in shadowed
    assert f"({found[0]})" in shadowed["lint.smalere"]  # named with the rule that shadows it, and only that


def test_a_permit_that_adds_an_obligation_is_not_shadowed(tmp_path: Path) -> None:
    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        orig, copy = _narrower_copy(doc)
        extra = sorted(set(policy.vocabulary.obligations) - set(copy.get("obligations", [])))[0]
        return _narrower_copy(doc, list(copy.get("obligations", [])) + [extra])[1]

    assert "lint.smalere" not in _shadowed(_with_rule(tmp_path, make))


def test_a_forbid_whose_condition_implies_another_forbids_is_shadowed(tmp_path: Path) -> None:
    found: list[str] = []

    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        other = next(r for r in doc["rules"] if r["effect"] == "forbid" and "when" in r and "purposes" not in r)
        fact = next(n for n, d in sorted(policy.vocabulary.facts.items()) if d["type"] == "boolean")
        found.append(other["id"])
        return dict(other, id="lint.strengere", when=f"({other['when']}) and facts.{fact}")

    shadowed = _shadowed(_with_rule(tmp_path, make))
    assert "lint.strengere" in shadowed
    assert found[0] in shadowed["lint.strengere"]


def test_a_forbid_that_refines_the_forbid_shadowing_it_is_not_reported(tmp_path: Path) -> None:
    """`refines` names the rule it is a special case of on purpose: lint keeps quiet about that shadow, and only that."""
    def make(doc: Any, policy: personvern.Policy) -> dict[str, Any]:
        other = next(r for r in doc["rules"] if r["effect"] == "forbid" and "when" in r and "purposes" not in r)
        fact = next(n for n, d in sorted(policy.vocabulary.facts.items()) if d["type"] == "boolean")
        return dict(other, id="lint.strengere", when=f"({other['when']}) and facts.{fact}",
                    refines={"rule": other["id"], "nb": "et særtilfelle", "en": "a special case"})

    assert "lint.strengere" not in _shadowed(_with_rule(tmp_path, make))


def test_a_forbid_that_restates_the_default_refusal_is_not_shadowed(tmp_path: Path, policy: personvern.Policy) -> None:
    """A forbid on purposes no permit allows changes no decision when dropped (the default refuses
    them too), but no other forbid refuses there: it is what makes the refusal cite the statement."""
    restating = sorted(r.id for r in policy.rules.values() if r.effect == "forbid" and r.purposes and r.when is None
                       and all(not policy.by_purpose[p].permits for p in r.purposes))
    assert restating, "the shipped rules have no forbid that restates the default refusal"
    rid = restating[0]
    root = tmp_path / "rules"
    shutil.copytree(api.default_rules_dir(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = root / "processing.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["rules"] = [r for r in doc["rules"] if r["id"] != rid]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert not diff_policies(policy, personvern.load_policy(root, use_cache=False)).changed
    assert rid not in {f.rule_id for f in lint_policy(policy) if f.code == "shadowed_rule"}


def _in_scope(rule: Any, op: dict[str, Any]) -> bool:
    return ((rule.purposes is None or op["purpose"] in rule.purposes) and (rule.legal_bases is None or op["legal_basis"] in rule.legal_bases)
            and (rule.categories is None or set(op["data_categories"]) <= rule.categories)
            and (rule.subjects is None or set(op["data_subjects"]) <= rule.subjects))


def test_each_shadowed_shipped_rule_is_redundant_by_brute_force(tmp_path: Path, policy: personvern.Policy) -> None:
    """Independent of the diff: a shadowed permit dropped from the YAML changes no sampled decision;
    a shadowed forbid never refuses a sampled operation alone. And the sample can tell: dropping
    any permit that lint does not report changes some sampled decision."""
    import random

    findings = {f.rule_id for f in lint_policy(policy) if f.code == "shadowed_rule"}
    rng = random.Random(7)
    sample = [_operation(rng, policy) for _ in range(1500)]
    pool = sample + [_operation(rng, policy) for _ in range(8000)]  # only the operations in a permit's scope are decided
    permits = sorted(r.id for r in policy.rules.values() if r.effect == "permit" and r.level == "processing" and not r.default)
    for rid in permits:
        root = tmp_path / rid
        shutil.copytree(api.default_rules_dir(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        for path in sorted(root.glob("*.yaml")):  # the rule's own file (processing.yaml, processor.yaml, ...)
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and any(isinstance(r, dict) and r.get("id") == rid for r in doc.get("rules") or []):
                doc["rules"] = [r for r in doc["rules"] if r.get("id") != rid]
                path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            without = personvern.load_policy(root, use_cache=False)
        except errors.PolicyLoadError as e:  # another file names the rule (rights.yaml's record rules): it cannot go
            assert all("which no rules file defines" in p.message for p in e.problems), e
            continue
        differs = any(_outcome(policy, op) != _outcome(without, op) for op in pool if _in_scope(policy.rules[rid], op))
        assert differs == (rid not in findings), rid
    for rid in sorted(r for r in findings if policy.rules[r].effect == "forbid"):
        applied = 0
        for op in sample[:300]:
            try:
                trace = policy.explain(op).trace
            except errors.OperationError:
                continue  # contradictory facts: refused before any rule
            alone = [st for st in trace if st.effect == "forbid" and st.result == "applies" and not policy.rules[st.rule_id].default]
            assert [st.rule_id for st in alone] != [rid], (rid, op)
            applied += rid in [st.rule_id for st in alone]
        assert applied, f"{rid} applies to no sampled operation: the check proves nothing"
