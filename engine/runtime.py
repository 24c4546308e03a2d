"""The runtime library: a check right before every processing of personal data.

    import personvern

    policy = personvern.load_policy()
    personvern.register_fact_provider(lambda req: customers.facts(req.subject, req.needed))

    @policy.guard(purpose="direct_marketing", legal_basis="legitimate_interests",
                  data_categories=["name", "email"], data_subjects=["customer"], action="contact",
                  subject="customer_id")
    def send_newsletter(customer_id: str) -> None: ...

    with policy.processing(purpose="security", legal_basis="legitimate_interests",
                           data_categories=["ip_address"], data_subjects=["website_visitor"]) as decision:
        ...

The declaration keywords (purpose, legal_basis, data_categories, data_subjects, action,
recipients, name) are a contract: the pre-commit check reads the same decorators from
source. Each check decides before the wrapped code runs and raises ProcessingDenied,
carrying the decision with its reasons, unless the outcome is an unconditional permit.
Facts come from the registered fact provider; a fact it cannot give stays unknown, the
outcome is then conditional, and a conditional outcome is a refusal here (fail closed).
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Generic, Iterable, Mapping, Protocol, TypeVar, Union, cast

from . import errors
from .decision import DENY, PERMIT, Decision, RuleFailure
from .errors import OperationError, PersonvernError, ProcessingDenied, Problem
from .evaluator import Template, operation_key, template
from .model import EMPTY, Operation, Policy, Recipient
from .operation import fast_facts, fast_static, lookup, normal_facts, parse_facts, parse_operation

FACT_PROVIDER_ERROR = "fact_provider_error"  # the fact provider failed or gave invalid facts

F = TypeVar("F", bound=Callable[..., Any])
S = TypeVar("S")

FactMapping = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class FactRequest:
    """What a fact provider is asked: the facts ``needed`` for ``operation`` about ``subject``."""

    operation: Operation  # the declared processing (no facts, no personal data)
    subject: Any  # who the processing is about, as the caller identified them (None: not given)
    needed: tuple[str, ...]  # the facts the rules for this processing may read
    name: str | None = None  # the guarded processing's name


class FactProvider(Protocol):
    """Gives the runtime facts about a data subject; a fact left out is unknown (never a permit).

    May be a plain function. It may return an awaitable in async code (guards on async
    functions and ``async with`` await it).
    """

    def __call__(self, request: FactRequest, /) -> FactMapping | Awaitable[FactMapping]: ...


class AuditSink(Protocol):
    """Where decisions are recorded (see :class:`personvern.DecisionLog`)."""

    def record(self, decision: Decision, operation: Operation | None) -> bool: ...


class _Defaults:
    provider: FactProvider | None = None
    log: AuditSink | None = None


_defaults = _Defaults()


def register_fact_provider(provider: FactProvider | None) -> None:
    """Register the process-wide fact provider (None removes it)."""
    _defaults.provider = provider


def set_decision_log(log: AuditSink | str | os.PathLike[str] | None) -> None:
    """Record every runtime decision in ``log`` (a DecisionLog or a path); None turns it off (the default)."""
    if isinstance(log, (str, os.PathLike)):
        from .audit import DecisionLog

        log = DecisionLog(log)
    _defaults.log = log


# ---------------------------------------------------------------------------- policy holders


class PolicyStore:
    """Holds the current Policy and swaps in a reloaded one atomically.

    Readers take ``store.policy`` once per decision, so every decision comes from exactly
    one complete policy (its ``policy_hash`` says which). A failed reload keeps the old
    policy, sets ``last_error`` and calls ``on_error``; nothing half-loaded is ever served.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, policy: Policy | None = None,
                 fact_provider: FactProvider | None = None, decision_log: AuditSink | None = None,
                 use_cache: bool = True, on_error: Callable[[Exception], None] | None = None) -> None:
        from .api import load_policy

        self.path = path
        self.use_cache = use_cache
        self.fact_provider = fact_provider
        self.decision_log = decision_log
        self.on_error = on_error
        self.last_error: Exception | None = None
        self.reloads = 0
        self._lock = threading.Lock()
        self._policy: Policy = policy if policy is not None else load_policy(path, use_cache=use_cache)

    @property
    def policy(self) -> Policy:
        """The current policy (immutable)."""
        return self._policy

    def reload(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Load the rule set again (from ``path`` if given) and swap it in. False if it failed."""
        from .api import load_policy

        with self._lock:
            target = path if path is not None else self.path
            try:
                fresh = load_policy(target, use_cache=self.use_cache)
            except Exception as e:  # noqa: BLE001 - any failure keeps the old policy
                self.last_error = e
                if self.on_error is not None:
                    self.on_error(e)
                return False
            self.path = target
            self._policy = fresh  # one reference assignment: atomic for every reader
            self.last_error = None
            self.reloads += 1
            return True

    def _current(self) -> tuple[Policy, FactProvider | None, AuditSink | None]:
        return self._policy, self.fact_provider or _defaults.provider, self.decision_log or _defaults.log

    def evaluate(self, operation: Mapping[str, Any] | Operation, *, facts: FactMapping | None = None) -> Decision:
        """Decide with the current policy (recorded in the decision log when one is set)."""
        policy, _, log = self._current()
        d: Decision = policy.evaluate(operation, facts=facts)
        if log is not None:
            log.record(d, operation if isinstance(operation, Operation) else policy.operation(operation, facts))
        return d

    def require(self, operation: Mapping[str, Any] | Operation, *, facts: FactMapping | None = None) -> Decision:
        """Like evaluate; raises ProcessingDenied unless permitted outright."""
        d = self.evaluate(operation, facts=facts)
        if d.outcome != PERMIT:
            raise ProcessingDenied(d)
        return d

    def guard(self, **declaration: Any) -> Callable[[F], F]:
        """A decorator deciding with this store's current policy on every call (see :func:`guard`)."""
        return _guard(self._current, declaration)

    def processing(self, **declaration: Any) -> Processing:
        """A context manager deciding with this store's current policy (see :func:`processing`)."""
        return Processing(self._current, declaration)

    def batch(self, operation: Mapping[str, Any] | Operation, subjects: Mapping[S, FactMapping | None] | Iterable[S], *,
              provider: FactProvider | None = None) -> BatchResult[S]:
        """Decide one operation for many subjects (see :func:`batch`)."""
        return _batch(self._current, operation, subjects, provider)


_store: PolicyStore | None = None
_store_lock = threading.Lock()


def default_store() -> PolicyStore:
    """The process-wide store behind ``personvern.guard`` and friends (the bundled policy unless configured)."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = PolicyStore()
    return _store


def configure(rules: str | os.PathLike[str] | None = None, *, fact_provider: FactProvider | None = None,
              decision_log: AuditSink | str | os.PathLike[str] | None = None, use_cache: bool = True) -> PolicyStore:
    """Set up the process-wide store: which rules, which fact provider, which decision log."""
    global _store
    store = PolicyStore(rules, use_cache=use_cache)
    with _store_lock:
        _store = store
    register_fact_provider(fact_provider)
    set_decision_log(decision_log)
    return store


# ---------------------------------------------------------------------------- declarations

_KEYS = ("purpose", "legal_basis", "data_categories", "data_subjects", "action", "recipients")
Source = Callable[[], tuple[Policy, Union[FactProvider, None], Union[AuditSink, None]]]


def _bound(policy: Policy) -> Source:
    return lambda: (policy, _defaults.provider, _defaults.log)


class _Check:
    """One declared processing: its template per policy, its facts, and the decision."""

    def __init__(self, source: Source, declaration: Mapping[str, Any]) -> None:
        unknown = set(declaration) - set(_KEYS) - {"name", "subject", "facts"}
        if unknown:
            raise TypeError(f"unknown keyword(s) for a processing declaration: {', '.join(sorted(unknown))}")
        self.source = source
        self.name: str | None = declaration.get("name")
        self.subject = declaration.get("subject")
        self.facts: FactMapping | None = declaration.get("facts")
        data: dict[str, Any] = {k: declaration[k] for k in _KEYS if declaration.get(k) is not None}
        if "recipients" in data:
            data["recipients"] = [_recipient(r) for r in data["recipients"]]
        for key in ("data_categories", "data_subjects"):
            if isinstance(data.get(key), (tuple, set, frozenset)):
                data[key] = sorted(data[key])
        self.data = data
        self._cached: tuple[Policy, Template] | None = None
        self.template(source()[0])  # an invalid declaration fails here, where it is written

    def template(self, policy: Policy) -> Template:
        cached = self._cached
        if cached is not None and cached[0] is policy:
            return cached[1]
        key = fast_static(policy, self.data)
        if key is None:
            key = operation_key(parse_operation(policy, self.data))  # raises OperationError with every problem
        name = self.name
        t = template(policy, ("check", key, name), lambda: _named(policy, self.data, name))
        self._cached = (policy, t)
        return t

    def prepare(self, subject: Any) -> tuple[Policy, Template | Decision, FactProvider | None, AuditSink | None]:
        policy, provider, log = self.source()
        try:
            return policy, self.template(policy), provider, log
        except OperationError as e:  # a reloaded policy no longer knows the declared terms
            return policy, _refusal(policy, self.name, [(p.code, p.message) for p in e.problems]), provider, log

    def request(self, t: Template, subject: Any) -> FactRequest:
        return FactRequest(t.op, subject, t.needed, self.name)

    def finish(self, policy: Policy, t: Template, given: Any, log: AuditSink | None) -> Decision:
        facts = dict(given) if given else {}
        if self.facts:
            facts.update(self.facts)
        d = _decide(policy, t, facts, self.name)
        if log is not None:
            log.record(d, t.op)
        return d

    def decide(self, subject: Any) -> Decision:
        policy, t, provider, log = self.prepare(subject)
        if isinstance(t, Decision):
            return _logged(t, None, log)
        given: Any = None
        if provider is not None and t.dynamic:
            try:
                given = provider(self.request(t, subject))
            except Exception as e:  # noqa: BLE001 - a provider that fails gives no facts: refuse
                return _logged(_refusal(policy, self.name, [(FACT_PROVIDER_ERROR, f"{type(e).__name__}: {e}")]), t, log)
            if inspect.isawaitable(given):
                if inspect.iscoroutine(given):
                    given.close()
                return _logged(_refusal(policy, self.name, [(FACT_PROVIDER_ERROR, "the fact provider is async; use it from async code")]), t, log)
        return self.finish(policy, t, given, log)

    async def adecide(self, subject: Any) -> Decision:
        policy, t, provider, log = self.prepare(subject)
        if isinstance(t, Decision):
            return _logged(t, None, log)
        given: Any = None
        if provider is not None and t.dynamic:
            try:
                given = provider(self.request(t, subject))
                if inspect.isawaitable(given):
                    given = await given
            except Exception as e:  # noqa: BLE001
                return _logged(_refusal(policy, self.name, [(FACT_PROVIDER_ERROR, f"{type(e).__name__}: {e}")]), t, log)
        return self.finish(policy, t, given, log)


def _recipient(r: Any) -> Any:
    if isinstance(r, Recipient):
        out = {"kind": r.kind, "name": r.name, "country": r.country}
        return out if r.dpa is None else {**out, "dpa": r.dpa}
    return dict(r) if isinstance(r, Mapping) else r


def _named(policy: Policy, data: Mapping[str, Any], name: str | None) -> Operation:
    op = parse_operation(policy, data)
    return Operation(op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients, op.facts, op.date, name)


def _decide(policy: Policy, t: Template, facts: FactMapping, name: str | None) -> Decision:
    normal = fast_facts(policy, facts)
    if normal is None:
        problems: list[Problem] = []
        parse_facts(policy, facts, lambda code, message, *path: problems.append(Problem(code, message)))
        if problems:
            return _refusal(policy, name, [(FACT_PROVIDER_ERROR, f"{p.code}: {p.message}") for p in problems])
        normal = dict(parse_facts(policy, facts, lambda *a: None))
    return t.decide(normal)


def _refusal(policy: Policy, name: str | None, failures: list[tuple[str, str]]) -> Decision:
    return Decision(DENY, (), (), (), tuple(RuleFailure("facts", code, msg) for code, msg in failures),
                    policy.id, policy.version, policy.content_hash, name)


def _logged(d: Decision, t: Template | None, log: AuditSink | None) -> Decision:
    if log is not None:
        log.record(d, t.op if t is not None else None)
    return d


def _subject_getter(subject: Any, fn: Callable[..., Any]) -> Callable[[tuple[Any, ...], dict[str, Any]], Any]:
    if subject is None:
        return lambda args, kwargs: None
    if callable(subject):
        return lambda args, kwargs: subject(*args, **kwargs)
    if not isinstance(subject, str):
        raise TypeError("a guard's subject= is the name of the function's parameter, or a callable given its arguments")
    params = list(inspect.signature(fn).parameters.values())
    names = [p.name for p in params]
    if subject not in names:
        raise TypeError(f"{fn.__qualname__} has no parameter {subject!r}")
    pos = names.index(subject)
    param = params[pos]
    default = None if param.default is inspect.Parameter.empty else param.default
    positional = param.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)

    def get(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if subject in kwargs:
            return kwargs[subject]
        if positional and pos < len(args):
            return args[pos]
        return default

    return get


def _guard(source: Source, declaration: Mapping[str, Any]) -> Callable[[F], F]:
    unknown = set(declaration) - set(_KEYS) - {"name", "subject", "facts"}
    if unknown:
        raise TypeError(f"unknown keyword(s) for a processing declaration: {', '.join(sorted(unknown))}")

    def decorate(fn: F) -> F:
        check = _Check(source, {**declaration, "name": declaration.get("name") or getattr(fn, "__qualname__", None)})
        get_subject = _subject_getter(check.subject, fn)
        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def async_guarded(*args: Any, **kwargs: Any) -> Any:
                d = await check.adecide(get_subject(args, kwargs))
                if d.outcome != PERMIT:
                    raise ProcessingDenied(d)
                return await fn(*args, **kwargs)

            wrapped: Any = async_guarded
        else:
            @functools.wraps(fn)
            def guarded(*args: Any, **kwargs: Any) -> Any:
                d = check.decide(get_subject(args, kwargs))
                if d.outcome != PERMIT:
                    raise ProcessingDenied(d)
                return fn(*args, **kwargs)

            wrapped = guarded
        wrapped.__personvern__ = dict(declaration)  # the declaration, for tools and tests
        return cast(F, wrapped)

    return decorate


class Processing:
    """A context manager (sync or async) that decides when entered and gives the Decision.

    Raises ProcessingDenied on entry unless the outcome is an unconditional permit.
    ``subject=`` here is the data subject's id itself.
    """

    def __init__(self, source: Source, declaration: Mapping[str, Any]) -> None:
        self._check = _Check(source, declaration)
        self.decision: Decision | None = None

    def __enter__(self) -> Decision:
        d = self.decision = self._check.decide(self._check.subject)
        if d.outcome != PERMIT:
            raise ProcessingDenied(d)
        return d

    def __exit__(self, *exc: object) -> None:
        return None

    async def __aenter__(self) -> Decision:
        d = self.decision = await self._check.adecide(self._check.subject)
        if d.outcome != PERMIT:
            raise ProcessingDenied(d)
        return d

    async def __aexit__(self, *exc: object) -> None:
        return None


def guard(**declaration: Any) -> Callable[[F], F]:
    """Decorate a function (sync or async) that processes personal data.

    Keywords: purpose, legal_basis, data_categories, data_subjects, action, recipients, name
    (the declaration), plus subject= (the wrapped function's parameter that holds the data
    subject's id, or a callable given the call's arguments) and facts= (fixed facts). Uses
    the process-wide store (:func:`configure`); ``policy.guard`` binds one policy instead.
    """
    return _guard(lambda: default_store()._current(), declaration)


def processing(**declaration: Any) -> Processing:
    """``with personvern.processing(purpose=..., ..., subject=customer_id) as decision:``"""
    return Processing(lambda: default_store()._current(), declaration)


# ---------------------------------------------------------------------------- prepared operations


class Prepared:
    """An operation validated once and bound to one policy, decided on facts alone.

    ``prepared.evaluate(facts)`` gives the same Decision as ``policy.evaluate(operation,
    facts=facts)``, without validating and looking up the operation again. The fastest path.
    """

    __slots__ = ("policy", "_template")

    def __init__(self, policy: Policy, operation: Mapping[str, Any] | Operation) -> None:
        op = operation if isinstance(operation, Operation) else parse_operation(policy, operation)
        if op.facts:
            raise TypeError("prepare the operation without facts; give them to evaluate()")
        self.policy = policy
        key = operation_key(op)
        # Shared with equal operations prepared before, so their assembled decisions are too.
        self._template = Template(policy, op) if key is None else template(policy, ("check", key, op.id), lambda: op)

    @property
    def operation(self) -> Operation:
        return self._template.op

    @property
    def needed(self) -> tuple[str, ...]:
        """The facts a decision may depend on (empty: every decision is the same)."""
        return self._template.needed

    def evaluate(self, facts: FactMapping | None = None) -> Decision:
        """Decide with these facts. Raises OperationError for invalid facts, like policy.evaluate."""
        if not facts:
            return self._template.decide({})
        normal = fast_facts(self.policy, facts)
        if normal is None:
            problems: list[Problem] = []
            from .loader import json_path

            found = parse_facts(self.policy, facts, lambda code, message, *path: problems.append(Problem(code, message, path=json_path(path))))
            if problems:
                raise OperationError(problems, "the facts")
            normal = dict(found)
        return self._template.decide(normal)

    def require(self, facts: FactMapping | None = None) -> Decision:
        """The decision if permitted outright; else raise ProcessingDenied."""
        d = self.evaluate(facts)
        if d.outcome != PERMIT:
            raise ProcessingDenied(d)
        return d


# ---------------------------------------------------------------------------- batch


@dataclass(frozen=True, slots=True)
class BatchResult(Generic[S]):
    """Who may be processed, and who not and why (conditional outcomes are refusals here)."""

    permitted: list[tuple[S, Decision]]
    refused: list[tuple[S, Decision]]

    @property
    def permitted_subjects(self) -> list[S]:
        return [s for s, _ in self.permitted]

    def __len__(self) -> int:
        return len(self.permitted) + len(self.refused)


def batch(operation: Mapping[str, Any] | Operation, subjects: Mapping[S, FactMapping | None] | Iterable[S], *,
          provider: FactProvider | None = None) -> BatchResult[S]:
    """Decide one operation for many subjects with the process-wide store.

    ``subjects`` maps each subject to its facts, or lists subjects whose facts the fact
    provider gives (one call per subject). Invalid facts refuse that subject only.
    """
    return _batch(lambda: default_store()._current(), operation, subjects, provider)


def _batch(source: Source, operation: Mapping[str, Any] | Operation, subjects: Mapping[S, FactMapping | None] | Iterable[S],
           provider: FactProvider | None) -> BatchResult[S]:
    policy, default_provider, log = source()
    op = operation if isinstance(operation, Operation) else parse_operation(policy, operation)
    key = operation_key(op)
    if key is None:
        raise OperationError([Problem(errors.SCHEMA, "'dpa' must be true or false", path="$.recipients")], "the operation")
    t = template(policy, ("check", key, op.id), lambda: Operation(op.purpose, op.legal_basis, op.categories, op.subjects,
                                                                  op.action, op.recipients, EMPTY, op.date, op.id))
    base = dict(op.facts)
    permitted: list[tuple[S, Decision]] = []
    refused: list[tuple[S, Decision]] = []
    ok, no = permitted.append, refused.append
    # The loop below is Template.decide unrolled: the dynamic rules' results, then the
    # decision kept for them (or assembled by the evaluator the first time).
    decide, vector, outcomes, known = t.decide, t.vector, t.outcomes, lookup(policy).facts
    if isinstance(subjects, Mapping):
        pairs: Iterable[tuple[S, Any]] = subjects.items()
    else:
        source_of_facts = provider or default_provider
        pairs = ((s, _provided(source_of_facts, t, s, policy)) for s in subjects)
    for subject, facts in pairs:
        if facts.__class__ is Decision:
            d = facts
        else:
            if base:
                facts = {**base, **facts} if facts else base
            normal = normal_facts(known, facts) if facts else {}
            if normal is None:
                d = _decide(policy, t, facts, op.id)
            else:
                try:
                    found = outcomes.get(vector(normal))
                except Exception:  # noqa: BLE001 - decide() reports it as a refusal
                    found = None
                d = found if found is not None else decide(normal)
        if log is not None:
            log.record(d, t.op)
        if d.outcome == PERMIT:
            ok((subject, d))
        else:
            no((subject, d))
    return BatchResult(permitted, refused)


def _provided(provider: FactProvider | None, t: Template, subject: Any, policy: Policy) -> Any:
    if provider is None or not t.dynamic:
        return None
    try:
        got = provider(FactRequest(t.op, subject, t.needed, t.op.id))
    except Exception as e:  # noqa: BLE001
        return _refusal(policy, t.op.id, [(FACT_PROVIDER_ERROR, f"{type(e).__name__}: {e}")])
    if inspect.isawaitable(got):
        if inspect.iscoroutine(got):
            got.close()
        return _refusal(policy, t.op.id, [(FACT_PROVIDER_ERROR, "an async fact provider cannot serve a batch")])
    return got


__all__ = [
    "AuditSink", "BatchResult", "FACT_PROVIDER_ERROR", "FactProvider", "FactRequest", "PolicyStore", "Prepared", "Processing",
    "batch", "configure", "default_store", "guard", "processing", "register_fact_provider", "set_decision_log",
]

_ = PersonvernError  # re-exported names stay importable from here
