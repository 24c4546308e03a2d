"""Rights requests — cases as data."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import personvern

from .conftest import CASES

_CASES = yaml.safe_load((CASES / "rights.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _CASES, ids=[c["name"] for c in _CASES])
def test_rights_case(policy: personvern.Policy, case: dict[str, Any]) -> None:
    r = policy.rights_request(case["request"])
    e = case["expect"]
    assert [rec.action for rec in r.records] == e["actions"], r.to_dict()
    if "deadline" in e:
        assert r.deadline == e["deadline"]
    if "latest_deadline" in e:
        assert r.latest_deadline == e["latest_deadline"]
    if "keep_until" in e:
        assert [rec.keep_until for rec in r.records] == e["keep_until"]
    if "refusal_notice" in e:
        notice = policy.rights_config.refusal_notice
        assert (notice in r.actions) is e["refusal_notice"], r.actions
        assert ("rettigheter.10" in [c.id for c in r.clauses]) is e["refusal_notice"]
    if "forwarded" in e:
        assert r.forwarded is e["forwarded"]
    assert r.clauses and r.actions
    for rec in r.records:
        assert rec.clause_ids and all(c in policy.clauses for c in rec.clause_ids)
        assert rec.nb and rec.en


def test_an_unknown_yes_no_field_names_the_answer_that_leads_to_the_outcome(policy: personvern.Policy) -> None:
    """Held-out W7: a record rule that matches "not provided by the data subject" must not read as if
    it applied when the data subject did provide the data."""
    r = policy.rights_request({"right": "portability", "received_on": "2026-11-25",
                               "records": [{"record_class": "customer_data", "legal_basis": "contract", "automated": True}]})
    rec = r.records[0]
    assert rec.action == "conditional"
    assert "Er svaret «nei»: Omfattes ikke av dataportabilitet" in rec.nb, rec.nb
    assert "If the answer is no: Not covered by portability" in rec.en, rec.en
    assert "Hvis vilkåret er oppfylt" not in rec.nb


def test_complaint_names_datatilsynet(policy: personvern.Policy) -> None:
    r = policy.rights_request({"right": "complaint", "received_on": "2026-11-25"})
    assert "Datatilsynet" in r.actions[0][0] and "www.datatilsynet.no" in r.actions[0][0]
    assert [c.id for c in r.clauses] == ["rettigheter.10", "rettigheter.11", "rettigheter.12"]


def test_deadline_is_marked_as_interpretation(policy: personvern.Policy) -> None:
    r = policy.rights_request({"right": "access", "received_on": "2026-11-25"})
    assert any("art. 12 nr. 3" in note for note in r.interpretation)


@pytest.mark.parametrize(
    "request_",
    [{"right": "forget_me", "received_on": "2026-11-25"}, {"right": "erasure"}, {"right": "erasure", "received_on": "yesterday"},
     {"right": "erasure", "received_on": "2026-11-25", "records": [{"record_class": "x"}]},
     {"right": "restriction", "received_on": "2026-11-25", "grounds": ["because"]}, []],
)
def test_bad_requests(policy: personvern.Policy, request_: Any) -> None:
    with pytest.raises(personvern.OperationError):
        policy.rights_request(request_)


@pytest.mark.parametrize(("year", "easter"), [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"),
                                              (2038, "2038-04-25"), (2285, "2285-03-22")])
def test_easter_is_computed_not_tabled(year: int, easter: str) -> None:
    import datetime as dt

    from personvern.core.calendars import easter_sunday

    assert easter_sunday(year) == dt.date.fromisoformat(easter)


def test_deadline_in_months_is_not_the_retention_month_end_rule(policy: personvern.Policy) -> None:
    """30.04 + 1 month is 30.05 (moved off the weekend), not 31.05 as a fiscal-year end would give."""
    import datetime as dt

    from personvern.core.calendars import add_months
    from personvern.decide.retention import add_period

    assert add_months(dt.date(2026, 4, 30), 1) == dt.date(2026, 5, 30)
    assert add_period(dt.date(2026, 4, 30), months=1) == dt.date(2026, 5, 31)  # retention keeps its own rule
    assert policy.rights_request({"right": "access", "received_on": "2026-04-30"}).deadline == dt.date(2026, 6, 1)


def test_engine_code_holds_no_policy_content(policy: personvern.Policy) -> None:
    """rights.py and breach.py name no clause id, rule id, right-record rule or vocabulary term: those live in rules/."""
    import re
    from pathlib import Path

    from personvern.decide import breach, rights

    words = set(policy.clauses) | set(policy.rules) | {d.id for d in policy.breach_duties}
    words |= {rr.id for r in policy.rights_by_id.values() for rr in r.records} | set(policy.vocabulary.facts)
    words |= {t for s in policy.vocabulary.sections.values() for t in s} | set(policy.vocabulary.sets)
    for module in (rights, breach):
        literals = set(re.findall(r"[\"']([a-z0-9_.-]+)[\"']", Path(str(module.__file__)).read_text(encoding="utf-8")))
        assert not literals & words, f"{module.__name__} names {sorted(literals & words)}"


@pytest.mark.parametrize(
    "record",
    [{"record_class": "customer_data", "received_from": "Skatteetaten", "provided_by_subject": True},
     {"record_class": "customer_data", "automated": "ja"}, {"record_class": "customer_data", "purpose": "gossip"}],
)
def test_contradictory_or_unknown_record_fields_are_input_errors(policy: personvern.Policy, record: dict[str, Any]) -> None:
    with pytest.raises(personvern.OperationError):
        policy.rights_request({"right": "portability", "received_on": "2026-11-25", "records": [record]})


def test_unknown_request_facts_are_input_errors(policy: personvern.Policy) -> None:
    with pytest.raises(personvern.OperationError):
        policy.rights_request({"right": "erasure", "received_on": "2026-11-25", "facts": {"flex_role": "processor"}})
