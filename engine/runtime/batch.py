"""Prepared operations (validate once, decide on facts alone) and batches (one operation, many subjects)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Generic, Iterable, Mapping

from .. import errors
from ..core.decision import PERMIT, Decision
from ..core.decision import ProcessingDenied
from ..errors import OperationError, Problem
from ..core.fastcheck import normal_facts
from ..core.model import EMPTY, Operation, CompiledPolicy
from ..core.operation import parse_facts, parse_operation
from ..decide.prepared import Template, operation_key
from .guards import FACT_PROVIDER_ERROR, S, FactMapping, FactProvider, FactRequest, Source, _decide, _refusal


class Prepared:
    """An operation validated once and bound to one policy, decided on facts alone.

    ``prepared.evaluate(facts)`` gives the same Decision as ``policy.evaluate(operation,
    facts=facts)``, without validating and looking up the operation again. The fastest path.
    """

    __slots__ = ("policy", "_template", "_known")

    def __init__(self, policy: CompiledPolicy, operation: Mapping[str, Any] | Operation) -> None:
        op = operation if isinstance(operation, Operation) else parse_operation(policy, operation)
        if op.facts:
            raise TypeError("prepare the operation without facts; give them to evaluate()")
        self.policy = policy
        self._template = Template(policy, op)
        self._known = policy.vocabulary.index.facts

    @property
    def operation(self) -> Operation:
        return self._template.op

    @property
    def needed(self) -> tuple[str, ...]:
        """The facts a decision may depend on (empty: every decision is the same)."""
        return self._template.needed

    def evaluate(self, facts: FactMapping | None = None) -> Decision:
        """Decide with these facts. Raises OperationError for invalid facts, like policy.evaluate."""
        t = self._template
        normal = normal_facts(self._known, facts) if facts else {}
        if normal is None:  # not plainly valid: the full check reports every problem, or normalises
            assert facts is not None
            problems: list[Problem] = []
            from ..errors import json_path

            parsed = parse_facts(self.policy, facts, lambda code, message, *path: problems.append(Problem(code, message, path=json_path(path))))
            if problems:
                raise OperationError(problems, "the facts")
            return t.decide(dict(parsed))
        try:  # Template.decide, inlined for the decisions it keeps
            found = t.outcomes.get(t.vector(normal))
        except Exception:  # noqa: BLE001 - decide() reports it as a refusal
            found = None
        return found if found is not None else t.decide(normal)

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


def _batch(source: Source, operation: Mapping[str, Any] | Operation, subjects: Mapping[S, FactMapping | None] | Iterable[S],
           provider: FactProvider | None) -> BatchResult[S]:
    policy, default_provider, log = source()
    op = operation if isinstance(operation, Operation) else parse_operation(policy, operation)
    key = operation_key(op)
    if key is None:
        raise OperationError([Problem(errors.SCHEMA, "'dpa' must be true or false", path="$.recipients")], "the operation")
    t = Template(policy, Operation(op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients, EMPTY, op.date, op.id))
    base = dict(op.facts)
    permitted: list[tuple[S, Decision]] = []
    refused: list[tuple[S, Decision]] = []
    ok, no = permitted.append, refused.append
    # The loop below is Template.decide unrolled: the dynamic rules' results, then the
    # decision kept for them (or assembled by the evaluator the first time).
    decide, vector, outcomes, known = t.decide, t.vector, t.outcomes, policy.vocabulary.index.facts
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


def _provided(provider: FactProvider | None, t: Template, subject: Any, policy: CompiledPolicy) -> Any:
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



__all__ = ["BatchResult", "Prepared"]
