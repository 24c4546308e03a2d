"""Decision cases as data, run by one parametrized test (like OPA's conformance cases)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import personvern

from .conftest import CASES

# Every decisions*.yaml (decisions.yaml, decisions-processor.yaml, ...), so that topics can live in their own files.
_CASES = [c for path in sorted(CASES.glob("decisions*.yaml")) for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]


def _ids() -> list[str]:
    return [c["name"] for c in _CASES]


@pytest.mark.parametrize("case", _CASES, ids=_ids())
def test_decision_case(policy: personvern.Policy, case: dict[str, Any]) -> None:
    decision = policy.evaluate(case["operation"])
    expect = case["expect"]
    assert decision.outcome == expect["outcome"], decision.render()
    assert sorted(decision.rule_ids) == sorted(expect["rules"]), decision.render()
    open_rules = sorted({rid for c in decision.conditions for rid in c.rule_id.split(",")})
    assert open_rules == sorted(expect.get("conditions", [])), decision.render()
    if decision.outcome == personvern.CONDITIONAL:
        assert all(c.nb and c.en and c.facts for c in decision.conditions)
    missing = set(expect.get("obligations", ())) - {o.id for o in decision.obligations}
    assert not missing, f"obligations {sorted(missing)} missing:\n{decision.render()}"
    if case.get("tolkning"):  # an answer that rests on an interpretation shows it to legal
        assert any(r.interpretation for r in decision.reasons), decision.render()
    for reason in decision.reasons:
        assert reason.clauses, f"{reason.rule_id} cites no clause"
        for clause in reason.clauses:
            assert clause.text == policy.clauses[clause.id].text


def test_cases_are_balanced() -> None:
    outcomes = [c["expect"]["outcome"] for c in _CASES]
    assert len(_CASES) >= 60
    assert outcomes.count("deny") >= outcomes.count("permit") + outcomes.count("conditional")


def test_names_are_unique() -> None:
    names = _ids()
    assert len(names) == len(set(names))
