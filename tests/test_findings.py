"""Findings of personvern check, and their renderings: text, JSON, SARIF, JUnit, GitHub."""

from __future__ import annotations

import datetime as _dt
import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

import personvern
from personvern import errors
from personvern.check import findings, formats
from personvern.check import manifest
from personvern.check.findings import ERROR, NOTE, Report

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "manifests"
SARIF_SCHEMA = next((p / "shared" / "data" / "sarif-schema-2.1.0.json" for p in ROOT.parents  # beside the repository or a worktree
                     if (p / "shared" / "data" / "sarif-schema-2.1.0.json").is_file()), ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json")
ON = _dt.date(2026, 11, 25)
INVALID = """\
activities:
  - name: ukjent
    purpose: direct_marketing
    legal_basis: legitimate_interests
    data_categories: [name, helse]
    data_subjects: [customer]
    retention: {note: "100% sikkert, nr. 1"}
"""


def report_for(policy: personvern.Policy, *paths: Path) -> Report:
    sources = [manifest.read_source(p, p.name) for p in paths]
    return findings.build_report(policy, sources, manifest.check(policy, sources, ON))


@pytest.fixture
def mixed(policy: personvern.Policy, tmp_path: Path) -> Report:
    """The two examples and an invalid manifest: every kind of finding but 'unreadable'."""
    bad = tmp_path / "ugyldig.personvern.yaml"
    bad.write_text(INVALID, encoding="utf-8")
    broken = tmp_path / "broken.py"
    broken.write_text("import personvern\n@personvern.guard(purpose=P, legal_basis=\"contract\", data_categories=[\"name\"], data_subjects=[\"customer\"])\ndef f(): ...\n", encoding="utf-8")
    return report_for(policy, EXAMPLES / "personvern.yaml", EXAMPLES / "refused.personvern.yaml", bad, broken)


def test_a_refusal_cites_the_clause_in_norwegian_with_an_english_line(policy: personvern.Policy) -> None:
    report = report_for(policy, EXAMPLES / "refused.personvern.yaml")
    first, second = report.errors
    assert (first.kind, first.code, first.line, first.column) == ("refused", "forbud.formal-utenfor-erklaeringen", 6, 5)
    assert first.clauses and first.clauses[0].text == policy.clauses[first.clauses[0].id].text
    assert first.explanation_nb and first.explanation_en and first.explanation_nb != first.explanation_en
    # A refusal about one recipient points at that recipient's entry.
    assert (second.code, second.line, second.column, second.path) == ("overforinger.utenfor-eos", 25, 9, "$.activities[1].recipients[0]")
    assert "Mailchimp" in second.title_nb and second.interpretation


def test_a_conditional_activity_is_a_note_listing_what_the_code_must_enforce(policy: personvern.Policy) -> None:
    report = report_for(policy, EXAMPLES / "personvern.yaml")
    assert not report.errors and [f.level for f in report.findings] == [NOTE, NOTE]
    assert "Fix the declaration" not in findings.render_text(report)
    news = report.findings[0]
    rules = [r.rule_id for r in news.requirements]
    assert "markedsforing.reservasjon" in rules and "oppbevaring.kundeopplysninger" in rules  # the retention rule too
    objection = news.requirements[rules.index("markedsforing.reservasjon")]
    assert objection.nb == "den registrerte har ikke reservert seg mot direktemarkedsføring"
    assert objection.en == "the data subject has not objected to direct marketing"
    assert [c.id for c in objection.clauses] == ["markedsforing.3"]


def test_invalid_and_unchecked_declarations_are_errors_with_positions(mixed: Report) -> None:
    by_kind = {f.kind: f for f in mixed.errors}
    assert set(by_kind) == {"refused", "invalid", "unchecked"}
    invalid = by_kind["invalid"]
    assert (invalid.code, invalid.file, invalid.line, invalid.column) == (errors.UNKNOWN_TERM, "ugyldig.personvern.yaml", 5, 29)
    assert invalid.title_nb == "ugyldig deklarasjon" and "helse" in invalid.explanation_en
    unchecked = by_kind["unchecked"]
    assert (unchecked.code, unchecked.line, unchecked.column) == (errors.NOT_STATIC, 2, 27)
    assert mixed.counts() == {"permit": 1, "conditional": 1, "deny": 2, "invalid": 2}


def test_a_record_class_too_narrow_for_the_data_is_an_error(policy: personvern.Policy, tmp_path: Path) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_text(textwrap.dedent("""\
        activities:
          - name: reservasjonsliste
            purpose: marketing_opt_out
            legal_basis: legitimate_interests
            data_categories: [email, bank_account]
            data_subjects: [customer]
            action: store
            retention: {record_class: opt_out_entry}
        """), encoding="utf-8")
    f = next(f for f in report_for(policy, path).errors if f.kind == "retention")
    assert (f.kind, f.code, f.line, f.column) == ("retention", "oppbevaring.reservasjon", 8, 31)
    assert "kontonummer" in f.title_nb and "bank account number" in f.title_en and f.clauses


def test_text_is_plain_without_colour_and_coloured_with_it(mixed: Report) -> None:
    plain = findings.render_text(mixed)
    assert "\033[" not in plain
    assert "refused.personvern.yaml:6:5: feil (error): «kampanje-for-partnere» er avvist" in plain
    # a clause under a requirement is indented beneath it
    assert "      markedsforing.3: «Du kan motsi deg direktemarkedsføring når som helst.»" in plain.splitlines()
    assert plain.splitlines()[-2] == "(6 activities in 4 files: 1 permitted, 1 conditional, 2 refused, 2 invalid; 4 errors)"
    assert plain.splitlines()[-1].endswith("(Fix the declaration, or the processing it describes, and try again.)")
    assert "\033[1;31mfeil (error)\033[0m" in findings.render_text(mixed, color=True)


def test_json_carries_every_activity_and_finding(mixed: Report, policy: personvern.Policy) -> None:
    data = json.loads(json.dumps(findings.to_json(mixed)))
    assert data["passed"] is False and data["summary"]["errors"] == 4 and data["summary"]["notes"] == 2
    assert [a["outcome"] for a in data["activities"]] == ["conditional", "permit", "deny", "deny", "invalid", "invalid"]
    decision_schema = json.loads((ROOT / "schemas" / "decision.schema.json").read_text(encoding="utf-8"))
    for a in data["activities"]:
        if a["decision"]:
            Draft202012Validator(decision_schema).validate(a["decision"])
    for f in data["findings"]:
        if f["kind"] == "refused":
            assert f["clauses"] and f["clauses"][0]["text"] and f["explanation"]["en"]
        elif f["kind"] == "conditional":
            assert f["level"] == "note" and all(r["clauses"] and r["en"] for r in f["requirements"])


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="the official SARIF schema is not at ../shared/data")
def test_sarif_is_valid_against_the_official_schema(mixed: Report) -> None:
    log = json.loads(json.dumps(formats.to_sarif(mixed, "0.1.0", "file:///work/repo/")))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    problems = sorted(Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER).iter_errors(log), key=str)
    assert not problems, problems[0]
    run = log["runs"][0]
    assert len(run["results"]) == len(mixed.findings)
    refused = next(r for r in run["results"] if r["ruleId"] == "overforinger.utenfor-eos")
    assert refused["level"] == "error"
    assert refused["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "refused.personvern.yaml", "uriBaseId": "SRCROOT"}, "region": {"startLine": 25, "startColumn": 9}}
    assert "overføre personopplysninger til tredjeparter" in refused["message"]["text"]
    rule = run["tool"]["driver"]["rules"][refused["ruleIndex"]]
    assert rule["id"] == "overforinger.utenfor-eos" and rule["properties"]["clauses"] == ["overforinger.1"]
    assert {r["level"] for r in run["results"]} == {"error", "note"}


def test_sarif_uris_are_uri_references(policy: personvern.Policy, tmp_path: Path) -> None:
    odd = tmp_path / "mappe med mellomrom"
    odd.mkdir()
    path = odd / "personvern.yaml"
    path.write_text(INVALID, encoding="utf-8")
    sources = [manifest.read_source(path, str(path))]
    report = findings.build_report(policy, sources, manifest.check(policy, sources, ON))
    uri = formats.to_sarif(report, "0.1.0")["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and " " not in uri and "mappe%20med%20mellomrom/personvern.yaml" in uri


def test_junit_has_a_suite_per_file_a_case_per_activity_and_a_failure_per_error(mixed: Report) -> None:
    root = ET.fromstring(formats.to_junit(mixed))
    assert root.tag == "testsuites" and root.get("tests") == "6" and root.get("failures") == "4"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"personvern.yaml", "refused.personvern.yaml", "ugyldig.personvern.yaml", "broken.py"}
    refused = suites["refused.personvern.yaml"]
    assert refused.get("tests") == "2" and refused.get("failures") == "2"
    failure = refused.find("testcase/failure")
    assert failure is not None and failure.get("type") == "forbud.formal-utenfor-erklaeringen"
    assert "refused.personvern.yaml:6:5" in (failure.get("message") or "") and "innledning.1: «" in (failure.text or "")
    ok = suites["personvern.yaml"]
    assert ok.get("failures") == "0" and ok.find("testcase/failure") is None
    assert "markedsforing.reservasjon" in "".join(ok.find("testcase/system-out").itertext())  # type: ignore[union-attr]


def test_github_annotations_escape_what_the_runner_would_misread(mixed: Report) -> None:
    lines = formats.to_github(mixed).splitlines()
    errors_ = [x for x in lines if x.startswith("::error ")]
    assert len(errors_) == 4 and sum(x.startswith("::notice ") for x in lines) == 2
    refused = next(x for x in errors_ if "line=25" in x)
    assert refused.startswith("::error file=refused.personvern.yaml,line=25,col=9,title=personvern%3A ")
    assert "(recipient%3A Mailchimp)" in refused.split("::")[1]  # ':' escaped in a property
    assert "%0A" in refused.split("::", 2)[2] and "\n" not in refused
    invalid = next(x for x in errors_ if "ugyldig" in x)
    assert "helse" in invalid


def test_a_percent_sign_and_newlines_are_escaped_for_github() -> None:
    assert formats._gh("100% ok\nnext") == "100%25 ok%0Anext"
    assert formats._gh("a: b, c", prop=True) == "a%3A b%2C c"


def test_control_characters_never_break_the_junit_xml(policy: personvern.Policy, tmp_path: Path) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_text(INVALID.replace("name: ukjent", 'name: "ukjent\\u0001\\u001b"'), encoding="utf-8")
    ET.fromstring(formats.to_junit(report_for(policy, path)))


def test_an_unreadable_file_is_a_finding_and_marks_the_report(policy: personvern.Policy, tmp_path: Path) -> None:
    report = report_for(policy, tmp_path / "missing.personvern.yaml")
    assert report.unreadable and report.errors[0].kind == "unreadable" and report.errors[0].code == errors.FILE_MISSING
    assert report.errors[0].title_en == "the file cannot be read"
    assert ERROR == report.errors[0].level
