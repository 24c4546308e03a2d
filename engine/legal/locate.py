"""Where the feature files and the last test run's results are, found from the rules folder, not the working folder.

The project root is the nearest folder, from the rules folder upwards, that holds a ``features``
folder (for the bundled policy: the repository). The test run writes its results into the project
root as .personvern-results.json (tests/bdd/conftest.py), or where $PERSONVERN_RESULTS says; the
reader looks in the same places, so `coverage` and `report` give the same answer from any folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..load import rules
from .results import RESULTS_ENV, RESULTS_FILE

FEATURES = "features"
_LEVELS = 3  # the rules folder, its parent and grandparent: a project keeps its rules near its features


@dataclass(frozen=True, slots=True)
class Found:
    features: Path
    results: Path | None  # the results file to read, or None when there is none
    sought: tuple[Path, ...]  # every place a results file was looked for (empty when it was given)


def project_root(policy_dir: str | os.PathLike[str] | None) -> Path | None:
    """The nearest folder holding ``features/``, from the rules folder upwards; None when there is none."""
    start = Path(policy_dir) if policy_dir else rules.default_rules_dir()
    try:
        start = start.resolve()
    except OSError:
        return None
    for folder in (start, *start.parents)[:_LEVELS]:
        if (folder / FEATURES).is_dir():
            return folder
    return None


def locate(policy_dir: str | os.PathLike[str] | None, features: str | None, results: str | None) -> Found:
    """The features folder and the results file: the ones given, else the project's (see the module text)."""
    root = project_root(policy_dir)
    folder = Path(features) if features else (root / FEATURES if root is not None else Path(FEATURES))
    if results:
        return Found(folder, Path(results), ())
    env = os.environ.get(RESULTS_ENV)
    if env is not None:
        sought: tuple[Path, ...] = (Path(env),) if env else ()
    else:
        places = [root / RESULTS_FILE] if root is not None else []
        places.append(folder.resolve().parent / RESULTS_FILE)
        sought = tuple(dict.fromkeys(places))
    return Found(folder, next((p for p in sought if p.is_file()), None), sought)
