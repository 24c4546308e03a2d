"""personvern check: excluded paths, inline suppressions (with a required reason), standard input, and
this repository passing its own check."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from personvern.cli import main

from .conftest import ROOT

REFUSED_RULE = "forbud.formal-utenfor-erklaeringen"
_GUARD = ('@personvern.guard(purpose="sale_of_data", legal_basis="consent", data_categories=["email"], '
          'data_subjects=["customer"], action="disclose", recipients=[{"name": "x", "kind": "third_party", "country": "NO"}])')
_MANIFEST = """activities:
  - name: selge-liste
    purpose: sale_of_data
    legal_basis: consent
    data_categories: [email]
    data_subjects: [customer]
    action: disclose
    recipients: [{name: x, kind: third_party, country: "NO"}]
    retention: {note: x}
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out, _ = capsys.readouterr()
    return code, out


def _code(tmp_path: Path, before: str = "", same: str = "", name: str = "app.py") -> Path:
    path = tmp_path / name
    lines = ["import personvern", "", *([before] if before else []), _GUARD + (f"  {same}" if same else ""), "def f() -> None: ...", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["same", "before"])
def test_a_suppressed_refusal_shows_as_suppressed_and_does_not_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    comment = f"# personvern: ignore[{REFUSED_RULE}] an example of a refusal, on purpose"
    path = _code(tmp_path, **{where: comment})
    code, out = run(["check", str(path)], capsys)
    assert code == 0, out
    assert f"undertrykt feil (suppressed error): «f» er avvist" in out and "grunn (reason): an example of a refusal, on purpose" in out
    assert "1 funn undertrykt med grunn (1 finding suppressed with a reason)" in out
    code, out = run(["check", "--format", "json", str(path)], capsys)
    report = json.loads(out)
    assert code == 0 and report["passed"] and report["summary"]["errors"] == 0 and report["summary"]["suppressed"] == 1
    assert report["findings"][0]["suppressed"] == {"reason": "an example of a refusal, on purpose"}
    code, out = run(["check", "--format", "sarif", str(path)], capsys)
    result = json.loads(out)["runs"][0]["results"][0]
    assert result["ruleId"] == REFUSED_RULE
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "an example of a refusal, on purpose"}]
    code, out = run(["check", "--format", "junit", str(path)], capsys)
    root = ET.fromstring(out)
    assert root.get("failures") == "0" and root.get("skipped") == "1" and root.find(".//skipped") is not None


def test_a_suppression_two_lines_away_or_naming_another_code_does_not_suppress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    far = _code(tmp_path, before=f"# personvern: ignore[{REFUSED_RULE}] too far away\n")
    other = _code(tmp_path, same="# personvern: ignore[unknown_term] names another code", name="other.py")
    for path in (far, other):
        code, out = run(["check", str(path)], capsys)
        assert code == 1 and "undertrykt" not in out and f"feil (error): «f» er avvist" in out, out


def test_a_suppression_without_a_reason_is_an_error_and_suppresses_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _code(tmp_path, same=f"# personvern: ignore[{REFUSED_RULE}]")
    code, out = run(["check", "--format", "json", str(path)], capsys)
    codes = sorted(f["code"] for f in json.loads(out)["findings"] if f["suppressed"] is None)
    assert code == 1 and codes == sorted([REFUSED_RULE, "suppression_without_reason"]), out


def test_suppression_text_inside_a_python_string_is_not_a_suppression(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _code(tmp_path, before=f'NOTE = "# personvern: ignore[{REFUSED_RULE}] only text in a string"')
    code, out = run(["check", str(path)], capsys)
    assert code == 1 and "undertrykt" not in out


def test_a_comment_on_a_manifest_activity_suppresses_its_findings_wherever_they_point(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_text(_MANIFEST.replace("  - name: selge-liste", f"  # personvern: ignore[{REFUSED_RULE}] kept to show a refusal\n"
                                                                "  - name: selge-liste"), encoding="utf-8")
    code, out = run(["check", "--format", "json", str(path)], capsys)
    found = json.loads(out)["findings"]
    assert code == 0 and found and all(f["suppressed"] == {"reason": "kept to show a refusal"} for f in found), out


def _tree(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    for name in ("fixtures/personvern.yaml", "legacy/personvern.yaml", "app/personvern.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(_MANIFEST, encoding="utf-8")
    return tmp_path


def test_excluded_folders_are_not_checked_from_the_command_line_and_from_pyproject(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    monkeypatch.chdir(root)
    code, out = run(["check", "--format", "json"], capsys)
    assert code == 1 and json.loads(out)["summary"]["files"] == 3
    code, out = run(["check", "--format", "json", "--exclude", "fixtures", "--exclude", "legacy/*"], capsys)
    assert code == 1 and sorted({f["file"] for f in json.loads(out)["findings"]}) == [os.path.join("app", "personvern.yaml")]
    (root / "pyproject.toml").write_text('[tool.personvern.check]\nexclude = ["fixtures/**", "legacy", "app"]\n', encoding="utf-8")
    monkeypatch.chdir(root / "app")  # the nearest pyproject.toml above, patterns relative to its folder
    code, out = run(["check", "--format", "json", "."], capsys)
    assert code == 0 and json.loads(out)["summary"]["files"] == 0
    named = str(root / "app" / "personvern.yaml")
    assert run(["check", named], capsys)[0] == 1  # a file named on the command line is checked all the same ...
    assert run(["check", "--force-exclude", named], capsys)[0] == 0  # ... unless --force-exclude (pre-commit)


def test_a_bad_exclude_setting_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    (root / "pyproject.toml").write_text('[tool.personvern.check]\nexclude = "fixtures"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["check"]) == 2
    assert "exclude must be a list of strings" in capsys.readouterr().err


@pytest.mark.parametrize("name, text, expected", [
    (None, _MANIFEST.replace("[email]", "[emial]"), "<stdin>:5:23: feil (error): ugyldig deklarasjon"),
    ("svc/app.py", "import personvern\n\n" + _GUARD + "\ndef f() -> None: ...\n", "svc/app.py:3:1: feil (error): «f» er avvist"),
])
def test_check_dash_reads_a_declaration_from_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                            name: str | None, text: str, expected: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out = run(["check", "-", *(["--stdin-filename", name] if name else [])], capsys)
    assert code == 1 and expected in out, out
    assert "(1 activity in 1 file" in out


def test_conditions_are_summed_up_in_a_line_of_their_own(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", str(ROOT / "examples" / "manifests" / "personvern.yaml")], capsys)
    assert code == 0
    assert out.splitlines()[-3].startswith("VILKÅR: 2 aktiviteter har vilkår som koden må sikre ved kjøring"), out
    assert out.splitlines()[-2].startswith("personvern check: 2 aktiviteter")


def test_this_repository_passes_its_own_check() -> None:
    """`personvern check` at the root, over every file it finds, with this repository's pyproject.toml."""
    done = subprocess.run([sys.executable, "-m", "personvern", "check", "--format", "json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"})
    report = json.loads(done.stdout)
    assert done.returncode == 0, [f"{f['file']}:{f['line']}: {f['code']}" for f in report["findings"] if f["level"] == "error"]
    assert report["passed"] and report["summary"]["files"] > 10 and report["summary"]["activities"] >= 4


# ---------------------------------------------------------------- what is not a suppression (found by an attack review)

_SALE_YAML = """system: kampanjeverktoy
activities:
  - name: fine
    purpose: direct_marketing
    legal_basis: legitimate_interests
    data_categories: [name, email]
    data_subjects: [customer]
    action: contact
    retention: {record_class: customer_data}
    description: DESCRIPTION
  - name: sale
    purpose: sale_of_data
    legal_basis: consent
    data_categories: [name, email, phone]
    data_subjects: [customer]
    retention: {note: x}
"""
_IGNORE = "# personvern: ignore[forbud.formal-utenfor-erklaeringen]"
_GUARD_SALE = ('@personvern.guard(name="same", purpose="sale_of_data", legal_basis="consent", data_categories=["name"], '
               'data_subjects=["customer"])\ndef a(): pass\n')
_GUARD_FINE = ('@personvern.guard(name="same", purpose="direct_marketing", legal_basis="legitimate_interests", '
               'data_categories=["email"], data_subjects=["customer"], action="contact")\ndef b(): pass\n')


@pytest.mark.parametrize(("name", "text"), [
    ("quoted.personvern.yaml", _SALE_YAML.replace("DESCRIPTION", f'"only text {_IGNORE} inside a quoted string"')),
    ("block.personvern.yaml", _SALE_YAML.replace("DESCRIPTION", f"|\n      block text\n      {_IGNORE} inside a block scalar")),
    ("string.personvern.json", json.dumps({"system": "x", "activities": [
        {"name": "fine", "purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["name"],
         "data_subjects": ["customer"], "action": "contact", "retention": {"record_class": "customer_data"},
         "description": f"a {_IGNORE} just text"},
        {"name": "sale", "purpose": "sale_of_data", "legal_basis": "consent", "data_categories": ["name"],
         "data_subjects": ["customer"], "retention": {"note": "x"}}]})),
    ("same_name.py", f"import personvern\n\n{_GUARD_SALE}\n\n{_IGNORE} this one is an example, on purpose\n{_GUARD_FINE}"),
    ("trailing.py", f"import personvern\nx = 1  {_IGNORE} this is about x, not the guard below\n{_GUARD_SALE}"),
    ("invisible.py", "import personvern\n" + _GUARD_SALE.replace(")", ")  " + _IGNORE + " \u200b", 1)),
])
def test_text_that_is_not_a_suppression_of_this_finding_never_hides_a_refusal(
        name: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A '#' inside a YAML or JSON string, a suppression above another guard of the same name, a comment
    trailing another statement, an invisible reason: the refused sale still fails the check."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out = run(["check", str(path), "--format", "json"], capsys)
    assert code == 1, out
    assert any(not f.get("suppressed") for f in json.loads(out)["findings"]), out


def test_a_named_file_left_out_by_an_exclude_is_said_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.personvern.check]\nexclude = ["*"]\n', encoding="utf-8")
    (tmp_path / "personvern.yaml").write_text(_SALE_YAML.replace("DESCRIPTION", "x"), encoding="utf-8")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = main(["check", "--force-exclude", "personvern.yaml"])
    finally:
        os.chdir(here)
    err = capsys.readouterr().err
    assert code == 0 and "1 named files left out by an exclude pattern" in err and "personvern.yaml" in err, err
