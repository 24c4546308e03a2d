"""The public façade: :class:`Policy` (a compiled policy with its API) and :func:`load_policy`.

The compiled data lives in :class:`personvern.core.model.CompiledPolicy`; everything that
decides lives in the layers below (decide, runtime). This module only wires them together,
importing downward.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import fields
from typing import Any, Callable, Iterable, Mapping, TypeVar

from ..core.decision import Decision, ProcessingDenied
from ..core.model import CompiledPolicy, Operation
from ..core.operation import parse_facts, parse_operation
from ..decide.breach import BreachResponse, assess
from ..decide.prepared import TemplateCache, evaluate, evaluate_data, evaluate_operation
from ..decide.retention import RetentionDecision, decide_retention, parse_record
from ..decide.rights import RightsResponse, answer
from ..errors import OperationError, Problem, json_path
from ..load.rules import load_compiled
from ..runtime.batch import BatchResult, Prepared, _batch
from ..runtime.guards import FactProvider, Processing, _bound, _guard

_F = TypeVar("_F", bound=Callable[..., Any])
_S = TypeVar("_S")

__all__ = ["Policy", "load_policy"]


def load_policy(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Policy:
    """Load and compile a rule set (the bundled Flex policy when ``path`` is None).

    Raises PolicyLoadError with every problem found in every file.
    """
    compiled = load_compiled(path, use_cache=use_cache)
    return Policy(*[getattr(compiled, f.name) for f in fields(compiled)])


class Policy(CompiledPolicy):
    """A compiled, immutable rule set and the API to decide with it. Build it with :func:`load_policy`.

    The policy owns one cache (prepared templates of the operations it decides often), bounded
    and safe across threads; the compiled data is never written to.
    """

    __slots__ = ("_templates",)
    _templates: TemplateCache

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        object.__setattr__(self, "_templates", TemplateCache())

    @property
    def template_cache(self) -> TemplateCache:
        """The prepared templates this policy keeps (see :class:`personvern.decide.prepared.TemplateCache`)."""
        return self._templates

    def operation(self, data: Mapping[str, Any] | Operation, facts: Mapping[str, Any] | None = None) -> Operation:
        """Validate an operation given as data (or add facts to a typed one)."""
        if isinstance(data, Operation):
            if not facts:
                return data
            problems: list[Any] = []

            def bad(code: str, message: str, *path: Any) -> None:
                problems.append(Problem(code, message, path=json_path(path)))

            merged = dict(data.facts)
            merged.update(facts)
            normalised = parse_facts(self, merged, bad)
            if problems:
                raise OperationError(problems, "the facts")
            return data.with_facts(normalised)
        return parse_operation(self, data, facts)

    def evaluate(self, operation: Mapping[str, Any] | Operation, *, facts: Mapping[str, Any] | None = None,
                 trace: bool = False) -> Decision:
        """Decide on a proposed operation. Returns a :class:`personvern.Decision`.

        Facts that are left out are unknown: the decision is then conditional, with the
        conditions in words. Raises OperationError when the operation itself is invalid.
        """
        if trace:
            op = operation if isinstance(operation, Operation) and not facts else self.operation(operation, facts)
            return evaluate(self, op, trace)
        if isinstance(operation, Operation):
            return evaluate_operation(self, operation if not facts else self.operation(operation, facts), self._templates)
        return evaluate_data(self, operation, facts, self._templates)

    def explain(self, operation: Mapping[str, Any] | Operation, *, facts: Mapping[str, Any] | None = None) -> Decision:
        """Like evaluate, with the full trace of every rule considered."""
        return self.evaluate(operation, facts=facts, trace=True)

    def require(self, operation: Mapping[str, Any] | Operation, *, facts: Mapping[str, Any] | None = None) -> Decision:
        """Return the decision if the operation is permitted outright; else raise ProcessingDenied.

        A conditional outcome is not a permit here: at run time every fact a rule needs
        must be known (fail closed).
        """
        decision = self.evaluate(operation, facts=facts)
        if not decision.permitted:
            raise ProcessingDenied(decision)
        return decision

    def prepare(self, operation: Mapping[str, Any] | Operation) -> Prepared:
        """Validate an operation (without facts) once; returns a :class:`personvern.Prepared`.

        ``prepared.evaluate(facts)`` decides exactly as ``evaluate(operation, facts=facts)``, faster.
        """
        return Prepared(self, operation)

    def guard(self, **declaration: Any) -> Callable[[_F], _F]:
        """A decorator that decides with this policy before every call; see :func:`personvern.guard`."""
        return _guard(_bound(self), declaration)

    def processing(self, **declaration: Any) -> Processing:
        """A context manager (``with`` / ``async with``) deciding with this policy; see :func:`personvern.processing`."""
        return Processing(_bound(self), declaration)

    def batch(self, operation: Mapping[str, Any] | Operation, subjects: Mapping[_S, Mapping[str, Any] | None] | Iterable[_S], *,
              provider: FactProvider | None = None) -> BatchResult[_S]:
        """Decide one operation for many subjects; returns a :class:`personvern.BatchResult`."""
        return _batch(_bound(self), operation, subjects, provider)

    def retention(self, record: Mapping[str, Any], on: _dt.date) -> RetentionDecision:
        """May this stored record still be kept on ``on``, and until when?"""
        return decide_retention(self, parse_record(self, record), on)

    def rights_request(self, request: Mapping[str, Any]) -> RightsResponse:
        """What a data subject's request obliges Flex to do, what may be kept, and by when."""
        return answer(self, request)

    def breach(self, incident: Mapping[str, Any]) -> BreachResponse:
        """Which notification duties a personal data breach brings, and their deadlines."""
        return assess(self, incident)

