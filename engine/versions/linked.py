"""The policy as linked data in the W3C Data Privacy Vocabulary (DPV 2.x), built with rdflib.

Each term is written as the DPV (dpv:, pd:, eu-gdpr:) id the vocabulary gives it, else as a
personvern IRI (``VOCAB`` + section + "." + term) typed with the DPV class of its section.
Each permit rule becomes a ``dpv:PersonalDataHandling`` record (purposes, legal bases, personal
data, data subjects, processing operations, recipients, obligations); each retention rule a
``dpv:StorageDuration``. Nothing here knows the Flex policy's terms: all of it is read from the rules.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..errors import Problem
from ..core.model import CompiledPolicy, Rule

VOCAB = "https://flex.as/personvern/vocab#"
POLICY = "https://flex.as/personvern/policy/"
PREFIXES = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
}
# The DPV class each vocabulary section's own terms are instances of.
SECTION_CLASS = {
    "purposes": "Purpose", "legal_bases": "LegalBasis", "data_categories": "PersonalData",
    "data_subjects": "DataSubject", "recipient_kinds": "Recipient", "actions": "Processing",
}
FORMATS = {"jsonld": "json-ld", "turtle": "turtle"}


def _rdflib() -> Any:
    try:
        import rdflib
    except ImportError:
        raise errors.PersonvernError("the linked-data export needs rdflib: pip install 'personvern[linked]'") from None
    return rdflib


def term_iri(policy: CompiledPolicy, section: str, term: str) -> str:
    """The DPV IRI of a term where the vocabulary gives one, else its personvern IRI."""
    d = policy.vocabulary.sections.get(section, {}).get(term) or {}
    dpv = d.get("dpv")
    if dpv:
        prefix, _, local = str(dpv).partition(":")
        if prefix not in PREFIXES or not local:
            raise errors.InvalidInputError([Problem(errors.UNKNOWN_TERM, f"the dpv id {dpv!r} of {section}.{term} has no known prefix",
                                                    f"{section}.{term}")], "vocabulary")
        return PREFIXES[prefix] + local
    return f"{VOCAB}{section}.{term}"


def policy_graph(policy: CompiledPolicy) -> Any:
    rdflib = _rdflib()
    from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

    g = rdflib.Graph()
    dpv = rdflib.Namespace(PREFIXES["dpv"])
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("pv", VOCAB)
    base = f"{POLICY}{policy.id}/{policy.version}#"
    g.bind("policy", base)
    U, L = rdflib.URIRef, rdflib.Literal

    def labelled(node: Any, nb: str, en: str) -> None:
        g.add((node, RDFS.label, L(nb, lang="nb")))
        g.add((node, RDFS.label, L(en, lang="en")))

    def record(name: str, cls: Any, link: Any, ident: str, nb: str, en: str) -> Any:
        node = U(f"{base}{name}.{ident}")
        g.add((node, RDF.type, cls))
        g.add((pol, link, node))
        g.add((node, DCTERMS.identifier, L(ident)))
        g.add((node, DCTERMS.description, L(nb, lang="nb")))
        g.add((node, DCTERMS.description, L(en, lang="en")))
        return node

    def term(section: str, t: str) -> Any:
        node = U(term_iri(policy, section, t))
        if str(node).startswith(VOCAB):  # our own term: say what it is
            g.add((node, RDF.type, dpv[SECTION_CLASS[section]]))
            labelled(node, policy.vocabulary.label(section, t, "nb"), policy.vocabulary.label(section, t, "en"))
        return node

    def scope(rule: Rule, attr: str, section: str) -> list[str]:
        s = getattr(rule, attr)
        return sorted(policy.vocabulary.terms(section) if s is None else s)

    pol = U(f"{base}policy")
    g.add((pol, RDF.type, dpv.Policy))
    g.add((pol, DCTERMS.identifier, L(policy.id)))
    g.add((pol, DCTERMS.hasVersion, L(policy.version)))
    g.add((pol, DCTERMS.title, L(policy.title_nb, lang="nb")))
    if policy.statement_date:
        g.add((pol, DCTERMS.issued, L(str(policy.statement_date), datatype=XSD.date)))
    controller = U(f"{base}controller")
    g.add((controller, RDF.type, dpv.DataController))
    g.add((controller, RDFS.label, L(policy.controller)))
    g.add((pol, dpv.hasDataController, controller))

    for rule in sorted(policy.rules.values(), key=lambda r: r.id):
        if rule.effect != "permit" or rule.default:
            continue
        node = record("rule", dpv.PersonalDataHandling, DCTERMS.hasPart, rule.id, rule.explanation_nb, rule.explanation_en)
        g.add((node, DCTERMS.title, L(rule.title_nb, lang="nb")))
        g.add((node, DCTERMS.title, L(rule.title_en, lang="en")))
        g.add((node, dpv.hasDataController, controller))
        for cid in rule.cites:
            g.add((node, DCTERMS.source, L(cid)))
        if rule.when:
            g.add((node, RDFS.comment, L(f"when: {rule.when}")))
        if rule.level == "processing":
            for p in scope(rule, "purposes", "purposes"):
                g.add((node, dpv.hasPurpose, term("purposes", p)))
            for b in scope(rule, "legal_bases", "legal_bases"):
                g.add((node, dpv.hasLegalBasis, term("legal_bases", b)))
            for c in scope(rule, "categories", "data_categories"):
                g.add((node, dpv.hasPersonalData, term("data_categories", c)))
            for s in scope(rule, "subjects", "data_subjects"):
                g.add((node, dpv.hasDataSubject, term("data_subjects", s)))
        else:
            for k in scope(rule, "recipient_kinds", "recipient_kinds"):
                g.add((node, dpv.hasRecipient, term("recipient_kinds", k)))
        for a in scope(rule, "actions", "actions"):
            g.add((node, dpv.hasProcessing, term("actions", a)))
        for o in rule.obligations:
            on = U(f"{base}obligation.{o.id}")
            g.add((on, RDF.type, dpv.Obligation))
            labelled(on, o.nb, o.en)
            g.add((node, dpv.hasObligation, on))

    for ret in policy.retention_rules:
        node = record("retention", dpv.StorageDuration, dpv.hasStorageCondition, ret.id, ret.explanation_nb, ret.explanation_en)
        if ret.keep == "period":
            iso = "P" + "".join(f"{n}{u}" for n, u in ((ret.years, "Y"), (ret.months, "M"), (ret.days, "D")) if n) if (ret.years or ret.months or ret.days) else "P0D"
            g.add((node, RDF.value, L(iso, datatype=XSD.duration)))
            if ret.anchor:
                g.add((node, RDFS.comment, L(f"from: {ret.anchor}")))
        else:
            g.add((node, RDFS.comment, L(f"kept while: {ret.keep}")))
        for cls in sorted(ret.record_classes):
            g.add((node, RDFS.comment, L(f"record class: {cls}")))
        for c in sorted(ret.categories or ()):
            g.add((node, dpv.hasPersonalData, term("data_categories", c)))
    return g


def export(policy: CompiledPolicy, fmt: str) -> str:
    if fmt not in FORMATS:
        raise errors.PersonvernError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    g = policy_graph(policy)
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix in (*PREFIXES, "pv", "policy", "dcterms", "rdfs", "xsd")}
        out = g.serialize(format="json-ld", context=context, auto_compact=True)
    else:
        out = g.serialize(format=FORMATS[fmt])
    return out if isinstance(out, str) else out.decode("utf-8")
