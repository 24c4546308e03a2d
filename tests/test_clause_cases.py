"""The data cases, taken together, exercise every normative clause of the statement."""

from __future__ import annotations

import yaml

import personvern

from .conftest import CASES


def test_cases_cover_every_normative_clause(policy: personvern.Policy) -> None:
    covered: set[str] = set()
    for case in yaml.safe_load((CASES / "decisions.yaml").read_text(encoding="utf-8"))["cases"]:
        d = policy.evaluate(case["operation"])
        covered.update(d.clause_ids)
        covered.update(cid for c in d.conditions for cid in c.clause_ids)
    for case in yaml.safe_load((CASES / "retention.yaml").read_text(encoding="utf-8"))["cases"]:
        covered.update(c.id for c in policy.retention(case["record"], on=case["date"]).clauses)
    for case in yaml.safe_load((CASES / "rights.yaml").read_text(encoding="utf-8"))["cases"]:
        r = policy.rights_request(case["request"])
        covered.update(c.id for c in r.clauses)
        covered.update(cid for rec in r.records for cid in rec.clause_ids)
    covered.update(c.id for c in policy.breach({"aware_at": "2026-01-01T00:00:00+00:00", "risk": "high_risk"}).clauses)
    missing = sorted(set(policy.normative_clauses()) - covered)
    assert missing == []
