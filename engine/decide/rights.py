"""Answer a data subject's request: what must be done, what may or must be kept, and by when.

Pure: the request carries the date it was received and the records Flex holds; the
deadline rule (GDPR art. 12(3)) and each right's clauses come from rights.yaml, and what
must be kept comes from the retention rules.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from .. import errors
from ..core.decision import ClauseRef
from ..errors import Problem
from ..errors import json_path
from ..core.model import CompiledPolicy
from .retention import DELETE, KEEP, add_period, decide_retention, parse_record

RESTRICTION_GROUNDS = ("accuracy_contested", "unlawful_processing", "needed_for_claims", "objection_pending")


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "right": self.right, "right_nb": self.right_nb,
            "clauses": [{"id": c.id, "text": c.text} for c in self.clauses],
            "actions": [{"nb": nb, "en": en} for nb, en in self.actions],
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "latest_deadline": self.latest_deadline.isoformat() if self.latest_deadline else None,
            "deadline_source": self.deadline_source,
            "records": [
                {"index": r.index, "record_class": r.record_class, "action": r.action, "nb": r.nb, "en": r.en,
                 "rule": r.rule_id, "clauses": list(r.clause_ids), "keep_until": r.keep_until.isoformat() if r.keep_until else None}
                for r in self.records
            ],
            "interpretation": list(self.interpretation),
        }


def answer(policy: CompiledPolicy, request: Any) -> RightsResponse:
    problems: list[Problem] = []

    def bad(code: str, message: str, *path: str | int) -> None:
        problems.append(Problem(code, message, path=json_path(path)))

    if not isinstance(request, Mapping):
        raise errors.OperationError([Problem(errors.SCHEMA, "a request must be a mapping")], "the request")
    allowed = {"right", "received_on", "records", "grounds", "id", "description"}
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
    grounds = request.get("grounds", [])
    if not isinstance(grounds, list) or any(g not in RESTRICTION_GROUNDS for g in grounds):
        bad(errors.UNKNOWN_TERM, f"'grounds' must list some of: {', '.join(RESTRICTION_GROUNDS)}", "grounds")
        grounds = []
    raw_records = request.get("records", [])
    if not isinstance(raw_records, list):
        bad(errors.SCHEMA, "'records' must be a list", "records")
        raw_records = []
    records = []
    for i, r in enumerate(raw_records):
        if not isinstance(r, Mapping):
            bad(errors.SCHEMA, "a record must be a mapping", "records", i)
            continue
        core = {k: v for k, v in r.items() if k not in ("purpose", "legal_basis", "provided_by_subject")}
        try:
            records.append((i, parse_record(policy, core), r))
        except errors.OperationError as e:
            for p in e.problems:
                problems.append(Problem(p.code, p.message, path=json_path(("records", i)) + p.path[1:]))
        if r.get("legal_basis") is not None and str(r.get("legal_basis")) not in policy.vocabulary.sections["legal_bases"]:
            bad(errors.UNKNOWN_TERM, f"{str(r.get('legal_basis'))[:40]!r} is not a legal basis", "records", i, "legal_basis")
        if r.get("purpose") is not None and str(r.get("purpose")) not in policy.vocabulary.sections["purposes"]:
            bad(errors.UNKNOWN_TERM, f"{str(r.get('purpose'))[:40]!r} is not a purpose", "records", i, "purpose")
    if problems or right is None or not isinstance(received, _dt.date):
        raise errors.OperationError(problems, "the request")

    refs = tuple(ClauseRef(c, policy.clauses[c].text) for c in right.cites if c in policy.clauses)
    deadline = latest = None
    if not right.no_deadline:
        d, x = policy.response_deadline, policy.response_extension
        deadline = add_period(received, d.years, d.months, d.days, "received_on")
        latest = add_period(deadline, x.years, x.months, x.days, "received_on")
    outcomes = tuple(_record(policy, right.id, i, rec, raw, received, grounds) for i, rec, raw in records)
    notes = tuple(n for n in (right.interpretation_nb, policy.response_deadline_note if deadline else None) if n)
    return RightsResponse(right.id, right.nb, refs, right.actions, deadline, latest,
                          "personvernforordningen art. 12 nr. 3" if deadline else None, outcomes, notes)


def _record(policy: CompiledPolicy, right: str, i: int, rec: Any, raw: Mapping[str, Any], received: _dt.date, grounds: list[str]) -> RecordOutcome:
    basis = raw.get("legal_basis")
    purpose = raw.get("purpose")
    rc = rec.record_class
    if right == "erasure":
        r = decide_retention(policy, rec, received)
        ids = tuple(c.id for c in r.clauses)
        if r.outcome == KEEP or (r.outcome != DELETE and rc != "customer_data"):
            return RecordOutcome(i, rc, "keep", f"Kan ikke slettes ennå: {r.explanation_nb} Bruken begrenses til dette formålet.",
                                 f"Cannot be erased yet: {r.explanation_en} Use is limited to that purpose.", r.rule_id,
                                 tuple(dict.fromkeys(ids + ("rettigheter.3", "rettigheter.4"))), r.keep_until)
        if r.outcome == DELETE or rec.customer_relationship == "ended":
            return RecordOutcome(i, rc, "erase", "Slettes innen fristen.", "Erase within the deadline.", r.rule_id, ids + ("rettigheter.2",))
        return RecordOutcome(i, rc, "keep", "Er streng nødvendig mens kundeforholdet varer og kan ikke fjernes før det er avsluttet.",
                             "Strictly necessary while the relationship lasts; cannot be removed before it ends.", r.rule_id,
                             ("rettigheter.3", "rettigheter.4"))
    if right == "portability":
        portable = policy.rights_by_id["portability"].portable_bases
        if basis in portable and raw.get("provided_by_subject", True):
            return RecordOutcome(i, rc, "export", "Tas med i utleveringen i maskinlesbart format.", "Included in the machine-readable export.",
                                 None, ("rettigheter.7",))
        return RecordOutcome(i, rc, "exclude", "Omfattes ikke av dataportabilitet (bare opplysninger den registrerte har gitt, behandlet på samtykke eller avtale).",
                             "Not covered by portability (only data the subject provided, processed on consent or contract).", None, ("rettigheter.7",))
    if right == "withdraw_consent":
        if basis == "consent":
            return RecordOutcome(i, rc, "stop", "Behandlingen på grunnlag av samtykket stanses.", "Processing based on the consent stops.", None, ("rettigheter.8", "rettigheter.9"))
        return RecordOutcome(i, rc, "continue", "Behandles på et annet rettslig grunnlag enn samtykke og kan fortsette.",
                             "Processed on another legal basis than consent; may continue.", None, ("rettigheter.9",))
    if right == "objection":
        if purpose == "direct_marketing":
            return RecordOutcome(i, rc, "stop", "Direktemarkedsføring stanses straks.", "Direct marketing stops at once.", "markedsforing.reservasjon", ("markedsforing.3",))
        if basis == "legitimate_interests" and purpose not in policy.vocabulary.sets.get("objection_exempt", frozenset()):
            return RecordOutcome(i, rc, "stop", "Stanses med mindre tvingende berettigede grunner går foran (må vurderes).",
                                 "Stops unless compelling legitimate grounds override (to be assessed).", "rettigheter.innsigelse", ("rettigheter.5",))
        return RecordOutcome(i, rc, "continue", "Retten til å protestere gjelder ikke denne behandlingen.", "The right to object does not cover this processing.", None, ("rettigheter.5",))
    if right == "restriction":
        if grounds:
            return RecordOutcome(i, rc, "restrict", "Behandlingen begrenses til lagring mens grunnlaget for begrensning består.",
                                 "Processing is restricted to storage while the ground for restriction lasts.", None, ("rettigheter.6",))
        return RecordOutcome(i, rc, "continue", "Ingen av vilkårene for begrensning (GDPR art. 18 nr. 1) er oppgitt.",
                             "None of the conditions for restriction (GDPR Art. 18(1)) is given.", None, ("rettigheter.6",))
    if right == "rectification":
        return RecordOutcome(i, rc, "rectify", "Rettes eller oppdateres slik den registrerte ber om.", "Correct or update as requested.", None, ("rettigheter.2",))
    return RecordOutcome(i, rc, "include", "Tas med i svaret.", "Included in the answer.", None, tuple(policy.rights_by_id[right].cites))
