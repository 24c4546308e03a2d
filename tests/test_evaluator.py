"""Evaluation semantics: default deny, forbid wins, errors refuse, partial evaluation."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Callable

import pytest

import personvern
from personvern import Operation, Recipient
from personvern.core.decision import Decision

MARKETING: dict[str, Any] = {
    "purpose": "direct_marketing", "legal_basis": "legitimate_interests",
    "data_categories": ["name", "email"], "data_subjects": ["customer"],
}
ALL_CLEAR = {"direct_marketing_objection": False, "customer_relationship": "active", "objected_purposes": []}


def test_forbid_overrides_permit(policy: personvern.Policy) -> None:
    ok = policy.evaluate({**MARKETING, "facts": ALL_CLEAR})
    assert ok.outcome == personvern.PERMIT and ok.rule_ids == ("markedsforing.kontakt",)
    no = policy.evaluate({**MARKETING, "facts": {**ALL_CLEAR, "direct_marketing_objection": True}})
    assert no.outcome == personvern.DENY and no.rule_ids == ("markedsforing.reservasjon",)
    assert no.obligations == ()


def test_default_deny_explains_why_no_permit_applied(policy: personvern.Policy) -> None:
    d = policy.evaluate({**MARKETING, "data_categories": ["name", "salary"], "facts": ALL_CLEAR})
    assert d.outcome == personvern.DENY and d.rule_ids == ("standard-avslag",)
    assert any("lønnsopplysninger" in nb for nb, _ in d.reasons[0].details)
    assert d.reasons[0].clause_ids == ("innledning.1", "behandlingsansvarlig.2")


def test_default_deny_when_no_permit_rule_exists(rules_copy: Callable[..., Path]) -> None:
    # Remove the marketing permits: marketing is then refused by default.
    path = rules_copy({"processing.yaml": [("- id: markedsforing.kontakt\n    effect: permit\n    purposes: [direct_marketing]",
                                            "- id: markedsforing.kontakt\n    effect: permit\n    purposes: [market_research]"),
                                           ("- id: markedsforing.interessenter\n    effect: permit\n    purposes: [direct_marketing]",
                                            "- id: markedsforing.interessenter\n    effect: permit\n    purposes: [market_research]")]})
    policy = personvern.load_policy(path, use_cache=False)
    d = policy.evaluate({**MARKETING, "facts": ALL_CLEAR})
    assert d.outcome == personvern.DENY and d.rule_ids == ("standard-avslag",)
    assert any("Ingen regel tillater formålet" in nb for nb, _ in d.reasons[0].details)


def test_every_recipient_must_be_permitted(policy: personvern.Policy) -> None:
    good = {"kind": "processor", "name": "A", "country": "SE", "dpa": True}
    bad = {"kind": "processor", "name": "B", "country": "NO", "dpa": False}
    d = policy.evaluate({**MARKETING, "recipients": [good, bad], "facts": ALL_CLEAR})
    assert d.outcome == personvern.DENY
    assert [(r.rule_id, r.recipient) for r in d.reasons] == [("overforinger.tjenesteleverandor-uten-avtale", "B")]


def test_decision_carries_policy_identity_and_obligations(policy: personvern.Policy) -> None:
    d = policy.evaluate({**MARKETING, "id": "op-1", "facts": ALL_CLEAR})
    assert (d.policy_id, d.policy_version, d.policy_hash, d.operation_id) == ("flex-kunder", "1", policy.content_hash, "op-1")
    assert [o.id for o in d.obligations] == ["honour_marketing_objection", "include_opt_out_notice", "marketing_channel_law"]
    assert d.reasons[0].clauses[0].text.startswith("Vi kan kontakte deg")


def test_an_error_inside_a_rule_refuses(policy: personvern.Policy) -> None:
    # A typed operation bypasses validation; a fact of the wrong type must not slip through.
    op = Operation("direct_marketing", "legitimate_interests", frozenset({"name"}), frozenset({"customer"}),
                   facts={"direct_marketing_objection": "no", "customer_relationship": "active", "objected_purposes": frozenset()})
    d = policy.evaluate(op)
    assert d.outcome == personvern.DENY
    assert [e.rule_id for e in d.errors] == ["markedsforing.reservasjon"]
    broken = Operation("direct_marketing", "legitimate_interests", None, frozenset({"customer"}), facts=ALL_CLEAR)  # type: ignore[arg-type]
    d2 = policy.evaluate(broken)
    assert d2.outcome == personvern.DENY and d2.errors and d2.errors[0].code == "rule_evaluation_error"


def test_unknown_purpose_in_a_typed_operation_refuses(policy: personvern.Policy) -> None:
    d = policy.evaluate(Operation("world_domination", "consent", frozenset({"name"}), frozenset({"customer"})))
    assert d.outcome == personvern.DENY and d.errors


@pytest.mark.parametrize("action", ["disclose", "third_country_acces", "Disclose"])
def test_a_typed_operation_the_parser_would_refuse_for_its_action_is_never_permitted(policy: personvern.Policy, action: str) -> None:
    """An Operation built in code is never parsed: an action the vocabulary does not know (a typo of one that a
    forbid rule names), or a disclosure (an action that needs a recipient) without one, must be refused on every
    path that takes a typed operation, as the parser refuses the same operation given as data; a permit rule
    that covers every action of its purpose would otherwise permit it."""
    op = Operation("legal_obligation", "legal_obligation", frozenset({"name"}), frozenset({"customer"}), action)
    facts = {"legal_duty": True}
    with pytest.raises(personvern.OperationError):  # the same operation given as data
        policy.evaluate({"purpose": "legal_obligation", "legal_basis": "legal_obligation", "data_categories": ["name"],
                         "data_subjects": ["customer"], "action": action, "facts": facts})
    for _ in range(3):  # the third time through the policy's template cache
        d = policy.evaluate(op, facts=facts)
        assert d.outcome == personvern.DENY and d.errors, d
    assert policy.explain(op, facts=facts).outcome == personvern.DENY
    with pytest.raises(personvern.OperationError):
        policy.prepare(op)
    with pytest.raises(personvern.OperationError):
        policy.batch(op, {"s": facts})


def test_conditions_in_words(policy: personvern.Policy) -> None:
    d = policy.evaluate(MARKETING)
    assert d.outcome == personvern.CONDITIONAL
    by_rule = {c.rule_id: c for c in d.conditions}
    assert by_rule["markedsforing.reservasjon"].nb == "den registrerte har ikke reservert seg mot direktemarkedsføring"
    assert by_rule["markedsforing.reservasjon"].en == "the data subject has not objected to direct marketing"
    assert by_rule["oppbevaring.etter-kundeforholdet"].nb == "kundeforholdet er ikke avsluttet"
    assert by_rule["markedsforing.reservasjon"].facts == ("direct_marketing_objection",)
    assert by_rule["markedsforing.reservasjon"].clause_ids == ("markedsforing.3",)


def test_recipient_conditions_name_the_recipient(policy: personvern.Policy) -> None:
    d = policy.evaluate({**MARKETING, "recipients": [{"kind": "processor", "name": "Postmark EU", "country": "IE"}], "facts": ALL_CLEAR})
    assert d.outcome == personvern.CONDITIONAL
    [c] = d.conditions
    assert (c.rule_id, c.recipient, c.nb) == ("overforinger.tjenesteleverandor-uten-avtale", "Postmark EU",
                                              "mottakeren har databehandleravtale med Flex")


FILLINGS: dict[str, list[Any]] = {
    "direct_marketing_objection": [True, False],
    "customer_relationship": ["active", "ended"],
    "objected_purposes": [[], ["direct_marketing", "market_research", "legal_claims"]],
    "consents": [[], ["direct_marketing", "consented_purpose", "market_research", "website_cookies"]],
    "legal_duty": [True, False],
    "lawful_disclosure": [True, False],
    "consented_recipients": [[], ["Partner AS"]],
}


@pytest.mark.parametrize(
    "operation",
    [
        MARKETING,
        {**MARKETING, "legal_basis": "consent"},
        {"purpose": "legal_obligation", "legal_basis": "legal_obligation", "data_categories": ["salary"],
         "data_subjects": ["customer_employee"], "recipients": [{"kind": "public_authority", "name": "Skatteetaten", "country": "NO"}]},
        {"purpose": "consented_purpose", "legal_basis": "consent", "data_categories": ["email"], "data_subjects": ["customer"],
         "recipients": [{"kind": "third_party", "name": "Partner AS", "country": "NO"}]},
        {"purpose": "market_research", "legal_basis": "legitimate_interests", "data_categories": ["email"], "data_subjects": ["customer"]},
    ],
    ids=["marketing-li", "marketing-consent", "authority", "third-party", "research"],
)
def test_partial_evaluation_is_sound(policy: personvern.Policy, operation: dict[str, Any]) -> None:
    """For every filling of the open facts, the full decision agrees with the conditional one:
    a refusal comes only from a rule the conditional answer named, a permit only when every
    named condition holds, and the facts asked for are the ones that change the answer."""
    partial = policy.evaluate(operation)
    assert partial.outcome == personvern.CONDITIONAL
    named_rules = {rid for c in partial.conditions for rid in c.rule_id.split(",")}
    asked = {f for c in partial.conditions for f in c.facts}
    names = sorted(FILLINGS)
    outcomes = set()
    for values in itertools.product(*(FILLINGS[n] for n in names)):
        facts = dict(zip(names, values))
        if facts["direct_marketing_objection"] is False and "direct_marketing" in facts["objected_purposes"]:
            continue  # contradictory input (vocabulary fact_checks): an error, tested in test_operation
        if facts["legal_duty"] is True and facts["lawful_disclosure"] is False:
            continue  # likewise: a statutory duty makes the disclosure lawful
        full = policy.evaluate(operation, facts=facts)
        outcomes.add(full.outcome)
        assert full.outcome != personvern.CONDITIONAL
        if full.outcome == personvern.DENY:
            assert set(full.rule_ids) <= named_rules | {"standard-avslag"}, (facts, full.rule_ids)
        else:
            assert set(full.rule_ids) == set(partial.rule_ids)
        # Facts the conditional answer did not ask for do not matter.
        unasked = {k: v for k, v in facts.items() if k not in asked}
        only_asked = {k: v for k, v in facts.items() if k in asked}
        assert policy.evaluate(operation, facts=only_asked).outcome == full.outcome or unasked == {}
    assert outcomes == {personvern.PERMIT, personvern.DENY}


def test_trace_lists_every_rule_considered(policy: personvern.Policy) -> None:
    d = policy.explain({**MARKETING, "facts": ALL_CLEAR})
    assert d.trace is not None
    seen = {t.rule_id: t.result for t in d.trace}
    assert seen["markedsforing.reservasjon"] == "does not apply"
    assert seen["markedsforing.kontakt"] == "applies"
    assert seen["sikkerhet.tilgangskontroll"] == "not in scope"


def test_recipients_are_typed_objects(policy: personvern.Policy) -> None:
    op = policy.operation({**MARKETING, "recipients": [{"kind": "court", "name": "Oslo tingrett", "country": "NO"}]})
    assert op.recipients == (Recipient("court", "Oslo tingrett", "NO", None),)



def test_a_conditional_decision_always_says_what_is_missing(policy: personvern.Policy) -> None:
    """Class: an open permit at a level another permit already covers made a decision "conditional"
    with no condition (found by the SQL agreement test). Conditional must name at least one
    condition; with every open fact filled in, the decision is never conditional."""
    import random

    import yaml

    from .conftest import CASES

    rng = random.Random(11)
    cases = [c for path in sorted(CASES.glob("decisions*.yaml")) for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    seen = 0
    for case in cases:
        static = {k: v for k, v in case["operation"].items() if k != "facts"}
        needed = policy.prepare(static).needed
        for _ in range(40):
            facts: dict[str, Any] = {}
            for name in needed:
                kind = policy.vocabulary.facts[name]
                if rng.random() < 0.4:
                    continue  # unknown
                if kind["type"] == "boolean":
                    facts[name] = rng.random() < 0.5
                elif kind["type"] == "term":
                    facts[name] = rng.choice(sorted(policy.vocabulary.sections[kind["of"]]))
                elif kind["type"] == "set" and kind["of"] != "text":
                    terms = sorted(policy.vocabulary.sections[kind["of"]])
                    facts[name] = rng.sample(terms, rng.randint(0, 2))
            try:
                d = policy.evaluate(static, facts=facts)
            except personvern.OperationError:
                continue  # contradictory facts: an input error, not a decision
            if d.outcome == personvern.CONDITIONAL:
                seen += 1
                assert d.conditions and all(c.facts for c in d.conditions), d.render()
    assert seen > 100  # the sample reaches the case


def test_a_sure_permit_makes_an_open_one_at_the_same_level_irrelevant(policy: personvern.Policy) -> None:
    """Invoice data to the invoicing provider is permitted by customer administration on contract, whatever is known
    of an unpaid invoice (which only the debt-collection permit asks). (Until issue 11 round three the example was a
    legal-obligation disclosure, which now depends on the statutory duty: rule lover.utlevering-uten-plikt.)"""
    op = {"purpose": "customer_administration", "legal_basis": "contract", "data_categories": ["name", "address", "invoice_information"],
          "data_subjects": ["customer"], "action": "disclose",
          "recipients": [{"kind": "processor", "name": "Faktura AS", "country": "NO", "dpa": True}]}
    d = policy.evaluate(op, facts={"customer_relationship": "active"})
    assert d.outcome == personvern.PERMIT and not d.conditions, d.render()
    assert any(st.rule_id == "kundeadministrasjon.inkasso" and st.result == "unknown" for st in policy.explain(op, facts={"customer_relationship": "active"}).trace or ())
    assert policy.evaluate(op, facts={"customer_relationship": "active", "unpaid_invoice": False}) == d


@pytest.mark.parametrize("cls", [Operation, Decision])
def test_written_out_constructors_set_every_field_in_order_with_the_declared_defaults(cls: type) -> None:
    """Operation and Decision write their frozen dataclass __init__ out (core.model.slot_setters):
    each positional argument lands in its own field, the defaults are the fields' own, keywords
    work, and the object stays frozen, equal and hashable like the generated one."""
    from dataclasses import FrozenInstanceError, MISSING, fields, replace

    fs = fields(cls)
    values = [object() for _ in fs]
    built = cls(*values)
    assert [getattr(built, f.name) for f in fs] == values
    required = [f for f in fs if f.default is MISSING and f.default_factory is MISSING]
    least = cls(*values[:len(required)])
    for f in fs[len(required):]:
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[operator]
        assert getattr(least, f.name) == default, f.name
    by_name = cls(**{f.name: v for f, v in zip(fs, values)})
    assert by_name == built and hash(by_name) == hash(built)
    assert replace(built, **{fs[0].name: "other"}) != built
    with pytest.raises(FrozenInstanceError):
        setattr(built, fs[0].name, "changed")
