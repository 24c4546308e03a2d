"""The compiled policy and the typed operation: immutable data, no behaviour beyond lookups."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, TypeVar

if TYPE_CHECKING:
    from .batch import BatchResult, Prepared
    from .runtime import FactProvider, Processing

_F = TypeVar("_F", bound=Callable[..., Any])
_S = TypeVar("_S")

from .expr import Ast, Cond, Scope
from .residual import Labels

EMPTY: Mapping[str, Any] = MappingProxyType({})

_evaluator: Any = None  # personvern.prepared, imported on first use (it imports this module)


def _load_evaluator() -> Any:
    global _evaluator
    from . import prepared

    _evaluator = prepared
    return prepared


@dataclass(frozen=True, slots=True)
class Recipient:
    """Someone outside Flex who receives the data."""

    kind: str
    name: str
    country: str
    dpa: bool | None = None  # a data processing agreement exists (None: not known)


@dataclass(frozen=True, slots=True)
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

    def with_facts(self, more: Mapping[str, Any]) -> Operation:
        """A copy with more facts filled in (values already normalised)."""
        merged = dict(self.facts)
        merged.update(more)
        return Operation(self.purpose, self.legal_basis, self.categories, self.subjects, self.action,
                         self.recipients, MappingProxyType(merged), self.date, self.id)


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


@dataclass(frozen=True, slots=True)
class Plan:
    """The rules that can apply to one purpose (or one recipient kind), in a fixed order."""

    forbids: tuple[Rule, ...]
    permits: tuple[Rule, ...]
    default: Rule


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


@dataclass(frozen=True, slots=True)
class FactCheck:
    """Two facts that must agree (vocabulary.yaml ``fact_checks``).

    kind "disjoint": no term in both set facts ``first`` and ``second``.
    kind "implies": ``term`` in the set fact ``first`` means the boolean fact ``second`` is true.
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
    fact_checks: tuple[FactCheck, ...] = ()

    def terms(self, section: str) -> frozenset[str]:
        return frozenset(self.sections.get(section, {}))

    def label(self, section: str, term: str, lang: str = "nb") -> str:
        d = self.sections.get(section, {}).get(term)
        return str(d[lang]) if d else term


@dataclass(frozen=True, slots=True)
class Policy:
    """A compiled, immutable rule set. Build it with :func:`personvern.load_policy`."""

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
    controller: str = "Flex AS"
    # Derived data computed on first use (prepared operations, vocabulary lookups). Never part of
    # the policy's meaning: a function of the fields above, and dropped with the policy.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # ------------------------------------------------------------------ the public API

    def operation(self, data: Mapping[str, Any] | Operation, facts: Mapping[str, Any] | None = None) -> Operation:
        """Validate an operation given as data (or add facts to a typed one)."""
        from . import errors
        from .operation import parse_facts, parse_operation

        if isinstance(data, Operation):
            if not facts:
                return data
            problems: list[Any] = []

            def bad(code: str, message: str, *path: Any) -> None:
                from .errors import Problem
                from .loader import json_path

                problems.append(Problem(code, message, path=json_path(path)))

            merged = dict(data.facts)
            merged.update(facts)
            normalised = parse_facts(self, merged, bad)
            if problems:
                raise errors.OperationError(problems, "the facts")
            return data.with_facts(normalised)
        return parse_operation(self, data, facts)

    def evaluate(self, operation: Mapping[str, Any] | Operation, *, facts: Mapping[str, Any] | None = None,
                 trace: bool = False) -> Any:
        """Decide on a proposed operation. Returns a :class:`personvern.Decision`.

        Facts that are left out are unknown: the decision is then conditional, with the
        conditions in words. Raises OperationError when the operation itself is invalid.
        """
        ev = _evaluator or _load_evaluator()
        if trace:
            op = operation if isinstance(operation, Operation) and not facts else self.operation(operation, facts)
            return ev.evaluate(self, op, trace)
        if isinstance(operation, Operation):
            return ev.evaluate_operation(self, operation if not facts else self.operation(operation, facts))
        return ev.evaluate_data(self, operation, facts)

    def explain(self, operation: Mapping[str, Any] | Operation, *, facts: Mapping[str, Any] | None = None) -> Any:
        """Like evaluate, with the full trace of every rule considered."""
        return self.evaluate(operation, facts=facts, trace=True)

    def require(self, operation: Mapping[str, Any] | Operation, *, facts: Mapping[str, Any] | None = None) -> Any:
        """Return the decision if the operation is permitted outright; else raise ProcessingDenied.

        A conditional outcome is not a permit here: at run time every fact a rule needs
        must be known (fail closed).
        """
        from .errors import ProcessingDenied

        decision = self.evaluate(operation, facts=facts)
        if not decision.permitted:
            raise ProcessingDenied(decision)
        return decision

    # ------------------------------------------------------------------ the runtime library (personvern.runtime)

    def prepare(self, operation: Mapping[str, Any] | Operation) -> Prepared:
        """Validate an operation (without facts) once; returns a :class:`personvern.Prepared`.

        ``prepared.evaluate(facts)`` decides exactly as ``evaluate(operation, facts=facts)``, faster.
        """
        from .batch import Prepared

        return Prepared(self, operation)

    def guard(self, **declaration: Any) -> Callable[[_F], _F]:
        """A decorator that decides with this policy before every call; see :func:`personvern.guard`."""
        from .runtime import _bound, _guard

        return _guard(_bound(self), declaration)

    def processing(self, **declaration: Any) -> Processing:
        """A context manager (``with`` / ``async with``) deciding with this policy; see :func:`personvern.processing`."""
        from .runtime import Processing, _bound

        return Processing(_bound(self), declaration)

    def batch(self, operation: Mapping[str, Any] | Operation, subjects: Mapping[_S, Mapping[str, Any] | None] | Iterable[_S], *,
              provider: FactProvider | None = None) -> BatchResult[_S]:
        """Decide one operation for many subjects; returns a :class:`personvern.BatchResult`."""
        from .batch import _batch
        from .runtime import _bound

        return _batch(_bound(self), operation, subjects, provider)

    def retention(self, record: Mapping[str, Any], on: _dt.date) -> Any:
        """May this stored record still be kept on ``on``, and until when?"""
        from .retention import decide_retention, parse_record

        return decide_retention(self, parse_record(self, record), on)

    def rights_request(self, request: Mapping[str, Any]) -> Any:
        """What a data subject's request obliges Flex to do, what may be kept, and by when."""
        from .rights import answer

        return answer(self, request)

    def breach(self, incident: Mapping[str, Any]) -> Any:
        """Which notification duties a personal data breach brings, and their deadlines."""
        from .breach import assess

        return assess(self, incident)

    def normative_clauses(self) -> tuple[str, ...]:
        return tuple(cid for cid, c in self.clauses.items() if c.normative)
