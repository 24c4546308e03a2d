"""Decide one class of operations under two policies, and find a witness where they differ.

Facts are treated symbolically: each class is decided once with no facts known, which gives
the outcome and the residual conditions. Equal outcomes, conditions and obligations mean
equal behaviour for every fact value (deciding again with facts gives exactly what the
conditions say). Where the conditions differ, the facts they mention are enumerated over
their finite domains (booleans; for terms and sets of terms, one representative of each
group of values the rules cannot tell apart) to find an assignment where the outcomes or
obligations differ. None found: the two conditions say the same thing in other words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations, product
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from ..decide.evaluator import evaluate
from ..core.model import Operation, CompiledPolicy, Recipient, Rule
from .space import FILLER_NAME, Cell, partition, plan_rules, recipient_rules

MAX_ASSIGNMENTS = 200_000  # per class; beyond it the diff refuses rather than sample


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
    d = evaluate(policy, operation(cell, facts or {}))
    rules = list(d.rule_ids) + [r for c in d.conditions for r in c.rule_id.split(",")] + [f.rule_id for f in d.errors]
    clauses = list(d.clause_ids) + [cid for c in d.conditions for cid in c.clause_ids]
    return Verdict(d.outcome, tuple(sorted({(c.nb, c.en) for c in d.conditions})),
                   tuple(sorted({(o.id, o.nb, o.en) for o in d.obligations})),
                   tuple(dict.fromkeys(rules)), tuple(dict.fromkeys(clauses)))


def compare(old: CompiledPolicy, new: CompiledPolicy, cell: Cell) -> tuple[Verdict, Verdict, Witness | None]:
    """Both verdicts, and a witness when the behaviour differs (None: the same for every fact)."""
    vo, vn = verdict(old, cell), verdict(new, cell)
    if vo.behaviour() == vn.behaviour():
        return vo, vn, None
    if (vo.outcome, vo.obligations) != (vn.outcome, vn.obligations):
        return vo, vn, _witness(cell, {}, vo, vn)
    for facts in assignments(old, new, cell):
        fo, fn = verdict(old, cell, facts), verdict(new, cell, facts)
        if (fo.outcome, fo.obligations) != (fn.outcome, fn.obligations):
            return vo, vn, _witness(cell, facts, fo, fn)
    return vo, vn, None


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


def assignments(old: CompiledPolicy, new: CompiledPolicy, cell: Cell) -> Iterator[dict[str, Any]]:
    """Every assignment of the facts the rules of either policy read for this class, up to equivalence."""
    rules = relevant_rules(old, cell) + relevant_rules(new, cell)
    names = sorted({p.split(".", 1)[1] for r, _ in rules if r.ast is not None for p in _fact_paths(r.ast)})
    domains: list[list[Any]] = []
    for name in names:
        d = new.vocabulary.facts.get(name) or old.vocabulary.facts.get(name) or {"type": "boolean"}
        domains.append(fact_domain(name, d, rules, cell, old, new))
    size = 1
    for dom in domains:
        size *= len(dom)
    if size > MAX_ASSIGNMENTS:
        from .. import errors

        raise errors.PersonvernError(f"too many fact combinations to compare exactly ({size}) for purpose {cell.purpose!r}")
    for values in product(*domains):
        yield dict(zip(names, values))


def _fact_paths(ast: Any) -> Iterator[str]:
    if isinstance(ast, tuple) and ast:
        if ast[0] == "path" and len(ast) >= 3 and ast[1] == "facts":
            yield ".".join(ast[1:])
        for sub in ast[1:]:
            yield from _fact_paths(sub)


def fact_domain(name: str, d: Mapping[str, Any], rules: list[tuple[Rule, CompiledPolicy]], cell: Cell,
                old: CompiledPolicy, new: CompiledPolicy) -> list[Any]:
    kind = d.get("type")
    if kind == "boolean":
        return [True, False]
    comp = [s for r, p in rules if r.ast is not None for s in _companions(r.ast, ("path", "facts", name), p, cell)]
    of = d.get("of")
    universe = set(old.vocabulary.terms(of) | new.vocabulary.terms(of)) if of and of != "text" else set()
    universe |= {t for s in comp for t in s}
    if not (of and of != "text"):
        universe.add("\u2400annet")  # free text: a value no rule names
    reps = [a[0] for a in partition(universe, comp)]
    if kind == "set":
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
