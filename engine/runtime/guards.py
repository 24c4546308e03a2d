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

PolicyStore and the module-level personvern.guard / processing / batch are in store.py;
Prepared and the batch in batch.py.

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
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping, Protocol, TypeVar, Union, cast

from ..core.decision import DENY, PERMIT, Decision, RuleFailure
from .. import errors as _errors
from ..core.decision import ProcessingDenied
from ..errors import OperationError, Problem
from ..core.fastcheck import fast_facts, fast_static
from ..core.model import Operation, CompiledPolicy, Recipient
from ..core.operation import parse_facts, parse_operation
from ..decide.prepared import Template

FACT_PROVIDER_ERROR = _errors.FACT_PROVIDER_ERROR

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


# ---------------------------------------------------------------------------- declarations

_KEYS = ("purpose", "legal_basis", "data_categories", "data_subjects", "action", "recipients")
Source = Callable[[], tuple[CompiledPolicy, Union[FactProvider, None], Union[AuditSink, None]]]


def _bound(policy: CompiledPolicy) -> Source:
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
        self._cached: tuple[CompiledPolicy, Template] | None = None
        self.template(source()[0])  # an invalid declaration fails here, where it is written

    def template(self, policy: CompiledPolicy) -> Template:
        cached = self._cached
        if cached is not None and cached[0] is policy:
            return cached[1]
        t = Template(policy, _named(policy, self.data, self.name))  # raises OperationError with every problem
        self._cached = (policy, t)
        return t

    def prepare(self, subject: Any) -> tuple[CompiledPolicy, Template | Decision, FactProvider | None, AuditSink | None]:
        policy, provider, log = self.source()
        try:
            return policy, self.template(policy), provider, log
        except OperationError as e:  # a reloaded policy no longer knows the declared terms
            return policy, _refusal(policy, self.name, [(p.code, p.message) for p in e.problems]), provider, log

    def request(self, t: Template, subject: Any) -> FactRequest:
        return FactRequest(t.op, subject, t.needed, self.name)

    def finish(self, policy: CompiledPolicy, t: Template, given: Any, log: AuditSink | None) -> Decision:
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


def _named(policy: CompiledPolicy, data: Mapping[str, Any], name: str | None) -> Operation:
    op = parse_operation(policy, data)
    return Operation(op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients, op.facts, op.date, name)


def _decide(policy: CompiledPolicy, t: Template, facts: FactMapping, name: str | None) -> Decision:
    normal = fast_facts(policy, facts)
    if normal is None:
        problems: list[Problem] = []
        parse_facts(policy, facts, lambda code, message, *path: problems.append(Problem(code, message)))
        if problems:
            return _refusal(policy, name, [(FACT_PROVIDER_ERROR, f"{p.code}: {p.message}") for p in problems])
        normal = dict(parse_facts(policy, facts, lambda *a: None))
    return t.decide(normal)


def _refusal(policy: CompiledPolicy, name: str | None, failures: list[tuple[str, str]]) -> Decision:
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


__all__ = ["AuditSink", "FACT_PROVIDER_ERROR", "FactProvider", "FactRequest", "Processing", "register_fact_provider",
           "set_decision_log"]
