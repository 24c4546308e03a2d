"""A policy to compare: a rules folder, or the rules folder of a git revision of a repository."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .. import errors
from ..load.rules import load_compiled
from ..errors import Problem
from ..core.model import CompiledPolicy

MAX_ARCHIVE_BYTES = 64 * 1024 * 1024


def _bad(spec: str, message: str) -> errors.InvalidInputError:
    return errors.InvalidInputError([Problem(errors.FILE_MISSING, message, spec)], spec)


def load_version(spec: str, repo: str | Path = ".", rules_path: str = "rules") -> CompiledPolicy:
    """``spec`` is a rules folder if one exists by that name; otherwise a git revision of ``repo``,
    whose ``rules_path`` folder is extracted into a temporary folder and loaded from there."""
    if not spec or spec.startswith("-"):
        raise _bad(spec or "''", "neither a rules folder nor a git revision")
    if Path(spec).is_dir():
        return load_compiled(spec)
    try:
        rev = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"],
                             capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise _bad(spec, f"not a rules folder, and git could not be run ({e})") from None
    if rev.returncode != 0:
        raise _bad(spec, f"neither a rules folder nor a git revision of {repo}")
    commit = rev.stdout.strip()
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit, "--", rules_path],
                             capture_output=True, timeout=60, check=False)
    if archive.returncode != 0 or len(archive.stdout) > MAX_ARCHIVE_BYTES:
        raise _bad(spec, f"revision {commit[:12]} has no folder {rules_path!r}")
    with tempfile.TemporaryDirectory(prefix="personvern-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")  # no links out, no absolute paths
        return load_compiled(Path(tmp) / rules_path, use_cache=False)
