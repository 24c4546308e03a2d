"""Personal data breaches: duties and deadlines from breach.yaml."""

from __future__ import annotations

import datetime as dt

import pytest

import personvern


def test_high_risk_brings_every_duty(policy: personvern.Policy) -> None:
    r = policy.breach({"aware_at": "2026-11-25T08:15:00+01:00", "risk": "high_risk"})
    duties = {d.id: d for d in r.duties}
    assert all(d.applies for d in r.duties)
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
    assert {d.id: d.applies for d in r.duties} == {"brudd.dokumentasjon": True, "brudd.varsle-datatilsynet": False, "brudd.varsle-registrerte": False}


def test_unassessed_risk_leaves_duties_open(policy: personvern.Policy) -> None:
    r = policy.breach({"aware_at": "2026-11-25T08:15:00+00:00"})
    assert {d.id: d.applies for d in r.duties} == {"brudd.dokumentasjon": True, "brudd.varsle-datatilsynet": None, "brudd.varsle-registrerte": None}


@pytest.mark.parametrize("incident", [{"aware_at": "2026-11-25T08:15:00"}, {"aware_at": "i går"}, {"risk": "high_risk"},
                                      {"aware_at": "2026-11-25T08:15:00+00:00", "risk": "medium"}, "x"])
def test_bad_incidents(policy: personvern.Policy, incident: object) -> None:
    with pytest.raises(personvern.OperationError):
        policy.breach(incident)  # type: ignore[arg-type]
