"""The static space of operations, cut into finitely many classes that two policies cannot tell apart.

Rules look at an operation only through their scopes (purposes, legal bases, subsets of data
categories and subjects, actions, recipient kinds) and through the literals, named sets and
scope lists their conditions compare with. Terms that belong to exactly the same of these
sets (an *atom*) are interchangeable: swapping one for another changes no rule's verdict. So
an operation's class is: its purpose, the atom of its legal basis and of its action, the set
of atoms its data categories touch, the same for its subjects, and for a recipient its kind,
the atom of its country and of its name, and whether a processing agreement is known.
Everything is computed from the rules of both policies, so a class is uniform in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any, Iterable, Iterator

from ..core.model import CompiledPolicy, Rule
from ..lang.expr import paths

Atom = tuple[str, ...]  # terms, sorted; the first is the class's representative
FILLER_NAME = "Mottaker AS"  # a recipient name no rule mentions


@dataclass(frozen=True, slots=True)
class RecipientClass:
    kind: str
    country: Atom  # country codes (one representative when the atom is "any other country")
    dpa: bool | None
    name: Atom
    country_sets: tuple[str, ...] = ()  # the named sets the country belongs to
    country_other: tuple[str, ...] = ()  # the named sets it is outside of


@dataclass(frozen=True, slots=True)
class Cell:
    """One class of operations: every operation in it gets the same verdict from both policies."""

    purpose: str
    basis: Atom
    categories: frozenset[Atom]
    subjects: frozenset[Atom]
    action: Atom
    recipient: RecipientClass | None = None

    def with_recipient(self, rc: RecipientClass) -> Cell:
        return Cell(self.purpose, self.basis, self.categories, self.subjects, self.action, rc)

    def operation_data(self) -> dict[str, Any]:
        """A representative operation, as data."""
        data: dict[str, Any] = {
            "purpose": self.purpose, "legal_basis": self.basis[0],
            "data_categories": sorted(a[0] for a in self.categories),
            "data_subjects": sorted(a[0] for a in self.subjects), "action": self.action[0],
        }
        if self.recipient is not None:
            r = self.recipient
            rc: dict[str, Any] = {"kind": r.kind, "name": r.name[0], "country": r.country[0]}
            if r.dpa is not None:
                rc["dpa"] = r.dpa
            data["recipients"] = [rc]
        return data


def partition(universe: Iterable[str], sets: Iterable[frozenset[str]]) -> tuple[Atom, ...]:
    """Cut ``universe`` into atoms: terms that are members of exactly the same ``sets``."""
    sets = tuple(dict.fromkeys(sets))
    by_sig: dict[tuple[bool, ...], list[str]] = {}
    for t in sorted(set(universe)):
        by_sig.setdefault(tuple(t in s for s in sets), []).append(t)
    return tuple(tuple(v) for v in by_sig.values())


def atom_of(atoms: tuple[Atom, ...], term: str) -> Atom | None:
    for a in atoms:
        if term in a:
            return a
    return None


def literals(ast: Any, policy: CompiledPolicy) -> Iterator[frozenset[str]]:
    """Every set of values a condition compares with: string literals, lists, named sets."""
    if not isinstance(ast, tuple) or not ast:
        return
    tag = ast[0]
    if tag == "str":
        yield frozenset([ast[1]])
    elif tag == "list":
        yield frozenset(a[1] for a in ast[1:] if isinstance(a, tuple) and a[0] == "str")
    elif tag == "path" and len(ast) == 3 and ast[1] == "sets":
        yield policy.vocabulary.sets.get(ast[2], frozenset())
    for sub in ast[1:]:
        if isinstance(sub, tuple):
            yield from literals(sub, policy)


def named_sets(ast: Any) -> Iterator[str]:
    if isinstance(ast, tuple) and ast:
        if ast[0] == "path" and len(ast) == 3 and ast[1] == "sets":
            yield ast[2]
        for sub in ast[1:]:
            yield from named_sets(sub)


def rule_sets(rule: Rule, policy: CompiledPolicy) -> list[frozenset[str]]:
    out = [s for s in (rule.legal_bases, rule.categories, rule.subjects, rule.actions, rule.purposes) if s is not None]
    if rule.ast is not None:
        out.extend(literals(rule.ast, policy))
    return out


def recipient_rules(policy: CompiledPolicy) -> list[Rule]:
    return [r for r in policy.rules.values() if r.level == "recipient"]


def plan_rules(policy: CompiledPolicy, purpose: str) -> list[Rule]:
    plan = policy.by_purpose.get(purpose)
    return [] if plan is None else list(plan.forbids) + list(plan.permits)


class Space:
    """The classes of operations for two policies (or one: pass it twice)."""

    def __init__(self, old: CompiledPolicy, new: CompiledPolicy) -> None:
        self.old, self.new = old, new
        self.policies = (old, new)
        rsets: list[frozenset[str]] = []
        for p in self.policies:
            for r in recipient_rules(p):
                rsets.extend(rule_sets(r, p))
        self.recipient_sets = rsets
        # actions that need a recipient (the vocabulary's needs_recipient) in both policies (no operation without one
        # exists in either), and in one only (there such an operation is an input error; in the other the rules decide it)
        need_old, need_new = old.vocabulary.index.recipient_actions, new.vocabulary.index.recipient_actions
        self.need_both, self.need_one = need_old & need_new, need_old ^ need_new
        # the action of an operation that names none, when both policies read it alike (None: it must be named)
        same = old.vocabulary.index.default_action == new.vocabulary.index.default_action
        self.default_action = old.vocabulary.index.default_action if same else None
        self._atoms: dict[tuple[str, str], tuple[Atom, ...]] = {}
        self._rclasses: list[RecipientClass] | None = None
        # A rule that compares a field of the operation with a fact (or a set field with ==) can tell
        # apart terms of one atom once the fact is known: such a field is not grouped beyond its atoms.
        self.fine: set[str] = set()  # such fields
        for p in self.policies:
            for r in p.rules.values():
                _fields_against_facts(r.ast, self.fine)

    def universe(self, section: str) -> frozenset[str]:
        return frozenset().union(*(p.vocabulary.terms(section) for p in self.policies))

    def purposes(self) -> list[str]:
        return sorted(self.universe("purposes"))

    def sets_for(self, purpose: str) -> list[frozenset[str]]:
        out = list(self.recipient_sets)
        for p in self.policies:
            for r in plan_rules(p, purpose):
                out.extend(rule_sets(r, p))
        return out

    def atoms(self, purpose: str, section: str) -> tuple[Atom, ...]:
        key = (purpose, section)
        if key not in self._atoms:
            sets = self.sets_for(purpose) + [p.vocabulary.terms(section) for p in self.policies]
            if section == "actions":  # an action that needs a recipient is never alike with one that does not
                sets += [p.vocabulary.index.recipient_actions for p in self.policies]
            self._atoms[key] = partition(self.universe(section), sets)
        return self._atoms[key]

    def processing_groups(self, purpose: str) -> Iterator[tuple[Cell, tuple[frozenset[Atom], ...], tuple[frozenset[Atom], ...]]]:
        """The classes of a purpose (each basis, action and non-empty combination of data-category and subject
        atoms) in groups that no rule of either policy can tell apart:
        (representative, its data-category combinations, its subject combinations); the group is their product."""
        bases = self.atoms(purpose, "legal_bases")
        actions = self.atoms(purpose, "actions")
        cats = self.combination_groups(purpose, "data_categories")
        subjects = self.combination_groups(purpose, "data_subjects")
        for b in bases:
            for a in actions:
                for cg in cats:
                    for sg in subjects:
                        yield Cell(purpose, b, cg[0], sg[0], a), cg, sg

    def combination_groups(self, purpose: str, section: str) -> list[tuple[frozenset[Atom], ...]]:
        """The non-empty combinations of atoms, grouped by what the rules can see of them.

        A rule sees an operation's data categories (or subjects) only through a permit's scope
        (``categories <= scope``), through ``intersects`` and ``"term" in categories`` with a constant
        (a literal, a list, a named set), and through the vocabulary (an unknown term). Combinations
        that are inside exactly the same scopes and meet exactly the same constants are decided alike
        by every rule, for every fact. Where a rule compares the field with anything else (a fact,
        ``==``), the field is not grouped: each combination is its own group."""
        atoms = self.atoms(purpose, section)
        combos = list(nonempty_subsets(atoms))
        field = SET_FIELDS[section]
        if field in self.fine:
            return [(c,) for c in combos]
        inside: list[frozenset[str]] = [p.vocabulary.terms(section) for p in self.policies]
        meets: list[frozenset[str]] = []
        for p in self.policies:
            for r in plan_rules(p, purpose) + recipient_rules(p):
                scope_ = getattr(r, field)
                if scope_ is not None and r.level == "processing" and r.effect == "permit":
                    inside.append(scope_)
                if r.ast is not None:
                    meets.extend(literals(r.ast, p))
        inside, meets = list(dict.fromkeys(inside)), list(dict.fromkeys(meets))
        by_sig: dict[tuple[tuple[bool, ...], tuple[bool, ...]], list[frozenset[Atom]]] = {}
        for c in combos:
            terms = {a[0] for a in c}
            sig = (tuple(terms <= s for s in inside), tuple(not terms.isdisjoint(s) for s in meets))
            by_sig.setdefault(sig, []).append(c)
        return [tuple(g) for g in by_sig.values()]

    def projection(self, cell: Cell) -> Any:
        """What the recipient rules of either policy can see of a class's processing (its key for them)."""
        def ratom(section: str, term: str) -> Any:
            if FIELDS[section] in self.fine:
                return atom_of(self.atoms(cell.purpose, section), term) if section != "purposes" else term
            key = ("r", section)
            if key not in self._atoms:
                self._atoms[key] = partition(self.universe(section), self.recipient_sets + [p.vocabulary.terms(section) for p in self.policies])
            return atom_of(self._atoms[key], term)

        return (ratom("purposes", cell.purpose), ratom("legal_bases", cell.basis[0]), ratom("actions", cell.action[0]),
                frozenset(ratom("data_categories", a[0]) for a in cell.categories),
                frozenset(ratom("data_subjects", a[0]) for a in cell.subjects))

    def recipient_classes(self) -> list[RecipientClass]:
        if self._rclasses is None:
            self._rclasses = self._recipient_classes()
        return self._rclasses

    def _recipient_classes(self) -> list[RecipientClass]:
        countries, country_names = self.countries()
        names = partition(self.names(), self.recipient_sets)
        out = []
        for kind in sorted(self.universe("recipient_kinds")):
            for country, (inside, outside) in zip(countries, country_names):
                for name in names:
                    for dpa in (True, False, None):
                        out.append(RecipientClass(kind, country, dpa, name, inside, outside))
        return out

    def countries(self) -> tuple[list[Atom], list[tuple[tuple[str, ...], tuple[str, ...]]]]:
        def is_code(t: str) -> bool:
            return len(t) == 2 and t.isascii() and t.isupper()

        codes = {t for s in self.recipient_sets for t in s if is_code(t)}
        filler = next(a + b for a in "ZYXWVUTSRQ" for b in "ZYXWVUTSRQ" if a + b not in codes)  # user-assigned codes
        atoms = partition(codes | {filler}, self.recipient_sets)
        named: dict[str, frozenset[str]] = {}
        for p in self.policies:
            for r in recipient_rules(p):
                for n in named_sets(r.ast):
                    named.setdefault(n, p.vocabulary.sets.get(n, frozenset()))
        labels = [(tuple(sorted(n for n, s in named.items() if a[0] in s)),
                   tuple(sorted(n for n, s in named.items() if a[0] not in s and any(is_code(t) for t in s)))) for a in atoms]
        return list(atoms), labels

    def recipient_class_of(self, r: Any) -> RecipientClass | None:
        """The class of one recipient given as data (kind, name, country, dpa)."""
        for rc in self.recipient_classes():
            sets = self.recipient_sets
            if (rc.kind == r["kind"] and rc.dpa == r.get("dpa")
                    and all((rc.country[0] in x) == (r["country"] in x) for x in sets)
                    and all((rc.name[0] in x) == (r["name"] in x) for x in sets)):
                return rc
        return None

    def named_recipients(self) -> frozenset[str]:
        """The names some rule compares ``recipient.name`` with (literals, lists, named sets)."""
        out: set[str] = set()
        for p in self.policies:
            for r in recipient_rules(p):
                _compared_with(r.ast, ("path", "recipient", "name"), p, out)
        return frozenset(out)

    def names(self) -> set[str]:
        texts: set[str] = {FILLER_NAME}
        for p in self.policies:
            for r in recipient_rules(p):
                if r.ast is not None and "recipient.name" in _paths(r.ast):
                    texts.update(t for s in literals(r.ast, p) for t in s)
        return texts


SET_FIELDS = {"data_categories": "categories", "data_subjects": "subjects"}
OP_FIELDS = frozenset({"purpose", "legal_basis", "action", "categories", "subjects"})
_COMPARISONS = ("eq", "ne", "in", "not_in", "intersects")


FIELDS = {"purposes": "purpose", "legal_bases": "legal_basis", "actions": "action", **SET_FIELDS}


def _fields_against_facts(ast: Any, out: set[str]) -> None:
    """Add to ``out`` the fields of the operation that ``ast`` compares with a fact (or a set field with ==)."""
    if not isinstance(ast, tuple) or not ast:
        return
    if ast[0] in _COMPARISONS:
        sides = [".".join(x[1:]) if isinstance(x, tuple) and x and x[0] == "path" else None for x in ast[1:3]]
        for here, there in ((sides[0], sides[1]), (sides[1], sides[0])):
            if here in OP_FIELDS and there is not None and not there.startswith("sets."):
                out.add(here)  # a field against a fact (or another path): its value stays in the residual
            if here in ("categories", "subjects") and ast[0] in ("eq", "ne"):
                out.add(here)  # equality of sets: not seen through scopes and shared terms
    for sub in ast[1:]:
        _fields_against_facts(sub, out)


def _compared_with(ast: Any, target: tuple[str, ...], policy: CompiledPolicy, out: set[str]) -> None:
    if not isinstance(ast, tuple) or not ast:
        return
    if ast[0] in _COMPARISONS:
        for here, there in ((ast[1], ast[2]), (ast[2], ast[1])):
            if here == target:
                out.update(t for s in literals(there, policy) for t in s)
    for sub in ast[1:]:
        _compared_with(sub, target, policy, out)


def _paths(ast: Any) -> set[str]:
    return set(paths(ast))


def nonempty_subsets(atoms: tuple[Atom, ...]) -> Iterator[frozenset[Atom]]:
    for k in range(1, len(atoms) + 1):
        for combo in combinations(atoms, k):
            yield frozenset(combo)
