"""Inline suppressions of ``personvern check`` findings, and which paths the check leaves out.

A suppression is a comment that names what it suppresses and says why::

    @personvern.guard(**options)  # personvern: ignore[declaration_not_static] the options are checked in test_x
    # personvern: ignore[forbud.formal-utenfor-erklaeringen] an example of a refused activity, on purpose

It names a finding's code (``declaration_not_static``, ``unknown_term``, ...) or a rule id, several
separated by commas, and stands on the line of the declaration (in a manifest: of the activity) or of
the finding, or on the line before. A suppression without a reason is itself an error. A suppressed
finding is still reported, marked as suppressed with its reason, and does not fail the check.
In Python only real comments count (read with :mod:`tokenize`), never text inside a string.

Exclusions: ``--exclude GLOB`` and ``[tool.personvern.check] exclude = [...]`` in the repository's
pyproject.toml. A pattern matches a path relative to the folder of that pyproject.toml (or to the
current folder), or any folder above it: ``tests`` and ``tests/**`` both leave out all of tests/.
They apply to the files found in folders; a file named on the command line is checked all the same,
unless ``--force-exclude`` (as ruff does: a pre-commit hook names every changed file).
"""

from __future__ import annotations

import fnmatch
import io
import os
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from .. import errors
from ..errors import Problem
from ..load import fmt
from ..load.files import read_regular_file

SUPPRESSION_WITHOUT_REASON = "suppression_without_reason"
_COMMENT = re.compile(r"#\s*personvern:\s*ignore\[([^\]]*)\](.*)$")
MAX_REASON = 500
CONFIG_FILE = "pyproject.toml"


@dataclass(frozen=True, slots=True)
class Suppression:
    line: int
    codes: tuple[str, ...]
    reason: str
    alone: bool = True  # the comment stands alone on its line (only then does it reach the line after it)


def scan(text: str, file: str, python: bool) -> tuple[tuple[Suppression, ...], tuple[Problem, ...]]:
    """The suppressions written in a file, and an error for each one that gives no reason or names nothing."""
    found: list[Suppression] = []
    problems: list[Problem] = []
    lines = text.split("\n")
    for line, column, comment in (_python_comments(text) if python else _yaml_comments(text)):
        m = _COMMENT.match(comment)
        if m is None:
            continue
        codes = tuple(c.strip() for c in m.group(1).split(",") if c.strip())
        reason = m.group(2).strip()[:MAX_REASON]
        if not codes or not any(ch.isalnum() for ch in reason):  # an invisible or empty reason is no reason
            what_nb, what_en = ("grunn", "a reason") if codes else ("hva som undertrykkes", "what it suppresses")
            problems.append(Problem(SUPPRESSION_WITHOUT_REASON,
                                    f"en undertrykkelse må oppgi {what_nb}: # personvern: ignore[<kode eller regel>] <grunn> "
                                    f"(a suppression must give {what_en}: # personvern: ignore[<code or rule>] <reason>)",
                                    file, line, column))
            continue
        alone = not lines[line - 1][:column - 1].strip() if line - 1 < len(lines) else False
        found.append(Suppression(line, codes, reason, alone))
    return tuple(found), tuple(problems)


def _python_comments(text: str) -> Iterable[tuple[int, int, str]]:
    if "personvern" not in text:
        return []
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and "personvern" in tok.string:
                out.append((tok.start[0], tok.start[1] + 1, tok.string))
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass  # the parser reports the file; what was read before stands
    return out


def _yaml_comments(text: str) -> Iterable[tuple[int, int, str]]:
    """Real YAML comments only (read with the YAML scanner): never text inside a quoted or block scalar."""
    if "personvern" not in text:
        return []
    try:
        return [c for c in fmt.yaml_comments(text) if "personvern" in c[2]]
    except errors.PersonvernError:
        return []  # not YAML: the manifest reader reports the file


def reason_for(suppressions: Iterable[Suppression], code: str, lines: Iterable[int | None]) -> str | None:
    """The reason of a suppression of ``code`` on one of ``lines`` or the line before it (None: not suppressed)."""
    own = {line for line in lines if line}
    for s in suppressions:
        if code in s.codes and (s.line in own or (s.alone and s.line + 1 in own)):
            return s.reason
    return None


# ---------------------------------------------------------------------------- exclusions


def config_excludes(start: Path) -> tuple[Path, tuple[str, ...], list[Problem]]:
    """The folder the patterns are relative to and ``[tool.personvern.check] exclude`` of the nearest
    pyproject.toml at or above ``start`` (not above the repository's top, where .git is)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        path = folder / CONFIG_FILE
        if path.is_file():
            import tomllib  # only here: a repository without a pyproject.toml never pays for it
            raw, problems = read_regular_file(path, str(path))
            if raw is None:
                return start, (), problems
            try:
                data = tomllib.loads(raw.decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                return start, (), [Problem(errors.SCHEMA, f"cannot read {CONFIG_FILE}: {e}", str(path))]
            section = data.get("tool", {}).get("personvern", {}).get("check", {})
            patterns = section.get("exclude", []) if isinstance(section, dict) else None
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                return start, (), [Problem(errors.SCHEMA, "[tool.personvern.check] exclude must be a list of strings",
                                           str(path), path="$.tool.personvern.check.exclude")]
            return folder, tuple(patterns), []
        if (folder / ".git").exists():
            break
    return start, (), []


def excluded(path: Path, base: Path, patterns: Iterable[str]) -> bool:
    """True when ``path`` (or a folder it is in) matches one of ``patterns``, relative to ``base``."""
    patterns = [p.strip().rstrip("/") for p in patterns if p.strip()]
    if not patterns:
        return False
    rel = PurePosixPath(Path(path).as_posix())
    for where in (os.path.abspath, os.path.realpath):  # the folder of pyproject.toml is found with links resolved
        try:
            rel = PurePosixPath(Path(where(path)).relative_to(where(base)).as_posix())
            break
        except ValueError:
            continue
    candidates = [str(rel), *(str(p) for p in rel.parents if str(p) != ".")]
    for pat in patterns:
        stem = pat[:-3] if pat.endswith("/**") else pat
        if any(fnmatch.fnmatchcase(c, pat) or fnmatch.fnmatchcase(c, stem) for c in candidates):
            return True
    return False
