"""The results file a test run writes (tests/bdd/conftest.py): which scenarios passed, failed or did not run.

Pure: the text is given. Several runs of one outline (its example rows) are combined into one result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Mapping

from ..errors import Problem
from .gherkin import ScenarioRef

RESULTS_FORMAT = 1
RESULTS_FILE = ".personvern-results.json"  # where the test run writes it, in the project root
RESULTS_ENV = "PERSONVERN_RESULTS"  # overrides that place, for the test run and for the reader alike

# Stable finding codes (tools and tests match on these, never on message text).
RESULTS_INVALID = "results_invalid"
RESULTS_STALE = "results_stale"

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    outcome: str  # PASSED | FAILED | NOT_RUN
    runs: int = 0  # example rows (or 1) recorded
    failed: int = 0
    rules: tuple[str, ...] = ()  # the rules the engine's answers rested on, as recorded


@dataclass(frozen=True, slots=True)
class Results:
    """Scenario results recorded during a test run (see tests/bdd/conftest.py)."""

    policy_hash: str | None
    written_at: str | None
    by_scenario: Mapping[tuple[str, str], ScenarioResult]
    file: str | None = None  # the file they were read from, as given

    def of(self, scenario: ScenarioRef) -> ScenarioResult:
        return self.by_scenario.get(scenario.key, ScenarioResult(NOT_RUN))


def parse_results(text: str, name: str) -> tuple[Results | None, list[Problem]]:
    """Read a results file written by the BDD test run; several runs of one outline are combined."""
    try:
        data = json.loads(text)
    except ValueError as e:
        return None, [Problem(RESULTS_INVALID, f"resultatfilen er ikke gyldig JSON: {e}", name)]
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT or not isinstance(data.get("scenarios"), list):
        return None, [Problem(RESULTS_INVALID, f"resultatfilen har ikke format {RESULTS_FORMAT} med en liste «scenarios»", name)]
    runs: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}
    problems: list[Problem] = []
    for i, entry in enumerate(data["scenarios"]):
        ok = (isinstance(entry, dict) and isinstance(entry.get("feature"), str) and isinstance(entry.get("scenario"), str)
              and entry.get("outcome") in (PASSED, FAILED, "skipped"))
        if not ok:
            problems.append(Problem(RESULTS_INVALID, "ugyldig oppføring i resultatfilen", name, path=f"$.scenarios[{i}]"))
            continue
        rules = entry.get("rules") or []
        runs.setdefault((entry["feature"], entry["scenario"]), []).append(
            (entry["outcome"], tuple(str(r) for r in rules) if isinstance(rules, list) else ()))
    by: dict[tuple[str, str], ScenarioResult] = {}
    for key, rs in runs.items():
        outcomes = [o for o, _ in rs]
        failed = outcomes.count(FAILED)
        outcome = FAILED if failed else PASSED if outcomes.count(PASSED) == len(outcomes) else NOT_RUN
        rules = tuple(dict.fromkeys(r for _, rr in rs for r in rr))
        by[key] = ScenarioResult(outcome, len(rs), failed, rules)
    ph = data.get("policy_hash")
    wa = data.get("written_at")
    return Results(ph if isinstance(ph, str) else None, wa if isinstance(wa, str) else None, by, name), problems
