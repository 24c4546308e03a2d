"""What changes in practice for stored data between two policies: how long each record class is kept.

Exact: a retention answer depends only on the rule that decides the record's class (the first in the
rule files' order that names it: :func:`personvern.decide.retention.rule_for_class`), that rule's
terms (keep while the relationship lasts, while an objection stands, or for a period from a date;
the data categories it allows), what each relationship state means (its stage), and the record class
a record that names none has. Every record class of either version is compared on these; a change
of wording alone (explanation, source, interpretation) is not a change in practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.model import CompiledPolicy, RetentionRule
from ..decide.retention import keep_words, rule_for_class


@dataclass(frozen=True, slots=True)
class RetentionChange:
    """One change: a record class kept otherwise, a relationship state read otherwise, or another default class."""

    kind: str  # "record_class" | "stage" | "default_record_class"
    term: str  # the record class or relationship state ("" for the default record class)
    old: str | None  # what the old version does, in English words or the stage (None: it does not know the term)
    new: str | None
    nb: str
    en: str
    old_rule: str | None = None  # the deciding rules (record_class changes)
    new_rule: str | None = None
    cites: tuple[str, ...] = ()  # the clauses both rules cite, old first


def _practice(rule: RetentionRule | None) -> tuple[Any, ...] | None:
    """What decides a record under this rule (its words left out)."""
    if rule is None:
        return None
    return (rule.keep, rule.anchor, rule.years, rule.months, rule.days,
            None if rule.categories is None else tuple(sorted(rule.categories)))


def _words(policy: CompiledPolicy, rule: RetentionRule | None, lang: str) -> str:
    if rule is None:
        return "ingen oppbevaringsregel" if lang == "nb" else "no retention rule"
    out = keep_words(rule, lang)
    if rule.categories is not None:
        names = ", ".join(policy.vocabulary.label("data_categories", c, lang) for c in sorted(rule.categories))
        out += f"; bare {names}" if lang == "nb" else f"; only {names}"
    return out


def retention_changes(old: CompiledPolicy, new: CompiledPolicy) -> tuple[RetentionChange, ...]:
    out: list[RetentionChange] = []
    classes = sorted(old.vocabulary.terms("record_classes") | new.vocabulary.terms("record_classes"))
    for rc in classes:
        ro = rule_for_class(old, rc) if rc in old.vocabulary.terms("record_classes") else None
        rn = rule_for_class(new, rc) if rc in new.vocabulary.terms("record_classes") else None
        if _practice(ro) == _practice(rn):
            continue
        label_nb = new.vocabulary.label("record_classes", rc) if rn else old.vocabulary.label("record_classes", rc)
        label_en = new.vocabulary.label("record_classes", rc, "en") if rn else old.vocabulary.label("record_classes", rc, "en")
        cites = tuple(dict.fromkeys((*(ro.cites if ro else ()), *(rn.cites if rn else ()))))
        out.append(RetentionChange(
            "record_class", rc, _words(old, ro, "en") if ro else None, _words(new, rn, "en") if rn else None,
            f"{label_nb} ({rc}): {_words(old, ro, 'nb')} → {_words(new, rn, 'nb')}",
            f"{label_en} ({rc}): {_words(old, ro, 'en')} → {_words(new, rn, 'en')}",
            ro.id if ro else None, rn.id if rn else None, cites))
    so, sn = old.vocabulary.index.stage_of, new.vocabulary.index.stage_of
    for state in sorted(so.keys() | sn.keys()):
        if so.get(state) != sn.get(state):
            out.append(RetentionChange("stage", state, so.get(state), sn.get(state),
                                       f"kundeforholdet «{state}»: fase {so.get(state) or 'ukjent'} → {sn.get(state) or 'ukjent'}",
                                       f"relationship state «{state}»: stage {so.get(state) or 'unknown'} → {sn.get(state) or 'unknown'}"))
    do, dn = old.vocabulary.index.default_record_class, new.vocabulary.index.default_record_class
    if do != dn:
        out.append(RetentionChange("default_record_class", "", do, dn,
                                   f"en post uten oppbevaringsklasse: {do or 'må oppgi klassen'} → {dn or 'må oppgi klassen'}",
                                   f"a record that names no record class: {do or 'must name it'} → {dn or 'must name it'}"))
    return tuple(out)


def retention_json(changes: tuple[RetentionChange, ...]) -> list[dict[str, Any]]:
    return [{"kind": c.kind, "term": c.term, "old": c.old, "new": c.new, "nb": c.nb, "en": c.en, "old_rule": c.old_rule, "new_rule": c.new_rule,
             "clauses": list(c.cites)} for c in changes]


def retention_lines(changes: tuple[RetentionChange, ...], langs: tuple[str, ...]) -> list[str]:
    """The retention part of the text diff (Norwegian first, English in brackets)."""
    if not changes:
        return ["Oppbevaring: ingen endring i hvor lenge noe beholdes. (Retention: no change in how long anything is kept.)"]
    lines = [f"Oppbevaring: {len(changes)} endringer (retention: {len(changes)} changes)"]
    for i, c in enumerate(changes, 1):
        lines.append("")
        lines.append(f"R{i}. {c.nb if langs[0] == 'nb' else c.en}")
        if len(langs) > 1:
            lines.append(f"    ({c.en})")
        if c.old_rule or c.new_rule:
            lines.append(f"    regler (rules): {c.old_rule or '–'} → {c.new_rule or '–'}" + (f"  [{', '.join(c.cites)}]" if c.cites else ""))
    return lines
