"""Clause coverage (engine/coverage.py and `personvern coverage`).

The coverage the engine computes is checked against one computed here independently: clause
ids read straight from the YAML in rules/, and tags read from features/ with the official
Gherkin parser (not the engine's own line reader).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from gherkin.parser import Parser

import personvern
from personvern.legal import coverage
from personvern.cli import main

from .conftest import ROOT

FEATURES = ROOT / "features"
RULES = ROOT / "rules"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- the independent computation

def _yaml(name: str) -> Any:
    return yaml.safe_load((RULES / name).read_text(encoding="utf-8"))


def independent_rules() -> dict[str, set[str]]:
    """clause id -> ids of everything in rules/ that cites it, read from the YAML files."""
    out: dict[str, set[str]] = {}

    def cite(cids: list[str], rid: str) -> None:
        for cid in cids:
            out.setdefault(cid, set()).add(rid)

    policy = _yaml("policy.yaml")
    for f in policy["files"]["rules"]:
        for rule in _yaml(f)["rules"]:
            cite(rule["cites"], rule["id"])
    for rule in _yaml(policy["files"]["retention"])["rules"]:
        cite(rule["cites"], rule["id"])
    for rid, right in _yaml(policy["files"]["rights"])["rights"].items():
        cite(right["cites"], rid)
    cite(_yaml(policy["files"]["breach"])["cites"], "sikkerhetsbrudd")
    return out


def independent_scenarios(folder: Path = FEATURES) -> dict[str, set[tuple[str, str]]]:
    """clause id -> (feature file, scenario name), from the tags as the Gherkin parser reads them."""
    out: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(folder.rglob("*.feature")):
        doc = Parser().parse(path.read_text(encoding="utf-8"))
        feature = doc["feature"]
        rel = path.relative_to(folder).as_posix()

        def visit(children: list[dict[str, Any]], inherited: set[str]) -> None:
            for child in children:
                if "rule" in child:
                    rule = child["rule"]
                    visit(rule["children"], inherited | {t["name"] for t in rule["tags"]})
                elif "scenario" in child:
                    sc = child["scenario"]
                    tags = inherited | {t["name"] for t in sc["tags"]}
                    tags |= {t["name"] for ex in sc.get("examples", []) for t in ex["tags"]}
                    for tag in tags:
                        if tag.startswith("@klausul:"):
                            out.setdefault(tag[len("@klausul:"):], set()).add((rel, sc["name"]))

        visit(feature["children"], {t["name"] for t in feature["tags"]})
    return out


def engine_coverage(policy: personvern.Policy, folder: Path = FEATURES) -> coverage.Coverage:
    files = [(p.relative_to(folder).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.feature"))]
    return coverage.compute(policy, files)


def test_engine_coverage_agrees_with_the_independent_count(policy: personvern.Policy) -> None:
    cov = engine_coverage(policy)
    rules = independent_rules()
    scenarios = independent_scenarios()
    clauses = _yaml("clauses.yaml")["clauses"]
    assert [cc.clause.id for cc in cov.clauses] == list(clauses)
    for cc in cov.clauses:
        cid = cc.clause.id
        assert {c.id for c in cc.citations} == rules.get(cid, set()), cid
        assert {(s.feature, s.name) for s in cc.scenarios} == scenarios.get(cid, set()), cid
    # every tag and every citation names a clause of the statement
    assert set(rules) <= set(clauses) and set(scenarios) <= set(clauses)


def test_every_normative_clause_has_a_rule_and_a_scenario(policy: personvern.Policy) -> None:
    clauses = _yaml("clauses.yaml")["clauses"]
    normative = {cid for cid, meta in clauses.items() if meta["normative"]}
    rules, scenarios = independent_rules(), independent_scenarios()
    assert not {cid for cid in normative if not rules.get(cid)}
    assert not {cid for cid in normative if not scenarios.get(cid)}
    f = engine_coverage(policy).figures()
    assert f["normative"] == len(normative) == f["normative_with_rule"] == f["normative_with_scenario"]


def test_non_normative_clauses_carry_a_reason_and_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["coverage", "--features", str(FEATURES)], capsys)
    assert code == 0, out
    clauses = _yaml("clauses.yaml")["clauses"]
    for cid, meta in clauses.items():
        if not meta["normative"]:
            assert meta.get("reason"), cid
            assert f"{cid} " in out and meta["reason"] in out
    code, out, _ = run(["coverage", "--features", str(FEATURES), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["ok"] and not data["findings"]
    plain = [c for c in data["clauses"] if not c["normative"]]
    assert plain and all(c["reason"] for c in plain)


# --------------------------------------------------------------------------- findings make the command fail

@pytest.fixture
def features_copy(tmp_path: Path) -> Path:
    target = tmp_path / "features"
    shutil.copytree(FEATURES, target)
    return target


def test_a_tag_with_an_unknown_clause_fails(features_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (features_copy / "ekstra.feature").write_text(
        "# language: no\nEgenskap: Ekstra\n\n  @klausul:markedsforing.99\n  Scenario: Feil merke\n    Gitt en kunde\n",
        encoding="utf-8")
    code, out, _ = run(["coverage", "--features", str(features_copy)], capsys)
    assert code == 1
    assert "ekstra.feature:5: scenariet «Feil merke» er merket @klausul:markedsforing.99" in out
    code, out, _ = run(["coverage", "--features", str(features_copy), "--format", "json"], capsys)
    found = json.loads(out)["findings"]
    assert [(f["code"], f["file"], f["line"]) for f in found] == [("unknown_clause", "ekstra.feature", 5)]


def test_a_normative_clause_that_loses_its_only_rule_is_reported(
        rules_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    # informasjonskapsler.5 is cited only by the rule for a browser that refuses cookies
    assert independent_rules()["informasjonskapsler.5"] == {"informasjonskapsler.nettleserinnstilling"}
    rules = rules_copy({"processing.yaml": [("cites: [informasjonskapsler.5]", "cites: [informasjonskapsler.1]")]})
    code, out, _ = run(["coverage", "--policy", str(rules), "--features", str(FEATURES), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1
    assert [(f["code"], f["path"]) for f in data["findings"]] == [("clause_without_rule", "informasjonskapsler.5")]
    entry = next(c for c in data["clauses"] if c["id"] == "informasjonskapsler.5")
    assert entry["rules"] == [] and entry["scenarios"]


def test_a_normative_clause_without_a_scenario_is_reported(features_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (features_copy / "sikkerhet.feature").unlink()
    code, out, _ = run(["coverage", "--features", str(features_copy), "--format", "json"], capsys)
    missing = {f["path"] for f in json.loads(out)["findings"] if f["code"] == "clause_without_scenario"}
    normative = {cid for cid, meta in _yaml("clauses.yaml")["clauses"].items() if meta["normative"]}
    assert code == 1
    assert missing == normative - set(independent_scenarios(features_copy)) and "sikkerhet.4" in missing


def test_a_rule_citing_an_unknown_clause_is_refused(rules_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    rules = rules_copy({"processing.yaml": [("cites: [informasjonskapsler.5]", "cites: [informasjonskapsler.55]")]})
    code, _, err = run(["coverage", "--policy", str(rules), "--features", str(FEATURES)], capsys)
    assert code == 2 and "informasjonskapsler.55" in err and "unknown_clause" in err


def test_scenarios_without_clause_and_duplicate_names_are_findings(policy: personvern.Policy) -> None:
    text = ("# language: no\nEgenskap: E\n\n  Scenario: Uten merke\n    Gitt en kunde\n\n"
            "  @klausul:markedsforing.1\n  Scenario: To ganger\n    Gitt en kunde\n\n"
            "  @klausul:markedsforing.1\n  Scenario: To ganger\n    Gitt en kunde\n")
    cov = coverage.compute(policy, [("e.feature", text)])
    found = {(p.code, p.line) for p in cov.findings if p.file == "e.feature"}
    assert found == {(coverage.SCENARIO_WITHOUT_CLAUSE, 4), (coverage.DUPLICATE_SCENARIO, 12)}


def test_missing_features_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["coverage", "--features", str(tmp_path / "finnes-ikke")], capsys)
    assert code == 2 and "features folder does not exist" in err


# --------------------------------------------------------------------------- the feature reader

def test_tags_are_inherited_from_feature_and_rule() -> None:
    text = """# language: no
@klausul:innledning.1
Egenskap: Arv
  Beskrivelse med «sitat» og # ikke en kommentar

  Regel: Første regel
    @klausul:markedsforing.1 @tolkning
    Scenario: A
      Gitt en kunde
      \"\"\"
      @klausul:ikke.et.merke
      Scenario: heller ikke et scenario
      \"\"\"

  @klausul:markedsforing.3
  Regel: Andre regel
    Abstrakt Scenario: B
      Gitt <x>

      @klausul:markedsforing.2
      Eksempler:
        | x |
        | 1 |
        | 2 |

    Eksempel: C
      Gitt en kunde
"""
    found, problems = coverage.parse_feature(text, "arv.feature")
    assert not problems
    by = {s.name: s for s in found}
    assert set(by) == {"A", "B", "C"}
    assert by["A"].clauses == ("innledning.1", "markedsforing.1") and by["A"].interpretation and by["A"].rule_name == "Første regel"
    assert set(by["B"].clauses) == {"innledning.1", "markedsforing.3", "markedsforing.2"} and by["B"].examples == 2
    assert by["C"].clauses == ("innledning.1", "markedsforing.3") and not by["C"].interpretation
    assert by["B"].line == 17 and by["A"].feature_name == "Arv"


def test_the_reader_agrees_with_the_gherkin_parser_on_every_feature_file() -> None:
    for path in sorted(FEATURES.glob("*.feature")):
        ours, problems = coverage.parse_feature(path.read_text(encoding="utf-8"), path.name)
        assert not problems, problems
        doc = Parser().parse(path.read_text(encoding="utf-8"))
        names = []
        for child in doc["feature"]["children"]:
            for c in child.get("rule", {}).get("children", [child]):
                if "scenario" in c:
                    names.append((c["scenario"]["name"], c["scenario"]["location"]["line"]))
        assert [(s.name, s.line) for s in ours] == names, path.name


def test_unknown_language_and_stray_tags_are_reported() -> None:
    _, problems = coverage.parse_feature("# language: xx\nFeature: F\n", "f.feature")
    assert [p.code for p in problems] == [coverage.FEATURE_SYNTAX]
    _, problems = coverage.parse_feature("# language: no\nEgenskap: F\n  @klausul:tittel\n  Gitt noe\n", "f.feature")
    assert [(p.code, p.line) for p in problems] == [(coverage.FEATURE_SYNTAX, 3)]


# --------------------------------------------------------------------------- results of the test run

def _results(policy: personvern.Policy, entries: list[dict[str, Any]], policy_hash: str | None = None) -> str:
    return json.dumps({"format": 1, "policy_hash": policy_hash or policy.content_hash, "written_at": "2026-11-25T20:00:00+01:00",
                       "scenarios": entries})


def test_a_clause_whose_only_scenario_failed_has_no_passing_scenario(policy: personvern.Policy, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    cov = engine_coverage(policy)
    cc = next(c for c in cov.clauses if c.clause.id == "informasjonskapsler.5")
    entries = [{"feature": s.feature, "scenario": s.name, "outcome": "passed"} for s in cov.scenarios]
    for s in cc.scenarios:
        entries.append({"feature": s.feature, "scenario": s.name, "example": "row", "outcome": "failed"})
    path = tmp_path / "results.json"
    path.write_text(_results(policy, entries), encoding="utf-8")
    code, out, _ = run(["coverage", "--features", str(FEATURES), "--results", str(path), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1
    assert {(f["code"], f["path"]) for f in data["findings"]} == {("clause_without_passing_scenario", "informasjonskapsler.5")}
    assert data["figures"]["normative_with_passing_scenario"] == data["figures"]["normative"] - 1
    row = next(c for c in data["clauses"] if c["id"] == "informasjonskapsler.5")
    assert {s["result"] for s in row["scenarios"]} == {"failed"}


def test_results_from_another_rule_set_are_stale(policy: personvern.Policy, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cov = engine_coverage(policy)
    entries = [{"feature": s.feature, "scenario": s.name, "outcome": "passed"} for s in cov.scenarios]
    path = tmp_path / "results.json"
    path.write_text(_results(policy, entries, "0" * 64), encoding="utf-8")
    code, out, _ = run(["coverage", "--features", str(FEATURES), "--results", str(path)], capsys)
    assert code == 1 and "results_stale" in out
    path.write_text(_results(policy, entries), encoding="utf-8")
    code, out, _ = run(["coverage", "--features", str(FEATURES), "--results", str(path)], capsys)
    assert code == 0 and "med bestått scenario: 42" in out


def test_unreadable_results_are_invalid_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "results.json"
    path.write_text("{ikke json", encoding="utf-8")
    code, _, err = run(["coverage", "--features", str(FEATURES), "--results", str(path)], capsys)
    assert code == 2 and "results_invalid" in err
    code, _, err = run(["coverage", "--features", str(FEATURES), "--results", str(tmp_path / "mangler.json")], capsys)
    assert code == 2 and "cannot read the results file" in err


def test_runs_of_an_outline_are_combined() -> None:
    text = json.dumps({"format": 1, "scenarios": [
        {"feature": "a.feature", "scenario": "S", "example": "1", "outcome": "passed", "rules": ["r1"]},
        {"feature": "a.feature", "scenario": "S", "example": "2", "outcome": "failed", "rules": ["r2"]},
        {"feature": "a.feature", "scenario": "T", "outcome": "passed"},
        {"feature": "a.feature", "scenario": "U", "outcome": "skipped"},
        {"feature": 3},
    ]})
    results, problems = coverage.parse_results(text, "r.json")
    assert results is not None and [p.path for p in problems] == ["$.scenarios[4]"]
    assert results.by_scenario[("a.feature", "S")] == coverage.ScenarioResult("failed", 2, 1, ("r1", "r2"))
    assert results.by_scenario[("a.feature", "T")].outcome == "passed"
    assert results.by_scenario[("a.feature", "U")].outcome == "not run"
