"""Prepared operations (validate once, decide on facts alone) and batches (one operation, many subjects)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Generic, Iterable, Mapping

from .. import errors
from ..core.decision import PERMIT, Decision, ProcessingDenied
from ..core.fastcheck import normal_facts
from ..core.model import EMPTY, CompiledPolicy, Operation
from ..core.operation import parse_facts, parse_operation
from ..decide.prepared import Template, operation_key
from ..errors import OperationError, Problem, json_path
from .guards import (
    _PROVIDER, FACT_PROVIDER_ERROR, S, FactMapping, FactProvider, FactRequest, Source, _decide, _refusal, fact_provider_arg,
    provider_failed, without_facts,
)

_GIVEN = "the facts given for this subject"
MAX_MEMO = 4096  # distinct fact sets remembered within one batch call


class Prepared:
    """An operation validated once and bound to one policy, decided on facts alone.

    ``prepared.evaluate(facts)`` gives the same Decision as ``policy.evaluate(operation,
    facts=facts)``, without validating and looking up the operation again. The fastest path.
    """

    __slots__ = ("policy", "_template", "_known")

    def __init__(self, policy: CompiledPolicy, operation: Mapping[str, Any] | Operation) -> None:
        without_facts(operation, "the prepared operation")  # facts go to evaluate()
        op = operation if isinstance(operation, Operation) else parse_operation(policy, operation)
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
        if facts and type(facts) is not dict and not isinstance(facts, Mapping):
            raise OperationError([Problem(errors.SCHEMA, f"facts must be a mapping of fact names to values, not {type(facts).__name__}",
                                          path="$.facts")], "the facts")
        normal = normal_facts(self._known, facts) if facts else {}
        if normal is None:  # not plainly valid: the full check reports every problem, or normalises
            assert facts is not None
            problems: list[Problem] = []
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
    without_facts(operation, "the batch's operation")  # each subject's facts come from the provider or the mapping
    provider = fact_provider_arg(provider)
    policy, default_provider, log = source()
    op = operation if isinstance(operation, Operation) else parse_operation(policy, operation)
    key = operation_key(op)
    if key is None:
        raise OperationError([Problem(errors.SCHEMA, "'dpa' must be true or false", path="$.recipients")], "the operation")
    t = Template(policy, Operation(op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients, EMPTY, op.date, op.id))
    permitted: list[tuple[S, Decision]] = []
    refused: list[tuple[S, Decision]] = []
    ok, no = permitted.append, refused.append
    # The loop below is Template.decide unrolled: the dynamic rules' results, then the
    # decision kept for them (or assembled by the evaluator the first time).
    decide, vector, outcomes, known = t.decide, t.vector, t.outcomes, policy.vocabulary.index.facts
    # Facts that are not a plain dict (None: none known; another Mapping; anything else, refused
    # with the cause) take _decide, which never raises: a bad answer refuses that subject only.
    if isinstance(subjects, Mapping):
        pairs: Iterable[tuple[S, Any]] = subjects.items()
        origin = _GIVEN
    else:
        source_of_facts = provider or default_provider
        pairs = ((s, _provided(source_of_facts, t, s, policy)) for s in subjects)
        origin = _PROVIDER
    # Subjects often share their facts (a few booleans, the same terms): within this call, equal
    # facts (same names, types and values, in the same order) get the same decision without
    # being checked and decided again. Only facts that passed the fast check are remembered.
    memo: dict[tuple[Any, ...], Decision] = {}
    for subject, facts in pairs:
        if facts.__class__ is dict:
            try:
                seen: tuple[Any, ...] | None = (*facts.items(), *map(type, facts.values()))  # the pairs, then each value's exact type
                d = memo.get(seen)  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001 - unhashable (a list for a set), or a value whose hash fails: not remembered
                seen = d = None
            if d is None:
                try:
                    normal = normal_facts(known, facts) if facts else {}
                    found = None if normal is None else outcomes.get(vector(normal))
                except Exception:  # noqa: BLE001 - _decide reports it as a refusal
                    normal = found = None
                if found is not None:
                    d = found
                elif normal is None:
                    d = _decide(policy, t, facts, op.id, origin)
                else:
                    d = decide(normal)
                if normal is not None and seen is not None and len(memo) < MAX_MEMO:
                    memo[seen] = d
        elif facts.__class__ is Decision:
            d = facts
        else:
            d = _decide(policy, t, {} if facts is None else facts, op.id, origin)
        if log is not None:
            log.record(d, t.op)
        if d.outcome == PERMIT:
            ok((subject, d))
        else:
            no((subject, d))
    return BatchResult(permitted, refused)


_NO_FACTS: dict[str, Any] = {}  # never changed


def _provided(provider: FactProvider | None, t: Template, subject: Any, policy: CompiledPolicy) -> Any:
    if provider is None or not t.dynamic:
        return _NO_FACTS
    try:
        got = provider(FactRequest(t.op, subject, t.needed, t.op.id))
    except Exception as e:  # noqa: BLE001
        return _refusal(policy, t.op.id, [(FACT_PROVIDER_ERROR, provider_failed(t, e))])
    if inspect.isawaitable(got):
        if inspect.iscoroutine(got):
            got.close()
        return _refusal(policy, t.op.id, [(FACT_PROVIDER_ERROR, "an async fact provider cannot serve a batch")])
    if got.__class__ is not dict and not isinstance(got, Mapping):  # None too: a provider answers with a mapping, even an empty one
        return _decide(policy, t, got, t.op.id, _PROVIDER)
    return got



__all__ = ["BatchResult", "Prepared"]
