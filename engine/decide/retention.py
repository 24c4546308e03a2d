"""How long stored data may be kept: pure functions over the policy's retention rules.

The periods and their legal sources are data in retention.yaml; this module only does
the date arithmetic and says, for one record on one date, keep or delete, until when,
and why. A fact it needs but does not have makes the answer conditional, never "keep".
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from .. import errors
from ..core.decision import ClauseRef, nb_en
from ..errors import Problem
from ..errors import json_path
from ..core.model import CompiledPolicy, RetentionRule

KEEP = "keep"
DELETE = "delete"
CONDITIONAL = "conditional"
# The stages of a customer relationship (the vocabulary's relationship_states each name theirs): what
# the retention rules' `keep: relationship`, and periods counted from the relationship's end, read.
ONGOING, ENDED, NEVER = "ongoing", "ended", "never"

# The dates a period may be counted from (a retention rule's ``from``; the record's field of the same
# name), with the words for the answer when the record does not give the date (nb, en), and the short
# Norwegian words a timeline of the period is labelled with ("5 år fra regnskapsårets slutt").
ANCHORS: dict[str, tuple[str, str, str]] = {
    "relationship_ended_on": ("at kundeforholdet ble avsluttet", "the end of the customer relationship", "kundeforholdet avsluttes"),
    "fiscal_year_end": ("regnskapsårets slutt", "the end of the fiscal year", "regnskapsårets slutt"),
    "collected_on": ("at opplysningene ble samlet inn", "the date the data was collected", "innsamlingsdatoen"),
}


@dataclass(frozen=True, slots=True)
class RetentionRecord:
    record_class: str  # a record that names none has the vocabulary's default record class (parse_record)
    categories: frozenset[str] = frozenset()
    customer_relationship: str | None = None  # a relationship state of the vocabulary, or None (not given)
    relationship_ended_on: _dt.date | None = None
    fiscal_year_end: _dt.date | None = None
    direct_marketing_objection: bool | None = None
    collected_on: _dt.date | None = None  # when the data was collected (logs, website-visitor data)
    stage: str | None = None  # the relationship's stage (ONGOING, ENDED, NEVER; an end date alone: ENDED), None: unknown


@dataclass(frozen=True, slots=True)
class RetentionDecision:
    outcome: str  # keep | delete | conditional
    rule_id: str
    clauses: tuple[ClauseRef, ...]
    explanation_nb: str
    explanation_en: str
    keep_until: _dt.date | None = None  # last day the data may be kept (None: no fixed date)
    delete_by: _dt.date | None = None  # when it must be gone
    condition_nb: str | None = None
    condition_en: str | None = None
    source: str | None = None
    excess_categories: tuple[str, ...] = ()  # categories this record may not hold at all
    interpretation: str | None = None
    source_en: str | None = None
    interpretation_en: str | None = None

    @property
    def may_keep(self) -> bool:
        """True only when keeping is certain on the date asked."""
        return self.outcome == KEEP

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome, "rule": self.rule_id,
            "clauses": [{"id": c.id, "text": c.text} for c in self.clauses],
            "explanation": {"nb": self.explanation_nb, "en": self.explanation_en},
            "keep_until": self.keep_until.isoformat() if self.keep_until else None,
            "delete_by": self.delete_by.isoformat() if self.delete_by else None,
            "condition": {"nb": self.condition_nb, "en": self.condition_en} if self.condition_nb else None,
            "source": nb_en(self.source, self.source_en), "excess_categories": list(self.excess_categories),
            "interpretation": nb_en(self.interpretation, self.interpretation_en),
        }


def add_period(start: _dt.date, years: int = 0, months: int = 0, days: int = 0, field: str = "date") -> _dt.date:
    """``start`` plus a period, counted in calendar months.

    From the last day of a month the result is the last day of the target month (a fiscal
    year ending 30 June plus 3 years 6 months ends on 31 December); otherwise a day that
    does not exist (29 February) falls back to the month's last day.
    """
    total = start.month - 1 + months + 12 * years
    y, m = start.year + total // 12, total % 12 + 1
    try:
        last = calendar.monthrange(y, m)[1]
        month_end = start.day == calendar.monthrange(start.year, start.month)[1]
        d = last if month_end else min(start.day, last)
        return _dt.date(y, m, d) + _dt.timedelta(days=days)
    except (ValueError, OverflowError):  # past 9999-12-31: a date given far in the future
        raise errors.OperationError([Problem(errors.SCHEMA, f"{start.isoformat()} plus the period is past the last date "
                                             f"a deadline can have (9999-12-31)", path=f"$.{field}")], "the dates") from None


def parse_record(policy: CompiledPolicy, data: Any) -> RetentionRecord:
    problems: list[Problem] = []

    def bad(message: str, *path: str | int) -> None:
        problems.append(Problem(errors.SCHEMA if "unknown" not in message else errors.UNKNOWN_TERM, message, path=json_path(path)))

    if not isinstance(data, Mapping):
        raise errors.OperationError([Problem(errors.SCHEMA, "a record must be a mapping")], "the record")
    allowed = {"record_class", "data_categories", "customer_relationship", "relationship_ended_on", "fiscal_year_end", "direct_marketing_objection", "collected_on", "id", "description"}
    for k in data:
        if k not in allowed:
            bad(f"unknown field {str(k)[:40]!r}; allowed: {', '.join(sorted(allowed))}", str(k))
    v = policy.vocabulary
    rc = data.get("record_class", v.index.default_record_class)  # none named: the record class the vocabulary marks default
    if rc is None and "record_class" not in data:
        bad("'record_class' is required: the vocabulary marks no record class as the default", "record_class")
    elif not isinstance(rc, str) or rc not in v.sections.get("record_classes", {}):
        bad(f"unknown record class {str(rc)[:40]!r}; expected one of: {', '.join(sorted(v.sections.get('record_classes', {})))}", "record_class")
    cats = data.get("data_categories", [])
    if not isinstance(cats, list) or any(not isinstance(c, str) or c not in v.sections["data_categories"] for c in cats):
        bad("data_categories: unknown data category or not a list", "data_categories")
        cats = []
    rel = data.get("customer_relationship")
    if rel is not None and (not isinstance(rel, str) or rel not in v.sections.get("relationship_states", {})):
        bad(f"unknown relationship state {str(rel)[:20]!r}", "customer_relationship")
    dates: dict[str, _dt.date | None] = {}
    for key in ANCHORS:
        val = data.get(key)
        if val is None:
            dates[key] = None
        elif isinstance(val, _dt.date) and not isinstance(val, _dt.datetime):
            dates[key] = val
        else:
            try:
                if not (isinstance(val, str) and len(val) == 10):
                    raise ValueError
                dates[key] = _dt.date.fromisoformat(val)
            except ValueError:
                bad(f"must be a date written YYYY-MM-DD, not {str(val)[:30]!r}", key)
    obj = data.get("direct_marketing_objection")
    if obj is not None and not isinstance(obj, bool):
        bad("must be true or false", "direct_marketing_objection")
    stage = v.index.stage_of.get(rel) if isinstance(rel, str) else None
    if stage in (ONGOING, NEVER) and dates.get("relationship_ended_on") is not None:
        problems.append(Problem(errors.CONTRADICTION, f"the relationship is {rel} but has an end date", path="$.relationship_ended_on"))
    if problems:
        raise errors.OperationError(problems, "the record")
    if rel is None and dates.get("relationship_ended_on") is not None:
        stage = ENDED  # an end date says the relationship has ended
    assert isinstance(rc, str)  # else a problem was reported above
    return RetentionRecord(rc, frozenset(cats), rel, dates["relationship_ended_on"], dates["fiscal_year_end"], obj, dates["collected_on"],
                           stage)


def rule_for_class(policy: CompiledPolicy, record_class: str) -> RetentionRule | None:
    """The retention rule that decides a record class: the first, in the rule files' order, that names it."""
    return next((r for r in policy.retention_rules if record_class in r.record_classes), None)


def decide_retention(policy: CompiledPolicy, record: RetentionRecord, on: _dt.date) -> RetentionDecision:
    rule = rule_for_class(policy, record.record_class)
    if rule is None:
        raise errors.OperationError([Problem(errors.UNKNOWN_TERM, f"no retention rule covers the record class {record.record_class!r}", path="$.record_class")], "the record")
    refs = tuple(ClauseRef(c, policy.clauses[c].text) for c in rule.cites if c in policy.clauses)
    excess = tuple(sorted(record.categories - rule.categories)) if rule.categories is not None else ()
    base = dict(rule_id=rule.id, clauses=refs, explanation_nb=rule.explanation_nb, explanation_en=rule.explanation_en,
                source=rule.source_nb, excess_categories=excess, interpretation=rule.interpretation_nb,
                source_en=rule.source_en, interpretation_en=rule.interpretation_en)
    if rule.keep == "relationship":
        return _relationship(record, on, base)
    if rule.keep == "objection":
        if record.direct_marketing_objection is True:
            return RetentionDecision(KEEP, **base)  # type: ignore[arg-type]
        if record.direct_marketing_objection is False:
            return RetentionDecision(DELETE, delete_by=on, **base)  # type: ignore[arg-type]
        return RetentionDecision(CONDITIONAL, condition_nb="beholdes bare så lenge reservasjonen mot direktemarkedsføring gjelder",
                                 condition_en="kept only while the objection to direct marketing stands", **base)  # type: ignore[arg-type]
    return _period(rule, record, on, base)


def _relationship(record: RetentionRecord, on: _dt.date, base: dict[str, Any]) -> RetentionDecision:
    if record.stage == ONGOING:
        return RetentionDecision(KEEP, condition_nb="så lenge kundeforholdet varer", condition_en="while the customer relationship lasts", **base)
    if record.stage in (ENDED, NEVER):  # never a customer: nothing to keep it for
        return RetentionDecision(DELETE, delete_by=record.relationship_ended_on or on, **base)
    return RetentionDecision(CONDITIONAL, condition_nb="beholdes bare så lenge kundeforholdet varer; slettes når det er avsluttet",
                             condition_en="kept only while the customer relationship lasts; deleted when it ends", **base)


def _period(rule: RetentionRule, record: RetentionRecord, on: _dt.date, base: dict[str, Any]) -> RetentionDecision:
    if rule.anchor not in ANCHORS:  # the schema admits only ANCHORS; never read an unknown anchor as a date
        raise errors.OperationError([Problem(errors.UNKNOWN_TERM, f"retention rule {rule.id!r} counts from an unknown date {rule.anchor!r}")], "the record")
    anchor: _dt.date | None = getattr(record, rule.anchor)
    span_nb = period_words(rule, "nb")
    span_en = period_words(rule, "en")
    if anchor is None:
        if rule.anchor == "relationship_ended_on" and record.stage == ONGOING:
            return RetentionDecision(KEEP, condition_nb=f"mens kundeforholdet varer, og {span_nb} etter at det er avsluttet",
                                     condition_en=f"while the relationship lasts, and {span_en} after it ends", **base)
        what_nb, what_en, _ = ANCHORS[rule.anchor]
        return RetentionDecision(CONDITIONAL, condition_nb=f"kan beholdes i {span_nb} etter {what_nb}; oppgi datoen for å få en frist",
                                 condition_en=f"may be kept for {span_en} after {what_en}; give that date to get a deadline", **base)
    until = add_period(anchor, rule.years, rule.months, rule.days, str(rule.anchor))
    delete_by = add_period(until, 0, 0, 1, str(rule.anchor))  # a typed error, not an overflow, at the calendar's end
    if on <= until:
        return RetentionDecision(KEEP, keep_until=until, delete_by=delete_by, **base)
    return RetentionDecision(DELETE, keep_until=until, delete_by=delete_by, **base)


_KEEP_WORDS = {"relationship": ("så lenge kundeforholdet varer", "while the customer relationship lasts"),
               "objection": ("så lenge reservasjonen gjelder", "while the objection to direct marketing stands")}


def keep_words(rule: RetentionRule, lang: str = "nb") -> str:
    """How long a rule keeps data, in words ("5 år fra regnskapsårets slutt", "while the customer relationship lasts")."""
    if rule.keep == "period":
        anchor = str(rule.anchor)
        _, en, short_nb = ANCHORS.get(anchor, (anchor, anchor, anchor))
        return f"{period_words(rule, 'nb')} fra {short_nb}" if lang == "nb" else f"{period_words(rule, 'en')} from {en}"
    pair = _KEEP_WORDS.get(rule.keep)
    return rule.keep if pair is None else pair[0] if lang == "nb" else pair[1]


def period_words(rule: RetentionRule, lang: str) -> str:
    """A rule's period in words ("3 år og 6 måneder", "13 months")."""
    parts = []
    if rule.years:
        parts.append(f"{rule.years} år" if lang == "nb" else f"{rule.years} year{'s' if rule.years != 1 else ''}")
    if rule.months:
        parts.append(f"{rule.months} måneder" if lang == "nb" else f"{rule.months} months")
    if rule.days:
        parts.append(f"{rule.days} dager" if lang == "nb" else f"{rule.days} days")
    return (" og " if lang == "nb" else " and ").join(parts)
