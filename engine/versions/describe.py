"""Group the changed classes into few boxes and describe each in Norwegian and English.

Changed classes with the same change (the verdicts on both sides; for a class with a recipient,
what the recipient adds to the verdict on the processing alone) are merged into boxes: products
of a set of purposes, legal bases, actions, data-category combinations, subject combinations and
recipient classes. Merging only joins boxes that agree on every other dimension, so a box holds
exactly the classes it describes, no more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.decision import OUTCOME_WORDS
from .compare import CellChange, Side, side
from .diff import Diff
from .space import Atom, RecipientClass, nonempty_subsets

DIMS = ("purpose", "basis", "action", "categories", "subjects", "recipient")


@dataclass(frozen=True, slots=True)
class Group:
    box: tuple[frozenset[Any], ...]  # one set of values per dimension in DIMS
    old: Side
    new: Side
    changes: tuple[CellChange, ...]
    processings: frozenset[Any] | None = None  # for a recipient group: the processings it holds (not a product)


def groups(diff: Diff) -> list[Group]:
    by_key: dict[tuple[Side, Side], list[CellChange]] = {}
    for ch in diff.changes:
        key = (side(ch.old, ch.base_old), side(ch.new, ch.base_new))
        by_key.setdefault(key, []).append(ch)
    out: list[Group] = []
    for (old, new), changes in by_key.items():
        by_cell = {ch.cell: ch for ch in changes}
        if changes[0].cell.recipient is not None:
            out.extend(_recipient_groups(old, new, changes))
            continue
        for box in merge([tuple(frozenset([getattr(ch.cell, d)]) for d in DIMS) for ch in changes]):
            members = tuple(by_cell[c] for c in by_cell if all(getattr(c, d) in box[i] for i, d in enumerate(DIMS)))
            out.append(Group(box, old, new, members))
    out.sort(key=lambda g: (sorted(g.box[0]), g.box[5] != frozenset([None]), -len(g.changes), _order(g)))
    return out


def _recipient_groups(old: Side, new: Side, changes: list[CellChange]) -> list[Group]:
    # A recipient's change is the same whatever the processing: one box per set of processings.
    by_rcpt: dict[Any, list[CellChange]] = {}
    for ch in changes:
        by_rcpt.setdefault(ch.cell.recipient, []).append(ch)
    by_procs: dict[frozenset[Any], list[Any]] = {}
    for rc, chs in by_rcpt.items():
        procs = frozenset((c.cell.purpose, c.cell.basis, c.cell.action, c.cell.categories, c.cell.subjects) for c in chs)
        by_procs.setdefault(procs, []).append(rc)
    out = []
    for procs, rcs in by_procs.items():
        box = tuple(frozenset(p[i] for p in procs) for i in range(5)) + (frozenset(rcs),)
        members = tuple(ch for rc in rcs for ch in by_rcpt[rc])
        out.append(Group(box, old, new, members, procs))
    return out


def _order(g: Group) -> str:
    return repr(g.changes[0].witness.operation)


def merge(boxes: list[tuple[frozenset[Any], ...]]) -> list[tuple[frozenset[Any], ...]]:
    """Join boxes that agree on all dimensions but one, until none do."""
    current = set(boxes)
    while True:
        before = len(current)
        for d in range(len(DIMS)):
            joined: dict[tuple[frozenset[Any], ...], set[Any]] = {}
            for b in current:
                joined.setdefault(b[:d] + b[d + 1:], set()).update(b[d])
            current = {k[:d] + (frozenset(v),) + k[d:] for k, v in joined.items()}
        if len(current) == before:
            return sorted(current, key=repr)


# ---------------------------------------------------------------------------- words


class Words:
    def __init__(self, diff: Diff) -> None:
        self.diff = diff

    def term(self, section: str, term: str, lang: str) -> str:
        for p in (self.diff.new, self.diff.old):
            if term in p.vocabulary.terms(section):
                return p.vocabulary.label(section, term, lang)
        return term

    def terms(self, section: str, terms: Any, lang: str, limit: int = 8) -> str:
        ts = sorted(terms)
        shown = [self.term(section, t, lang) for t in ts[:limit]]
        more = len(ts) - len(shown)
        if more:
            shown.append(f"og {more} til" if lang == "nb" else f"and {more} more")
        return ", ".join(shown)

    def outcome(self, s: Side, lang: str) -> str:
        i = 0 if lang == "nb" else 1
        word = OUTCOME_WORDS[s.outcome][i].lower()
        if s.unknown:
            word += (" (ukjent begrep: " if lang == "nb" else " (unknown term: ") + ", ".join(s.unknown) + ")"
        if s.relative:
            return ("som uten mottakeren" if lang == "nb" else "as without the recipient")
        return word

    def scope(self, g: Group, lang: str) -> list[str]:
        purposes, bases, actions, cats, subjects, rcpts = g.box
        nb = lang == "nb"
        if g.processings is not None:
            return [self.processings(g, lang), self.recipients(rcpts, lang)]
        parts = [self.terms("purposes", purposes, lang)]
        p0 = sorted(purposes)[0]
        space = self.diff.space
        for section, value, word_nb, word_en in (("legal_bases", bases, "grunnlag", "legal basis"), ("actions", actions, "handling", "action")):
            if set(value) != set(space.atoms(p0, section)):
                parts.append(f"{word_nb if nb else word_en}: " + self.terms(section, {t for a in value for t in a}, lang))
        for section, value, word_nb, word_en in (("data_categories", cats, "opplysninger", "data"), ("data_subjects", subjects, "registrerte", "subjects")):
            text = self.combinations(section, value, space.atoms(p0, section), lang)
            if text:
                parts.append(f"{word_nb if nb else word_en}: {text}")
        if rcpts != frozenset([None]):
            parts.append(self.recipients(rcpts, lang))
        return parts

    def combinations(self, section: str, value: frozenset[frozenset[Atom]], atoms: tuple[Atom, ...], lang: str) -> str:
        """Which combinations of terms a box holds, exactly; '' when it holds every one."""
        union = tuple(sorted({a for s in value for a in s}))
        if set(value) == set(nonempty_subsets(union)):
            if len(union) == len(atoms):
                return ""
            return ("bare blant " if lang == "nb" else "only among ") + self.terms(section, {t for a in union for t in a}, lang)
        must = tuple(a for a in union if frozenset([a]) in value)
        if must and set(value) == {s for s in nonempty_subsets(union) if s & set(must)}:
            rest = [a for a in union if a not in must]
            text = ("minst én av " if lang == "nb" else "at least one of ") + self.terms(section, {t for a in must for t in a}, lang)
            if rest:
                text += (", ellers bare blant " if lang == "nb" else ", otherwise only among ") + self.terms(section, {t for a in rest for t in a}, lang)
            return text
        shown = ["{" + " + ".join(self.terms(section, a, lang, 3) for a in sorted(s)) + "}" for s in sorted(value, key=sorted)]
        return (" eller " if lang == "nb" else " or ").join(shown)

    def processings(self, g: Group, lang: str) -> str:
        assert g.processings is not None
        every = self.diff.open_count  # a recipient group's processings are all open: equal counts, equal sets
        if len(g.processings) == every:
            return "enhver behandling som ikke avvises uten mottakeren" if lang == "nb" else "any processing not refused without the recipient"
        n = len(g.processings)
        purposes = self.terms("purposes", {p[0] for p in g.processings}, lang, 4)
        return (f"{n} av {every} klasser av behandlinger som ikke avvises uten mottakeren, for {purposes}" if lang == "nb"
                else f"{n} of {every} classes of processing not refused without the recipient, for {purposes}")

    def name(self, r: RecipientClass, lang: str) -> str:
        """The recipient's name where a rule names it: the names of its class, or the named ones it is not."""
        named = sorted(self.diff.space.named_recipients())
        if not named:
            return ""
        mine = [t for t in r.name if t in named]
        if mine:
            return ("ved navn " if lang == "nb" else "named ") + ", ".join(f"«{t}»" for t in mine)
        return ("med annet navn enn " if lang == "nb" else "with a name other than ") + ", ".join(f"«{t}»" for t in named)

    def recipients(self, rcpts: frozenset[RecipientClass], lang: str) -> str:
        nb = lang == "nb"
        names: dict[tuple[str, tuple[str, ...], tuple[str, ...], bool | None], set[bool]] = {}
        for r in rcpts:  # per kind, country and agreement: named, other names, or both (then the name does not matter)
            names.setdefault((r.kind, r.country_sets, r.country_other, r.dpa), set()).add(bool(set(r.name) & self.diff.space.named_recipients()))
        out: list[str] = []
        for r in sorted(rcpts, key=repr):
            where = ""
            if r.country_sets:
                where = ("i " if nb else "in ") + ", ".join(r.country_sets)
            elif r.country_other:
                where = ("utenfor " if nb else "outside ") + ", ".join(r.country_other)
            dpa = {True: ("med databehandleravtale", "with a processing agreement"), False: ("uten databehandleravtale", "without a processing agreement"),
                   None: ("databehandleravtale ukjent", "processing agreement unknown")}[r.dpa][0 if nb else 1]
            name = "" if len(names[(r.kind, r.country_sets, r.country_other, r.dpa)]) == 2 else self.name(r, lang)
            out.append(" ".join(x for x in (self.term("recipient_kinds", r.kind, lang), name, where, dpa) if x))
        return ("mottaker: " if nb else "recipient: ") + "; ".join(dict.fromkeys(out))
