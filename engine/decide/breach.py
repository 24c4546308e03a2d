"""A personal data breach: which notification duties apply, and their deadlines (GDPR art. 33-34).

The duties, the exemptions that lift them (art. 34(3)) and whose duty each is (Flex as controller,
or as the customer's processor) are data in breach.yaml; the role is a vocabulary fact named there.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from .. import errors
from ..core.decision import ClauseRef, nb_en
from ..core.model import BreachDuty, CompiledPolicy
from ..core.operation import parse_facts
from ..errors import Problem

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
    condition_nb: str | None = None  # when applies is None: what it depends on
    condition_en: str | None = None
    source_en: str | None = None


@dataclass(frozen=True, slots=True)
class BreachResponse:
    clauses: tuple[ClauseRef, ...]
    duties: tuple[BreachDutyOutcome, ...]
    interpretation: str | None
    interpretation_en: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "clauses": [{"id": c.id, "text": c.text} for c in self.clauses],
            "duties": [{"id": d.id, "applies": d.applies, "nb": d.nb, "en": d.en, "source": nb_en(d.source, d.source_en),
                        "deadline": d.deadline.isoformat() if d.deadline else None,
                        "condition": {"nb": d.condition_nb, "en": d.condition_en} if d.condition_nb else None} for d in self.duties],
            "interpretation": nb_en(self.interpretation, self.interpretation_en),
        }


def _instant(value: Any) -> _dt.datetime | None:
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, _dt.datetime) and value.tzinfo is not None else None


def assess(policy: CompiledPolicy, incident: Any) -> BreachResponse:
    if not isinstance(incident, Mapping):
        raise errors.OperationError([Problem(errors.SCHEMA, "a breach must be a mapping")], "the breach")
    problems: list[Problem] = []

    def bad(code: str, message: str, *path: str | int) -> None:
        problems.append(Problem(code, message, path="$." + ".".join(str(p) for p in path)))

    aware = _instant(incident.get("aware_at"))
    if aware is None:
        bad(errors.SCHEMA, "'aware_at' is required: when the controller became aware, as a date and time with a time zone (e.g. 2026-11-25T09:30:00+01:00)", "aware_at")
    notified = _instant(incident.get("notified_at")) if incident.get("notified_at") is not None else None
    if incident.get("notified_at") is not None and notified is None:
        bad(errors.SCHEMA, "'notified_at' must be a date and time with a time zone: when Datatilsynet was notified", "notified_at")
    risk = incident.get("risk")
    if risk is not None and risk not in RISK_LEVELS:
        bad(errors.UNKNOWN_TERM, f"'risk' must be one of {', '.join(RISK_LEVELS)} (or left out if not yet assessed)", "risk")
    cfg = policy.breach_config
    exemptions = incident.get("exemptions", [])
    if not isinstance(exemptions, list) or any(e not in cfg.exemptions for e in exemptions):
        bad(errors.UNKNOWN_TERM, f"'exemptions' must list some of: {', '.join(sorted(cfg.exemptions)) or '(none)'}", "exemptions")
        exemptions = []
    raw_facts = incident.get("facts") or {}
    facts: Mapping[str, Any] = {}
    if not isinstance(raw_facts, Mapping):
        bad(errors.SCHEMA, "'facts' must be a mapping", "facts")
    else:
        facts = parse_facts(policy, raw_facts, lambda code, msg, *path: bad(code, msg, *path))
    for k in incident:
        if k not in ("aware_at", "risk", "notified_at", "exemptions", "facts", "id", "description"):
            bad(errors.SCHEMA, f"unknown field {str(k)[:40]!r}", str(k))
    if problems or aware is None:
        raise errors.OperationError(problems, "the breach")
    # The statement names Flex as controller; Flex acts as processor only where the fact says so.
    processor = bool(cfg.processor_fact) and facts.get(cfg.processor_fact or "") is True
    out = [_duty(d, aware, risk, notified, frozenset(exemptions), processor) for d in policy.breach_duties]
    refs = tuple(ClauseRef(c, policy.clauses[c].text) for c in policy.breach_cites if c in policy.clauses)
    notes = [(nb, en or nb) for nb, en in ((policy.breach_note, cfg.note_en), (cfg.processor_note_nb, cfg.processor_note_en)) if nb]
    return BreachResponse(refs, tuple(out), " ".join(n[0] for n in notes) or None, " ".join(n[1] for n in notes) or None)


def _duty(d: BreachDuty, aware: _dt.datetime, risk: str | None, notified: _dt.datetime | None,
          exemptions: frozenset[str], processor: bool) -> BreachDutyOutcome:
    # Count real hours (in UTC), so a clock change inside the window does not move the deadline.
    try:
        deadline = ((aware.astimezone(_dt.timezone.utc) + _dt.timedelta(hours=d.deadline_hours)).astimezone(aware.tzinfo)
                    if d.deadline_hours else None)
    except OverflowError:  # aware_at at the very start or end of the calendar
        when = "past" if aware.year < 5000 else "future"
        raise errors.OperationError([Problem(errors.SCHEMA, f"'aware_at' is too far in the {when} to count a deadline from",
                                             path="$.aware_at")], "the breach") from None
    applies: bool | None = (risk in _APPLIES[d.applies_when]) if risk is not None else (True if d.applies_when == "always" else None)
    cond: tuple[str, str] | None = None
    if d.processor is not None and d.processor is not processor:
        applies = False
    elif applies is not False and (exemptions & d.lifted_by or (d.only_with and not exemptions & d.only_with)):
        applies = False
    elif applies is not False and d.when_late:
        if notified is None:
            applies, cond = None, ("gjelder hvis meldingen sendes etter fristen", "applies if the notification is made after the deadline")
        else:
            applies = deadline is not None and notified > deadline
        deadline = None
    cond_nb, cond_en = cond or (None, None)
    return BreachDutyOutcome(d.id, applies, d.nb, d.en, d.source_nb, deadline, cond_nb, cond_en, d.source_en)
