"""examples/policy-v2: a version 2 a lawyer might write, and its diff against the shipped rules.

DIFF.txt is what `personvern diff rules examples/policy-v2` prints; the test regenerates it so
it cannot fall behind the rules or the diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import personvern
from personvern.cli import main
from personvern.versions import diff_policies
from personvern.versions.lint import lint_policy
from personvern.versions.render import to_dict

# A diff of the shipped rules against version 2 decides about 4.9 million classes (about 9 minutes
# on this machine since the vocabulary grew): `pytest -m slow` runs these.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
V2 = ROOT / "examples" / "policy-v2"


@pytest.fixture(scope="module")
def v2() -> personvern.Policy:
    return personvern.load_policy(V2, use_cache=False)


@pytest.fixture(scope="module")
def changes(policy: personvern.Policy, v2: personvern.Policy) -> list[dict[str, Any]]:
    return list(to_dict(diff_policies(policy, v2))["changes"])


def test_the_saved_diff_is_what_the_command_prints(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["diff", "rules", "examples/policy-v2"]) == 1
    printed = capsys.readouterr().out
    assert printed == (V2 / "DIFF.txt").read_text(encoding="utf-8"), \
        "examples/policy-v2/DIFF.txt is stale: run `personvern diff rules examples/policy-v2 > examples/policy-v2/DIFF.txt`"


def test_every_clause_version_2_adds_is_cited_by_a_change_in_the_diff(policy: personvern.Policy, v2: personvern.Policy,
                                                                     changes: list[dict[str, Any]]) -> None:
    added = set(v2.normative_clauses()) - set(policy.clauses)
    assert added, "version 2 adds no clause"
    cited = {c for ch in changes for c in ch["new"]["clauses"]}
    assert added <= cited, sorted(added - cited)


def test_every_rule_version_2_adds_or_changes_shows_in_the_diff(policy: personvern.Policy, v2: personvern.Policy,
                                                               changes: list[dict[str, Any]]) -> None:
    from personvern.versions.diff import rule_fingerprint

    changed = {rid for rid, r in v2.rules.items()
               if rid not in policy.rules or rule_fingerprint(r, v2) != rule_fingerprint(policy.rules[rid], policy)}
    assert changed
    named = {r for ch in changes for side in ("old", "new") for r in ch[side]["rules"]}
    assert changed <= named, sorted(changed - named)


def test_version_2_has_no_dead_or_powerless_rule(v2: personvern.Policy) -> None:
    assert [f for f in lint_policy(v2) if f.code != "shadowed_rule"] == []
