"""Breaking a rule on purpose turns the specifications red.

The Norwegian specifications are run in a separate pytest process against a copy of the rules
(PERSONVERN_POLICY_DIR, honoured by tests/bdd/conftest.py). Against an untouched copy they pass;
with one rule broken, at least one scenario fails, and it says in Norwegian what was expected
and what the engine decided.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import personvern

from .conftest import ROOT

RULES = ROOT / "rules"


def rule_block(file: str, rule_id: str) -> str:
    """The YAML text of one rule, from its «- id:» line to the next rule or comment block."""
    text = (RULES / file).read_text(encoding="utf-8")
    m = re.search(rf"^  - id: {re.escape(rule_id)}\n(?:(?!  - id: |\n  #).*\n)*", text, re.M)
    assert m, f"{rule_id} not found in {file}"
    return m.group(0)


def run_specs(rules: Path, tmp: Path, *feature_tests: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    personvern.load_policy(rules, use_cache=False)  # the broken rule set is still a valid one
    results = tmp / "results.json"
    env = dict(os.environ, PERSONVERN_POLICY_DIR=str(rules), PERSONVERN_RESULTS=str(results),
               PERSONVERN_CACHE_DIR=str(tmp / "cache"))
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *feature_tests],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    outcome: dict[str, str] = {}
    if results.exists():
        for entry in json.loads(results.read_text(encoding="utf-8"))["scenarios"]:
            key = entry["scenario"] + (f" [{entry['example']}]" if entry.get("example") else "")
            outcome[key] = entry["outcome"]
    return done, outcome


def test_the_specifications_pass_against_an_untouched_copy(rules_copy: Callable[..., Path], tmp_path: Path) -> None:
    done, outcome = run_specs(rules_copy(), tmp_path, "tests/bdd/test_markedsforing.py", "tests/bdd/test_oppbevaring.py")
    assert done.returncode == 0, done.stdout[-3000:]
    assert outcome and set(outcome.values()) == {"passed"}


def test_deleting_the_marketing_objection_rule_turns_marketing_scenarios_red(
        rules_copy: Callable[..., Path], tmp_path: Path) -> None:
    block = rule_block("processing.yaml", "markedsforing.reservasjon")
    assert "effect: forbid" in block and "facts.direct_marketing_objection" in block
    # rights.yaml links two records to the rule (erasure and objection); a deleted rule takes its links with it
    link = "        rule: markedsforing.reservasjon\n"
    rules = rules_copy({"processing.yaml": [(block, "")], "rights.yaml": [(link, ""), (link, "")]})
    assert link not in (rules / "rights.yaml").read_text(encoding="utf-8")
    done, outcome = run_specs(rules, tmp_path, "tests/bdd/test_markedsforing.py")
    assert done.returncode == 1, done.stdout[-3000:]
    failed = {name for name, result in outcome.items() if result == "failed"}
    assert "Reservasjonen går også foran et samtykke kunden har gitt tidligere" in failed
    assert any(name.startswith("Ingen direktemarkedsføring til en kunde som har reservert seg [") for name in failed)
    # the failure says, in Norwegian, what was expected and what the engine decided, with its reasons
    assert "Forventet: behandlingen skulle avvises med henvisning til «Du kan motsi deg direktemarkedsføring når som helst»" in done.stdout
    assert "Motoren svarte: TILLATT" in done.stdout
    assert "regel markedsforing.kontakt" in done.stdout


@pytest.mark.parametrize(("file", "old", "new", "tests", "scenario"), [
    pytest.param("retention.yaml", "period: {years: 5}", "period: {years: 4}", "tests/bdd/test_oppbevaring.py",
                 "Regnskapsmateriale beholdes til fristen i bokføringsloven er ute", id="bookkeeping-4-years"),
    pytest.param("transfers.yaml", "when: not recipient.dpa", "when: recipient.dpa == false and false",
                 "tests/bdd/test_overforinger.py", "En tjenesteleverandør uten databehandleravtale får ikke opplysningene",
                 id="processor-without-agreement"),
    pytest.param("retention.yaml", "period: {months: 12}\n    from: collected_on", "period: {months: 11}\n    from: collected_on",
                 "tests/bdd/test_oppbevaring.py", "Sikkerhetslogger beholdes i tolv måneder, også for tidligere kunder", id="security-logs-11-months"),
])
def test_other_broken_rules_turn_their_scenarios_red(rules_copy: Callable[..., Path], tmp_path: Path,
                                                     file: str, old: str, new: str, tests: str, scenario: str) -> None:
    rules = rules_copy({file: [(old, new)]})
    done, outcome = run_specs(rules, tmp_path, tests)
    assert done.returncode == 1, done.stdout[-3000:]
    assert any(name.split(" [")[0] == scenario and result == "failed" for name, result in outcome.items()), outcome
