"""Operations given as data: every problem at once, each with its JSON path; never a permit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import personvern
from personvern import errors

BASE: dict[str, Any] = {"purpose": "service_delivery", "legal_basis": "contract",
                        "data_categories": ["name"], "data_subjects": ["customer"]}


def _problems(policy: personvern.Policy, data: Any) -> dict[str, personvern.Problem]:
    with pytest.raises(personvern.OperationError) as e:
        policy.evaluate(data)
    assert isinstance(e.value, personvern.PersonvernError)
    return {p.path: p for p in e.value.problems}


def test_valid_operation_is_typed(policy: personvern.Policy) -> None:
    op = policy.operation({**BASE, "date": "2026-11-25", "facts": {"customer_relationship": "active", "consents": ["direct_marketing"]}})
    assert op.categories == frozenset({"name"}) and op.action == "use"
    assert op.date == dt.date(2026, 11, 25)
    assert op.facts["consents"] == frozenset({"direct_marketing"})


@pytest.mark.parametrize(
    ("change", "path", "code"),
    [
        ({"purpose": "direct_marketting"}, "$.purpose", errors.UNKNOWN_TERM),
        ({"purpose": 3}, "$.purpose", errors.SCHEMA),
        ({"legal_basis": None}, "$.legal_basis", errors.SCHEMA),
        ({"data_categories": ["name", "helse"]}, "$.data_categories[1]", errors.UNKNOWN_TERM),
        ({"data_categories": []}, "$.data_categories", errors.SCHEMA),
        ({"data_categories": "name"}, "$.data_categories", errors.SCHEMA),
        ({"data_subjects": ["kunde"]}, "$.data_subjects[0]", errors.UNKNOWN_TERM),
        ({"action": "sell"}, "$.action", errors.UNKNOWN_TERM),
        ({"bogus": 1}, "$.bogus", errors.SCHEMA),
        ({"date": "25.11.2026"}, "$.date", errors.SCHEMA),
        ({"date": "2026-11-25T10:00:00"}, "$.date", errors.SCHEMA),
        ({"recipients": [{"kind": "friend", "name": "X", "country": "NO"}]}, "$.recipients[0].kind", errors.UNKNOWN_TERM),
        ({"recipients": [{"kind": "processor", "name": "X", "country": "Norway"}]}, "$.recipients[0].country", errors.SCHEMA),
        ({"recipients": [{"kind": "processor", "name": "X", "country": "NO", "dpa": "yes"}]}, "$.recipients[0].dpa", errors.SCHEMA),
        ({"facts": {"direct_marketing_objection": "no"}}, "$.facts.direct_marketing_objection", errors.SCHEMA),
        ({"facts": {"has_objected": True}}, "$.facts.has_objected", errors.UNKNOWN_TERM),
        ({"facts": {"consents": ["newsletter"]}}, "$.facts.consents[0]", errors.UNKNOWN_TERM),
        ({"facts": {"customer_relationship": "paused"}}, "$.facts.customer_relationship", errors.UNKNOWN_TERM),
        ({"facts": {"consents": ["direct_marketing"], "withdrawn_consents": ["direct_marketing"]}}, "$.facts.consents", errors.CONTRADICTION),
        ({"data_categories": ["name"] * 300}, "$.data_categories", errors.INPUT_TOO_LARGE),
    ],
)
def test_bad_operations(policy: personvern.Policy, change: dict[str, Any], path: str, code: str) -> None:
    problems = _problems(policy, {**BASE, **change})
    assert path in problems, problems
    assert problems[path].code == code


def test_every_problem_is_reported_at_once(policy: personvern.Policy) -> None:
    problems = _problems(policy, {"purpose": "x", "data_categories": ["y"], "facts": {"z": 1}})
    assert set(problems) >= {"$.purpose", "$.legal_basis", "$.data_categories[0]", "$.data_subjects", "$.facts.z"}


def test_not_a_mapping(policy: personvern.Policy) -> None:
    assert "$" in _problems(policy, ["purpose"])


def test_null_fact_means_unknown(policy: personvern.Policy) -> None:
    d = policy.evaluate({**BASE, "facts": {"customer_relationship": None}})
    assert d.outcome == personvern.CONDITIONAL


def test_facts_argument_fills_in_later(policy: personvern.Policy) -> None:
    op = policy.operation(BASE)
    assert policy.evaluate(op).outcome == personvern.CONDITIONAL
    assert policy.evaluate(op, facts={"customer_relationship": "active"}).outcome == personvern.PERMIT
    assert policy.evaluate(op, facts={"customer_relationship": "ended"}).outcome == personvern.DENY
    with pytest.raises(personvern.OperationError):
        policy.evaluate(op, facts={"customer_relationship": "gone"})


def test_require(policy: personvern.Policy) -> None:
    assert policy.require(BASE, facts={"customer_relationship": "active"}).permitted
    with pytest.raises(personvern.ProcessingDenied) as e:
        policy.require(BASE)  # conditional is not enough at run time
    assert e.value.decision.outcome == personvern.CONDITIONAL
    with pytest.raises(personvern.ProcessingDenied) as e2:
        policy.require(BASE, facts={"customer_relationship": "ended"})
    assert e2.value.decision.rule_ids == ("oppbevaring.etter-kundeforholdet",)
    assert "refused" in str(e2.value)


def test_a_refused_conditional_says_refused(policy: personvern.Policy) -> None:
    with pytest.raises(personvern.ProcessingDenied) as e:
        policy.require(BASE)
    assert str(e.value).startswith("refused: facts the rules need are unknown")
    assert "the customer relationship is not ended" in str(e.value)


def test_contradictory_marketing_objection_facts_are_an_input_error_on_every_path(policy: personvern.Policy) -> None:
    """Two facts that mean the same thing must not disagree: an objection to direct marketing
    recorded in objected_purposes with direct_marketing_objection false is refused as input, by
    the full parser and by the fast path (prepared batch), alike; recorded with the other fact
    unknown, it counts as an objection."""
    op = {"purpose": "direct_marketing", "legal_basis": "consent", "data_categories": ["email"],
          "data_subjects": ["customer"], "action": "contact"}
    bad = {"consents": ["direct_marketing"], "objected_purposes": ["direct_marketing"], "direct_marketing_objection": False}
    with pytest.raises(personvern.OperationError) as e:
        policy.evaluate({**op, "facts": bad})
    assert any(p.code == errors.CONTRADICTION for p in e.value.problems)
    with pytest.raises(personvern.OperationError):
        policy.prepare(op).evaluate({"consents": frozenset({"direct_marketing"}), "objected_purposes": frozenset({"direct_marketing"}),
                                     "direct_marketing_objection": False})
    implied = {"consents": frozenset({"direct_marketing"}), "objected_purposes": frozenset({"direct_marketing"}), "customer_relationship": "active"}
    assert policy.evaluate({**op, "facts": implied}).outcome == personvern.DENY
    assert policy.prepare(op).evaluate(implied).outcome == personvern.DENY


def test_a_duty_to_disclose_is_a_lawful_disclosure_and_cannot_be_contradicted(policy: personvern.Policy) -> None:
    """Held-out W2: a statutory duty to disclose is a disclosure "krevd av loven" (overforinger.a).
    legal_duty true with lawful_disclosure unknown decides as lawful on every path; with
    lawful_disclosure false it is a contradiction in the input, not a permit and not a refusal."""
    op = {"purpose": "legal_obligation", "legal_basis": "legal_obligation", "data_categories": ["name", "tax_information"],
          "data_subjects": ["customer_employee"], "action": "disclose",
          "recipients": [{"kind": "public_authority", "name": "Skatteetaten", "country": "NO"}]}
    duty = {"legal_duty": True, "customer_relationship": "active"}
    assert policy.evaluate({**op, "facts": duty}).outcome == personvern.PERMIT
    assert policy.prepare(op).evaluate(duty).outcome == personvern.PERMIT
    with pytest.raises(personvern.OperationError) as e:
        policy.evaluate({**op, "facts": {**duty, "lawful_disclosure": False}})
    assert any(p.code == errors.CONTRADICTION for p in e.value.problems)
    with pytest.raises(personvern.OperationError):
        policy.prepare(op).evaluate({**duty, "lawful_disclosure": False})
    assert policy.evaluate({**op, "facts": {**duty, "legal_duty": False, "lawful_disclosure": False}}).outcome == personvern.DENY


def test_a_disclosure_without_recipients_is_an_input_error(policy: personvern.Policy) -> None:
    op = {"purpose": "legal_obligation", "legal_basis": "legal_obligation", "data_categories": ["name"],
          "data_subjects": ["customer"], "action": "disclose", "facts": {"legal_duty": True}}
    for recipients in (None, []):
        data = dict(op) if recipients is None else {**op, "recipients": recipients}
        with pytest.raises(personvern.OperationError) as e:
            policy.evaluate(data)
        assert any(p.path == "$.recipients" for p in e.value.problems)


# ---------------------------------------------------------------------------- what the vocabulary says of an action or record class

_USE = '  use: {nb: bruke, en: use, dpv: "dpv:Use", default: true}'
_DISCLOSE = '  disclose: {nb: overføre eller utlevere, en: transfer or disclose, dpv: "dpv:Disclose", needs_recipient: true}'
_ACCESS = '  access: {nb: gi tilgang til, en: access, dpv: "dpv:Access"}'
_CUSTOMER_DATA = "  customer_data: {nb: øvrige kundeopplysninger, en: other customer data, default: true}"
_DUTY = {"purpose": "legal_obligation", "legal_basis": "legal_obligation", "data_categories": ["name"],
         "data_subjects": ["customer"], "facts": {"legal_duty": True}}


def test_which_actions_need_a_recipient_is_the_vocabularys_word(rules_copy: Any) -> None:
    """No action is spelled in the engine: mark `access` needs_recipient and unmark `disclose`, and the
    operation parser, the fast path and the generated schema follow the vocabulary."""
    from personvern.check.schemagen import operation_schema

    rules = rules_copy({"vocabulary.yaml": [(_DISCLOSE, _DISCLOSE.replace(", needs_recipient: true", "")),
                                            (_ACCESS, _ACCESS.replace('"dpv:Access"}', '"dpv:Access", needs_recipient: true}'))]})
    policy = personvern.load_policy(rules, use_cache=False)
    with pytest.raises(personvern.OperationError) as e:
        policy.evaluate({**_DUTY, "action": "access"})
    assert [p.path for p in e.value.problems] == ["$.recipients"]
    assert policy.evaluate({**_DUTY, "action": "disclose"}).errors == ()  # parsed: no recipient needed any more
    assert operation_schema(policy)["if"]["properties"]["action"] == {"enum": ["access"]}


def test_the_default_action_is_the_vocabularys_word(rules_copy: Any) -> None:
    """An operation that names no action has the action the vocabulary marks default; with none
    marked, the action must be named (an input error, never a guess); two defaults are a load error."""
    moved = rules_copy({"vocabulary.yaml": [(_USE, _USE.replace(", default: true", "")),
                                            (_ACCESS, _ACCESS.replace('"dpv:Access"}', '"dpv:Access", default: true}'))]})
    policy = personvern.load_policy(moved, use_cache=False)
    assert policy.operation(_DUTY).action == "access"
    assert policy.evaluate(_DUTY).to_dict()["outcome"] == policy.evaluate({**_DUTY, "action": "access"}).to_dict()["outcome"]


def test_without_a_default_action_an_operation_must_name_one(tmp_path: Any, rules_copy: Any) -> None:
    from personvern.check.schemagen import operation_schema

    policy = personvern.load_policy(rules_copy({"vocabulary.yaml": [(_USE, _USE.replace(", default: true", ""))]}), use_cache=False)
    for parse in (policy.operation, policy.evaluate):
        with pytest.raises(personvern.OperationError) as e:
            parse(_DUTY)
        assert [(p.path, p.code) for p in e.value.problems] == [("$.action", errors.SCHEMA)]
    assert "action" in operation_schema(policy)["required"]


def test_two_default_actions_are_a_load_error(rules_copy: Any) -> None:
    rules = rules_copy({"vocabulary.yaml": [(_ACCESS, _ACCESS.replace('"dpv:Access"}', '"dpv:Access", default: true}'))]})
    with pytest.raises(personvern.PolicyLoadError) as e:
        personvern.load_policy(rules, use_cache=False)
    assert [(p.code, p.path) for p in e.value.problems] == [(errors.DUPLICATE_ID, "$.actions.access.default")]


def test_the_default_record_class_is_the_vocabularys_word(rules_copy: Any) -> None:
    on = dt.date(2026, 1, 1)
    record = {"data_categories": ["name"], "customer_relationship": "active"}
    bundled = personvern.load_policy(use_cache=False)
    assert bundled.retention(record, on).rule_id == bundled.retention({**record, "record_class": "customer_data"}, on).rule_id
    unmarked = personvern.load_policy(rules_copy({"vocabulary.yaml": [(_CUSTOMER_DATA, _CUSTOMER_DATA.replace(", default: true", ""))]}),
                                      use_cache=False)
    with pytest.raises(personvern.OperationError) as e:
        unmarked.retention(record, on)
    assert [p.path for p in e.value.problems] == ["$.record_class"]
