"""Decide one class of operations under two policies, and find a witness where they differ.

Each class is decided once by both policies with no facts known. Different outcomes or
obligations there: the empty assignment is the witness (an operation with every fact unknown).
Else the facts are searched symbolically (see :mod:`search`): one fact at a time is fixed to
each value of its finite domain (booleans; for terms and sets of terms, one representative of
each group of values the rules cannot tell apart), both policies' open conditions are reduced
with the engine's own partial evaluation, and a branch is closed as soon as the two policies'
states (residual conditions with their obligations) are equal. What is compared: the outcome
and obligations with every fact unknown, and with every assignment of the facts the rules read
(an assignment that leaves a fact unknown stands for all its completions when no open condition
of either policy reads that fact). Two conditions that differ only where some facts stay unknown
(e.g. ``x or not x`` against ``true``) are not a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from ..decide.evaluator import evaluate
from ..core.factkinds import BOOLEAN, kind_of
from ..core.model import Operation, CompiledPolicy, Recipient, Rule
from .search import Party, find
from .space import FILLER_NAME, Cell, partition, plan_rules, recipient_rules


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one policy decides on one class, with no facts known."""

    outcome: str
    conditions: tuple[tuple[str, str], ...] = ()  # (nb, en), sorted
    obligations: tuple[tuple[str, str, str], ...] = ()  # (id, nb, en), sorted
    rules: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()  # terms this policy's vocabulary does not have

    def behaviour(self) -> tuple[Any, ...]:
        return (self.outcome, self.conditions, self.obligations)


@dataclass(frozen=True, slots=True)
class Witness:
    """One operation, with facts, on which the two policies decide differently."""

    operation: Mapping[str, Any]
    old: tuple[str, tuple[str, ...]]  # outcome, obligation ids
    new: tuple[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class CellChange:
    cell: Cell
    old: Verdict
    new: Verdict
    witness: Witness = field(compare=False)
    base_old: Verdict | None = None  # for a class with a recipient: the verdicts without it
    base_new: Verdict | None = None


def unknown_terms(policy: CompiledPolicy, cell: Cell) -> tuple[str, ...]:
    v = policy.vocabulary
    wanted = [("purposes", cell.purpose), ("legal_bases", cell.basis[0]), ("actions", cell.action[0])]
    wanted += [("data_categories", a[0]) for a in sorted(cell.categories)]
    wanted += [("data_subjects", a[0]) for a in sorted(cell.subjects)]
    if cell.recipient is not None:
        wanted.append(("recipient_kinds", cell.recipient.kind))
    return tuple(t for s, t in wanted if t not in v.terms(s))


def operation(cell: Cell, facts: Mapping[str, Any]) -> Operation:
    rcpts: tuple[Recipient, ...] = ()
    if cell.recipient is not None:
        r = cell.recipient
        rcpts = (Recipient(r.kind, r.name[0], r.country[0], r.dpa),)
    return Operation(cell.purpose, cell.basis[0], frozenset(a[0] for a in cell.categories),
                     frozenset(a[0] for a in cell.subjects), cell.action[0], rcpts, MappingProxyType(dict(facts)))


def verdict(policy: CompiledPolicy, cell: Cell, facts: Mapping[str, Any] | None = None) -> Verdict:
    unknown = unknown_terms(policy, cell)
    if unknown:
        return Verdict("deny", unknown=unknown)
    d = evaluate(policy, operation(cell, facts or {}), as_class=True)
    rules = list(d.rule_ids) + [r for c in d.conditions for r in c.rule_id.split(",")] + [f.rule_id for f in d.errors]
    clauses = list(d.clause_ids) + [cid for c in d.conditions for cid in c.clause_ids]
    return Verdict(d.outcome, tuple(sorted({(c.nb, c.en) for c in d.conditions})),
                   tuple(sorted({(o.id, o.nb, o.en) for o in d.obligations})),
                   tuple(dict.fromkeys(rules)), tuple(dict.fromkeys(clauses)))


def lacks_recipient(policy: CompiledPolicy, other: CompiledPolicy, cell: Cell) -> bool:
    """A class without a recipient whose action needs one (the vocabulary's needs_recipient) in ``policy`` only:
    an input error there, so a refusal whatever the facts. (When both policies need one, the class stands for
    the processing of the action's operations with a recipient, and is compared as such.)"""
    action = cell.action[0]
    return (cell.recipient is None and action in policy.vocabulary.index.recipient_actions
            and action not in other.vocabulary.index.recipient_actions)


def compare(old: CompiledPolicy, new: CompiledPolicy, cell: Cell) -> tuple[Verdict, Verdict, Witness | None]:
    """Both verdicts, and a witness when the behaviour differs (None: the same for every fact)."""
    lo, ln = lacks_recipient(old, new, cell), lacks_recipient(new, old, cell)

    def judge(policy: CompiledPolicy, lacks: bool, facts: Mapping[str, Any] | None = None) -> Verdict:
        return Verdict("deny") if lacks else verdict(policy, cell, facts)

    vo, vn = judge(old, lo), judge(new, ln)
    if (vo.outcome, vo.obligations) != (vn.outcome, vn.obligations):
        return vo, vn, _witness(cell, {}, vo, vn)
    found: dict[str, Verdict] = {}

    def differs(facts: dict[str, Any]) -> bool:
        fo, fn = judge(old, lo, facts), judge(new, ln, facts)
        found.update(old=fo, new=fn)
        return (fo.outcome, fo.obligations) != (fn.outcome, fn.obligations)

    op = operation(cell, {})
    sides = [Party.of(p, op, not lacks and not unknown_terms(p, cell)) for p, lacks in ((old, lo), (new, ln))]
    facts = find(sides[0], sides[1], domains(old, new, cell), differs)
    return vo, vn, None if facts is None else _witness(cell, facts, found["old"], found["new"])


def _witness(cell: Cell, facts: Mapping[str, Any], vo: Verdict, vn: Verdict) -> Witness:
    data = cell.operation_data()
    if facts:
        data["facts"] = {k: sorted(v) if isinstance(v, frozenset) else v for k, v in sorted(facts.items())}
    return Witness(data, (vo.outcome, tuple(o[0] for o in vo.obligations)), (vn.outcome, tuple(o[0] for o in vn.obligations)))


@dataclass(frozen=True, slots=True)
class Side:
    """One policy's verdict on a group: outcome, conditions, obligations, rules, clauses."""

    outcome: str
    relative: bool  # for a recipient: the outcome is the one the processing has without the recipient
    conditions: tuple[tuple[str, str], ...]
    obligations: tuple[tuple[str, str, str], ...]
    rules: tuple[str, ...]
    clauses: tuple[str, ...]
    unknown: tuple[str, ...]


def _keep(xs: tuple[Any, ...], ys: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(x for x in xs if x not in ys)


def side(v: Verdict, base: Verdict | None) -> Side:
    if base is None:
        return Side(v.outcome, False, v.conditions, v.obligations, v.rules, v.clauses, v.unknown)
    relative = v.outcome == base.outcome
    return Side(v.outcome, relative, _keep(v.conditions, base.conditions), _keep(v.obligations, base.obligations),
                _keep(v.rules, base.rules), _keep(v.clauses, base.clauses), v.unknown)


# ---------------------------------------------------------------------------- fact domains


def relevant_rules(policy: CompiledPolicy, cell: Cell) -> list[tuple[Rule, CompiledPolicy]]:
    rules = plan_rules(policy, cell.purpose)
    if cell.recipient is not None:
        rules += recipient_rules(policy)
    return [(r, policy) for r in rules]


def domains(old: CompiledPolicy, new: CompiledPolicy, cell: Cell) -> Any:
    """The finite domain of each fact the rules of either policy read for this class, up to equivalence."""
    rules = relevant_rules(old, cell) + relevant_rules(new, cell)

    @cache
    def domain(name: str) -> tuple[Any, ...]:
        d = new.vocabulary.facts.get(name) or old.vocabulary.facts.get(name) or {"type": BOOLEAN.name}
        return tuple(fact_domain(name, d, rules, cell, old, new))

    return domain


def fact_domain(name: str, d: Mapping[str, Any], rules: list[tuple[Rule, CompiledPolicy]], cell: Cell,
                old: CompiledPolicy, new: CompiledPolicy) -> list[Any]:
    kind = kind_of(d)
    if kind.finite is not None:
        return list(kind.finite)
    comp = [s for r, p in rules if r.ast is not None for s in _companions(r.ast, ("path", "facts", name), p, cell)]
    of = d.get("of")
    universe = set(old.vocabulary.terms(of) | new.vocabulary.terms(of)) if of and of != "text" else set()
    universe |= {t for s in comp for t in s}
    if not (of and of != "text"):
        universe.add("\u2400annet")  # free text: a value no rule names
    reps = [a[0] for a in partition(universe, comp)]
    if kind.many:
        return [frozenset(c) for k in range(len(reps) + 1) for c in combinations(reps, k)]
    return reps


def _companions(ast: Any, target: tuple[str, ...], policy: CompiledPolicy, cell: Cell) -> Iterator[frozenset[str]]:
    """The sets of values the fact ``target`` is compared with anywhere in ``ast``."""
    if not isinstance(ast, tuple) or not ast:
        return
    if ast[0] in ("eq", "ne", "in", "not_in", "intersects"):
        for side, other in ((ast[1], ast[2]), (ast[2], ast[1])):
            if side == target:
                yield _values(other, policy, cell)
    for sub in ast[1:]:
        yield from _companions(sub, target, policy, cell)


def _values(ast: Any, policy: CompiledPolicy, cell: Cell) -> frozenset[str]:
    tag = ast[0]
    if tag == "str":
        return frozenset([ast[1]])
    if tag == "list":
        return frozenset(a[1] for a in ast[1:] if a[0] == "str")
    if tag == "path":
        name = ".".join(ast[1:])
        if ast[1] == "sets":
            return policy.vocabulary.sets.get(ast[2], frozenset())
        op = operation(cell, {})
        r = cell.recipient
        values: dict[str, frozenset[str]] = {
            "purpose": frozenset([op.purpose]), "legal_basis": frozenset([op.legal_basis]), "action": frozenset([op.action]),
            "categories": op.categories, "subjects": op.subjects,
            "recipient.name": frozenset([r.name[0] if r else FILLER_NAME]),
            "recipient.country": frozenset([r.country[0]] if r else []), "recipient.kind": frozenset([r.kind] if r else []),
        }
        if name in values:
            return values[name]
    return frozenset()  # another fact: the domains of both are cut by everything else they meet
