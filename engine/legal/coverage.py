"""Clause coverage: for every clause of the statement, the rules that cite it and the scenarios
that exercise it (read by personvern.legal.gherkin), with their last result (personvern.legal.results).

Pure: the feature files and the results are given (the CLI reads them; personvern.legal.locate
finds them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..errors import UNKNOWN_CLAUSE, Problem
from ..core.model import Clause, CompiledPolicy
from .gherkin import CLAUSE_TAG, DUPLICATE_SCENARIO, FEATURE_SYNTAX, INTERPRETATION_TAG, ScenarioRef, Step, parse_feature
from .results import (FAILED, NOT_RUN, PASSED, RESULTS_FORMAT, RESULTS_INVALID, RESULTS_STALE, Results, ScenarioResult,
                      parse_results)

__all__ = ["CLAUSE_TAG", "DUPLICATE_SCENARIO", "FEATURE_SYNTAX", "INTERPRETATION_TAG", "FAILED", "NOT_RUN", "PASSED",
           "RESULTS_FORMAT", "RESULTS_INVALID", "RESULTS_STALE", "NO_RULE", "NO_SCENARIO", "NO_PASSING_SCENARIO",
           "SCENARIO_WITHOUT_CLAUSE", "Citation", "ClauseCoverage", "Coverage", "Results", "ScenarioRef", "ScenarioResult",
           "Step", "citations", "compute", "parse_feature", "parse_results"]

# Stable finding codes (tools and tests match on these, never on message text).
NO_RULE = "clause_without_rule"
NO_SCENARIO = "clause_without_scenario"
NO_PASSING_SCENARIO = "clause_without_passing_scenario"
SCENARIO_WITHOUT_CLAUSE = "scenario_without_clause"


@dataclass(frozen=True, slots=True)
class Citation:
    """Something in the rule set that cites a clause: a rule, a retention rule, a right, the breach duties."""

    kind: str  # "processing" | "recipient" | "retention" | "right" | "breach"
    id: str
    title_nb: str
    explanation_nb: str
    effect: str | None = None  # "permit" | "forbid" for processing and recipient rules
    default: bool = False
    interpretation_nb: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ClauseCoverage:
    clause: Clause
    citations: tuple[Citation, ...]
    scenarios: tuple[ScenarioRef, ...]

    @property
    def has_rule(self) -> bool:
        return bool(self.citations)

    @property
    def has_scenario(self) -> bool:
        return bool(self.scenarios)


@dataclass(frozen=True, slots=True)
class Coverage:
    policy_id: str
    policy_version: str
    policy_hash: str
    clauses: tuple[ClauseCoverage, ...]
    scenarios: tuple[ScenarioRef, ...]
    citations: tuple[Citation, ...]
    findings: tuple[Problem, ...]
    results: Results | None = None
    results_sought: tuple[str, ...] = ()  # where a results file was looked for and none was found

    @property
    def ok(self) -> bool:
        return not self.findings

    def result(self, scenario: ScenarioRef) -> ScenarioResult:
        return self.results.of(scenario) if self.results is not None else ScenarioResult(NOT_RUN)

    def passing(self, cc: ClauseCoverage) -> tuple[ScenarioRef, ...]:
        return tuple(s for s in cc.scenarios if self.result(s).outcome == PASSED)

    def results_note(self, lang: str = "nb") -> str:
        """Which results the coverage shows (nb or en): the file read, or where none was found."""
        en = lang == "en"
        if self.results is not None:
            when = (f", recorded {self.results.written_at}" if en else f", registrert {self.results.written_at}") if self.results.written_at else ""
            given = "(given)" if en else "(oppgitt)"
            return f"{'test results from' if en else 'testresultater fra'} {self.results.file or given}{when}"
        if en:
            where = f"no results file found (looked for {', '.join(self.results_sought)})" if self.results_sought else "no test results given"
            return f"{where}: every scenario shows as “not run”; run the tests (pytest tests/bdd) or give --results FILE"
        where = f"fant ingen resultatfil (så etter {', '.join(self.results_sought)})" if self.results_sought else "ingen testresultater oppgitt"
        return f"{where}: alle scenarioer vises som «Ikke kjørt»; kjør testene (pytest tests/bdd) eller oppgi --results FIL"

    def figures(self) -> dict[str, int | None]:
        normative = [c for c in self.clauses if c.clause.normative]
        return {
            "clauses": len(self.clauses),
            "normative": len(normative),
            "normative_with_rule": sum(1 for c in normative if c.has_rule),
            "normative_with_scenario": sum(1 for c in normative if c.has_scenario),
            "normative_with_passing_scenario": (sum(1 for c in normative if self.passing(c))
                                                if self.results is not None else None),
            "scenarios": len(self.scenarios),
            "rules": len(self.citations),
        }

    def to_dict(self) -> dict[str, Any]:
        def scen(s: ScenarioRef) -> dict[str, Any]:
            r = self.result(s)
            return {"feature": s.feature, "name": s.name, "line": s.line, "interpretation": s.interpretation,
                    "examples": s.examples, "result": r.outcome if self.results is not None else None}

        return {
            "policy": {"id": self.policy_id, "version": self.policy_version, "hash": self.policy_hash},
            "figures": self.figures(),
            "ok": self.ok,
            "clauses": [
                {"id": c.clause.id, "section": c.clause.section, "text": c.clause.text, "normative": c.clause.normative,
                 "reason": c.clause.reason,
                 "rules": [{"kind": r.kind, "id": r.id} for r in c.citations],
                 "scenarios": [scen(s) for s in c.scenarios]}
                for c in self.clauses
            ],
            "findings": [p.as_dict() for p in self.findings],
            "results": ({"policy_hash": self.results.policy_hash, "written_at": self.results.written_at,
                         "file": self.results.file}
                        if self.results is not None else None),
            "results_sought": list(self.results_sought),
        }


# --------------------------------------------------------------------------- rule citations

def citations(policy: CompiledPolicy) -> tuple[Citation, ...]:
    """Everything in the rule set that cites clauses, in the order the files list them."""
    out: list[Citation] = []
    for r in policy.rules.values():
        out.append(Citation(r.level, r.id, r.title_nb, r.explanation_nb, r.effect, r.default, r.interpretation_nb,
                            str(r.source) if r.source else None))
    for rr in policy.retention_rules:
        label = ", ".join(policy.vocabulary.label("record_classes", rc) for rc in sorted(rr.record_classes))
        out.append(Citation("retention", rr.id, f"Oppbevaring: {label}", rr.explanation_nb,
                            interpretation_nb=rr.interpretation_nb, source=rr.source_nb))
    for right in policy.rights_by_id.values():
        out.append(Citation("right", right.id, f"Retten til {right.nb}", " ".join(nb for nb, _ in right.actions),
                            interpretation_nb=right.interpretation_nb))
    if policy.breach_duties or policy.breach_cites:
        out.append(Citation("breach", "sikkerhetsbrudd", "Varsling ved sikkerhetsbrudd",
                            " ".join(d.nb for d in policy.breach_duties), interpretation_nb=policy.breach_note))
    return tuple(out)


def _cites(policy: CompiledPolicy, c: Citation) -> tuple[str, ...]:
    if c.kind in ("processing", "recipient"):
        return policy.rules[c.id].cites
    if c.kind == "retention":
        return next(r.cites for r in policy.retention_rules if r.id == c.id)
    if c.kind == "right":
        return policy.rights_by_id[c.id].cites
    return policy.breach_cites


# --------------------------------------------------------------------------- coverage

def compute(policy: CompiledPolicy, features: Iterable[tuple[str, str]], results: Results | None = None,
            results_name: str | None = None) -> Coverage:
    """Coverage of every clause. ``features`` is (relative file name, text) for each feature file."""
    problems: list[Problem] = []
    scenarios: list[ScenarioRef] = []
    for fname, text in sorted(features):
        found, probs = parse_feature(text, fname)
        scenarios.extend(found)
        problems.extend(probs)
    cits = citations(policy)

    by_clause_rules: dict[str, list[Citation]] = {cid: [] for cid in policy.clauses}
    for c in cits:
        for cid in _cites(policy, c):
            if cid in by_clause_rules:
                if c not in by_clause_rules[cid]:
                    by_clause_rules[cid].append(c)
            else:
                problems.append(Problem(UNKNOWN_CLAUSE, f"{_kind_nb(c.kind)} {c.id} viser til {cid!r}, som ikke er en klausul i erklæringen",
                                        c.source))
    by_clause_scen: dict[str, list[ScenarioRef]] = {cid: [] for cid in policy.clauses}
    for s in scenarios:
        if not s.clauses:
            problems.append(Problem(SCENARIO_WITHOUT_CLAUSE, f"scenariet «{s.name}» har ikke noe @klausul-merke", s.feature, s.line))
        for cid in s.clauses:
            if cid in by_clause_scen:
                by_clause_scen[cid].append(s)
            else:
                problems.append(Problem(UNKNOWN_CLAUSE, f"scenariet «{s.name}» er merket @klausul:{cid}, som ikke er en klausul i erklæringen",
                                        s.feature, s.line))

    clauses = tuple(ClauseCoverage(cl, tuple(by_clause_rules[cid]), tuple(by_clause_scen[cid])) for cid, cl in policy.clauses.items())
    if results is not None and results.policy_hash is not None and results.policy_hash != policy.content_hash:
        problems.append(Problem(RESULTS_STALE, "resultatene ble registrert mot en annen versjon av reglene "
                                f"({results.policy_hash[:12]}, nå {policy.content_hash[:12]}); kjør testene på nytt", results_name))
    cov = Coverage(policy.id, policy.version, policy.content_hash, clauses, tuple(scenarios), cits, (), results)
    for cc in clauses:
        if not cc.clause.normative:
            continue
        cid = cc.clause.id
        if not cc.has_rule:
            problems.append(Problem(NO_RULE, f"den forpliktende klausulen {cid} håndheves ikke av noen regel", path=cid))
        if not cc.has_scenario:
            problems.append(Problem(NO_SCENARIO, f"den forpliktende klausulen {cid} testes ikke av noe scenario", path=cid))
        elif results is not None and not cov.passing(cc):
            problems.append(Problem(NO_PASSING_SCENARIO, f"den forpliktende klausulen {cid} har ikke noe bestått scenario", results_name, path=cid))
    return Coverage(policy.id, policy.version, policy.content_hash, clauses, tuple(scenarios), cits, tuple(problems), results)


_KIND_NB = {"processing": "regelen", "recipient": "mottakerregelen", "retention": "oppbevaringsregelen",
            "right": "rettigheten", "breach": "bruddreglene"}


def _kind_nb(kind: str) -> str:
    return _KIND_NB.get(kind, kind)
