"""personvern check on the command line: files or discovery, formats, exit codes, imports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

import pytest

from personvern.cli import main

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "manifests"
GOOD = str(EXAMPLES / "personvern.yaml")
REFUSED = str(EXAMPLES / "refused.personvern.yaml")
CODE = str(EXAMPLES / "newsletter_service.py")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_good_manifest_passes_and_prints_the_conditions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", GOOD, CODE], capsys)
    assert code == 0
    assert f"{GOOD}:8:5: merknad (note): «nyhetsbrev-nye-funksjoner» er tillatt på vilkår" in out
    assert "- den registrerte har ikke reservert seg mot direktemarkedsføring  [markedsforing.reservasjon]" in out
    assert "(the data subject has not objected to direct marketing)" in out
    assert f"{CODE}:39:1: merknad (note)" in out
    assert "(4 activities in 2 files: 2 permitted, 2 conditional, 0 refused, 0 invalid; 0 errors)" in out


def test_a_refused_manifest_fails_citing_the_clause(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", GOOD, REFUSED], capsys)
    assert code == 1
    assert f"{REFUSED}:25:9: feil (error): «nyhetsbrev-via-usa» er avvist (mottaker: Mailchimp)" in out
    assert "overforinger.1: «Vi kan overføre personopplysninger til tredjeparter:»" in out
    assert "(The recipient is in a country outside the EEA, and the statement does not mention such transfers.)" in out


def test_an_invalid_declaration_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_text(Path(GOOD).read_text(encoding="utf-8").replace("data_categories: [email]", "data_categories: [epost]"))
    code, out, err = run(["check", str(path)], capsys)
    assert code == 1 and not err
    assert f"{path}:25:23: feil (error): ugyldig deklarasjon (invalid declaration)  [unknown_term]" in out
    assert "'epost' is not a known term of data_categories" in out


@pytest.mark.parametrize(("name", "content", "code_word"), [
    ("personvern.yaml", "activities: [\n", "yaml_syntax_error"),
    ("personvern.yaml", None, "file_missing"),
    ("service.py", "import personvern\n@personvern.guard(\n", "python_syntax_error"),
    ("personvern.yaml", b"\xff\xfe", "encoding_error"),
    ("notes.txt", "hei", "usage_error"),
])
def test_input_that_cannot_be_read_exits_2_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               name: str, content: str | bytes | None, code_word: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, out, err = run(["check", str(path), GOOD], capsys)
    assert code == 2 and code_word in out and "Traceback" not in out + err
    assert "nyhetsbrev-nye-funksjoner" in out  # the other file is still checked


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as e:
        main(["check", "--format", "xml", GOOD])
    assert e.value.code == 2
    code, _, err = run(["check", "--policy", str(tmp_path / "no-rules"), GOOD], capsys)
    assert code == 2 and "the rules folder does not exist" in err


def test_another_rule_set_with_policy(rules_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    # A rule set whose vocabulary has no "opt_out_entry" record class: the manifest no longer fits it.
    rules = rules_copy({"vocabulary.yaml": [("  opt_out_entry:", "  opt_out_list:")],
                        "retention.yaml": [("record_classes: [opt_out_entry]", "record_classes: [opt_out_list]")],
                        "rights.yaml": [("record_class: [opt_out_entry]", "record_class: [opt_out_list]"),  # erasure, by record class
                                        ("claims_material, opt_out_entry]", "claims_material, opt_out_list]"),
                                        ("record_class: [opt_out_entry]", "record_class: [opt_out_list]")]})  # objection
    code, out, _ = run(["check", GOOD], capsys)
    assert code == 0
    code, out, _ = run(["check", "--policy", str(rules), GOOD], capsys)
    assert code == 1 and "'opt_out_entry' is not a known term of record_classes" in out


def test_without_files_the_current_folder_is_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "svc" / "personvern").mkdir(parents=True)
    shutil.copy(GOOD, tmp_path / "personvern.yaml")
    shutil.copy(REFUSED, tmp_path / "svc" / "personvern" / "kampanje.yaml")
    shutil.copy(CODE, tmp_path / "svc" / "newsletter.py")
    (tmp_path / ".venv").mkdir()
    shutil.copy(REFUSED, tmp_path / ".venv" / "personvern.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["check", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1
    assert sorted({a["file"] for a in data["activities"]}) == ["personvern.yaml", "svc/newsletter.py", "svc/personvern/kampanje.yaml"]
    code, out, _ = run(["check", "svc"], capsys)
    assert code == 1 and "svc/personvern/kampanje.yaml:6:5" in out


def test_an_empty_folder_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check"], capsys)
    assert code == 0 and "no declarations found" in err


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_every_format_carries_the_refusal_and_the_exit_code(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--format", fmt, GOOD, REFUSED], capsys)
    assert code == 1
    if fmt == "json":
        assert json.loads(out)["summary"]["deny"] == 2
    elif fmt == "sarif":
        log = json.loads(out)
        assert log["version"] == "2.1.0" and {r["ruleId"] for r in log["runs"][0]["results"]} >= {"overforinger.utenfor-eos"}
        assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///")
    elif fmt == "junit":
        assert ET.fromstring(out).get("failures") == "2"
    else:
        assert f"::error file={REFUSED},line=25,col=9," in out


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    piped = subprocess.run([sys.executable, "-m", "personvern", "check", REFUSED], capture_output=True, text=True, env=env)
    assert piped.returncode == 1 and "\033[" not in piped.stdout
    script = ("import pty, sys; sys.exit(pty.spawn([sys.executable, '-m', 'personvern', 'check', " + repr(REFUSED) + "]) >> 8)")
    tty = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env)
    assert b"\033[1;31mfeil (error)" in tty.stdout
    plain = subprocess.run([sys.executable, "-c", script], capture_output=True, env={**env, "NO_COLOR": "1"})
    assert b"\033[" not in plain.stdout and b"feil (error)" in plain.stdout


def test_the_check_path_imports_no_jsonschema_or_lark_and_python_files_no_yaml(tmp_path: Path) -> None:
    env = {**os.environ, "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
    probe = ("import sys; from personvern.cli import main; code = main(['check'] + sys.argv[1:]); "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'jsonschema', 'lark'}), code)")
    subprocess.run([sys.executable, "-c", probe, GOOD], capture_output=True, env=env, check=False)  # warms the cache
    manifest_run = subprocess.run([sys.executable, "-c", probe, GOOD], capture_output=True, text=True, env=env)
    assert manifest_run.stdout.splitlines()[-1] == "['yaml'] 0"
    code_run = subprocess.run([sys.executable, "-c", probe, CODE], capture_output=True, text=True, env=env)
    assert code_run.stdout.splitlines()[-1] == "[] 0"


def test_the_warm_check_path_leaves_out_what_only_costs_start_up(tmp_path: Path) -> None:
    """shutil (argparse reads the terminal's width with it, pulling in bz2 and lzma) and tomllib
    (only wanted when there is a pyproject.toml to read) are not imported by a check of a
    manifest in a folder without a pyproject.toml; the cache is not rebuilt on the way."""
    env = {**os.environ, "PERSONVERN_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / ".git").mkdir()  # the search for pyproject.toml stops at the repository's top
    shutil.copy(GOOD, tmp_path / "personvern.yaml")
    probe = ("import sys; from personvern.cli import main; code = main(['check', 'personvern.yaml']); "
             "print(sorted({m for m in sys.modules} & {'shutil', 'tomllib', 'lark', 'jsonschema'}), code)")
    subprocess.run([sys.executable, "-c", probe], capture_output=True, env=env, cwd=tmp_path, check=False)  # warms the cache
    warm = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert warm.stdout.splitlines()[-1] == "[] 0", warm.stdout[-500:]
    (tmp_path / "pyproject.toml").write_text("[tool.personvern.check]\nexclude = []\n", encoding="utf-8")
    with_config = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert with_config.stdout.splitlines()[-1] == "['tomllib'] 0"


@pytest.mark.parametrize("columns", [60, 200])
def test_help_wraps_at_the_width_of_columns(columns: int) -> None:
    """The help's width is read as shutil.get_terminal_size reads it ($COLUMNS first), without shutil."""
    done = subprocess.run([sys.executable, "-m", "personvern", "check", "--help"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": str(columns)})
    description = done.stdout.split("\n\n")[1].splitlines()  # a paragraph argparse wraps (the exit codes stay as written)
    widest = max(len(line) for line in description)
    assert done.returncode == 0 and (widest <= columns - 2 and len(description) > 2 if columns == 60 else len(description) <= 2 and widest > 150), description
