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
    assert r.clauses and r.actions
    for rec in r.records:
        assert rec.clause_ids and all(c in policy.clauses for c in rec.clause_ids)
        assert rec.nb and rec.en


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
