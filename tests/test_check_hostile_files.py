"""Hostile files and names against personvern check, evaluate and explain.

Classes of fault closed here: output injection (a file or activity name that writes a fake
line, clears the terminal, reorders text or breaks XML), links out of the repository (whose
contents were printed), values echoed in full (secrets in a mistaken manifest), files that
never end (pipes, devices) and names that differ only in Unicode normal form.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from personvern import errors
from personvern.check import manifest
from personvern.core.safetext import clean

from .conftest import ROOT

SARIF_SCHEMA = next((p / "shared" / "data" / "sarif-schema-2.1.0.json" for p in ROOT.parents
                     if (p / "shared" / "data" / "sarif-schema-2.1.0.json").is_file()), None)
HOSTILE = "a\n\x1b[1;32mTILLATT (permitted)\x1b[0m\r\x1b]0;title\x07\u202eb\u2028c\x00\ufffe"
ACTIVITY = """\
activities:
  - name: {name}
    purpose: profiling
    legal_basis: consent
    data_categories: [name]
    data_subjects: [customer]
    retention: {{note: kept a year}}
"""


def cli(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([sys.executable, "-m", "personvern", *args], cwd=cwd, capture_output=True, timeout=timeout, env=env)


def assert_no_raw_controls(out: str) -> None:
    allowed = {"\n"}
    bad = [ch for ch in out if ch not in allowed and (unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in "\u202e\u2066\ufffe")]
    assert not bad, [hex(ord(ch)) for ch in bad]
    assert not any(line.startswith(("TILLATT", "\x1b")) for line in out.splitlines())


def test_one_cleaning_function_escapes_controls_and_bidi_and_is_idempotent() -> None:
    cleaned = clean(HOSTILE)
    assert cleaned.isprintable() and "\\x1b" in cleaned and "\\u202e" in cleaned and "\\n" in cleaned
    assert clean(cleaned) == cleaned and clean("ære og «vern»") == "ære og «vern»"
    assert clean("a\nb", keep_newlines=True) == "a\nb"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_a_hostile_file_name_and_activity_name_never_reach_the_output_raw(tmp_path: Path, fmt: str) -> None:
    """Class: output injection through names that came from input, in every format of check."""
    name = "x" + HOSTILE.replace("\x00", "").replace("/", "") + ".personvern.yaml"
    (tmp_path / name).write_text(ACTIVITY.format(name=json.dumps("kampanje\x1b[2J\u202eevil\x07")), encoding="utf-8")
    done = cli(["check", "--format", fmt, name], tmp_path)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 1 and "Traceback" not in done.stderr.decode()
    assert_no_raw_controls(out)
    if fmt == "json":
        data = json.loads(out)
        assert data["activities"][0]["name"] == "kampanje\\x1b[2J\\u202eevil\\x07"
    elif fmt == "sarif":
        log = json.loads(out)
        if SARIF_SCHEMA is not None:
            schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
            assert not list(Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER).iter_errors(log))
    elif fmt == "junit":
        root = ET.fromstring(out)
        assert root.get("failures") == "1" and "\\x1b" in root.find("testsuite").get("name")  # type: ignore[union-attr]
    elif fmt == "text":
        assert "«kampanje\\x1b[2J\\u202eevil\\x07» er avvist" in out


@pytest.mark.parametrize("command", ["evaluate", "explain"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_evaluate_and_explain_escape_what_came_from_input(tmp_path: Path, command: str, fmt: str) -> None:
    op = {"id": "op\n\x1b[32mTILLATT\x1b[0m\u202e", "purpose": "profiling", "legal_basis": "consent",
          "data_categories": ["name"], "data_subjects": ["customer"]}
    name = "op\x1b[2J\u202e.json"
    (tmp_path / name).write_text(json.dumps(op), encoding="utf-8")
    done = cli([command, "--format", fmt, name], tmp_path)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 1
    assert_no_raw_controls(out)
    if fmt == "json":
        [decision] = json.loads(out)["decisions"]
        assert decision["operation_id"] == "op\n\\x1b[32mTILLATT\\x1b[0m\\u202e"  # JSON escapes the line break itself
    missing = cli([command, "missing\x1b[2J.json"], tmp_path)
    assert missing.returncode == 2 and b"\x1b" not in missing.stderr and b"missing\\x1b[2J.json" in missing.stderr


def test_a_link_out_of_the_repository_is_refused_and_never_read(tmp_path: Path) -> None:
    """Class: a link in the repository to a file outside it (whose contents were printed)."""
    secret = tmp_path / "secrets.yaml"
    secret.write_text("AWS_SECRET_ACCESS_KEY: hunter2-do-not-print\nactivities: [x]\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "svc").mkdir(parents=True)
    (repo / "personvern.yaml").symlink_to(secret)
    (repo / "svc" / "leak.py").symlink_to(secret)
    (repo / "outside").symlink_to(tmp_path, target_is_directory=True)
    for args in (["check"], ["check", "personvern.yaml", "svc/leak.py"], ["check", "outside/secrets.yaml"]):
        done = cli([*args, "--format", "json"], repo)
        out = done.stdout.decode() + done.stderr.decode()
        assert done.returncode == 2, args
        assert "hunter2" not in out and "AWS_SECRET" not in out
        assert {f["code"] for f in json.loads(done.stdout)["findings"]} == {errors.PATH_ESCAPE}
    (repo / "inside.personvern.yaml").symlink_to(repo / "personvern.yaml")  # a link inside to a link out is still out
    assert cli(["check", "inside.personvern.yaml"], repo).returncode == 2


def test_a_value_that_is_not_a_known_term_is_quoted_short(tmp_path: Path) -> None:
    """Class: secrets echoed in full from a mistaken manifest (unknown field names, unknown terms)."""
    secret_key, secret_value = "AWS_SECRET_ACCESS_KEY_0123456789ABCDEF", "sk_live_0123456789abcdefghijklmnopqrstuvwxyz"
    text = ACTIVITY.format(name="a").replace("purpose: profiling", f"purpose: {secret_value}") + f"    {secret_key}: x\n" \
        + f"    retention2: {{record_class: {secret_value}}}\n"
    (tmp_path / "personvern.yaml").write_text(text.replace("retention: {note: kept a year}", f"retention: {{record_class: {secret_value}}}"),
                                              encoding="utf-8")
    done = cli(["check", "personvern.yaml"], tmp_path)
    out = done.stdout.decode()
    assert done.returncode == 1 and "unknown field" in out and "not a known term" in out
    assert secret_value not in out and secret_key not in out
    assert secret_value[:manifest.QUOTE_LIMIT] in out  # enough to find it, never the whole


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("name", ["personvern.yaml", "service.py"])
def test_a_named_pipe_is_refused_without_hanging(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    done = cli(["check", name], tmp_path, timeout=30)
    assert done.returncode == 2 and b"not a regular file" in done.stdout
    done = cli(["check"], tmp_path, timeout=30)  # found by discovery too
    assert done.returncode == 2


def test_a_device_as_a_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / "personvern.yaml").symlink_to("/dev/zero")
    source = manifest.read_source(tmp_path / "personvern.yaml", "personvern.yaml")
    assert source.unreadable and "not a regular file" in source.problems[0].message


def test_names_that_differ_only_in_normal_form_are_duplicates(tmp_path: Path) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "kampanje-é"), unicodedata.normalize("NFD", "kampanje-é")
    assert nfc != nfd
    text = ACTIVITY.format(name=nfc) + ACTIVITY.format(name=nfd).split("\n", 1)[1]
    path = tmp_path / "personvern.yaml"
    path.write_text(text, encoding="utf-8")
    source = manifest.read_source(path, "personvern.yaml")
    assert [p.code for d in source.declarations for p in d.problems] == [errors.DUPLICATE_ID]
