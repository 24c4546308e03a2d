"""The command line: exit codes, messages with positions, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from personvern.cli import main

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_permit_conditional_and_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["evaluate", str(EXAMPLES / "operations" / "lonnskjoring.yaml")], capsys)
    assert code == 0 and "TILLATT (permitted)" in out
    code, out, _ = run(["evaluate", str(EXAMPLES / "operations" / "nyhetsbrev.yaml")], capsys)
    assert code == 0 and "TILLATT PÅ VILKÅR" in out and "den registrerte har ikke reservert seg" in out
    code, out, _ = run(["evaluate", str(EXAMPLES / "operations" / "markedsforing-etter-reservasjon.yaml")], capsys)
    assert code == 1 and "AVVIST" in out and "«Du kan motsi deg direktemarkedsføring når som helst.»" in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["evaluate", "--format", "json", str(EXAMPLES / "operations" / "e-post-via-usa.yaml")], capsys)
    data = json.loads(out)["decisions"][0]  # one shape for one operation or many
    assert code == 1 and data["outcome"] == "deny"
    assert data["reasons"][0]["rule"] == "overforinger.utenfor-eos" and data["reasons"][0]["recipient"] == "Mailchimp"
    assert data["reasons"][0]["explanation"]["en"]


def test_several_files_exit_with_the_worst(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["evaluate", "--format", "json", str(EXAMPLES / "operations" / "lonnskjoring.yaml"),
                        str(EXAMPLES / "operations" / "e-post-via-usa.yaml")], capsys)
    assert code == 1 and [d["outcome"] for d in json.loads(out)["decisions"]] == ["permit", "deny"]


def test_batch_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ops.yaml"
    f.write_text("operations:\n  - {purpose: profiling, legal_basis: consent, data_categories: [name], data_subjects: [customer]}\n"
                 "  - {purpose: profiling, legal_basis: consent, data_categories: [nam], data_subjects: [customer]}\n")
    code, _, err = run(["evaluate", str(f)], capsys)
    assert code == 2
    assert f"{f}:3:66: unknown_term" in err and "$.operations[1].data_categories[0]" in err


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        ("purpose: [unclosed\n", "yaml_syntax_error"),
        ("purpose: direct_marketing\npurpose: security\n", ":2:1: yaml_duplicate_key"),
        ("purpose: direct_marketting\nlegal_basis: consent\ndata_categories: [name]\ndata_subjects: [customer]\n", ":1:10: unknown_term"),
        ("purpose: security\nlegal_basis: 6\ndata_categories: [name]\ndata_subjects: [customer]\n", ":2:14: schema_error"),
        ("purpose: security\nlegal_basis: consent\ndata_categories: [name]\n", "'data_subjects' is required"),
        ("purpose: security\nlegal_basis: consent\ndata_categories: [name]\ndata_subjects: [customer]\nfacts: {consents: [security], withdrawn_consents: [security]}\n", "contradictory_facts"),
        ("", "the file is empty"),
    ],
)
def test_bad_input_exits_2_with_position(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expect: str) -> None:
    f = tmp_path / "op.yaml"
    f.write_text(content, encoding="utf-8")
    code, out, err = run(["evaluate", str(f)], capsys)
    assert code == 2 and out == ""
    assert expect in err and str(f) in err
    assert "Traceback" not in err


def test_missing_file_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["evaluate", "/nonexistent.yaml"], capsys)
    assert code == 2 and "no such file" in err
    with pytest.raises(SystemExit) as e:
        main(["evaluate"])
    assert e.value.code == 2
    assert main([]) == 2


def test_validate_broken_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from personvern.load.rules import default_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    p = rules / "processing.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("when: facts.browser_blocks_cookies", "when: facts.browser_blocks_cookies and"), encoding="utf-8")
    code, _, err = run(["validate", str(rules)], capsys)
    assert code == 2 and "expr_parse_error" in err and "processing.yaml:" in err and "^" in err
    code, out, _ = run(["validate"], capsys)
    assert code == 0 and out.startswith("OK: flex-kunder versjon 1")


def test_explain_shows_the_trace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", str(EXAMPLES / "operations" / "lonnskjoring.yaml")], capsys)
    assert code == 0 and "sporing (trace)" in out and "markedsforing.reservasjon" not in out
    assert "tjenesteleveranse.opplysninger" in out and "does not apply" in out


def test_retention_rights_breach_clauses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["retention", str(EXAMPLES / "retention" / "bilag-2019.yaml"), "--on", "2024-12-31"], capsys)
    assert code == 0 and "BEHOLD" in out and "2024-12-31" in out
    code, out, _ = run(["retention", str(EXAMPLES / "retention" / "bilag-2019.yaml"), "--on", "2025-01-01"], capsys)
    assert code == 1 and "SLETT" in out
    code, out, _ = run(["rights", "--format", "json", str(EXAMPLES / "rights" / "sletting.yaml")], capsys)
    assert code == 0 and json.loads(out)["deadline"] == "2026-12-28"  # 25.12 is Christmas Day (Reg. 1182/71 art. 3(4))
    code, out, _ = run(["breach", str(EXAMPLES / "breach" / "tapt-laptop.yaml")], capsys)
    assert code == 0 and "72 timer" in out
    code, out, _ = run(["clauses"], capsys)
    assert code == 0 and "* markedsforing.3" in out


def test_stdin_and_console_script() -> None:
    op = "purpose: security\nlegal_basis: legitimate_interests\ndata_categories: [ip_address]\ndata_subjects: [website_visitor]\nfacts: {objected_purposes: []}\n"
    done = subprocess.run([sys.executable, "-m", "personvern", "evaluate", "-"], input=op.encode(), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"TILLATT" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "personvern", "evaluate", "-"], input=b"\xff\xfe", capture_output=True, timeout=60)
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr and b"UTF-8" in bad.stderr


def test_vocabulary_lists_terms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["vocabulary"], capsys)
    assert code == 0 and "direct_marketing" in out and "helseopplysninger" in out and "direct_marketing_objection" in out
    code, out, _ = run(["vocabulary", "--format", "json"], capsys)
    assert json.loads(out)["purposes"]["security"]["nb"] == "sikkerheten til tjenesten og nettsiden"
