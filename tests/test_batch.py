"""Deciding one operation for many subjects at once (personvern.runtime batch)."""

from __future__ import annotations

import random
from typing import Any, Mapping

import personvern

NEWSLETTER = {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["name", "email"],
              "data_subjects": ["customer"], "action": "contact",
              "recipients": [{"kind": "processor", "name": "Postmark", "country": "IE", "dpa": True}]}


def customer_facts(rng: random.Random) -> dict[str, Any] | None:
    r = rng.random()
    if r < 0.05:
        return None  # nothing known about this customer
    facts: dict[str, Any] = {"direct_marketing_objection": rng.random() < 0.2,
                             "objected_purposes": ["direct_marketing"] if rng.random() < 0.1 else [],
                             "customer_relationship": "ended" if rng.random() < 0.1 else "active"}
    if facts["objected_purposes"]:
        # An objection recorded as an objected purpose is an opt-out: the flag agrees, or is left out (then implied).
        if rng.random() < 0.5:
            del facts["direct_marketing_objection"]
        else:
            facts["direct_marketing_objection"] = True
    if rng.random() < 0.05:
        del facts["customer_relationship"]  # unknown: conditional, so refused
    return facts


def test_a_newsletter_run_splits_customers_as_single_decisions_would(policy: personvern.Policy) -> None:
    rng = random.Random(5)
    customers = {f"kunde-{i}": customer_facts(rng) for i in range(3000)}
    result = policy.batch(NEWSLETTER, customers)
    assert len(result) == 3000
    assert {s for s, _ in result.permitted}.isdisjoint(s for s, _ in result.refused)
    for subject, d in result.permitted + result.refused:
        assert d == policy.evaluate({**NEWSLETTER, "facts": customers[subject] or {}}), subject
    assert all(d.outcome == personvern.PERMIT for _, d in result.permitted)
    refused_outcomes = {d.outcome for _, d in result.refused}
    assert refused_outcomes == {personvern.DENY, personvern.CONDITIONAL}  # a conditional outcome is a refusal
    reasons = {d.rule_ids for _, d in result.refused if d.outcome == personvern.DENY}
    assert ("markedsforing.reservasjon",) in reasons and ("oppbevaring.etter-kundeforholdet",) in reasons
    assert 1500 < len(result.permitted) < 2800
    assert result.permitted_subjects == [s for s, _ in result.permitted]


def test_a_batch_asks_the_provider_once_per_subject(policy: personvern.Policy) -> None:
    asked: list[Any] = []

    def provider(request: personvern.FactRequest) -> Mapping[str, Any]:
        asked.append(request.subject)
        return {"direct_marketing_objection": request.subject % 2 == 1, "objected_purposes": [], "customer_relationship": "active"}

    result = policy.batch(NEWSLETTER, range(10), provider=provider)
    assert asked == list(range(10))
    assert result.permitted_subjects == [0, 2, 4, 6, 8]
    assert [d.rule_ids for _, d in result.refused] == [("markedsforing.reservasjon",)] * 5


def test_without_facts_every_subject_is_refused_with_the_open_conditions(policy: personvern.Policy) -> None:
    personvern.register_fact_provider(None)
    result = policy.batch(NEWSLETTER, ["a", "b"])
    assert result.permitted == []
    assert all(d.outcome == personvern.CONDITIONAL and d.conditions for _, d in result.refused)


def test_invalid_facts_refuse_only_that_subject(policy: personvern.Policy) -> None:
    good = {"direct_marketing_objection": False, "objected_purposes": [], "customer_relationship": "active"}
    result = policy.batch(NEWSLETTER, {"ok": good, "bad": {**good, "direct_marketing_objection": "nei"}, "worse": {"shoe_size": 44},
                                       "contradictory": {**good, "objected_purposes": ["direct_marketing"]}})
    assert result.permitted_subjects == ["ok"]
    errors = {s: [e.code for e in d.errors] for s, d in result.refused}
    assert errors == {"bad": ["fact_provider_error"], "worse": ["fact_provider_error"], "contradictory": ["fact_provider_error"]}
    [contradiction] = [d for s, d in result.refused if s == "contradictory"]
    assert "contradictory_facts" in contradiction.errors[0].message, contradiction.errors


def test_the_operation_id_carries_into_every_decision(policy: personvern.Policy) -> None:
    op = {**NEWSLETTER, "id": "nyhetsbrev-2026-11"}
    known = {"customer_relationship": "active", "objected_purposes": []}
    result = policy.batch(op, {"a": {**known, "direct_marketing_objection": False}, "b": {**known, "direct_marketing_objection": True}})
    assert result.permitted_subjects == ["a"]
    assert {d.operation_id for _, d in result.permitted + result.refused} == {"nyhetsbrev-2026-11"}


def test_facts_equal_but_of_another_type_are_not_taken_for_facts_seen_before(policy: personvern.Policy) -> None:
    # The batch remembers decisions for facts it has met in this call. 1 == True and hash(1) == hash(True),
    # and a tuple equals a list nowhere but a set and a frozenset compare equal: none of them may reuse a
    # decision made for the valid facts before them.
    valid = {"direct_marketing_objection": False, "objected_purposes": frozenset(), "customer_relationship": "active"}
    lookalikes = {
        "int": {**valid, "direct_marketing_objection": 0},
        "set": {**valid, "objected_purposes": set()},
        "list": {**valid, "objected_purposes": []},
    }
    customers = {"first": valid, **lookalikes, "again": dict(valid)}
    result = dict(policy.batch(NEWSLETTER, customers).permitted + policy.batch(NEWSLETTER, customers).refused)
    alone = {s: dict(policy.batch(NEWSLETTER, {s: f}).permitted + policy.batch(NEWSLETTER, {s: f}).refused)[s]
             for s, f in customers.items()}
    assert result == alone
    assert result["first"].permitted and result["again"].permitted
    assert not result["int"].permitted  # 0 is not false: refused with the cause, as on its own
