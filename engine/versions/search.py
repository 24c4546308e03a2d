"""Where two policies decide one class of operations differently: a search over the facts, one fact at a time.

Shannon expansion with the engine's own partial evaluation. At a partial assignment of facts,
each in-scope rule of each policy is true, false or open (:func:`personvern.decide.evaluator.value`);
an open rule's condition is reduced with the known facts (:func:`personvern.lang.residual.reduce`).
What a policy decides for *every* extension of the assignment depends only on its *state*:

* a forbid that holds, a rule error whose facts are all known, or a level (the processing, the
  recipient) where no permit holds or is open: a refusal, whatever the remaining facts;
* else the open forbids' residual conditions, the obligations of the permits that hold, and per
  level whether a permit holds and the open permits' (residual condition, obligations) pairs.

Residuals are tuples of the condition language, compared as they are (no normalisation beyond
the engine's own folding). Equal states: the two policies decide alike (outcome and obligations)
for every extension, and the branch is closed. Otherwise the search fixes the fact that occurs
most often in the open residuals of both (ties by name) to each value of its finite domain in
turn. When no open residual of either policy mentions a fact that is still unknown, the two
decisions at this assignment are what every extension gets, and ``differs`` compares them.
The first assignment found is the witness; none found means the policies decide this class
alike for every assignment of the facts. The search is complete (every branch is closed by equal
states or by a comparison), so no change is missed and none is invented.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..core.model import CompiledPolicy, Operation, Rule
from ..decide.evaluator import Failed, Scoped, scope, value
from ..errors import PersonvernError
from ..lang.expr import paths
from ..lang.residual import reduce

MAX_NODES = 1_000_000  # per class: a safety bound on the search, far above what the shipped rules need

_DENY = ("deny",)  # the state of a refusal whatever the remaining facts


class DiffTooLargeError(PersonvernError):
    """The symbolic search for one class of operations exceeded :data:`MAX_NODES`."""

    code = "diff_too_large"


@dataclass(frozen=True, slots=True)
class Party:
    """One policy on one class: the operation (its facts are passed apart) and the rules in scope."""

    policy: CompiledPolicy
    op: Operation
    scoped: Scoped | None  # None: a term the policy does not know (refused before any rule)

    @classmethod
    def of(cls, policy: CompiledPolicy, op: Operation, known: bool) -> Party:
        return cls(policy, op, scope(policy, op) if known else None)


class _Volatile:
    """The state of a policy with a rule error that more facts may lift: equal to nothing."""


def state(side: Party, facts: dict[str, Any]) -> tuple[Any, Counter[str]]:
    """The policy's state at this assignment, and how often each unknown fact occurs in its open rules."""
    scoped, policy, op = side.scoped, side.policy, side.op
    if scoped is None or any(lv.plan is None for lv in scoped.levels):
        return _DENY, Counter()
    counts: Counter[str] = Counter()
    forbids: set[Any] = set()
    sure: set[Any] = set()
    levels: list[tuple[bool, frozenset[Any]]] = []
    volatile = False
    for lv in scoped.levels:
        rcpt = lv.rcpt
        where = policy.scope_processing if rcpt is None else policy.scope_recipient
        for rule in lv.forbids:
            v = value(rule, op, facts, rcpt)
            if v is True:
                return _DENY, Counter()
            if v is None:
                forbids.add(_residual(rule, where, op, facts, rcpt, counts))
            elif isinstance(v, Failed):
                if not _open_facts(rule, facts, counts):
                    return _DENY, Counter()
                volatile = True
        found, may, opens = False, False, set()
        for rule in lv.permits:
            v = value(rule, op, facts, rcpt)
            if v is True:
                found = True
                sure.update(_obligations(rule))
            elif v is None:
                opens.add((_residual(rule, where, op, facts, rcpt, counts), _obligations(rule)))
            elif isinstance(v, Failed):
                if not _open_facts(rule, facts, counts):
                    return _DENY, Counter()
                may = volatile = True
        if not (found or opens or may):
            return _DENY, Counter()
        levels.append((found, frozenset(opens)))
    if volatile:
        return _Volatile(), counts
    return (frozenset(forbids), frozenset(sure), tuple(levels)), counts


def level_state(policy: CompiledPolicy, op: Operation, level: int, known: bool) -> Any:
    """The state (at no facts) of one level of the operation alone: 0 the processing, 1 its recipient."""
    if not known:
        return _DENY
    scoped = scope(policy, op)
    return state(Party(policy, op, Scoped((scoped.levels[level],), ())), {})[0]


def settled(s: Any) -> bool:
    """A state that can be compared (no rule error that more facts may lift)."""
    return not isinstance(s, _Volatile)


def refused(s: Any) -> bool:
    """The state of an operation refused with no facts known (a refusal, or a rule error)."""
    return s == _DENY or isinstance(s, _Volatile)


def _residual(rule: Rule, where: Any, op: Operation, facts: dict[str, Any], rcpt: Any, counts: Counter[str]) -> Any:
    assert rule.ast is not None
    r = reduce(rule.ast, where, op, facts, rcpt)
    residual = ("bool", r) if isinstance(r, bool) else r
    counts.update(p[6:] for p in paths(residual) if p.startswith("facts."))
    return residual


def _open_facts(rule: Rule, facts: dict[str, Any], counts: Counter[str]) -> bool:
    """Count the facts a failed rule reads that are still unknown; True if there are any."""
    names = [p[6:] for p in paths(rule.ast) if p.startswith("facts.") and p[6:] not in facts] if rule.ast else []
    counts.update(names)
    return bool(names)


def _obligations(rule: Rule) -> tuple[tuple[str, str, str], ...]:
    return tuple(sorted((o.id, o.nb, o.en) for o in rule.obligations))


def find(old: Party, new: Party, domain: Callable[[str], Sequence[Any]],
         differs: Callable[[dict[str, Any]], bool], limit: int = MAX_NODES) -> dict[str, Any] | None:
    """The first assignment of facts (in search order) on which the two policies decide differently, or None."""
    facts: dict[str, Any] = {}
    nodes = 0

    def go() -> dict[str, Any] | None:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            raise DiffTooLargeError(f"the comparison of purpose {old.op.purpose!r} needs more than {limit} steps; "
                                    "the conditions mention too many facts to compare exactly")
        so, co = state(old, facts)
        sn, cn = state(new, facts)
        if so == sn and not isinstance(so, _Volatile):
            return None
        counts = co + cn
        if not counts:
            return dict(facts) if differs(facts) else None
        name = min(counts, key=lambda n: (-counts[n], n))
        for v in domain(name):
            facts[name] = v
            found = go()
            del facts[name]
            if found is not None:
                return found
        return None

    return go()
