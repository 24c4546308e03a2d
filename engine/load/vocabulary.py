"""Compile the vocabulary (vocabulary.yaml): its terms, facts, named sets and cross-fact checks, and what
the condition language is given from it: the names a condition may use at each level (scopes) and the
words its residual conditions are said in (labels)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from .. import errors
from ..core.factkinds import BOOLEAN, SET, FactKind, kind_of
from ..core.model import FactCheck, Obligation, Vocabulary
from ..lang.expr import Binding, Scope, Type
from ..lang.residual import Labels, Phrase
from .loader import Document

TERM_SECTIONS = ("data_categories", "data_subjects", "purposes", "legal_bases", "recipient_kinds",
                 "actions", "relationship_states", "record_classes", "product_kinds")



def build_scopes(vocab: Vocabulary) -> tuple[Scope, Scope]:
    """What conditions may name at the processing level, and at the recipient level."""
    terms = {s: vocab.terms(s) for s in TERM_SECTIONS} | {"countries": frozenset()}
    b: dict[str, Binding] = {
        "purpose": Binding(Type("term", "purposes"), "op", "purpose"),
        "legal_basis": Binding(Type("term", "legal_bases"), "op", "legal_basis"),
        "action": Binding(Type("term", "actions"), "op", "action"),
        "categories": Binding(Type("set", "data_categories"), "op", "categories"),
        "subjects": Binding(Type("set", "data_subjects"), "op", "subjects"),
    }
    for name, d in vocab.facts.items():
        b[f"facts.{name}"] = Binding(kind_of(d).lang_type(d.get("of")), "fact", name)
    for name, members in vocab.sets.items():
        b[f"sets.{name}"] = Binding(Type("set", _set_of(vocab, name)), "const", name, members)
    rb = dict(b)
    rb["recipient.kind"] = Binding(Type("term", "recipient_kinds"), "rcpt", "kind")
    rb["recipient.name"] = Binding(Type("text"), "rcpt", "name")
    rb["recipient.country"] = Binding(Type("term", "countries"), "rcpt", "country")
    rb["recipient.dpa"] = Binding(Type("bool"), "rcpt", "dpa")
    return Scope(b, terms), Scope(rb, terms)


def _set_of(vocab: Vocabulary, name: str) -> str:
    return vocab.set_of.get(name) or "text"


def build_labels(vocab: Vocabulary, controller: str | None = None) -> Labels:
    """The words residual conditions are said in; ``controller``: the policy's controller (policy.yaml), whom a
    processing agreement is with."""
    with_nb, with_en = (f"med {controller}", f"with {controller}") if controller else ("med den behandlingsansvarlige", "with the controller")
    phrases: dict[str, Phrase] = {}
    for name, d in vocab.facts.items():
        vocab_of = kind_of(d).lang_type(d.get("of")).vocab
        phrases[f"facts.{name}"] = Phrase(d["nb"], d["en"], d.get("nb_not", ""), d.get("en_not", ""), vocab_of)
    phrases["recipient.dpa"] = Phrase(f"mottakeren har databehandleravtale {with_nb}", f"the recipient has a data processing agreement {with_en}",
                                      f"mottakeren har ikke databehandleravtale {with_nb}", f"the recipient has no data processing agreement {with_en}")
    phrases["recipient.name"] = Phrase("mottakeren", "the recipient")
    phrases["recipient.country"] = Phrase("mottakerens land", "the recipient's country", vocab="countries")
    phrases["purpose"] = Phrase("formålet", "the purpose", vocab="purposes")
    phrases["legal_basis"] = Phrase("det rettslige grunnlaget", "the legal basis", vocab="legal_bases")
    phrases["categories"] = Phrase("opplysningene", "the data", vocab="data_categories")
    phrases["subjects"] = Phrase("de registrerte", "the data subjects", vocab="data_subjects")
    phrases["action"] = Phrase("handlingen", "the action", vocab="actions")
    for name in vocab.sets:
        phrases[f"sets.{name}"] = Phrase(f"mengden {name}", f"the set {name}")
    terms: dict[tuple[str, str], tuple[str, str]] = {}
    for section, entries in vocab.sections.items():
        for term, d in entries.items():
            if isinstance(d, Mapping) and "nb" in d:
                terms[(section, term)] = (str(d["nb"]), str(d["en"]))
    return Labels(phrases, terms)


def compile_vocabulary(doc: Document, c: Any) -> Vocabulary:
    """The vocabulary file's terms, facts, named sets, obligations and cross-fact checks, each checked."""
    data = doc.data
    sections = {s: data.get(s, {}) for s in TERM_SECTIONS}
    facts = data.get("facts", {})
    for name, d in facts.items():
        of = d.get("of")
        if kind_of(d).needs_of and of is None:
            c.add(doc, errors.SCHEMA, f"the fact {name!r} of type {d['type']} needs 'of'", f"$.facts.{name}")
        if of is not None and of not in sections and of != "text":
            c.add(doc, errors.UNKNOWN_TERM, f"{of!r} is not a vocabulary section", f"$.facts.{name}.of")
    for section in ("actions", "record_classes"):
        marked = [t for t, d in sections[section].items() if d.get("default")]
        for t in marked[1:]:
            c.add(doc, errors.DUPLICATE_ID, f"{section}: {t!r} is marked default, and so is {marked[0]!r}; at most one may be",
                  f"$.{section}.{t}.default")
    sets: dict[str, frozenset[str]] = {}
    set_of: dict[str, str] = {}
    for name, d in data.get("sets", {}).items():
        of = d["of"]
        for i, m in enumerate(d["members"]):
            if of == "countries":
                if not (isinstance(m, str) and len(m) == 2 and m.isascii() and m.isupper()):
                    c.add(doc, errors.UNKNOWN_TERM, f"{m!r} is not an ISO 3166 alpha-2 country code", f"$.sets.{name}.members[{i}]")
            elif of not in sections:
                c.add(doc, errors.UNKNOWN_TERM, f"{of!r} is not a vocabulary section", f"$.sets.{name}.of")
                break
            elif m not in sections[of]:
                c.add(doc, errors.UNKNOWN_TERM, errors.unknown_term(m, of, sections[of]), f"$.sets.{name}.members[{i}]")
        sets[name] = frozenset(d["members"])
        set_of[name] = of
    obligations = {k: Obligation(k, v["nb"], v["en"]) for k, v in data.get("obligations", {}).items()}
    checks = tuple(_fact_check(doc, d, f"$.fact_checks[{i}]", facts, sections, c) for i, d in enumerate(data.get("fact_checks", [])))
    return Vocabulary(MappingProxyType(sections), MappingProxyType(facts), MappingProxyType(sets),
                      MappingProxyType(obligations), MappingProxyType(set_of), checks)


def _fact_check(doc: Document, d: Mapping[str, Any], path: str, facts: Mapping[str, Any], sections: Mapping[str, Any],
                c: Any) -> FactCheck:
    """One cross-fact rule; the facts it names must exist and have the types it needs."""
    def typed(name: str, kind: FactKind, where: str) -> None:
        if facts.get(name, {}).get("type") != kind.name:
            c.add(doc, errors.UNKNOWN_TERM, f"{name!r} is not a {kind.name} fact of the vocabulary", f"{path}.{where}")

    if "disjoint" in d:
        first, second = d["disjoint"]
        typed(first, SET, "disjoint[0]")
        typed(second, SET, "disjoint[1]")
        return FactCheck("disjoint", first, second, None, d["nb"], d["en"])
    if "fact" in d:  # one boolean fact true means another is true
        typed(d["fact"], BOOLEAN, "fact")
        typed(d["implies"], BOOLEAN, "implies")
        return FactCheck("implies", d["fact"], d["implies"], None, d["nb"], d["en"])
    first, term, second = d["member"]["set"], d["member"]["term"], d["implies"]
    typed(first, SET, "member.set")
    typed(second, BOOLEAN, "implies")
    of = facts.get(first, {}).get("of")
    if of is not None and term not in sections.get(of, {}):
        c.add(doc, errors.UNKNOWN_TERM, errors.unknown_term(term, of, sections.get(of, {})), f"{path}.member.term")
    return FactCheck("implies", first, second, term, d["nb"], d["en"])
