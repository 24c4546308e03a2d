"""The runtime library: the prepared fast path, guards, context managers and fact providers."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from pathlib import Path
from typing import Any, Mapping

import pytest
import yaml

import personvern
from personvern.decide import evaluator
from personvern.core import operation
from personvern.errors import DeclaredFactsError, OperationError

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
            facts[name] = rng.choice([list, frozenset, tuple])(rng.sample(purposes, rng.randint(0, 3)))
        elif d["type"] == "set":
            facts[name] = rng.choice([list, frozenset])(rng.sample(["Postmark", "Acme"], rng.randint(0, 2)))
        elif d["type"] == "term":
            facts[name] = rng.choice(sorted(s[d["of"]]) + [None])
    op["facts"] = facts
    if rng.random() < 0.15:  # break something
        field, value = rng.choice([("purpose", "world_domination"), ("data_categories", []), ("legal_basis", 3), ("date", "2024-13-01"),
                                   ("facts", {"consents": "all"}), ("facts", {"no_such_fact": True}), ("recipients", [{"kind": "processor"}]),
                                   ("id", ["x"]), ("surprise", 1), ("date", "2025-01-31"), ("id", "op-7"), ("description", "x" * 20000),
                                   ("facts", {"legal_duty": 1}), ("recipients", [{"kind": "processor", "name": "P", "country": "IE", "dpa": 1}]),
                                   ("facts", {"consents": frozenset({"nonsense"})}), ("facts", {"customer_relationship": "paused"}),
                                   ("facts", {"consents": frozenset({"profiling"}), "withdrawn_consents": frozenset({"profiling"})}),
                                   ("facts", {"consented_recipients": frozenset({3})}), ("facts", {"customer_relationship": 7})])
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


# ---------------------------------------------------------------------------- guards and context managers

NEWSLETTER = dict(purpose="direct_marketing", legal_basis="legitimate_interests", data_categories=["name", "email"],
                  data_subjects=["customer"], action="contact")
CLEAR = {"direct_marketing_objection": False, "objected_purposes": [], "customer_relationship": "active"}
CUSTOMERS: dict[str, dict[str, Any]] = {
    "c1": CLEAR,
    "c2": {**CLEAR, "direct_marketing_objection": True},
    "c3": {"objected_purposes": [], "customer_relationship": "active"},  # objection not known
}


class Provider:
    """A fact provider that remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[personvern.FactRequest] = []

    def __call__(self, request: personvern.FactRequest) -> Mapping[str, Any]:
        self.asked.append(request)
        return CUSTOMERS.get(request.subject, {})


@pytest.fixture
def provider() -> Any:
    p = Provider()
    personvern.register_fact_provider(p)
    yield p
    personvern.register_fact_provider(None)


def test_a_guard_decides_before_the_call_with_the_providers_facts(policy: personvern.Policy, provider: Provider) -> None:
    sent: list[str] = []

    @policy.guard(**NEWSLETTER, subject="customer_id")
    def send(customer_id: str, text: str = "hei") -> str:
        sent.append(customer_id)
        return text

    assert send("c1") == "hei"
    with pytest.raises(personvern.ProcessingDenied) as denied:
        send(customer_id="c2")
    assert denied.value.decision.rule_ids == ("markedsforing.reservasjon",)
    assert denied.value.decision.reasons[0].clauses[0].id == "markedsforing.3"
    assert sent == ["c1"]  # the refused call never ran
    assert [r.subject for r in provider.asked] == ["c1", "c2"]
    assert "direct_marketing_objection" in provider.asked[0].needed
    assert provider.asked[0].operation.purpose == "direct_marketing" and provider.asked[0].name.endswith("send")
    assert send.__personvern__["purpose"] == "direct_marketing"  # type: ignore[attr-defined]
    assert send.__name__ == "send"


def test_a_fact_the_provider_cannot_give_refuses(policy: personvern.Policy, provider: Provider) -> None:
    @policy.guard(**NEWSLETTER, subject="customer_id", name="nyhetsbrev")
    def send(customer_id: str) -> None:
        raise AssertionError("must not run")

    for who in ("c3", "nobody"):
        with pytest.raises(personvern.ProcessingDenied) as denied:
            send(who)
        d = denied.value.decision
        assert d.outcome == personvern.CONDITIONAL and d.conditions and d.operation_id == "nyhetsbrev"


def test_without_a_provider_a_fact_dependent_processing_is_refused(policy: personvern.Policy) -> None:
    personvern.register_fact_provider(None)
    with pytest.raises(personvern.ProcessingDenied):
        with policy.processing(**NEWSLETTER):
            raise AssertionError("must not run")
    assert policy.evaluate(NEWSLETTER, facts=CLEAR).outcome == personvern.PERMIT  # facts the caller knows: a direct question


def test_a_failing_provider_refuses_with_the_error(policy: personvern.Policy) -> None:
    def broken(request: personvern.FactRequest) -> Mapping[str, Any]:
        raise ConnectionError("CRM is down")

    def lying(request: personvern.FactRequest) -> Mapping[str, Any]:
        return {**CLEAR, "direct_marketing_objection": "no"}

    for bad in (broken, lying):
        personvern.register_fact_provider(bad)
        try:
            with pytest.raises(personvern.ProcessingDenied) as denied:
                with policy.processing(**NEWSLETTER, subject="c1"):
                    raise AssertionError("must not run")
        finally:
            personvern.register_fact_provider(None)
        d = denied.value.decision
        assert d.outcome == personvern.DENY and d.errors[0].code == "fact_provider_error"


def test_the_provider_is_not_asked_when_no_rule_needs_facts(policy: personvern.Policy, provider: Provider) -> None:
    logging_in = dict(purpose="security", legal_basis="legal_obligation", data_categories=["ip_address"], data_subjects=["website_visitor"])
    with policy.processing(**logging_in, subject="c1") as d:
        assert d.rule_ids == ("sikkerhet.tjeneste-og-nettside",)
    assert provider.asked == []
    with pytest.raises(personvern.ProcessingDenied):  # a rule reads facts here, so it is asked
        with policy.processing(**{**logging_in, "action": "access"}, subject="c1"):
            pass
    assert [r.needed for r in provider.asked] == [("actor_authorized", "actor_needs_to_know")]


def test_an_invalid_declaration_fails_where_it_is_written(policy: personvern.Policy) -> None:
    with pytest.raises(OperationError) as bad:
        policy.guard(**{**NEWSLETTER, "purpose": "world_domination"})(lambda: None)
    assert bad.value.problems[0].path == "$.purpose"
    with pytest.raises(TypeError):
        policy.guard(**NEWSLETTER, categories=["name"])
    with pytest.raises(TypeError):
        policy.guard(**NEWSLETTER, subject="nope")(lambda customer_id: None)


def test_subject_from_a_callable_and_from_a_default(policy: personvern.Policy, provider: Provider) -> None:
    @policy.guard(**NEWSLETTER, subject=lambda customer, **kw: customer["id"])
    def send(customer: dict[str, str], text: str = "x") -> str:
        return customer["id"]

    @policy.guard(**NEWSLETTER, subject="who")
    def send_default(who: str = "c1") -> str:
        return who

    assert send({"id": "c1"}) == "c1"
    assert send_default() == "c1"
    assert [r.subject for r in provider.asked] == ["c1", "c1"]


def test_async_guards_and_async_with(policy: personvern.Policy) -> None:
    async def provider(request: personvern.FactRequest) -> Mapping[str, Any]:
        await asyncio.sleep(0)
        return CUSTOMERS.get(request.subject, {})

    personvern.register_fact_provider(provider)
    try:
        @policy.guard(**NEWSLETTER, subject="customer_id")
        async def send(customer_id: str) -> str:
            return "sent"

        async def main() -> list[str]:
            out = [await send("c1")]
            try:
                await send("c2")
            except personvern.ProcessingDenied as e:
                out.append(e.decision.outcome)
            async with policy.processing(**NEWSLETTER, subject="c1") as d:
                out.append(d.outcome)
            return out

        assert asyncio.run(main()) == ["sent", "deny", "permit"]
        # an async provider cannot serve synchronous code: refused, not permitted
        with pytest.raises(personvern.ProcessingDenied) as denied:
            with policy.processing(**NEWSLETTER, subject="c1"):
                pass
        assert denied.value.decision.errors[0].code == "fact_provider_error"
    finally:
        personvern.register_fact_provider(None)


def test_module_level_guard_uses_the_configured_store(rules_copy: Any, provider: Provider) -> None:
    store = personvern.configure(rules_copy(), fact_provider=provider)
    try:
        @personvern.guard(**NEWSLETTER, subject="customer_id")
        def send(customer_id: str) -> str:
            return "ok"

        assert send("c1") == "ok"
        assert personvern.default_store() is store
        with personvern.processing(**NEWSLETTER, subject="c2") as _:
            raise AssertionError("must not run")
    except personvern.ProcessingDenied as e:
        assert e.decision.policy_hash == store.policy.content_hash
    finally:
        personvern.configure(None)


def test_prepared_operations_decide_as_evaluate(policy: personvern.Policy) -> None:
    op = {**NEWSLETTER, "recipients": [{"kind": "processor", "name": "Postmark", "country": "IE", "dpa": True}]}
    prepared = policy.prepare(op)
    assert set(prepared.needed) == {"direct_marketing_objection", "objected_purposes", "customer_relationship"}
    for facts in (CLEAR, {}, {**CLEAR, "direct_marketing_objection": True}, {"customer_relationship": "ended"}):
        assert prepared.evaluate(facts) == policy.evaluate({**op, "facts": facts})
    with pytest.raises(OperationError) as bad:
        prepared.evaluate({"consents": ["nonsense"]})
    assert bad.value.problems[0].path == "$.facts.consents[0]"
    assert prepared.require(CLEAR).permitted
    with pytest.raises(DeclaredFactsError):
        policy.prepare({**op, "facts": CLEAR})


def test_the_benchmark_encodings_agree_with_personvern(policy: personvern.Policy) -> None:
    """bench/: every engine that is installed answers like personvern's plain evaluator (the bench checks all 5000)."""
    from bench import bench_runtime, engines, workload

    reqs = workload.generate(policy, 300, seed=11)
    assert 0.2 < sum(bench_runtime.reference(policy, reqs)) / len(reqs) < 0.7
    reqs += workload.edges(policy)  # every combination of the facts the contract-recipient and e-mail rules read
    ref = bench_runtime.reference(policy, reqs)
    loaded, missing = bench_runtime.load_engines(policy, list(engines.ENGINES), reqs)
    assert {"personvern (guard: needed facts)", "personvern (prepared, all facts)", "personvern (evaluate dict)"} <= set(loaded)
    assert bench_runtime.agreement(loaded, reqs, ref) == {name: 0 for name in loaded}


def test_the_prepared_caches_stay_bounded_and_correct(policy: personvern.Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = personvern.load_policy()  # its own, empty caches
    monkeypatch.setattr(fresh.template_cache, "max_templates", 8)
    rng = random.Random(3)
    ops = [random_operation(rng, fresh) for _ in range(300)]
    for op in ops + ops + ops:  # the second sight prepares a template, the third uses it
        assert fast(fresh, op) == reference(fresh, op)
    assert 0 < len(fresh.template_cache) <= 8
    for i in range(20):
        fresh.prepare({**NEWSLETTER, "id": f"run-{i}"})  # a Prepared is held by its caller, not cached
    assert 0 < len(fresh.template_cache) <= 8


def test_the_scaling_benchmark_builds_rule_sets_that_load(tmp_path: Path) -> None:
    """bench/scaling.py derives synthetic rule sets from the shipped rules: they must load, at the size asked for."""
    from bench import scaling

    for total in scaling.SIZES[:2]:
        folder, _ = scaling.make(tmp_path, total)
        assert len(personvern.load_policy(folder, use_cache=False).rules) == total
