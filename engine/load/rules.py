"""Load a rule set into a CompiledPolicy: read (loader) -> compile (compiler), with a compiled cache.

The cache (engine/cache.py) is keyed by the SHA-256 of every file in the rules folder, whatever
its name, so a changed rule set never reuses a stale entry. A warm load reads the files' bytes,
hashes them, and rebuilds the policy from the cache without importing yaml, jsonschema or lark.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .. import errors
from . import cache, loader, salvage
from .compiler import compile_policy
from ..errors import Problem
from .loader import Document
from ..core.factkinds import vocabulary_schema
from ..core.model import CompiledPolicy

_SUFFIXES = (".yaml", ".yml", ".txt")
MAX_RULE_FILES = 200


def default_rules_dir() -> Path:
    return loader.RULES_DIR


def cache_dir() -> Path | None:
    """Where compiled policies are cached: $PERSONVERN_CACHE_DIR, else ~/.cache/personvern.

    Set PERSONVERN_CACHE_DIR to an empty string to turn the cache off.
    """
    env = os.environ.get("PERSONVERN_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "personvern"


def _files(root: Path) -> list[Path]:
    """Everything under the rules folder but folders, whatever its name (``__pycache__`` too): a
    policy can list any of it, so all of it is part of the content hash."""
    return sorted(p for p in root.rglob("*") if p.is_symlink() or not p.is_dir())


def content_hash(root: Path) -> str:
    h = hashlib.sha256()
    inside = root.resolve()
    for p in _files(root)[: MAX_RULE_FILES + 1]:
        rel = p.relative_to(root).as_posix()
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        if p.is_symlink():  # where a link leads is part of the rule set: a link out never hits the cache
            target = Path(os.path.realpath(p))  # a link to itself (a loop) is named, not followed
            h.update(b"->" + str(target).encode("utf-8", "surrogateescape") + b"\0")
            if not target.is_relative_to(inside):
                continue  # the loader refuses it: what lies outside is never read
        raw, problems = loader.read_regular_file(p, rel)  # a pipe or device is named, never read; every read is bounded
        h.update(hashlib.sha256(raw).digest() if raw is not None else b"!" + problems[0].message.encode() + b"\0")
    return h.hexdigest()


def load_compiled(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> CompiledPolicy:
    """Load and compile a rule set (the bundled Flex policy when ``path`` is None).

    Raises PolicyLoadError with every problem found in every file.
    """
    root = Path(path) if path is not None else default_rules_dir()
    if not root.is_dir():
        why = "is not a folder" if root.exists() else "the rules folder does not exist"
        raise errors.PolicyLoadError([Problem(errors.FILE_MISSING, why, str(root))], "the rule set")
    if len(_files(root)) > MAX_RULE_FILES:
        raise errors.PolicyLoadError([Problem(errors.INPUT_TOO_LARGE, f"more than {MAX_RULE_FILES} files in the rules folder", str(root))], "the rule set")
    digest = content_hash(root)
    cdir = cache_dir() if use_cache else None
    if cdir is not None:
        cached = cache.read(cdir, digest)
        if cached is not None:
            docs, text, statement_file, asts = cached
            try:
                policy, _ = compile_policy(docs, text, statement_file, digest, str(root), asts)
                return policy
            except Exception as e:  # whatever is wrong with an entry, the rule files decide: compiled again below
                cache.warn(cdir / f"{digest}.json", f"it does not compile ({type(e).__name__})")
    for _ in range(3):  # a rule set saved while it is read must never be served (or cached) under another version's hash
        before = _stamp(root)
        digest = content_hash(root)
        docs, text, statement_file = _read_sources(root)
        if _stamp(root) == before:
            break
    else:
        raise errors.PolicyLoadError([Problem(errors.FILE_MISSING, "the rules folder kept changing while it was read; load it again",
                                              str(root))], "the rule set")
    policy, asts = compile_policy(docs, text, statement_file, digest, str(root))
    if cdir is not None:
        cache.write(cdir, digest, docs, text, statement_file, asts)
    return policy


def _stamp(root: Path) -> tuple[tuple[str, int, int, int], ...]:
    """The folder's files and their identity (inode, modification time, size): a save while reading shows here."""
    out = []
    for p in _files(root):
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((p.relative_to(root).as_posix(), st.st_ino, st.st_mtime_ns, st.st_size))
    return tuple(out)


def _read_sources(root: Path) -> tuple[dict[str, Document], str, str]:
    problems: list[Problem] = []

    def display(p: Path) -> str:
        try:
            return str(p.relative_to(Path.cwd()))
        except ValueError:
            return str(p)

    meta_path = loader.inside(root, "policy.yaml")  # like every other file: a link out of the folder is refused
    if meta_path is None:
        raise errors.PolicyLoadError([Problem(errors.PATH_ESCAPE, "policy.yaml leaves the rules folder; rule files must be inside it",
                                              display(root / "policy.yaml"))], "the rule set")
    meta, found = loader.read_document(meta_path, display(meta_path))
    problems += found
    if meta is not None:
        problems += loader.validate(meta, "policy")
    if problems or meta is None:
        raise errors.PolicyLoadError(problems, "the rule set")
    files = meta.data["files"]
    wanted: list[tuple[str, str, str, str]] = [("clauses", files["clauses"], "clauses", "$.files.clauses"),
                                               ("vocabulary", files["vocabulary"], "vocabulary", "$.files.vocabulary")]
    for i, f in enumerate(files["rules"]):
        wanted.append((f"rules:{i:03d}", f, "rules", f"$.files.rules[{i}]"))
    for key in ("retention", "rights", "breach"):
        if key in files:
            wanted.append((key, files[key], key, f"$.files.{key}"))
    docs: dict[str, Document] = {"policy": meta}
    readable: dict[str, Document] = {}  # rules files the schema refused: what of them can still be checked
    seen: dict[Path, str] = {}
    for key, rel, schema_name, jpath in wanted:
        target = loader.inside(root, rel)
        if target is not None and target.suffix not in _SUFFIXES:
            problems.append(meta.problem(errors.SCHEMA, f"{rel!r}: a rule file must end in .yaml or .yml", jpath))
            continue
        if target is None:
            problems.append(meta.problem(errors.PATH_ESCAPE, f"{rel!r} leaves the rules folder; rule files must be inside it", jpath))
            continue
        if target in seen:
            problems.append(meta.problem(errors.DUPLICATE_ID, f"{rel!r} is listed twice (also as {seen[target]})", jpath))
            continue
        seen[target] = key
        doc, found = loader.read_document(target, display(target))
        problems += found
        if doc is not None:
            found = loader.validate(doc, schema_name, vocabulary_schema(loader.schema(schema_name)) if key == "vocabulary" else None)
            problems += found
            if not found:
                docs[key] = doc
            elif schema_name in salvage.SALVAGED and (part := salvage.readable_part(doc, found, schema_name)) is not None:
                readable[key] = part
    statement_path = loader.inside(root, meta.data["statement"])
    text = ""
    statement_file = meta.data["statement"]
    if statement_path is None:
        problems.append(meta.problem(errors.PATH_ESCAPE, "the statement file must be inside the rules folder", "$.statement"))
    else:
        statement_file = display(statement_path)
        raw, found = loader.read_text(statement_path, statement_file)
        problems += found
        text = raw or ""
    if problems:
        # Compile what did load as well, so that one run shows every problem in every file.
        if {"clauses", "vocabulary"} <= docs.keys() and text:
            problems += _partial_problems(docs, readable, text, statement_file, root)
        raise errors.PolicyLoadError(problems, "the rule set")
    return docs, text, statement_file


def _partial_problems(docs: dict[str, Document], readable: dict[str, Document], text: str, statement_file: str,
                      root: Path) -> list[Problem]:
    """The problems compiling finds in what did load, and in the readable parts of rules files the
    schema refused (their structural problems are the schema's to report: not again here)."""
    for extra in (readable, {}):
        try:
            compile_policy({**docs, **extra}, text, statement_file, "", str(root), partial=True)
            return []
        except errors.PolicyLoadError as e:
            refused = {d.file for d in extra.values()}
            return [p for p in e.problems if not (p.code == errors.SCHEMA and p.file in refused)]
        except Exception:  # noqa: BLE001 - a part the schema refused was not readable after all: check the rest alone
            if not extra:
                raise
    return []
