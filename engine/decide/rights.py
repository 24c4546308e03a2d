"""Answer a data subject's request: what must be done, what may or must be kept, and by when.

Pure: the request carries the date it was received, the records Flex holds and any facts
(the vocabulary's, e.g. which purposes the person objected to). Everything legal is data in
rights.yaml: the deadline and the calendar it is counted in, each right's clauses, and how a
right treats a record (the first of its record rules that holds decides; one that depends on
a field the request leaves out gives a conditional answer naming it). What must be kept comes
from the retention rules. No clause id, rule id or vocabulary term is written here.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from .. import errors
from ..core.calendars import deadline as _deadline
from ..core.decision import ClauseRef, nb_en
from ..core.model import CompiledPolicy, RecordRule, Right
from ..core.operation import parse_facts
from ..errors import Problem, json_path
from .retention import decide_retention, parse_record

CONDITIONAL = "conditional"
FORWARD = "forward"
_RECORD_EXTRA = ("purpose", "legal_basis", "provided_by_subject", "automated", "received_from")


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    index: int
    record_class: str
    action: str  # erase | keep | export | exclude | stop | continue | restrict | include | rectify
    nb: str
    en: str
    rule_id: str | None = None
    clause_ids: tuple[str, ...] = ()
    keep_until: _dt.date | None = None
    record_rule: str | None = None  # the rights.yaml record rule that decided
    refusal: bool = False  # Flex does not do what was asked for this record (GDPR art. 12(4))


@dataclass(frozen=True, slots=True)
class RightsResponse:
    right: str
    right_nb: str
    clauses: tuple[ClauseRef, ...]
    actions: tuple[tuple[str, str], ...]
    deadline: _dt.date | None
    latest_deadline: _dt.date | None  # with the extension for complex or numerous requests
    deadline_source: str | None
    records: tuple[RecordOutcome, ...]
    interpretation: tuple[str, ...] = ()
    conditions: tuple[tuple[str, str], ...] = ()  # what the answer assumes (nb, en)
    forwarded: bool = False  # Flex is the customer's processor: the request goes to the customer
    right_en: str | None = None
    deadline_source_en: str | None = None
    interpretation_en: tuple[str, ...] = ()  # the notes of ``interpretation`` in English, in the same order

    def notes(self) -> tuple[tuple[str, str], ...]:
        """The interpretation notes as (nb, en); a note given only in Norwegian stands for the English too."""
        en = self.interpretation_en + (None,) * (len(self.interpretation) - len(self.interpretation_en))
        return tuple((nb, e or nb) for nb, e in zip(self.interpretation, en))

    def to_dict(self) -> dict[str, Any]:
        return {
            "right": self.right, "right_nb": self.right_nb, "right_en": self.right_en or self.right,
            "clauses": [{"id": c.id, "text": c.text} for c in self.clauses],
            "actions": [{"nb": nb, "en": en} for nb, en in self.actions],
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "latest_deadline": self.latest_deadline.isoformat() if self.latest_deadline else None,
            "deadline_source": nb_en(self.deadline_source, self.deadline_source_en),
            "records": [
                {"index": r.index, "record_class": r.record_class, "action": r.action, "nb": r.nb, "en": r.en,
                 "rule": r.rule_id, "clauses": list(r.clause_ids), "keep_until": r.keep_until.isoformat() if r.keep_until else None,
                 "record_rule": r.record_rule, "refusal": r.refusal}
                for r in self.records
            ],
            "interpretation": [nb_en(nb, en) for nb, en in self.notes()],
            "conditions": [{"nb": nb, "en": en} for nb, en in self.conditions],
            "forwarded": self.forwarded,
        }


def answer(policy: CompiledPolicy, request: Any) -> RightsResponse:
    problems: list[Problem] = []

    def bad(code: str, message: str, *path: str | int) -> None:
        problems.append(Problem(code, message, path=json_path(path)))

    if not isinstance(request, Mapping):
        raise errors.OperationError([Problem(errors.SCHEMA, "a request must be a mapping")], "the request")
    allowed = {"right", "received_on", "records", "grounds", "facts", "id", "description"}
    for k in request:
        if k not in allowed:
            bad(errors.SCHEMA, f"unknown field {str(k)[:40]!r}; allowed: {', '.join(sorted(allowed))}", str(k))
    right_id = request.get("right")
    right = policy.rights_by_id.get(right_id) if isinstance(right_id, str) else None
    if right is None:
        bad(errors.UNKNOWN_TERM, f"{str(right_id)[:40]!r} is not a right in the policy; expected one of: {', '.join(sorted(policy.rights_by_id))}", "right")
    received = request.get("received_on")
    if isinstance(received, str) and len(received) == 10:
        try:
            received = _dt.date.fromisoformat(received)
        except ValueError:
            pass
    if not isinstance(received, _dt.date) or isinstance(received, _dt.datetime):
        bad(errors.SCHEMA, "'received_on' is required: the date the request was received (YYYY-MM-DD)", "received_on")
    known_grounds = right.grounds if right is not None else frozenset()
    grounds = request.get("grounds", [])
    if not isinstance(grounds, list) or any(g not in known_grounds for g in grounds):
        bad(errors.UNKNOWN_TERM, f"'grounds' must list some of: {', '.join(sorted(known_grounds)) or '(none for this right)'}", "grounds")
        grounds = []
    raw_facts = request.get("facts") or {}
    facts: Mapping[str, Any] = {}
    if not isinstance(raw_facts, Mapping):
        bad(errors.SCHEMA, "'facts' must be a mapping", "facts")
    else:
        facts = parse_facts(policy, raw_facts, bad)
    raw_records = request.get("records", [])
    if not isinstance(raw_records, list):
        bad(errors.SCHEMA, "'records' must be a list", "records")
        raw_records = []
    records = []
    for i, r in enumerate(raw_records):
        if not isinstance(r, Mapping):
            bad(errors.SCHEMA, "a record must be a mapping", "records", i)
            continue
        core = {k: v for k, v in r.items() if k not in _RECORD_EXTRA}
        try:
            records.append((i, parse_record(policy, core), _fields(policy, r, i, bad)))
        except errors.OperationError as e:
            for p in e.problems:
                problems.append(Problem(p.code, p.message, path=json_path(("records", i)) + p.path[1:]))
    if problems or right is None or not isinstance(received, _dt.date):
        raise errors.OperationError(problems, "the request")

    cfg = policy.rights_config
    processor = facts.get(cfg.processor_fact) if cfg.processor_fact else False
    if processor is True:
        refs = tuple(ClauseRef(c, policy.clauses[c].text) for c in cfg.processor_cites if c in policy.clauses)
        nb, en = cfg.processor_record or ("", "")
        fwd = tuple(RecordOutcome(i, rec.record_class, FORWARD, nb, en, None, cfg.processor_cites) for i, rec, _ in records)
        pairs = tuple((nb, en or nb) for nb, en in ((cfg.processor_note_nb, cfg.processor_note_en),) if nb)
        return RightsResponse(right.id, right.nb, refs, cfg.processor_actions, None, None, None, fwd, tuple(p[0] for p in pairs),
                              forwarded=True, right_en=right.en, interpretation_en=tuple(p[1] for p in pairs))

    deadline = latest = None
    actions = right.actions
    if not right.no_deadline:
        d, x = policy.response_deadline, policy.response_extension
        months = 12 * d.years + d.months
        try:
            deadline = _deadline(received, months, d.days, cfg.holidays) if cfg.holidays else None
            latest = _deadline(received, months + 12 * x.years + x.months, d.days + x.days, cfg.holidays) if cfg.holidays else None
        except (ValueError, OverflowError):
            raise errors.OperationError([Problem(errors.SCHEMA, "'received_on' is too far in the future to count a deadline from",
                                                 path="$.received_on")], "the request") from None
        if cfg.extension_notice:
            actions += (cfg.extension_notice,)
    outcomes = tuple(_record(policy, right, i, rec, values, received, facts, bool(grounds)) for i, rec, values in records)
    cites = right.cites
    if cfg.refusal_notice and any(o.refusal for o in outcomes):
        actions += (cfg.refusal_notice,)
        cites += tuple(c for c in cfg.refusal_cites if c not in cites)
    refs = tuple(ClauseRef(c, policy.clauses[c].text) for c in cites if c in policy.clauses)
    notes = tuple((nb, en or nb) for nb, en in ((right.interpretation_nb, right.interpretation_en),
                                                 (policy.response_deadline_note if deadline else None, cfg.deadline_note_en)) if nb)
    conditions = (cfg.processor_unknown,) if processor is None and cfg.processor_unknown else ()
    return RightsResponse(right.id, right.nb, refs, actions, deadline, latest,
                          cfg.deadline_source_nb if deadline else None, outcomes, tuple(n[0] for n in notes), conditions,
                          right_en=right.en, deadline_source_en=cfg.deadline_source_en if deadline else None,
                          interpretation_en=tuple(n[1] for n in notes))


def _fields(policy: CompiledPolicy, r: Mapping[str, Any], i: int, bad: Any) -> dict[str, Any]:
    """The fields a record rule may ask about, beside what the retention rules read."""
    v = policy.vocabulary.sections
    out: dict[str, Any] = {"record_class": r.get("record_class", policy.vocabulary.index.default_record_class)}
    for key, section in (("purpose", "purposes"), ("legal_basis", "legal_bases")):
        val = r.get(key)
        if val is not None and (not isinstance(val, str) or val not in v[section]):
            bad(errors.UNKNOWN_TERM, f"{str(val)[:40]!r} is not a term of {section}", "records", i, key)
        out[key] = val
    for key in ("provided_by_subject", "automated"):
        val = r.get(key)
        if val is not None and not isinstance(val, bool):
            bad(errors.SCHEMA, "must be true or false", "records", i, key)
        out[key] = val
    source = r.get("received_from")
    if source is not None:
        if not isinstance(source, str) or not source.strip() or len(source) > 200:
            bad(errors.SCHEMA, "must name who the data was received from", "records", i, "received_from")
        elif out["provided_by_subject"] is True:
            bad(errors.CONTRADICTION, "data received from someone else was not provided by the data subject", "records", i, "received_from")
        out["provided_by_subject"] = False
    return out


def _holds(policy: CompiledPolicy, rule: RecordRule, values: Mapping[str, Any], facts: Mapping[str, Any]) -> tuple[bool | None, tuple[str, ...]]:
    """Kleene: False as soon as one condition fails; None (with the fields it needs) when one is unknown."""
    missing: list[str] = []
    for key, want in rule.match:
        if key == "purpose_in_fact":
            purpose, fact = values.get("purpose"), facts.get(str(want))
            if purpose is None or fact is None:
                missing.append("purpose" if purpose is None else str(want))
            elif purpose not in fact:
                return False, ()
        elif key == "purpose_not_in_set":
            purpose = values.get("purpose")
            if purpose is None:
                missing.append("purpose")
            elif purpose in policy.vocabulary.sets.get(str(want), frozenset()):
                return False, ()
        else:
            got = values.get(key)
            if got is None:
                missing.append(key)
            elif (got not in want) if isinstance(want, frozenset) else (got is not want):
                return False, ()
    return (None, tuple(dict.fromkeys(missing))) if missing else (True, ())


def _record(policy: CompiledPolicy, right: Right, i: int, rec: Any, values: dict[str, Any], received: _dt.date,
            facts: Mapping[str, Any], grounds: bool) -> RecordOutcome:
    rc = rec.record_class
    kept = decide_retention(policy, rec, received) if any(k == "retention" for r in right.records for k, _ in r.match) else None
    values = dict(values, record_class=rc, grounds=grounds, retention=kept.outcome if kept else None)
    for rule in right.records:
        holds, missing = _holds(policy, rule, values, facts)
        if holds is False:
            continue
        nb, en, until, rule_id = rule.nb, rule.en, None, rule.rule
        if rule.with_retention and kept is not None:
            nb, en, until = f"{nb} {kept.explanation_nb}", f"{en} {kept.explanation_en}", kept.keep_until
            if kept.condition_nb:
                nb, en = f"{nb} Vilkår: {kept.condition_nb}.", f"{en} Condition: {kept.condition_en}."
            rule_id = kept.rule_id
        if holds is None:
            labels = policy.rights_config.field_labels
            # A yes/no field says which answer leads here, so that a rule matching "false" does not read inverted.
            wants = dict(rule.match)
            yes_no = [wants.get(m) for m in missing]
            if all(isinstance(w, bool) for w in yes_no):
                if_nb = "Er svaret " + " og ".join("«ja»" if w else "«nei»" for w in yes_no)
                if_en = "If the answer is " + " and ".join("yes" if w else "no" for w in yes_no)
            else:
                if_nb, if_en = "Hvis vilkåret er oppfylt", "If the condition holds"
            nb = f"Kan ikke avgjøres før dette er kjent: {', '.join(labels.get(m, (m, m))[0] for m in missing)}. {if_nb}: {rule.nb}"
            en = f"Cannot be decided until this is known: {', '.join(labels.get(m, (m, m))[1] for m in missing)}. {if_en}: {rule.en}"
            return RecordOutcome(i, rc, CONDITIONAL, nb, en, rule.rule, rule.cites, None, rule.id)
        return RecordOutcome(i, rc, rule.action, nb, en, rule_id, rule.cites, until, rule.id, rule.refusal)
    raise errors.OperationError([Problem(errors.UNKNOWN_TERM, f"no record rule of the right {right.id!r} covers this record",
                                         path=json_path(("records", i)))], "the request")
