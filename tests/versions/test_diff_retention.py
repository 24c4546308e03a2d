"""personvern diff on stored data: how long each record class is kept, where two versions differ.

The contract (exactness): a record class is reported exactly when some retention record of that
class is answered differently by the two versions (outcome, keep-until, delete-by or the
categories it may not hold), over a grid of records covering every relationship state, end
dates, fiscal-year ends, collection dates and objections.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import product
from pathlib import Path
from typing import Any, Callable

import pytest

import personvern
from personvern.cli import main
from personvern.versions import diff_policies

ON = dt.date(2026, 6, 30)
_DATES = (None, dt.date(2020, 12, 31), dt.date(2025, 11, 15), dt.date(2026, 5, 1))

# (name, rule-file edits): each a change a lawyer might make, or wording only
VARIANTS: dict[str, dict[str, list[tuple[str, str]]]] = {
    "visitor data 6 months": {"retention.yaml": [("    period: {months: 13}\n", "    period: {months: 6}\n")]},
    "claims from the fiscal year": {"retention.yaml": [("    period: {years: 3}\n    from: relationship_ended_on\n",
                                                        "    period: {years: 3}\n    from: fiscal_year_end\n")]},
    "opt-out list may hold more": {"retention.yaml": [("    data_categories: [name, email, phone]\n",
                                                       "    data_categories: [name, email, phone, address]\n")]},
    "customer data kept for a period": {"retention.yaml": [("    record_classes: [customer_data]\n    keep: relationship\n",
                                                            "    record_classes: [customer_data]\n    keep: period\n"
                                                            "    period: {years: 1}\n    from: relationship_ended_on\n"
                                                            "    source: {nb: en tolkning, en: an interpretation}\n")]},
    "ended read as never a customer": {"vocabulary.yaml": [("  ended: {nb: avsluttet, en: ended, stage: ended}",
                                                            "  ended: {nb: avsluttet, en: ended, stage: never}")]},
    "wording only": {"retention.yaml": [("  - id: oppbevaring.kundeopplysninger\n", "  - id: oppbevaring.kundeopplysninger\n")],
                     "vocabulary.yaml": [("other customer data, default: true}", "other data about customers, default: true}")]},
}


def _records(policy: personvern.Policy, rc: str) -> list[dict[str, Any]]:
    out = []
    states = [None, *sorted(policy.vocabulary.terms("relationship_states"))]
    for state, ended, fy, collected, objection in product(states, _DATES, _DATES[:2], _DATES, (None, True, False)):
        r: dict[str, Any] = {"record_class": rc, "data_categories": ["name", "address"]}
        for key, value in (("customer_relationship", state), ("relationship_ended_on", ended), ("fiscal_year_end", fy),
                           ("collected_on", collected), ("direct_marketing_objection", objection)):
            if value is not None:
                r[key] = value.isoformat() if isinstance(value, dt.date) else value
        out.append(r)
    return out


def _answer(policy: personvern.Policy, record: dict[str, Any]) -> Any:
    try:
        d = policy.retention(record, ON)
    except personvern.OperationError:
        return "invalid"
    return (d.outcome, d.keep_until, d.delete_by, d.excess_categories)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_record_class_is_reported_exactly_when_some_record_of_it_is_answered_otherwise(
        name: str, rules_copy: Callable[..., Path], policy: personvern.Policy) -> None:
    new = personvern.load_policy(rules_copy(VARIANTS[name]), use_cache=False)
    changes = diff_policies(policy, new).retention
    reported = {c.term for c in changes if c.kind == "record_class"}
    differs = {rc for rc in sorted(policy.vocabulary.terms("record_classes"))
               if any(_answer(policy, r) != _answer(new, r) for r in _records(policy, rc))}
    stage_changed = any(c.kind == "stage" for c in changes)
    if stage_changed:  # a state read otherwise changes every class whose rule reads the relationship
        assert differs and name == "ended read as never a customer"
    else:
        assert reported == differs, (name, reported, differs)
    assert (name == "wording only") == (not changes)


def test_the_text_and_json_name_the_class_the_rules_and_both_periods(rules_copy: Callable[..., Path],
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    new = rules_copy(VARIANTS["visitor data 6 months"])
    assert main(["diff", str(personvern.load_policy().root), str(new)]) == 1  # a change in practice: exit 1
    out = capsys.readouterr().out
    assert "Ingen endring i hva som tillates eller avvises" in out  # processing unchanged
    assert ("R1. besøksdata fra www.flex.as (IP-adresse, enhetsidentifikator, informasjonskapsel-ID, besøksdetaljer) "
            "(website_visitor_data): 13 måneder fra innsamlingsdatoen") in out and "→ 6 måneder fra innsamlingsdatoen" in out
    assert "regler (rules): oppbevaring.besoksdata → oppbevaring.besoksdata" in out
    assert main(["diff", str(personvern.load_policy().root), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["changed"] is True and data["changes"] == []
    [change] = data["retention"]
    assert change["kind"] == "record_class" and change["term"] == "website_visitor_data"
    assert change["old"].startswith("13 months from") and change["new"].startswith("6 months from")


def test_an_unchanged_policy_says_retention_is_unchanged(rules_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(personvern.load_policy().root), str(rules_copy())]) == 0
    assert "Oppbevaring: ingen endring i hvor lenge noe beholdes." in capsys.readouterr().out
