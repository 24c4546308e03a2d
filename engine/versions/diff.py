"""The behavioural difference between two policies: every class of operations they decide differently.

Exact, not sampled: every class of the static space (see :mod:`space`) is decided by both
policies with the engine's own evaluator, facts symbolically (see :mod:`compare`). A purpose
whose rules, named sets and vocabulary are the same in both policies is skipped without
evaluation; so are recipients whose kind's rules are the same (a difference for an operation
with recipients then comes from the processing itself and is reported there). Classes that no
rule can tell apart are decided once per group, and a level whose states are equal in both
policies is not compared at all (see :class:`_Differ`); every changed class is still reported.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..core.decision import DENY
from ..core.model import CompiledPolicy, Rule
from .compare import CellChange, Verdict, Witness, compare, operation, side, unknown_terms, verdict
from .search import level_state, refused, settled
from .retention_diff import RetentionChange, retention_changes
from .space import Atom, Cell, RecipientClass, Space, atom_of, named_sets


@dataclass(frozen=True, slots=True)
class Diff:
    old: CompiledPolicy
    new: CompiledPolicy
    space: Space
    changes: tuple[CellChange, ...]
    classes_checked: int
    open_count: int = 0  # classes without recipients that not both policies refuse outright
    changed_cells: frozenset[Cell] = frozenset()  # the classes of ``changes``
    retention: tuple[RetentionChange, ...] = ()  # how long stored data is kept, where that changes (see retention_diff)

    @property
    def default_action(self) -> tuple[str | None, str | None] | None:
        """(old, new) when the action of an operation that names none differs (the vocabulary's default), else None."""
        old, new = self.old.vocabulary.index.default_action, self.new.vocabulary.index.default_action
        return None if old == new else (old, new)

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.retention or self.default_action)

    def covers(self, data: Any) -> bool:
        """Is an operation (as data: purpose, legal_basis, ... with 0 or 1 recipients) in a changed class?
        An operation that names no action is, when the default action changed: it is now another operation."""
        if "action" not in data and self.default_action is not None:
            return True
        cell = self.cell_of(data)
        if cell is not None and cell.recipient is not None and cell.action[0] in self.space.need_both:
            bare = Cell(cell.purpose, cell.basis, cell.categories, cell.subjects, cell.action)
            if bare in self.changed_cells:  # a disclosure's processing changed: reported in its class, shown with a recipient
                return True
        return cell is not None and cell in self.changed_cells

    def cell_of(self, data: Any) -> Cell | None:
        s, purpose = self.space, data["purpose"]

        def atom(section: str, term: str) -> Any:
            return atom_of(s.atoms(purpose, section), term)

        action = data["action"] if "action" in data else s.default_action
        if action is None:
            return None  # no action named, and no default both policies share
        rc = s.recipient_class_of(data["recipients"][0]) if data.get("recipients") else None
        return Cell(purpose, atom("legal_bases", data["legal_basis"]),
                    frozenset(atom("data_categories", t) for t in data["data_categories"]),
                    frozenset(atom("data_subjects", t) for t in data["data_subjects"]),
                    atom("actions", action), rc)


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
            tuple(sorted((n, d.get("type"), d.get("of")) for n, d in v.facts.items())),
            tuple(sorted(v.index.recipient_actions)))  # which operations exist without a recipient


def diff_policies(old: CompiledPolicy, new: CompiledPolicy, first: bool = False) -> Diff:
    """Every changed class, and every change in how long stored data is kept; with ``first``, stop at the
    first changed class (enough to know *whether* anything changes)."""
    return dataclasses.replace(_Differ(old, new, first).run(), retention=retention_changes(old, new))


class _Found(Exception):
    """The first change was found (``first``)."""


class _Differ:
    """One diff. Classes that no rule can tell apart are decided once (see :meth:`Space.processing_groups`).

    A class with a recipient is decided by its two levels: the processing (whose state at no facts is
    known from the class without the recipient) and the recipient, whose rules see the processing only
    through :meth:`Space.projection`. When both policies have equal states on both levels, they decide
    alike for every fact (:mod:`search`), so the class is not compared; and two classes whose levels
    have the same states are decided alike, so a comparison is made once per such pair and reused."""

    def __init__(self, old: CompiledPolicy, new: CompiledPolicy, first: bool) -> None:
        self.old, self.new, self.first = old, new, first
        self.space = space = Space(old, new)
        self.same_vocab = _vocabulary_fingerprint(old) == _vocabulary_fingerprint(new)
        kinds = sorted(space.universe("recipient_kinds"))
        kinds_changed = {k for k in kinds if not self.same_vocab or _plan_fingerprint(old, old.by_recipient_kind.get(k))
                         != _plan_fingerprint(new, new.by_recipient_kind.get(k))}
        self.rclasses = [rc for rc in space.recipient_classes() if rc.kind in kinds_changed]
        self.changes: list[CellChange] = []
        self.checked = 0
        self.open_count = 0
        self._levels: dict[Any, list[tuple[RecipientClass, Any, Any]]] = {}  # projection -> recipient classes and their level's states
        self._joint: dict[Any, Witness | None] = {}

    def result(self) -> Diff:
        return Diff(self.old, self.new, self.space, tuple(self.changes), self.checked, self.open_count,
                    frozenset(c.cell for c in self.changes))

    def run(self) -> Diff:
        try:
            for purpose in self.space.purposes():
                self.purpose(purpose)
        except _Found:
            pass
        return self.result()

    def add(self, change: CellChange) -> None:
        self.changes.append(change)
        if self.first:
            raise _Found

    def purpose(self, purpose: str) -> None:
        old, new = self.old, self.new
        same = self.same_vocab and _plan_fingerprint(old, old.by_purpose.get(purpose)) == _plan_fingerprint(new, new.by_purpose.get(purpose))
        if same and not self.rclasses:
            return
        for rep, cats, subjects in self.space.processing_groups(purpose):
            count = len(cats) * len(subjects)
            self.checked += count
            so = _state(old, rep, 0)
            sn = so if same else _state(new, rep, 0)
            # equal states: decided alike for every fact, no comparison needed (unless one policy refuses the class as input)
            alike = settled(so) and so == sn and rep.action[0] not in self.space.need_one
            base: tuple[Verdict, Verdict] | None = None
            bare = rep.action[0] not in self.space.need_both  # else no operation without a recipient exists
            if not alike:
                vo, vn, w = compare(old, new, rep)
                base = (vo, vn)
                if w is not None and not bare:
                    w = self.with_a_recipient(rep)  # no operation without one: the change must show with a recipient
                if w is not None:
                    for m in _members(rep, cats, subjects):
                        mo, mn = self._verdicts(m, vo, vn)
                        self.add(CellChange(m, mo, mn, _moved(w, m)))
            if refused(so) and refused(sn):
                continue  # a refusal with no facts known is a refusal for every fact: recipients cannot change it
            self.open_count += count
            if self.rclasses:
                self.recipients(rep, cats, subjects, so, sn, alike, base)

    def recipients(self, rep: Cell, cats: tuple[frozenset[Atom], ...], subjects: tuple[frozenset[Atom], ...],
                   so: Any, sn: Any, alike: bool, base: tuple[Verdict, Verdict] | None) -> None:
        self.checked += len(cats) * len(subjects) * len(self.rclasses)
        for rc, lo, ln in self.levels(self.space.projection(rep), rep):
            if alike and settled(lo) and lo == ln:
                continue  # both levels in equal states: decided alike for every fact
            rcell = rep.with_recipient(rc)
            jkey = (so, sn, lo, ln) if all(settled(x) for x in (so, sn, lo, ln)) else None
            if jkey is not None and jkey in self._joint:
                rw = self._joint[jkey]  # the same states on both levels: the same decisions for the same facts
            else:
                rw = compare(self.old, self.new, rcell)[2]
                if jkey is not None:
                    self._joint[jkey] = rw
            if rw is None:
                continue
            ro, rn = verdict(self.old, rcell), verdict(self.new, rcell)
            if base is None:
                base = (verdict(self.old, rep), verdict(self.new, rep))
            vo, vn = base
            if _same_addition(ro, rn, vo, vn):
                continue  # the change is the processing's own, reported with the processing's class
            for m in _members(rep, cats, subjects):
                mo, mn = self._verdicts(m, vo, vn)
                mc = m.with_recipient(rc)
                mro, mrn = self._verdicts(mc, ro, rn)
                self.add(CellChange(mc, mro, mrn, _moved(rw, mc), mo, mn))

    def levels(self, key: Any, rep: Cell) -> list[tuple[RecipientClass, Any, Any]]:
        """Each recipient class with the states of its own level in both policies, for processings with this projection."""
        if key not in self._levels:
            self._levels[key] = [(rc, _state(self.old, rep.with_recipient(rc), 1), _state(self.new, rep.with_recipient(rc), 1))
                                 for rc in self.rclasses]
        return self._levels[key]

    def with_a_recipient(self, rep: Cell) -> Witness | None:
        """A witness for a processing that exists only with a recipient (a disclosure): the first recipient class
        with which the two policies decide differently, or None when no recipient lets the change show."""
        for rc in self.space.recipient_classes():
            w = compare(self.old, self.new, rep.with_recipient(rc))[2]
            if w is not None:
                return w
        return None

    def _verdicts(self, cell: Cell, vo: Verdict, vn: Verdict) -> tuple[Verdict, Verdict]:
        """A member's verdicts: the representative's, but the unknown terms are the member's own."""
        if vo.unknown:
            vo = Verdict("deny", unknown=unknown_terms(self.old, cell))  # as :func:`verdict` gives it
        if vn.unknown:
            vn = Verdict("deny", unknown=unknown_terms(self.new, cell))
        return vo, vn


def _members(rep: Cell, cats: tuple[frozenset[Atom], ...], subjects: tuple[frozenset[Atom], ...]) -> list[Cell]:
    """The classes of a group (see :meth:`Space.processing_groups`)."""
    return [Cell(rep.purpose, rep.basis, c, s, rep.action) for c in cats for s in subjects]


def _state(policy: CompiledPolicy, cell: Cell, level: int) -> Any:
    return level_state(policy, operation(cell, {}), level, not unknown_terms(policy, cell))


def _moved(w: Witness, cell: Cell) -> Witness:
    """The witness of one class, moved to another that no rule can tell apart from it (same facts, same decisions;
    a witness of a processing class keeps the recipient it needs, see :meth:`_Differ.with_a_recipient`)."""
    data = cell.operation_data()
    for key in ("facts",) if cell.recipient is not None else ("facts", "recipients"):
        if key in w.operation:
            data[key] = w.operation[key]
    return Witness(data, w.old, w.new)


def _same_addition(ro: Verdict, rn: Verdict, vo: Verdict, vn: Verdict) -> bool:
    """The recipient adds the same to the processing in both policies: the change is the processing's own."""
    so, sn = side(ro, vo), side(rn, vn)
    if not (so.relative and sn.relative):
        # The processing's own verdict changed (reported on its class); the recipient adds the same
        # conditions and obligations to it in both, and refuses in neither.
        return DENY not in (ro.outcome, rn.outcome) and (so.conditions, so.obligations) == (sn.conditions, sn.obligations)
    return DENY in (vo.outcome, vn.outcome) or (so.conditions, so.obligations) == (sn.conditions, sn.obligations)
