"""Personal data breaches: duties and deadlines from breach.yaml."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

import personvern

from .conftest import CASES


def test_high_risk_brings_every_duty(policy: personvern.Policy) -> None:
    r = policy.breach({"aware_at": "2026-11-25T08:15:00+01:00", "risk": "high_risk"})
    duties = {d.id: d for d in r.duties}
    assert {k for k, d in duties.items() if d.applies} == {"brudd.dokumentasjon", "brudd.varsle-datatilsynet", "brudd.varsle-registrerte"}
    assert duties["brudd.begrunne-forsinkelse"].applies is None  # not yet notified: only if it comes late
    assert duties["brudd.varsle-datatilsynet"].deadline == dt.datetime(2026, 11, 28, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert [c.id for c in r.clauses] == ["sikkerhet.1", "sikkerhet.4"]
    assert r.interpretation and "art. 33" in r.interpretation


def test_the_72_hours_are_real_hours_across_a_clock_change(policy: personvern.Policy) -> None:
    from zoneinfo import ZoneInfo

    oslo = ZoneInfo("Europe/Oslo")
    aware = dt.datetime(2026, 3, 27, 10, 0, tzinfo=oslo)  # summer time starts 29 March 02:00
    r = policy.breach({"aware_at": aware, "risk": "risk"})
    deadline = next(d.deadline for d in r.duties if d.id == "brudd.varsle-datatilsynet")
    assert deadline is not None and deadline.replace(tzinfo=None) == dt.datetime(2026, 3, 30, 11, 0)  # 71 hours on the wall clock
    assert (deadline.astimezone(dt.timezone.utc) - aware.astimezone(dt.timezone.utc)) == dt.timedelta(hours=72)


def test_unlikely_risk_needs_only_documentation(policy: personvern.Policy) -> None:
    r = policy.breach({"aware_at": "2026-11-25T08:15:00+00:00", "risk": "unlikely"})
    assert {d.id: d.applies for d in r.duties} == {"brudd.dokumentasjon": True, "brudd.varsle-datatilsynet": False, "brudd.varsle-registrerte": False,
                                                   "brudd.begrunne-forsinkelse": False, "brudd.offentlig-kunngjoring": False, "brudd.varsle-kunden": False}


def test_unassessed_risk_leaves_duties_open(policy: personvern.Policy) -> None:
    r = policy.breach({"aware_at": "2026-11-25T08:15:00+00:00"})
    assert {d.id: d.applies for d in r.duties} == {"brudd.dokumentasjon": True, "brudd.varsle-datatilsynet": None, "brudd.varsle-registrerte": None,
                                                   "brudd.begrunne-forsinkelse": None, "brudd.offentlig-kunngjoring": False, "brudd.varsle-kunden": False}


def _applies(policy: personvern.Policy, **incident: object) -> dict[str, bool | None]:
    r = policy.breach({"aware_at": "2026-11-25T08:15:00+01:00", **incident})
    return {d.id: d.applies for d in r.duties}


@pytest.mark.parametrize("exemption", ["unintelligible", "risk_removed"])
def test_an_art_34_3_exemption_lifts_the_duty_to_inform_the_subjects(policy: personvern.Policy, exemption: str) -> None:
    got = _applies(policy, risk="high_risk", exemptions=[exemption])
    assert got["brudd.varsle-registrerte"] is False and got["brudd.offentlig-kunngjoring"] is False
    assert got["brudd.varsle-datatilsynet"] is True  # art. 33 still applies


def test_disproportionate_effort_brings_a_public_communication_instead(policy: personvern.Policy) -> None:
    got = _applies(policy, risk="high_risk", exemptions=["disproportionate_effort"])
    assert got["brudd.varsle-registrerte"] is False and got["brudd.offentlig-kunngjoring"] is True


@pytest.mark.parametrize(("notified_at", "late"), [("2026-11-28T08:15:00+01:00", False), ("2026-11-28T08:16:00+01:00", True)])
def test_a_late_notification_must_give_reasons(policy: personvern.Policy, notified_at: str, late: bool) -> None:
    assert _applies(policy, risk="risk", notified_at=notified_at)["brudd.begrunne-forsinkelse"] is late


def test_as_processor_flex_notifies_the_customer_not_datatilsynet(policy: personvern.Policy) -> None:
    got = _applies(policy, risk="high_risk", facts={"flex_is_processor": True})
    assert got["brudd.varsle-kunden"] is True
    assert not any(got[k] for k in ("brudd.varsle-datatilsynet", "brudd.varsle-registrerte", "brudd.begrunne-forsinkelse"))
    assert _applies(policy, facts={"flex_is_processor": True})["brudd.varsle-kunden"] is True  # whatever the risk (art. 33(2))


@pytest.mark.parametrize("incident", [{"aware_at": "2026-11-25T08:15:00+00:00", "exemptions": ["force_majeure"]},
                                      {"aware_at": "2026-11-25T08:15:00+00:00", "notified_at": "i morgen"},
                                      {"aware_at": "2026-11-25T08:15:00+00:00", "facts": {"flex_is_processor": "ja"}},
                                      {"aware_at": "2026-11-25T08:15:00+00:00", "facts": {"flex_role": "processor"}},{"aware_at": "2026-11-25T08:15:00"}, {"aware_at": "i går"}, {"risk": "high_risk"},
                                      {"aware_at": "2026-11-25T08:15:00+00:00", "risk": "medium"}, "x"])
def test_bad_incidents(policy: personvern.Policy, incident: object) -> None:
    with pytest.raises(personvern.OperationError):
        policy.breach(incident)  # type: ignore[arg-type]


_BREACH_CASES = yaml.safe_load((CASES / "breach.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _BREACH_CASES, ids=[c["name"] for c in _BREACH_CASES])
def test_breach_case(policy: personvern.Policy, case: dict[str, Any]) -> None:
    """Breach cases as data (tests/cases/breach.yaml): which duties apply, and by when."""
    r = policy.breach(case["incident"])
    duties = {d.id: d for d in r.duties}
    assert {k: duties[k].applies for k in case["expect"]["applies"]} == case["expect"]["applies"], r.to_dict()
    for k, when in case["expect"].get("deadline", {}).items():
        assert duties[k].deadline is not None and duties[k].deadline.isoformat() == when, r.to_dict()
