"""Retention: keep or delete, until when, and why — cases as data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

import personvern
from personvern.decide.retention import add_period

from .conftest import CASES

_CASES = yaml.safe_load((CASES / "retention.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _CASES, ids=[c["name"] for c in _CASES])
def test_retention_case(policy: personvern.Policy, case: dict[str, Any]) -> None:
    r = policy.retention(case["record"], on=case["date"])
    e = case["expect"]
    assert (r.outcome, r.rule_id) == (e["outcome"], e["rule"]), r.to_dict()
    for key in ("keep_until", "delete_by"):
        if key in e:
            assert getattr(r, key) == e[key], r.to_dict()
    assert list(r.excess_categories) == e.get("excess", [])
    assert r.clauses and all(c.text == policy.clauses[c.id].text for c in r.clauses)
    assert r.may_keep == (r.outcome == "keep")
    if r.outcome == "conditional":
        assert r.condition_nb and r.condition_en


def test_periods_come_from_the_rules(policy: personvern.Policy) -> None:
    five = next(r for r in policy.retention_rules if r.id == "oppbevaring.bokforing-5-ar")
    assert (five.years, five.months, five.anchor, five.source_nb) == (5, 0, "fiscal_year_end", "bokføringsloven § 13 første ledd")


def test_add_period() -> None:
    assert add_period(dt.date(2024, 2, 29), years=1) == dt.date(2025, 2, 28)
    assert add_period(dt.date(2022, 12, 31), years=3, months=6) == dt.date(2026, 6, 30)
    assert add_period(dt.date(2022, 8, 31), months=6) == dt.date(2023, 2, 28)
    assert add_period(dt.date(2020, 6, 30), years=3, months=6) == dt.date(2023, 12, 31)  # month end stays month end
    assert add_period(dt.date(2023, 2, 28), years=1) == dt.date(2024, 2, 29)
    assert add_period(dt.date(2023, 2, 27), years=1) == dt.date(2024, 2, 27)


@pytest.mark.parametrize(
    "record",
    [{"record_class": "everything"}, {"fiscal_year_end": "31.12.2020"}, {"customer_relationship": "active", "relationship_ended_on": "2020-01-01"},
     {"customer_relationship": "none", "relationship_ended_on": "2020-01-01"}, {"record_class": "security_log", "collected_on": "15.01.2026"},
     {"direct_marketing_objection": "yes"}, {"bogus": 1}, "not a mapping"],
)
def test_bad_records(policy: personvern.Policy, record: Any) -> None:
    with pytest.raises(personvern.OperationError):
        policy.retention(record, on=dt.date(2026, 1, 1))
