"""personvern export --format jsonld|turtle: the policy in the W3C Data Privacy Vocabulary (DPV 2.x).

Checked with rdflib: both formats parse back to the same graph, SPARQL over it gives back what
the rules say, and every term is a DPV/DPV-PD/EU-GDPR id the vocabulary names, or a personvern IRI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import personvern
from personvern.load import rules as api
from personvern.cli import main

rdflib = pytest.importorskip("rdflib", reason="rdflib is in the [linked] and [test] extras")
from rdflib.compare import isomorphic  # noqa: E402
from rdflib.namespace import RDF  # noqa: E402

DPV = "https://w3id.org/dpv#"
EXPANSIONS = {"dpv": DPV, "pd": "https://w3id.org/dpv/pd#", "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#"}
OURS = "https://flex.as/personvern/"


def _vocabulary() -> dict[str, Any]:
    """The vocabulary as written (read here, not through the engine)."""
    data: dict[str, Any] = yaml.safe_load((api.default_rules_dir() / "vocabulary.yaml").read_text(encoding="utf-8"))
    return data


def _dpv_ids() -> set[str]:
    out = set()
    for section, terms in _vocabulary().items():
        if isinstance(terms, dict):
            for d in terms.values():
                if isinstance(d, dict) and d.get("dpv"):
                    prefix, _, local = d["dpv"].partition(":")
                    out.add(EXPANSIONS[prefix] + local)
    return out


def _iri(section: str, term: str) -> str:
    d = _vocabulary()[section][term]
    if d.get("dpv"):
        prefix, _, local = d["dpv"].partition(":")
        return EXPANSIONS[prefix] + local
    return f"{OURS}vocab#{section}.{term}"


def _export(fmt: str, capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    assert main(["export", "--format", fmt, *extra]) == 0
    g = rdflib.Graph()
    g.parse(data=capsys.readouterr().out, format={"jsonld": "json-ld", "turtle": "turtle"}[fmt])
    assert len(g) > 100
    return g


@pytest.fixture(scope="module")
def graph() -> Any:
    from personvern.versions.linked import export

    return rdflib.Graph().parse(data=export(personvern.load_policy(use_cache=False), "turtle"), format="turtle")


def test_both_formats_parse_back_to_the_same_graph(capsys: pytest.CaptureFixture[str]) -> None:
    assert isomorphic(_export("turtle", capsys), _export("jsonld", capsys))


def test_sparql_lists_each_purpose_with_the_legal_bases_the_rules_give_it(graph: Any, policy: personvern.Policy) -> None:
    rows = graph.query("""
        PREFIX dpv: <https://w3id.org/dpv#>
        SELECT DISTINCT ?purpose ?basis WHERE {
            ?h a dpv:PersonalDataHandling ; dpv:hasPurpose ?purpose ; dpv:hasLegalBasis ?basis .
        }""")
    got = {(str(p), str(b)) for p, b in rows}
    expected = {(_iri("purposes", p), _iri("legal_bases", b))
                for r in policy.rules.values() if r.effect == "permit" and r.level == "processing" and not r.default
                for p in (r.purposes or policy.vocabulary.terms("purposes"))
                for b in (r.legal_bases or policy.vocabulary.terms("legal_bases"))}
    assert got == expected
    assert any(b.startswith(EXPANSIONS["eu-gdpr"] + "A6-1-") for _, b in got)


def test_each_permit_rule_is_one_processing_record_with_its_data_and_subjects(graph: Any, policy: personvern.Policy) -> None:
    dpv = rdflib.Namespace(DPV)
    records = {str(o): s for s, o in graph.subject_objects(rdflib.namespace.DCTERMS.identifier)
               if (s, RDF.type, dpv.PersonalDataHandling) in graph}
    permits = {r.id: r for r in policy.rules.values() if r.effect == "permit" and not r.default}
    assert set(records) == set(permits)
    for rid, rule in permits.items():
        node = records[rid]
        if rule.level == "processing":
            assert {str(o) for o in graph.objects(node, dpv.hasPersonalData)} == {_iri("data_categories", c) for c in rule.categories or ()}
            assert {str(o) for o in graph.objects(node, dpv.hasDataSubject)} == {_iri("data_subjects", s) for s in rule.subjects or ()}
        else:
            assert {str(o) for o in graph.objects(node, dpv.hasRecipient)} == {_iri("recipient_kinds", k) for k in rule.recipient_kinds or ()}
        assert {str(o) for o in graph.objects(node, dpv.hasObligation)} == {f"{OURS}policy/{policy.id}/{policy.version}#obligation.{o.id}"
                                                                          for o in rule.obligations}


def test_every_term_is_a_dpv_id_of_the_vocabulary_or_a_personvern_iri(graph: Any) -> None:
    ids = _dpv_ids()
    seen_dpv = 0
    for s, p, o in graph:
        assert isinstance(s, rdflib.URIRef) and str(s).startswith(OURS) or str(s) in ids, s
        if not isinstance(o, rdflib.URIRef):
            continue
        if p == RDF.type:
            assert str(o).startswith(DPV), o  # a DPV class
        else:
            assert str(o).startswith(OURS) or str(o) in ids, (p, o)
            seen_dpv += str(o) in ids
    assert seen_dpv > 20


def test_a_term_without_a_dpv_id_is_a_personvern_iri_typed_with_its_dpv_class(graph: Any) -> None:
    without = [(s, t) for s in ("purposes", "data_categories") for t, d in _vocabulary()[s].items() if not d.get("dpv")]
    assert without, "every term has a dpv id: nothing to check"
    classes = {"purposes": "Purpose", "data_categories": "PersonalData"}
    used = 0
    for section, term in without:
        node = rdflib.URIRef(_iri(section, term))
        if (None, None, node) in graph:
            used += 1
            assert (node, RDF.type, rdflib.URIRef(DPV + classes[section])) in graph, node
            assert {o.language for o in graph.objects(node, rdflib.RDFS.label)} == {"nb", "en"}
    assert used, "no rule uses a term without a dpv id"


def test_retention_rules_are_storage_durations_with_iso_durations(graph: Any, policy: personvern.Policy) -> None:
    rows = list(graph.query("""
        PREFIX dpv: <https://w3id.org/dpv#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?value WHERE { ?p dpv:hasStorageCondition ?s . ?s a dpv:StorageDuration ; dcterms:identifier ?id .
                                  OPTIONAL { ?s rdf:value ?value } }"""))
    assert {str(i) for i, _ in rows} == {r.id for r in policy.retention_rules}
    for rid, value in rows:
        r = next(x for x in policy.retention_rules if x.id == str(rid))
        if r.keep == "period":
            assert value is not None and str(value).startswith("P") and (f"{r.years}Y" in str(value)) == bool(r.years)


def test_export_of_a_folder_that_does_not_load_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "turtle", "--policy", str(tmp_path)]) == 2
    assert "Traceback" not in capsys.readouterr().err
