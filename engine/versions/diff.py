"""The behavioural difference between two policies: every class of operations they decide differently.

Exact, not sampled: every class of the static space (see :mod:`space`) is decided by both
policies with the engine's own evaluator, facts symbolically (see :mod:`compare`). A purpose
whose rules, named sets and vocabulary are the same in both policies is skipped without
evaluation; so are recipients whose kind's rules are the same (a difference for an operation
with recipients then comes from the processing itself and is reported there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.decision import DENY
from ..core.model import CompiledPolicy, Rule
from .compare import CellChange, Verdict, compare, side, verdict
from .space import Cell, Space, atom_of, named_sets


@dataclass(frozen=True, slots=True)
class Diff:
    old: CompiledPolicy
    new: CompiledPolicy
    space: Space
    changes: tuple[CellChange, ...]
    classes_checked: int
    open_cells: frozenset[Cell] = frozenset()  # classes without recipients that not both policies refuse outright

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def covers(self, data: Any) -> bool:
        """Is an operation (as data: purpose, legal_basis, ... with 0 or 1 recipients) in a changed class?"""
        cell = self.cell_of(data)
        return cell is not None and any(c.cell == cell for c in self.changes)

    def cell_of(self, data: Any) -> Cell | None:
        s, purpose = self.space, data["purpose"]

        def atom(section: str, term: str) -> Any:
            return atom_of(s.atoms(purpose, section), term)

        rc = s.recipient_class_of(data["recipients"][0]) if data.get("recipients") else None
        return Cell(purpose, atom("legal_bases", data["legal_basis"]),
                    frozenset(atom("data_categories", t) for t in data["data_categories"]),
                    frozenset(atom("data_subjects", t) for t in data["data_subjects"]),
                    atom("actions", data.get("action", "use")), rc)


def rule_fingerprint(rule: Rule, policy: CompiledPolicy) -> tuple[Any, ...]:
    """What a rule does, without its words: two rules with equal fingerprints decide alike."""
    sets = tuple(sorted((n, tuple(sorted(policy.vocabulary.sets.get(n, frozenset())))) for n in named_sets(rule.ast)))
    return (rule.effect, rule.level, rule.default, rule.actions, rule.legal_bases, rule.categories, rule.subjects,
            rule.ast, tuple((o.id, o.nb, o.en) for o in rule.obligations), sets)


def _plan_fingerprint(policy: CompiledPolicy, plan: Any) -> Any:
    if plan is None:
        return None
    return frozenset(rule_fingerprint(r, policy) for r in plan.forbids + plan.permits)


def _vocabulary_fingerprint(policy: CompiledPolicy) -> Any:
    v = policy.vocabulary
    return (tuple((s, tuple(sorted(v.terms(s)))) for s in sorted(v.sections)),
            tuple(sorted((n, d.get("type"), d.get("of")) for n, d in v.facts.items())))


def diff_policies(old: CompiledPolicy, new: CompiledPolicy, first: bool = False) -> Diff:
    """Every changed class; with ``first``, stop at the first one (enough to know *whether* anything changes)."""
    space = Space(old, new)
    same_vocab = _vocabulary_fingerprint(old) == _vocabulary_fingerprint(new)
    kinds = sorted(space.universe("recipient_kinds"))
    kinds_changed = {k for k in kinds if not same_vocab or _plan_fingerprint(old, old.by_recipient_kind.get(k))
                     != _plan_fingerprint(new, new.by_recipient_kind.get(k))}
    rclasses = [rc for rc in space.recipient_classes() if rc.kind in kinds_changed]
    changes: list[CellChange] = []
    checked = 0
    open_cells: set[Cell] = set()
    for purpose in space.purposes():
        same = same_vocab and _plan_fingerprint(old, old.by_purpose.get(purpose)) == _plan_fingerprint(new, new.by_purpose.get(purpose))
        if same and not rclasses:
            continue
        for cell in space.processing_cells(purpose):
            checked += 1
            if same:
                vo = vn = verdict(old, cell)
            else:
                vo, vn, w = compare(old, new, cell)
                if w is not None:
                    changes.append(CellChange(cell, vo, vn, w))
                    if first:
                        return Diff(old, new, space, tuple(changes), checked, frozenset(open_cells))
            if vo.outcome == DENY and vn.outcome == DENY:
                continue  # a refusal with no facts known is a refusal for every fact: recipients cannot change it
            open_cells.add(cell)
            for rc in rclasses:
                rcell = Cell(cell.purpose, cell.basis, cell.categories, cell.subjects, cell.action, rc)
                checked += 1
                ro, rn, rw = compare(old, new, rcell)
                if rw is not None and not _same_addition(ro, rn, vo, vn):
                    changes.append(CellChange(rcell, ro, rn, rw, vo, vn))
                    if first:
                        return Diff(old, new, space, tuple(changes), checked, frozenset(open_cells))
    return Diff(old, new, space, tuple(changes), checked, frozenset(open_cells))


def _same_addition(ro: Verdict, rn: Verdict, vo: Verdict, vn: Verdict) -> bool:
    """The recipient adds the same to the processing in both policies: the change is the processing's own."""
    so, sn = side(ro, vo), side(rn, vn)
    if not (so.relative and sn.relative):
        # The processing's own verdict changed (reported on its class); the recipient adds the same
        # conditions and obligations to it in both, and refuses in neither.
        return DENY not in (ro.outcome, rn.outcome) and (so.conditions, so.obligations) == (sn.conditions, sn.obligations)
    return DENY in (vo.outcome, vn.outcome) or (so.conditions, so.obligations) == (sn.conditions, sn.obligations)
