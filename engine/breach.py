"""A personal data breach: which notification duties apply, and their deadlines (GDPR art. 33-34)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from . import errors
from .decision import ClauseRef
from .errors import Problem
from .model import Policy

RISK_LEVELS = ("unlikely", "risk", "high_risk")
_APPLIES = {"always": RISK_LEVELS, "risk": ("risk", "high_risk"), "high_risk": ("high_risk",)}


@dataclass(frozen=True, slots=True)
class BreachDutyOutcome:
    id: str
    applies: bool | None  # None: depends on the risk assessment, which is not given
    nb: str
    en: str
    source: str
    deadline: _dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class BreachResponse:
    clauses: tuple[ClauseRef, ...]
    duties: tuple[BreachDutyOutcome, ...]
    interpretation: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "clauses": [{"id": c.id, "text": c.text} for c in self.clauses],
            "duties": [{"id": d.id, "applies": d.applies, "nb": d.nb, "en": d.en, "source": d.source,
                        "deadline": d.deadline.isoformat() if d.deadline else None} for d in self.duties],
            "interpretation": self.interpretation,
        }


def assess(policy: Policy, incident: Any) -> BreachResponse:
    if not isinstance(incident, Mapping):
        raise errors.OperationError([Problem(errors.SCHEMA, "a breach must be a mapping")], "the breach")
    problems = []
    aware = incident.get("aware_at")
    if isinstance(aware, str):
        try:
            aware = _dt.datetime.fromisoformat(aware)
        except ValueError:
            aware = None
    if not isinstance(aware, _dt.datetime) or aware.tzinfo is None:
        problems.append(Problem(errors.SCHEMA, "'aware_at' is required: when Flex became aware, as a date and time with a time zone (e.g. 2026-11-25T09:30:00+01:00)", path="$.aware_at"))
    risk = incident.get("risk")
    if risk is not None and risk not in RISK_LEVELS:
        problems.append(Problem(errors.UNKNOWN_TERM, f"'risk' must be one of {', '.join(RISK_LEVELS)} (or left out if not yet assessed)", path="$.risk"))
    for k in incident:
        if k not in ("aware_at", "risk", "id", "description"):
            problems.append(Problem(errors.SCHEMA, f"unknown field {str(k)[:40]!r}", path=f"$.{k}"))
    if problems or not isinstance(aware, _dt.datetime):
        raise errors.OperationError(problems, "the breach")
    out = []
    for d in policy.breach_duties:
        applies = (risk in _APPLIES[d.applies_when]) if risk is not None else (True if d.applies_when == "always" else None)
        # Count real hours (in UTC), so a clock change inside the window does not move the deadline.
        try:
            deadline = ((aware.astimezone(_dt.timezone.utc) + _dt.timedelta(hours=d.deadline_hours)).astimezone(aware.tzinfo)
                        if d.deadline_hours else None)
        except OverflowError:  # aware_at at the very start or end of the calendar
            when = "past" if aware.year < 5000 else "future"
            raise errors.OperationError([Problem(errors.SCHEMA, f"'aware_at' is too far in the {when} to count a deadline from",
                                                 path="$.aware_at")], "the breach") from None
        out.append(BreachDutyOutcome(d.id, applies, d.nb, d.en, d.source_nb, deadline))
    refs = tuple(ClauseRef(c, policy.clauses[c].text) for c in policy.breach_cites if c in policy.clauses)
    return BreachResponse(refs, tuple(out), policy.breach_note)
