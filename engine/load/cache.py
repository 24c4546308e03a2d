"""Load a rule set into a CompiledPolicy: read (loader) -> compile (compiler), with a compiled cache.

The cache is keyed by the SHA-256 of every file in the rules folder, so a changed rule set
never reuses a stale entry. A warm load reads the files' bytes, hashes them, and rebuilds
the policy from the cache without importing yaml, jsonschema or lark.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .. import errors
from . import loader
from .compiler import compile_policy
from ..errors import Problem
from .loader import Document
from ..core.model import CompiledPolicy

CACHE_FORMAT = 1
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
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in _SUFFIXES and "__pycache__" not in p.parts:
            out.append(p)
    return out


def content_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in _files(root)[: MAX_RULE_FILES + 1]:
        rel = p.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0")
        if p.is_symlink():  # where a link leads is part of the rule set: a link out never hits the cache
            h.update(b"->" + str(p.resolve()).encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def load_compiled(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> CompiledPolicy:
    """Load and compile a rule set (the bundled Flex policy when ``path`` is None).

    Raises PolicyLoadError with every problem found in every file.
    """
    root = Path(path) if path is not None else default_rules_dir()
    if not root.is_dir():
        raise errors.PolicyLoadError([Problem(errors.FILE_MISSING, "the rules folder does not exist", str(root))], "the rule set")
    if len(_files(root)) > MAX_RULE_FILES:
        raise errors.PolicyLoadError([Problem(errors.INPUT_TOO_LARGE, f"more than {MAX_RULE_FILES} files in the rules folder", str(root))], "the rule set")
    digest = content_hash(root)
    cdir = cache_dir() if use_cache else None
    if cdir is not None:
        cached = _read_cache(cdir, digest)
        if cached is not None:
            docs, text, statement_file, asts = cached
            policy, _ = compile_policy(docs, text, statement_file, digest, str(root), asts)
            return policy
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
        _write_cache(cdir, digest, docs, text, statement_file, asts)
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

    meta_path = root / "policy.yaml"
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
    seen: dict[Path, str] = {}
    for key, rel, schema_name, jpath in wanted:
        target = loader.inside(root, rel)
        if target is not None and target.suffix not in _SUFFIXES:  # the content hash, and so the cache, covers only these
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
            found = loader.validate(doc, schema_name)
            problems += found
            if not found:
                docs[key] = doc
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
            try:
                compile_policy(docs, text, statement_file, "", str(root), partial=True)
            except errors.PolicyLoadError as e:
                problems += e.problems
        raise errors.PolicyLoadError(problems, "the rule set")
    return docs, text, statement_file


def _read_cache(cdir: Path, digest: str) -> tuple[dict[str, Document], str, str, dict[str, Any]] | None:
    try:
        raw = json.loads((cdir / f"{digest}.json").read_text(encoding="utf-8"))
        if raw.get("format") != CACHE_FORMAT or raw.get("hash") != digest:
            return None
        docs = {k: Document(v["file"], v["data"]) for k, v in raw["docs"].items()}
        asts = {k: _tuples(v) for k, v in raw["asts"].items()}
        return docs, raw["statement"], raw["statement_file"], asts
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a missing or broken cache entry is simply rebuilt


def _tuples(v: Any) -> Any:
    return tuple(_tuples(x) for x in v) if isinstance(v, list) else v


def _write_cache(cdir: Path, digest: str, docs: dict[str, Document], text: str, statement_file: str, asts: dict[str, Any]) -> None:
    payload = {"format": CACHE_FORMAT, "hash": digest, "statement": text, "statement_file": statement_file,
               "docs": {k: {"file": d.file, "data": d.data} for k, d in docs.items()}, "asts": asts}
    try:
        cdir.mkdir(parents=True, exist_ok=True)
        import tempfile  # only here: it costs ~8 ms at start-up (shutil, random, bz2, lzma) on the warm path

        fd, tmp = tempfile.mkstemp(dir=cdir, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False)
        os.replace(tmp, cdir / f"{digest}.json")  # atomic: readers never see half a file
    except OSError:
        pass  # a read-only home directory only costs speed
