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
    with tempfile.TemporaryDirectory(prefix="personvern-diff-") as tmp:
        _extract(spec, repo, rules_path, Path(tmp))
        return load_compiled(Path(tmp) / rules_path, use_cache=False)


def files_at_revision(spec: str, repo: str | Path, folder: str, suffix: str) -> list[tuple[str, str]] | None:
    """The ``suffix`` files under ``folder`` at git revision ``spec`` of ``repo``, as (path relative to
    the folder, text); None when ``spec`` is a folder (a folder has no history to read them from)."""
    if spec and not spec.startswith("-") and Path(spec).is_dir():
        return None
    with tempfile.TemporaryDirectory(prefix="personvern-diff-") as tmp:
        try:
            _extract(spec, repo, folder, Path(tmp))
        except errors.InvalidInputError:
            if _commit(spec, repo) is None:
                raise
            return []  # the revision exists but has no such folder: nothing to compare with
        root = Path(tmp) / folder
        return [(f.relative_to(root).as_posix(), f.read_text(encoding="utf-8", errors="replace"))
                for f in sorted(root.rglob(f"*{suffix}")) if f.is_file()]


def _commit(spec: str, repo: str | Path) -> str | None:
    if not spec or spec.startswith("-"):
        return None
    try:
        rev = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"],
                             capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise _bad(spec, f"not a rules folder, and git could not be run ({e})") from None
    return rev.stdout.strip() if rev.returncode == 0 else None


def _extract(spec: str, repo: str | Path, folder: str, into: Path) -> None:
    """Extract ``folder`` of git revision ``spec`` of ``repo`` into ``into``."""
    commit = _commit(spec, repo)
    if commit is None:
        raise _bad(spec, f"neither a rules folder nor a git revision of {repo}")
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit, "--", folder],
                             capture_output=True, timeout=60, check=False)
    if archive.returncode != 0 or len(archive.stdout) > MAX_ARCHIVE_BYTES:
        raise _bad(spec, f"revision {commit[:12]} has no folder {folder!r}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")  # no links out, no absolute paths
