"""The compiled policy and the typed operation: immutable data, no behaviour beyond lookups."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Callable, Container, Mapping

from ..lang.expr import Ast, Cond, Scope
from ..lang.residual import Labels
from .calendars import HolidayCalendar
from .factkinds import FactKind, kind_of

EMPTY: Mapping[str, Any] = MappingProxyType({})


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of a frozen slotted dataclass's fields, in field order.

    For the few classes built once per decision (Operation, Decision), whose ``__init__`` is
    written out with them: the dataclass's own sets each field through object.__setattr__,
    about twice as slow (bench/bench_diverse.py, first sight).
    """
    return tuple(getattr(cls, f.name).__set__ for f in fields(cls))


@dataclass(frozen=True, slots=True)
class Recipient:
    """Someone outside Flex who receives the data."""

    kind: str
    name: str
    country: str
    dpa: bool | None = None  # a data processing agreement exists (None: not known)


@dataclass(frozen=True, slots=True, init=False)
class Operation:
    """A proposed processing of personal data, with what is known about the world.

    ``facts`` maps a fact name from the vocabulary to its value; a fact that is absent
    is unknown, and the engine answers with the conditions it would need.
    """

    purpose: str
    legal_basis: str
    categories: frozenset[str]
    subjects: frozenset[str]
    action: str = "use"
    recipients: tuple[Recipient, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    date: _dt.date | None = None
    id: str | None = None

    def __init__(self, purpose: str, legal_basis: str, categories: frozenset[str], subjects: frozenset[str],
                 action: str = "use", recipients: tuple[Recipient, ...] = (), facts: Mapping[str, Any] = EMPTY,
                 date: _dt.date | None = None, id: str | None = None) -> None:
        # The dataclass's __init__, written out (see slot_setters): one is built per decision.
        _op_set[0](self, purpose)
        _op_set[1](self, legal_basis)
        _op_set[2](self, categories)
        _op_set[3](self, subjects)
        _op_set[4](self, action)
        _op_set[5](self, recipients)
        _op_set[6](self, facts)
        _op_set[7](self, date)
        _op_set[8](self, id)

    def with_facts(self, more: Mapping[str, Any]) -> Operation:
        """A copy with more facts filled in (values already normalised)."""
        merged = dict(self.facts)
        merged.update(more)
        return Operation(self.purpose, self.legal_basis, self.categories, self.subjects, self.action,
                         self.recipients, MappingProxyType(merged), self.date, self.id)


_op_set = slot_setters(Operation)


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    section: str
    kind: str
    text: str
    normative: bool
    reason: str | None = None  # why a clause carries no obligation
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    nb: str
    en: str


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule is written: file, line, column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    effect: str  # "permit" | "forbid"
    level: str  # "processing" | "recipient"
    cites: tuple[str, ...]
    title_nb: str
    title_en: str
    explanation_nb: str
    explanation_en: str
    default: bool = False
    purposes: frozenset[str] | None = None
    recipient_kinds: frozenset[str] | None = None
    actions: frozenset[str] | None = None
    legal_bases: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    when: str | None = None
    ast: Ast | None = None
    cond: Cond | None = field(default=None, compare=False)
    obligations: tuple[Obligation, ...] = ()
    interpretation_nb: str | None = None
    interpretation_en: str | None = None
    source: Source | None = None
    refines: str | None = None  # a rule of the same effect and level this one is a special case of, on purpose


@dataclass(frozen=True, slots=True)
class Plan:
    """The rules that can apply to one purpose (or one recipient kind), in a fixed order."""

    forbids: tuple[Rule, ...]
    permits: tuple[Rule, ...]
    default: Rule
    # The forbid rules whose action matches, per action, built once with the plan (never later):
    # (rules, the same as (rule, None) pairs for the processing level). An action no forbid rule
    # names: any_action (the rules that name no action).
    by_action: Mapping[str, tuple[tuple[Rule, ...], tuple[tuple[Rule, None], ...]]] = field(init=False, compare=False, repr=False)
    any_action: tuple[tuple[Rule, ...], tuple[tuple[Rule, None], ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        def entry(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], tuple[tuple[Rule, None], ...]]:
            return rules, tuple((r, None) for r in rules)

        named = {a for r in self.forbids if r.actions is not None for a in r.actions}
        object.__setattr__(self, "by_action", {a: entry(tuple(r for r in self.forbids if r.actions is None or a in r.actions))
                                               for a in named})
        object.__setattr__(self, "any_action", entry(tuple(r for r in self.forbids if r.actions is None)))


@dataclass(frozen=True, slots=True)
class RetentionRule:
    id: str
    record_classes: frozenset[str]
    keep: str  # "relationship" | "period" | "objection"
    cites: tuple[str, ...]
    explanation_nb: str
    explanation_en: str
    years: int = 0
    months: int = 0
    days: int = 0
    anchor: str | None = None  # "fiscal_year_end" | "relationship_ended_on"
    source_nb: str | None = None
    source_en: str | None = None
    categories: frozenset[str] | None = None
    interpretation_nb: str | None = None
    interpretation_en: str | None = None


@dataclass(frozen=True, slots=True)
class Right:
    id: str
    nb: str
    en: str
    cites: tuple[str, ...]
    actions: tuple[tuple[str, str], ...]
    portable_bases: frozenset[str] = frozenset()
    formats: tuple[str, ...] = ()
    no_deadline: bool = False
    interpretation_nb: str | None = None
    records: tuple[RecordRule, ...] = ()  # how the right treats each stored record; the first that holds decides
    grounds: frozenset[str] = frozenset()  # the grounds a request may give (restriction)
    interpretation_en: str | None = None


# A condition of a RecordRule: a record field and the values it must have (terms, or true/false),
# or the name of the set fact / vocabulary set its purpose must (not) be in.
RecordMatch = tuple[str, frozenset[str] | bool | str]


@dataclass(frozen=True, slots=True)
class RecordRule:
    """One way a right treats a stored record (rights.yaml ``records``)."""

    id: str
    action: str
    nb: str
    en: str
    cites: tuple[str, ...]
    match: tuple[RecordMatch, ...] = ()
    refusal: bool = False  # Flex does not do what was asked: GDPR art. 12(4) applies
    with_retention: bool = False  # the retention rules say until when, and why
    rule: str | None = None  # the processing rule that says the same
    source_nb: str | None = None


@dataclass(frozen=True, slots=True)
class RightsConfig:
    """What rights.yaml says beside the rights: how deadlines are counted, refusals, Flex as processor."""

    deadline_source_nb: str | None = None
    holidays: HolidayCalendar | None = None  # None: a deadline is not moved off weekends and holidays
    holidays_nb: str | None = None
    extension_notice: tuple[str, str] | None = None
    refusal_notice: tuple[str, str] | None = None
    refusal_cites: tuple[str, ...] = ()
    field_labels: Mapping[str, tuple[str, str]] = field(default_factory=lambda: EMPTY)
    processor_fact: str | None = None
    processor_cites: tuple[str, ...] = ()
    processor_actions: tuple[tuple[str, str], ...] = ()
    processor_record: tuple[str, str] | None = None
    processor_unknown: tuple[str, str] | None = None
    processor_note_nb: str | None = None
    processor_note_en: str | None = None
    deadline_source_en: str | None = None
    deadline_note_en: str | None = None  # the English of the policy's response_deadline_note


@dataclass(frozen=True, slots=True)
class Deadline:
    years: int = 0
    months: int = 0
    days: int = 0


@dataclass(frozen=True, slots=True)
class BreachDuty:
    id: str
    applies_when: str
    nb: str
    en: str
    source_nb: str
    deadline_hours: int | None = None
    processor: bool | None = None  # True: Flex's duty as processor; False: as controller; None: both
    lifted_by: frozenset[str] = frozenset()  # exemptions (breach.yaml) that lift the duty
    only_with: frozenset[str] = frozenset()  # the duty applies only under one of these exemptions
    when_late: bool = False  # applies only to a notification made after the deadline duty's deadline
    source_en: str | None = None


@dataclass(frozen=True, slots=True)
class BreachConfig:
    """What breach.yaml says beside the duties: the exemptions, and which fact says Flex is processor."""

    exemptions: Mapping[str, tuple[str, str, str]] = field(default_factory=lambda: EMPTY)  # id -> nb, en, source
    processor_fact: str | None = None
    processor_note_nb: str | None = None
    processor_note_en: str | None = None
    note_en: str | None = None  # the English of the policy's breach_note


# A fact's entry as the fast checks test it: the exact type of its normal value, the terms it
# (or each member) must be one of (None: no such limit), whether it is a set, and its kind.
FactSpec = tuple[type, "Container[str] | None", bool, FactKind]


class FactTable(dict[str, FactSpec]):
    """The policy's facts by name (see FactSpec), with the cross-fact rules they obey."""

    __slots__ = ("checks",)

    def __init__(self, checks: tuple[FactCheck, ...]) -> None:
        super().__init__()
        self.checks = checks


class VocabularyIndex:
    """The vocabulary as frozensets and a fact table, built once with the vocabulary (never later)."""

    __slots__ = ("purposes", "bases", "actions", "categories", "subjects", "kinds", "facts", "default_action",
                 "recipient_actions", "default_record_class", "stage_of", "plain_actions")

    def __init__(self, sections: Mapping[str, Mapping[str, Any]], facts: Mapping[str, Mapping[str, Any]],
                 checks: tuple[FactCheck, ...] = ()) -> None:
        s = sections
        self.purposes = frozenset(s.get("purposes", ()))
        self.bases = frozenset(s.get("legal_bases", ()))
        self.actions = frozenset(s.get("actions", ()))
        self.categories = frozenset(s.get("data_categories", ()))
        self.subjects = frozenset(s.get("data_subjects", ()))
        self.kinds = frozenset(s.get("recipient_kinds", ()))
        # the vocabulary's own words for what the engine must know of a term (none is spelled in engine code)
        self.default_action = _marked(s, "actions", "default")  # an operation that names no action (None: it must name one)
        self.recipient_actions = frozenset(t for t, d in s.get("actions", {}).items() if d.get("needs_recipient"))
        self.plain_actions = self.actions - self.recipient_actions  # an operation with one of these is never refused for its action
        self.default_record_class = _marked(s, "record_classes", "default")  # a record that names none (None: it must)
        # relationship state -> its stage for retention: "ongoing", "ended" or "never" (never a customer)
        self.stage_of: Mapping[str, str] = MappingProxyType({t: d["stage"] for t, d in s.get("relationship_states", {}).items()
                                                             if d.get("stage")})
        table = FactTable(checks)
        for name, d in facts.items():
            kind = kind_of(d)
            table[name] = (kind.normal, kind.members(d.get("of"), s), kind.many, kind)
        self.facts = table  # never changed after this


def _marked(sections: Mapping[str, Mapping[str, Any]], section: str, flag: str) -> str | None:
    """The one term of ``section`` marked ``flag: true`` (the compiler refuses two), or None."""
    return next((t for t, d in sections.get(section, {}).items() if d.get(flag)), None)


@dataclass(frozen=True, slots=True)
class FactCheck:
    """Two facts that must agree (vocabulary.yaml ``fact_checks``).

    kind "disjoint": no term in both set facts ``first`` and ``second``.
    kind "implies": ``term`` in the set fact ``first`` (or, with no term, the boolean fact ``first``
    being true) means the boolean fact ``second`` is true.
    """

    kind: str
    first: str
    second: str
    term: str | None
    nb: str
    en: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    sections: Mapping[str, Mapping[str, Mapping[str, Any]]]  # section -> term -> definition
    facts: Mapping[str, Mapping[str, Any]]
    sets: Mapping[str, frozenset[str]]
    obligations: Mapping[str, Obligation]
    set_of: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # named set -> the section its members come from
    fact_checks: tuple[FactCheck, ...] = ()  # cross-fact rules every set of facts obeys (vocabulary fact_checks)
    index: VocabularyIndex = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", VocabularyIndex(self.sections, self.facts, self.fact_checks))

    def terms(self, section: str) -> frozenset[str]:
        return frozenset(self.sections.get(section, {}))

    def label(self, section: str, term: str, lang: str = "nb") -> str:
        d = self.sections.get(section, {}).get(term)
        return str(d[lang]) if d else term


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """A compiled, immutable rule set: data only. :class:`personvern.Policy` adds the API."""

    id: str
    version: str
    title_nb: str
    statement_date: str | None
    content_hash: str
    root: str
    clauses: Mapping[str, Clause]
    vocabulary: Vocabulary
    rules: Mapping[str, Rule]
    by_purpose: Mapping[str, Plan]
    by_recipient_kind: Mapping[str, Plan]
    retention_rules: tuple[RetentionRule, ...]
    rights_by_id: Mapping[str, Right]
    response_deadline: Deadline
    response_extension: Deadline
    response_deadline_note: str | None
    breach_duties: tuple[BreachDuty, ...]
    breach_cites: tuple[str, ...]
    breach_note: str | None
    scope_processing: Scope = field(compare=False)
    scope_recipient: Scope = field(compare=False)
    labels: Labels = field(compare=False)
    reasons: Mapping[str, Any] = field(default_factory=lambda: EMPTY, compare=False)  # rule id -> prebuilt decision.Reason
    controller: str = ""  # policy.yaml's controller (name): whom the statement names as controller
    rights_config: RightsConfig = field(default_factory=RightsConfig)
    breach_config: BreachConfig = field(default_factory=BreachConfig)
    controller_short: str = ""  # the controller's name in running text (policy.yaml short_name, else name)

    def controller_words(self, lang: str = "nb") -> str:
        """The controller as running text names it ("Flex"), or the role when the policy names none."""
        return self.controller_short or self.controller or ("den behandlingsansvarlige" if lang == "nb" else "the controller")

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.id} version {self.version} sha256:{self.content_hash[:12]} "
                f"{len(self.rules)} rules, {len(self.clauses)} clauses from {self.root!r}>")

    def normative_clauses(self) -> tuple[str, ...]:
        return tuple(cid for cid, c in self.clauses.items() if c.normative)
