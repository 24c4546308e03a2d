"""personvern diff on the command line: exit codes, JSON with witnesses, git revisions, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from personvern.load import rules as api
from personvern.cli import main


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(api.default_rules_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def _drop_rule(root: Path) -> str:
    """Remove every permit for the purpose of the first permit in processing.yaml (so that purpose
    is refused from then on); returns the first removed rule's id."""
    import yaml

    path = root / "processing.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(r for r in doc["rules"] if r["effect"] == "permit")
    purpose = first["purposes"][0]
    doc["rules"] = [r for r in doc["rules"] if not (r["effect"] == "permit" and purpose in r.get("purposes", []))]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(first["id"])


def test_identical_rule_sets_exit_0_and_say_nothing_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(api.default_rules_dir()), str(_copy(tmp_path, "same"))]) == 0
    assert "Ingen endring" in capsys.readouterr().out


def test_a_dropped_permit_is_reported_with_its_rule_and_a_witness(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _copy(tmp_path, "new")
    dropped = _drop_rule(new)
    assert main(["diff", str(api.default_rules_dir()), str(new), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["changed"] and out["changes"]
    assert any(dropped in c["old"]["rules"] for c in out["changes"])
    for c in out["changes"]:
        assert c["witnesses"][0]["old"] != c["witnesses"][0]["new"]
        assert c["nb"] and c["en"]


def test_text_output_names_both_outcomes_in_norwegian_and_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _copy(tmp_path, "new")
    _drop_rule(new)
    assert main(["diff", str(api.default_rules_dir()), str(new)]) == 1
    out = capsys.readouterr().out
    assert "→ avvist" in out and "→ refused" in out and "eksempel (witness)" in out


def test_git_revisions_are_compared_through_their_rules_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    shutil.copytree(api.default_rules_dir(), repo / "rules", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "v1"], check=True)
    _drop_rule(repo / "rules")
    subprocess.run(git + ["commit", "-qam", "v2"], check=True)
    assert main(["diff", "HEAD~1", "HEAD", "--repo", str(repo)]) == 1
    assert "HEAD~1 → HEAD" in capsys.readouterr().out
    assert main(["diff", "HEAD", "HEAD", "--repo", str(repo)]) == 0


@pytest.mark.parametrize("spec", ["no-such-folder-or-revision", "HEAD~999999", ""])
def test_a_version_that_is_neither_folder_nor_revision_exits_2_without_traceback(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(api.default_rules_dir()), spec]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "neither a rules folder nor a git revision" in err


def test_a_broken_rule_set_exits_2_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _copy(tmp_path, "new")
    (new / "processing.yaml").write_text("level: processing\nrules: [\n", encoding="utf-8")
    assert main(["diff", str(api.default_rules_dir()), str(new)]) == 2
    assert "processing.yaml" in capsys.readouterr().err
