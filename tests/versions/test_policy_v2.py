"""examples/policy-v2: a version 2 a lawyer might write, and its diff against the shipped rules.

Version 2 is built from the current rules/ by examples/policy-v2/make_v2.py (the changes are listed
in CHANGES.md), so the tests of its diff build it afresh; two tests check that the committed folder
and DIFF.txt are what the script and `personvern diff rules examples/policy-v2` produce now.
"""

from __future__ import annotations

import filecmp
import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import personvern
from personvern.cli import main
from personvern.versions import diff_policies
from personvern.versions.diff import rule_fingerprint
from personvern.versions.lint import lint_policy
from personvern.versions.render import to_dict

ROOT = Path(__file__).resolve().parents[2]
V2 = ROOT / "examples" / "policy-v2"
REBUILD = "run `python examples/policy-v2/make_v2.py` (it rebuilds version 2 from rules/ and DIFF.txt)"


def _make_v2() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_v2", V2 / "make_v2.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("v2") / "policy-v2"
    _make_v2().build(ROOT / "rules", out)
    return out


@pytest.fixture(scope="module")
def v2(built: Path) -> personvern.Policy:
    return personvern.load_policy(built, use_cache=False)


@pytest.fixture(scope="module")
def changes(policy: personvern.Policy, v2: personvern.Policy) -> list[dict[str, Any]]:
    return list(to_dict(diff_policies(policy, v2))["changes"])


def _changed_rules(policy: personvern.Policy, v2: personvern.Policy) -> set[str]:
    return {rid for rid, r in v2.rules.items()
            if rid not in policy.rules or rule_fingerprint(r, v2) != rule_fingerprint(policy.rules[rid], policy)}


def test_the_committed_version_2_is_built_from_the_current_rules(built: Path) -> None:
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    committed = files(V2) - set(_make_v2().KEEP)
    assert committed == files(built), f"examples/policy-v2 has other files than version 2 built now: {REBUILD}"
    stale = [f for f in sorted(committed) if not filecmp.cmp(V2 / f, built / f, shallow=False)]
    assert not stale, f"examples/policy-v2 is stale ({', '.join(stale)}): {REBUILD}"


def test_make_v2_stops_and_names_the_edit_when_the_rules_changed_under_it(tmp_path: Path) -> None:
    make_v2 = _make_v2()
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules, ignore=shutil.ignore_patterns("__pycache__"))
    target = rules / "transfers.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("not in sets.eea_countries", "not in sets.eea"), encoding="utf-8")
    with pytest.raises(make_v2.EditError, match=r"edit \d+ of make_v2.py: transfers.yaml holds its version-1 text 0 times"):
        make_v2.build(rules, tmp_path / "out")


def test_the_saved_diff_is_what_the_command_prints(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["diff", "rules", "examples/policy-v2"]) == 1
    printed = capsys.readouterr().out
    assert printed == (V2 / "DIFF.txt").read_text(encoding="utf-8"), f"examples/policy-v2/DIFF.txt is stale: {REBUILD}"


def test_every_clause_version_2_adds_is_cited_by_a_change_in_the_diff(policy: personvern.Policy, v2: personvern.Policy,
                                                                     changes: list[dict[str, Any]]) -> None:
    added = set(v2.normative_clauses()) - set(policy.clauses)
    assert added, "version 2 adds no clause"
    cited = {c for ch in changes for c in ch["new"]["clauses"]}
    assert added <= cited, sorted(added - cited)


def test_every_rule_version_2_adds_or_changes_shows_in_the_diff(policy: personvern.Policy, v2: personvern.Policy,
                                                               changes: list[dict[str, Any]]) -> None:
    changed = _changed_rules(policy, v2)
    assert changed
    named = {r for ch in changes for side in ("old", "new") for r in ch[side]["rules"]}
    assert changed <= named, sorted(changed - named)


def test_every_change_in_the_diff_comes_from_a_rule_version_2_adds_or_changes(policy: personvern.Policy, v2: personvern.Policy,
                                                                             changes: list[dict[str, Any]]) -> None:
    """Nothing else changes: each reported change names, before or after, a rule CHANGES.md describes."""
    changed = _changed_rules(policy, v2)
    assert changes
    for ch in changes:
        named = set(ch["old"]["rules"]) | set(ch["new"]["rules"])
        assert named & changed, ch


def test_version_2_has_no_dead_or_powerless_rule(v2: personvern.Policy) -> None:
    assert [f for f in lint_policy(v2) if f.code != "shadowed_rule"] == []
