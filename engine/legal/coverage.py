"""Clause coverage: for every clause of the statement, the rules that cite it and the scenarios
that exercise it.

Pure: the feature files and the results file are given as text (the CLI reads them). Scenario
tags are read with a small line-based Gherkin reader, so the engine does not depend on the test
tools. Tags used:

    @klausul:<clause id>   the scenario checks this clause (several tags for several clauses)
    @tolkning              the outcome rests on an interpretation, not on the statement's text

Tags on a feature or a rule apply to every scenario beneath it, as in Gherkin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..errors import UNKNOWN_CLAUSE, Problem
from ..core.model import Clause, CompiledPolicy

CLAUSE_TAG = "klausul:"
INTERPRETATION_TAG = "tolkning"
RESULTS_FORMAT = 1

# Stable finding codes (tools and tests match on these, never on message text).
NO_RULE = "clause_without_rule"
NO_SCENARIO = "clause_without_scenario"
NO_PASSING_SCENARIO = "clause_without_passing_scenario"
SCENARIO_WITHOUT_CLAUSE = "scenario_without_clause"
DUPLICATE_SCENARIO = "duplicate_scenario"
FEATURE_SYNTAX = "feature_syntax_error"
RESULTS_INVALID = "results_invalid"
RESULTS_STALE = "results_stale"

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"

# Gherkin keywords of the languages the features may be written in (from gherkin-languages.json).
_KEYWORDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "en": {"feature": ("Feature", "Business Need", "Ability"), "rule": ("Rule",), "background": ("Background",),
           "outline": ("Scenario Outline", "Scenario Template"), "scenario": ("Scenario", "Example"),
           "examples": ("Examples", "Scenarios")},
    "no": {"feature": ("Egenskap",), "rule": ("Regel",), "background": ("Bakgrunn",),
           "outline": ("Scenariomal", "Abstrakt Scenario"), "scenario": ("Scenario", "Eksempel"),
           "examples": ("Eksempler",)},
}


@dataclass(frozen=True, slots=True)
class ScenarioRef:
    """One scenario (or scenario outline) in a feature file, with its effective tags."""

    feature: str  # the file, relative to the features folder, with forward slashes
    feature_name: str
    rule_name: str | None
    name: str
    line: int
    clauses: tuple[str, ...]
    interpretation: bool
    examples: int = 0  # rows in the Examples tables of an outline (0 for a plain scenario)

    @property
    def key(self) -> tuple[str, str]:
        return (self.feature, self.name)


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
class ScenarioResult:
    outcome: str  # PASSED | FAILED | NOT_RUN
    runs: int = 0  # example rows (or 1) recorded
    failed: int = 0
    rules: tuple[str, ...] = ()  # the rules the engine's answers rested on, as recorded


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
class Results:
    """Scenario results recorded during a test run (see tests/bdd/conftest.py)."""

    policy_hash: str | None
    written_at: str | None
    by_scenario: Mapping[tuple[str, str], ScenarioResult]

    def of(self, scenario: ScenarioRef) -> ScenarioResult:
        return self.by_scenario.get(scenario.key, ScenarioResult(NOT_RUN))


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

    @property
    def ok(self) -> bool:
        return not self.findings

    def result(self, scenario: ScenarioRef) -> ScenarioResult:
        return self.results.of(scenario) if self.results is not None else ScenarioResult(NOT_RUN)

    def passing(self, cc: ClauseCoverage) -> tuple[ScenarioRef, ...]:
        return tuple(s for s in cc.scenarios if self.result(s).outcome == PASSED)

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
            "results": ({"policy_hash": self.results.policy_hash, "written_at": self.results.written_at}
                        if self.results is not None else None),
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


# --------------------------------------------------------------------------- feature files

def parse_feature(text: str, name: str) -> tuple[tuple[ScenarioRef, ...], list[Problem]]:
    """The scenarios of one feature file with their effective tags (feature + rule + scenario + examples)."""
    problems: list[Problem] = []
    lines = text.splitlines()
    lang = "en"
    for raw in lines:
        s = raw.strip()
        if not s:
            continue
        if s.startswith("#"):
            body = s[1:].strip()
            if body.replace(" ", "").startswith("language:"):
                lang = body.split(":", 1)[1].strip()
                break
            continue
        break
    kw = _KEYWORDS.get(lang)
    if kw is None:
        return (), [Problem(FEATURE_SYNTAX, f"ukjent språk {lang!r} i «# language:» (kjente: {', '.join(sorted(_KEYWORDS))})", name, 1)]

    pending: list[tuple[str, int]] = []
    feature_tags: list[tuple[str, int]] = []
    rule_tags: list[tuple[str, int]] = []
    feature_name = ""
    rule_name: str | None = None
    current: dict[str, Any] | None = None  # the scenario being read
    found: list[dict[str, Any]] = []
    in_doc: str | None = None
    in_examples = False
    header_seen = False

    def keyword(s: str) -> tuple[str, str] | None:
        for kind in ("feature", "rule", "background", "outline", "examples", "scenario"):
            for word in kw[kind]:
                if s.startswith(word + ":"):
                    return kind, s[len(word) + 1:].strip()
        return None

    for no, raw in enumerate(lines, start=1):
        s = raw.strip()
        if in_doc is not None:
            if s.startswith(in_doc):
                in_doc = None
            continue
        if not s or s.startswith("#"):
            continue
        if s.startswith('"""') or s.startswith("```"):
            in_doc = s[:3]
            continue
        if s.startswith("@"):
            for word in s.split("#", 1)[0].split():
                if not word.startswith("@") or len(word) < 2:
                    problems.append(Problem(FEATURE_SYNTAX, f"ugyldig merke {word!r}", name, no))
                else:
                    pending.append((word[1:], no))
            continue
        if s.startswith("|"):
            if in_examples and current is not None:
                if header_seen:
                    current["examples"] += 1
                header_seen = True
            continue
        k = keyword(s)
        if k is None:
            _pending_check(pending, problems, name, no)
            pending = []
            continue
        kind, title = k
        if kind == "feature":
            feature_tags, feature_name = pending, title
        elif kind == "rule":
            rule_tags, rule_name = pending, title
            current = None
        elif kind in ("scenario", "outline"):
            current = {"name": title, "line": no, "tags": feature_tags + rule_tags + pending, "rule": rule_name,
                       "examples": 0}
            found.append(current)
        elif kind == "examples":
            if current is not None:
                current["tags"] = current["tags"] + pending
            elif pending:
                problems.append(Problem(FEATURE_SYNTAX, "«Eksempler» utenfor et scenario", name, no))
        elif kind == "background" and pending:
            problems.append(Problem(FEATURE_SYNTAX, "merker kan ikke stå på «Bakgrunn»", name, no))
        in_examples = kind == "examples"
        header_seen = False
        pending = []
    if pending:
        _pending_check(pending, problems, name, len(lines))

    scenarios = []
    seen: dict[str, int] = {}
    for f in found:
        clause_ids: list[str] = []
        for tag, line in f["tags"]:
            if tag.startswith(CLAUSE_TAG):
                cid = tag[len(CLAUSE_TAG):]
                if not cid:
                    problems.append(Problem(FEATURE_SYNTAX, "merket @klausul: mangler klausul-id", name, line))
                elif cid not in clause_ids:
                    clause_ids.append(cid)
        if f["name"] in seen:
            problems.append(Problem(DUPLICATE_SCENARIO, f"scenariet «{f['name']}» finnes allerede på linje {seen[f['name']]}; "
                                    "navnene må være unike i en fil", name, f["line"]))
        seen.setdefault(f["name"], f["line"])
        interp = any(tag == INTERPRETATION_TAG for tag, _ in f["tags"])
        scenarios.append(ScenarioRef(name, feature_name, f["rule"], f["name"], f["line"], tuple(clause_ids), interp, f["examples"]))
    return tuple(scenarios), problems


def _pending_check(pending: list[tuple[str, int]], problems: list[Problem], name: str, no: int) -> None:
    if pending:
        problems.append(Problem(FEATURE_SYNTAX, "merker må stå rett over «Egenskap», «Regel», et scenario eller «Eksempler»",
                                name, pending[0][1]))


# --------------------------------------------------------------------------- results of a test run

def parse_results(text: str, name: str) -> tuple[Results | None, list[Problem]]:
    """Read a results file written by the BDD test run; several runs of one outline are combined."""
    try:
        data = json.loads(text)
    except ValueError as e:
        return None, [Problem(RESULTS_INVALID, f"resultatfilen er ikke gyldig JSON: {e}", name)]
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT or not isinstance(data.get("scenarios"), list):
        return None, [Problem(RESULTS_INVALID, f"resultatfilen har ikke format {RESULTS_FORMAT} med en liste «scenarios»", name)]
    runs: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}
    problems: list[Problem] = []
    for i, entry in enumerate(data["scenarios"]):
        ok = (isinstance(entry, dict) and isinstance(entry.get("feature"), str) and isinstance(entry.get("scenario"), str)
              and entry.get("outcome") in (PASSED, FAILED, "skipped"))
        if not ok:
            problems.append(Problem(RESULTS_INVALID, "ugyldig oppføring i resultatfilen", name, path=f"$.scenarios[{i}]"))
            continue
        rules = entry.get("rules") or []
        runs.setdefault((entry["feature"], entry["scenario"]), []).append(
            (entry["outcome"], tuple(str(r) for r in rules) if isinstance(rules, list) else ()))
    by: dict[tuple[str, str], ScenarioResult] = {}
    for key, rs in runs.items():
        outcomes = [o for o, _ in rs]
        failed = outcomes.count(FAILED)
        outcome = FAILED if failed else PASSED if outcomes.count(PASSED) == len(outcomes) else NOT_RUN
        rules = tuple(dict.fromkeys(r for _, rr in rs for r in rr))
        by[key] = ScenarioResult(outcome, len(rs), failed, rules)
    ph = data.get("policy_hash")
    wa = data.get("written_at")
    return Results(ph if isinstance(ph, str) else None, wa if isinstance(wa, str) else None, by), problems


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
