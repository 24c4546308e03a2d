"""Processing declarations: what a repository says it processes, read without running it.

Two sources of declarations:

* manifests: YAML files holding ``activities: [...]`` (the default names are
  ``personvern.yaml``, ``*.personvern.yaml`` and ``*.yaml`` directly inside a folder named
  ``personvern``, ``.yml`` too);
* Python code: every call of personvern's ``guard``/``processing``/``batch``/``prepare``, however
  the file reaches them (see pycode.py), read with :mod:`ast`. The checked code is never imported
  and never run, so only literal values count; anything else is reported as "cannot be checked
  statically". No declaration may fix facts (``declared_facts``).

Each activity becomes the operation dict the engine already takes and is decided with every
runtime fact unknown (partial evaluation). This module reads manifests and decides; pycode.py
reads Python; findings.py turns the results into findings and renders them; cli/check.py prints.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from .. import errors
from ..core.operation import parse_operation
from ..decide.prepared import evaluate_operation
from ..decide.retention import decide_retention, parse_record
from ..errors import Problem, json_path
from ..load import loader
from ..load.loader import Document
from .declarations import (
    DECLARED_FACTS, DECLARED_FACTS_MESSAGE, MAX_ACTIVITIES, MAX_NAME, MAX_TEXT, QUOTE_LIMIT, Checked, Declaration, SourceFile,
    quote, shorten_quoted,
)
from . import suppress
from .pycode import python_declarations, read_python

if TYPE_CHECKING:
    from ..core.decision import Decision
    from ..core.model import CompiledPolicy
    from ..decide.retention import RetentionDecision

MANIFEST_FIELDS = ("$schema", "system", "description", "activities")
ACTIVITY_FIELDS = ("name", "description", "purpose", "legal_basis", "data_categories", "data_subjects",
                   "action", "recipients", "retention")
RETENTION_FIELDS = ("record_class", "note")
_OP_FIELDS = ("description", "purpose", "legal_basis", "data_categories", "data_subjects", "action", "recipients")
MANIFEST_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = frozenset(("node_modules", "__pycache__", "site-packages", "venv", "env", "build", "dist"))


def outside(path: Path, root: Path) -> bool:
    """True when ``path``, links followed, is not inside ``root``: a link out of the repository."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return True
    return False


# ---------------------------------------------------------------------------- finding files


def is_manifest_path(path: str | os.PathLike[str]) -> bool:
    """True for the default manifest names: personvern.yaml, *.personvern.yaml, personvern/*.yaml."""
    p = Path(path)
    if p.suffix not in MANIFEST_SUFFIXES:
        return False
    return p.stem == "personvern" or p.stem.endswith(".personvern") or p.parent.name == "personvern"


def discover(root: Path) -> list[Path]:
    """Manifests by the default names, and Python files, below ``root`` (sorted).

    Hidden folders (.git, .venv, ...) and virtualenv, build and dependency folders are skipped.
    Python files without a declaration cost one read: read_python looks for a marker first.
    """
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS
                             and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg")))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.endswith(".py") or is_manifest_path(path):
                out.append(path)
    return out


def read_source(path: Path, display: str) -> SourceFile:
    """Read the declarations in one file: Python by its suffix, anything else as a manifest."""
    if path.suffix == ".py":
        return read_python(path, display)
    return read_manifest(path, display)


# ---------------------------------------------------------------------------- manifests


def read_manifest(path: Path, display: str) -> SourceFile:
    raw, problems = loader.read_regular_file(path, display)
    text = None
    if raw is not None:
        text, problems = loader.decode(raw, display)
    if text is None:
        return SourceFile(display, "manifest", (), tuple(problems), True)
    return manifest_source(text, display)


MAX_STDIN_BYTES = loader.MAX_FILE_BYTES


def stdin_source(raw: bytes, display: str) -> SourceFile:
    """Declarations given on standard input: Python when ``display`` ends in .py, else a manifest."""
    text, problems = loader.decode(raw, display)
    if text is None:
        return SourceFile(display, "manifest", (), tuple(problems), True)
    return python_declarations(text, display) if display.endswith(".py") else manifest_source(text, display)


def manifest_source(text: str, display: str) -> SourceFile:
    """The declarations of a manifest given as text (a file's, or standard input's)."""
    doc, problems = loader.parse_yaml_fast(text, display)
    if doc is None:
        return SourceFile(display, "manifest", (), tuple(problems), True)
    declarations, found = manifest_declarations(doc)
    suppressions, unreasoned = suppress.scan(text, display, python=False)
    return SourceFile(display, "manifest", tuple(declarations), (*found, *unreasoned), suppressions=suppressions)


def manifest_declarations(doc: Document) -> tuple[list[Declaration], list[Problem]]:
    """The activities of a parsed manifest, each with the problems in how it is written."""
    data = doc.data
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [], [doc.problem(errors.SCHEMA, "a manifest must be a mapping with 'activities: [...]'")]
    for key in data:
        if key not in MANIFEST_FIELDS:
            problems.append(doc.problem(errors.SCHEMA, f"unknown field {quote(key)}; allowed here: {', '.join(MANIFEST_FIELDS[1:])}",
                                        json_path([str(key)]), at_key=True))
    for key in ("system", "description"):
        if key in data and not (isinstance(data[key], str) and len(data[key]) <= MAX_TEXT):
            problems.append(doc.problem(errors.SCHEMA, f"{key!r} must be a string", f"$.{key}"))
    activities = data.get("activities")
    if activities is None:
        problems.append(doc.problem(errors.SCHEMA, "'activities' is required but missing: list what this code processes", "$"))
        return [], problems
    if not isinstance(activities, list) or not activities:
        problems.append(doc.problem(errors.SCHEMA, "'activities' must be a non-empty list", "$.activities"))
        return [], problems
    if len(activities) > MAX_ACTIVITIES:
        problems.append(doc.problem(errors.INPUT_TOO_LARGE, f"{len(activities)} activities; the limit is {MAX_ACTIVITIES} per file", "$.activities"))
        return [], problems
    out: list[Declaration] = []
    first_seen: dict[str, int] = {}
    for i, item in enumerate(activities):
        prefix = f"$.activities[{i}]"
        if not isinstance(item, dict):
            problems.append(doc.problem(errors.SCHEMA, "an activity must be a mapping (name, purpose, legal_basis, ...)", prefix))
            continue
        mine = _activity_problems(doc, item, prefix)
        name = item.get("name")
        if isinstance(name, str) and name:
            same = unicodedata.normalize("NFKC", name)  # "é" and "e\u0301" are one name to a reader
            if same in first_seen:
                line = doc.locate(f"$.activities[{first_seen[same]}]")
                where = f" (first at line {line[0]})" if line else ""
                mine.append(doc.problem(errors.DUPLICATE_ID, f"the activity name {quote(name)} appears twice in this file{where}", prefix + ".name"))
            else:
                first_seen[same] = i
        else:
            name = f"activities[{i}]"
        pos = doc.locate(prefix) or (None, None)
        out.append(Declaration(name, "manifest", doc.file, pos[0], pos[1], prefix, item, doc, tuple(mine)))
    return out, problems


def _activity_problems(doc: Document, item: Mapping[str, Any], prefix: str) -> list[Problem]:
    problems = []
    for key in item:
        if key == "facts":
            problems.append(doc.problem(DECLARED_FACTS, DECLARED_FACTS_MESSAGE, prefix + ".facts", at_key=True))
        elif key not in ACTIVITY_FIELDS:
            problems.append(doc.problem(errors.SCHEMA, f"unknown field {quote(key)}; allowed here: {', '.join(ACTIVITY_FIELDS)}{errors.suggest(key, ACTIVITY_FIELDS, listed=False)}",
                                        prefix + json_path([str(key)])[1:], at_key=True))
    name = item.get("name")
    if name is None:
        problems.append(doc.problem(errors.SCHEMA, "'name' is required but missing: a short name for the activity", prefix))
    elif not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        problems.append(doc.problem(errors.SCHEMA, f"'name' must be a non-empty string of at most {MAX_NAME} characters", prefix + ".name"))
    retention = item.get("retention")
    if retention is None:
        problems.append(doc.problem(errors.SCHEMA, "'retention' is required but missing: say how long the data is kept "
                                    "(record_class and/or note)", prefix))
    elif not isinstance(retention, dict) or not retention:
        problems.append(doc.problem(errors.SCHEMA, "'retention' must be a mapping with record_class and/or note", prefix + ".retention"))
    else:
        for key in retention:
            if key not in RETENTION_FIELDS:
                problems.append(doc.problem(errors.SCHEMA, f"unknown field {quote(key)}; allowed here: {', '.join(RETENTION_FIELDS)}",
                                            prefix + ".retention" + json_path([str(key)])[1:], at_key=True))
        note = retention.get("note")
        if note is not None and not (isinstance(note, str) and note.strip() and len(note) <= MAX_TEXT):
            problems.append(doc.problem(errors.SCHEMA, "'note' must be a non-empty string", prefix + ".retention.note"))
        if "record_class" not in retention and "note" not in retention:
            problems.append(doc.problem(errors.SCHEMA, "'retention' needs record_class and/or note", prefix + ".retention"))
    return problems


# ---------------------------------------------------------------------------- deciding


def operation_data(d: Declaration) -> dict[str, Any]:
    """The activity as the operation dict the engine takes (runtime facts left out: unknown; never declared)."""
    op: dict[str, Any] = {"id": d.name}
    for key in _OP_FIELDS:
        if key in d.data and key not in d.unreadable:
            op[key] = d.data[key]
    return op


def check(policy: CompiledPolicy, sources: list[SourceFile], on: _dt.date) -> list[Checked]:
    """Validate and decide every declaration; ``on`` is the date retention is judged on."""
    return [check_declaration(policy, d, on) for s in sources for d in s.declarations]


def check_declaration(policy: CompiledPolicy, d: Declaration, on: _dt.date) -> Checked:
    problems = list(d.problems)
    op = None
    try:
        op = parse_operation(policy, operation_data(d))
    except errors.OperationError as e:
        for p in e.problems:
            field_name = p.path[2:].split("[", 1)[0].split(".", 1)[0]
            if field_name in d.unreadable:
                continue  # already reported: its value is not a literal
            path = d.prefix + (".name" if p.path == "$.id" else p.path[1:])
            at_key = "unknown field" in p.message or "not a known fact" in p.message
            problems.append(d.doc.problem(p.code, shorten_quoted(p.message), path, at_key=at_key))
    retention = None
    record = d.data.get("retention")
    record_class = record.get("record_class") if isinstance(record, dict) else None
    if record_class is not None:
        classes = policy.vocabulary.sections.get("record_classes", {})
        if not isinstance(record_class, str) or record_class not in classes:
            problems.append(d.doc.problem(errors.UNKNOWN_TERM, shorten_quoted(errors.unknown_term(record_class, "record_classes", classes, listed=True)),
                                          d.prefix + ".retention.record_class"))
        elif op is not None:
            retention = decide_retention(policy, parse_record(policy, {"record_class": record_class, "data_categories": sorted(op.categories)}), on)
    if problems or op is None:
        return Checked(d, tuple(problems))
    return Checked(d, (), evaluate_operation(policy, op), retention)


def iter_problems(sources: list[SourceFile], checked: list[Checked]) -> Iterator[Problem]:
    for s in sources:
        yield from s.problems
    for c in checked:
        yield from c.problems
