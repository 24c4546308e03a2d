"""The runtime library: the prepared fast path, guards, context managers and fact providers."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from typing import Any, Mapping

import pytest
import yaml

import personvern
from personvern import evaluator, operation
from personvern.errors import OperationError

from .conftest import CASES

CASE_OPS = [c["operation"] for c in yaml.safe_load((CASES / "decisions.yaml").read_text(encoding="utf-8"))["cases"]]


def reference(policy: personvern.Policy, data: Any, facts: Mapping[str, Any] | None = None) -> Any:
    """The unprepared path: full parse, then the plain evaluator."""
    try:
        op = operation.parse_operation(policy, data, facts)
    except OperationError as e:
        return ("error", e.problems)
    return evaluator.evaluate(policy, op)


def fast(policy: personvern.Policy, data: Any, facts: Mapping[str, Any] | None = None) -> Any:
    try:
        return policy.evaluate(data, facts=facts)
    except OperationError as e:
        return ("error", e.problems)


def random_operation(rng: random.Random, policy: personvern.Policy) -> dict[str, Any]:
    """Valid and invalid operations over the policy's vocabulary, with random facts."""
    s = policy.vocabulary.sections
    op: dict[str, Any] = {
        "purpose": rng.choice(sorted(s["purposes"])),
        "legal_basis": rng.choice(sorted(s["legal_bases"])),
        "data_categories": rng.sample(sorted(s["data_categories"]), rng.randint(1, 4)),
        "data_subjects": rng.sample(sorted(s["data_subjects"]), rng.randint(1, 2)),
    }
    if rng.random() < 0.5:
        op["action"] = rng.choice(sorted(s["actions"]))
    if rng.random() < 0.4:
        op["recipients"] = [{"kind": rng.choice(sorted(s["recipient_kinds"])), "name": rng.choice(["Postmark", "Skatteetaten", "Acme"]),
                             "country": rng.choice(["NO", "IE", "US"]), **({"dpa": rng.choice([True, False])} if rng.random() < 0.7 else {})}
                            for _ in range(rng.randint(1, 2))]
    facts: dict[str, Any] = {}
    purposes = sorted(s["purposes"])
    for name, d in policy.vocabulary.facts.items():
        if rng.random() < 0.3:
            continue
        if d["type"] == "boolean":
            facts[name] = rng.choice([True, False, None])
        elif d["type"] == "set" and d["of"] == "purposes":
            facts[name] = rng.sample(purposes, rng.randint(0, 3))
        elif d["type"] == "set":
            facts[name] = rng.sample(["Postmark", "Acme"], rng.randint(0, 2))
        elif d["type"] == "term":
            facts[name] = rng.choice(sorted(s[d["of"]]))
    op["facts"] = facts
    if rng.random() < 0.15:  # break something
        field, value = rng.choice([("purpose", "world_domination"), ("data_categories", []), ("legal_basis", 3), ("date", "2024-13-01"),
                                   ("facts", {"consents": "all"}), ("facts", {"no_such_fact": True}), ("recipients", [{"kind": "processor"}]),
                                   ("id", ["x"]), ("surprise", 1), ("date", "2025-01-31"), ("id", "op-7"), ("description", "x" * 20000),
                                   ("facts", {"legal_duty": 1}), ("recipients", [{"kind": "processor", "name": "P", "country": "IE", "dpa": 1}])])
        op[field] = value
    return op


def test_the_fast_path_decides_exactly_as_the_plain_evaluator(policy: personvern.Policy) -> None:
    rng = random.Random(20261125)
    ops = CASE_OPS + [random_operation(rng, policy) for _ in range(3000)]
    outcomes = set()
    for op in ops:
        for _ in range(2):  # the second time through the prepared template and its kept outcomes
            got, want = fast(policy, op), reference(policy, op)
            assert got == want, op
        outcomes.add(got[0] if isinstance(got, tuple) else got.outcome)
    assert outcomes == {"error", "permit", "deny", "conditional"}


def test_typed_operations_decide_as_the_plain_evaluator(policy: personvern.Policy) -> None:
    rng = random.Random(7)
    for _ in range(1000):
        data = random_operation(rng, policy)
        try:
            op = policy.operation(data)
        except OperationError:
            continue
        assert policy.evaluate(op) == evaluator.evaluate(policy, op)
        assert policy.evaluate(op) == evaluator.evaluate(policy, op)


def test_a_typed_operation_with_raw_facts_is_not_trusted(policy: personvern.Policy) -> None:
    # 1 is not True: the unprepared path reports the condition's odd value as an error.
    base = personvern.Operation("legal_obligation", "legal_obligation", frozenset({"name"}), frozenset({"customer"}),
                                facts={"legal_duty": True, "customer_relationship": "active", "objected_purposes": frozenset()})
    assert policy.evaluate(base).outcome == personvern.PERMIT
    odd = personvern.Operation("legal_obligation", "legal_obligation", frozenset({"name"}), frozenset({"customer"}),
                               facts={"legal_duty": 1, "customer_relationship": "active", "objected_purposes": frozenset()})
    assert policy.evaluate(odd) == evaluator.evaluate(policy, odd)
    assert policy.evaluate(odd).outcome == personvern.DENY and policy.evaluate(odd).errors


def test_operation_ids_are_kept_per_decision(policy: personvern.Policy) -> None:
    op = {"purpose": "security", "legal_basis": "legal_obligation", "data_categories": ["ip_address"],
          "data_subjects": ["website_visitor"], "facts": {"objected_purposes": []}}
    a = policy.evaluate({**op, "id": "a"})
    b = policy.evaluate({**op, "id": "b"})
    assert (a.operation_id, b.operation_id, policy.evaluate(op).operation_id) == ("a", "b", None)
    assert a.outcome == b.outcome == personvern.PERMIT


def test_dates_given_as_text_or_date_are_the_same_operation(policy: personvern.Policy) -> None:
    op = {"purpose": "security", "legal_basis": "legal_obligation", "data_categories": ["ip_address"], "data_subjects": ["website_visitor"]}
    assert policy.evaluate({**op, "date": "2025-01-31"}) == policy.evaluate({**op, "date": dt.date(2025, 1, 31)})
