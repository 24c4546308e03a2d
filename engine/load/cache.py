"""The compiled-policy cache: an entry is used only when nothing can have changed what it means.

An entry is ``<content hash>.json`` in the cache folder: a line with an HMAC-SHA256 seal, then
the JSON body (parsed rule files, the statement text, the parsed conditions). It is used only if

* the folder and the entry belong to the current user and nobody else can write them, and the
  entry is a regular file, not a link (a pipe or /dev/zero is never opened for reading);
* it is at most MAX_ENTRY_BYTES long;
* its seal matches, under a random per-folder key (``key``, mode 0600) that only this user can
  read: an entry edited by hand or by another program is not ours;
* its body is complete and well-typed, and bound to the rule set's content hash, to this cache
  format and to this engine (a fingerprint of the engine's code, grammar and schemas: see
  :func:`engine_version`);
* and it compiles. Anything else is reported once (a warning on the ``personvern.cache``
  logger, naming the path) and the policy is built from the rule files instead, so the cache
  can cost time, never change an answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from pathlib import Path
from typing import Any

from . import loader
from .loader import Document

FORMAT = 2
MAX_ENTRY_BYTES = 16 * 1_048_576  # a larger compiled rule set is simply not cached
MAX_AST_DEPTH = 400  # a parsed condition deeper than this cannot come from a 4,096-character condition
KEY_FILE = "key"
KEY_BYTES = 32
_DOC_KEY = re.compile(r"^(?:policy|clauses|vocabulary|retention|rights|breach|rules:[0-9]{3})$")
_SEAL = re.compile(rb"^[0-9a-f]{64}$")
_FIELDS = {"format", "hash", "engine", "statement", "statement_file", "docs", "asts"}
_warned: set[str] = set()
_engine: str | None = None

Entry = tuple[dict[str, Document], str, str, dict[str, Any]]


class _Refused(Exception):
    """The entry cannot be used; the message says why."""


def warn(path: Path, reason: str) -> None:
    """Say once per process that a cache file or folder was not used, and why."""
    key = f"{path}\0{reason}"
    if key not in _warned:
        _warned.add(key)
        import logging  # only here: a trusted entry never costs the import

        logging.getLogger("personvern.cache").warning("personvern: the compiled cache %s is not used (the rules are compiled instead): %s", ascii(str(path)), reason)


def engine_version() -> str:
    """A fingerprint of the engine's code, grammar and schemas: an entry is bound to the engine that wrote it.

    Each module counts by its path, size, inode and modification time (nanoseconds), as Python itself
    judges a ``.pyc`` by its source's size and modification time (seconds): reading and hashing
    every file cost each run ~6 ms, and a change to the engine (an edit, a ``git checkout``, a
    reinstall) changes these. The grammar and the schemas, which shape the cached conditions and
    documents and which Python caches nothing for, count by their content. A file that cannot be
    examined counts by its error, so the fingerprint never matches an entry written while it could be.
    """
    global _engine
    if _engine is None:
        h = hashlib.sha256(f"format {FORMAT}\0".encode())
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the whole engine: every layer can change an answer
        found: list[tuple[str, str]] = []
        for folder, subfolders, names in os.walk(package):
            subfolders[:] = [d for d in subfolders if d != "__pycache__"]
            found += [(os.path.join(folder, n)[len(package) + 1:], os.path.join(folder, n)) for n in names if n.endswith((".py", ".lark"))]
        found += [(f"schemas/{n}", os.path.join(loader.SCHEMA_DIR, n)) for n in os.listdir(loader.SCHEMA_DIR) if n.endswith(".json")]
        for name, path in sorted(found):
            h.update(name.encode("utf-8", "surrogateescape") + b"\0")
            if not name.endswith(".py"):  # the grammar and the schemas, which Python caches nothing for: by content
                raw, problems = loader.read_regular_file(Path(path), name)
                h.update(hashlib.sha256(raw).digest() if raw is not None else problems[0].message.encode())
                continue
            try:
                st = os.stat(path)  # through a link (a strict editable install links each file): the file it leads to
                h.update(f"{st.st_size} {st.st_ino} {st.st_mtime_ns}\0".encode())
            except OSError as e:
                h.update(f"! {e.strerror}\0".encode())
        _engine = h.hexdigest()
    return _engine


def _folder(cdir: Path, create: bool) -> bool:
    """Whether the cache folder can be trusted: a folder of the current user's that nobody else can write."""
    try:
        if create:
            cdir.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(cdir)  # through a link: the folder it leads to is judged
    except FileNotFoundError:
        return False  # no cache yet
    except (OSError, ValueError) as e:
        warn(cdir, f"cannot use the folder: {getattr(e, 'strerror', None) or e}")
        return False
    why = loader.untrusted(st, "the folder", folder=True)
    if why:
        warn(cdir, why)
    return why is None


def _key(cdir: Path, create: bool) -> bytes | None:
    """The folder's secret sealing key (made when ``create`` and there is none)."""
    path = cdir / KEY_FILE
    raw, problems = loader.read_regular_file(path, str(path), KEY_BYTES, owned=True)
    if raw is not None and len(raw) == KEY_BYTES:
        return raw
    missing = raw is None and problems[0].message == loader.NO_SUCH_FILE
    if not missing and raw != b"":  # empty: another process is writing it this instant
        warn(path, problems[0].message if raw is None else "the key is damaged")
        if raw is None:
            return None
    if not create:
        return None
    try:
        import tempfile  # only here: it costs ~8 ms at start-up on the warm path

        fd, tmp = tempfile.mkstemp(dir=cdir, prefix=".tmp-key-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(KEY_BYTES))
            if missing:
                os.link(tmp, path)  # never replaces a key another process has just made
            else:
                os.replace(tmp, path)  # a damaged key of ours: entries sealed with it are rebuilt
        finally:
            os.unlink(tmp)
    except FileExistsError:
        pass
    except OSError as e:
        warn(path, f"cannot make a key: {e.strerror}")
        return None
    raw, _ = loader.read_regular_file(path, str(path), KEY_BYTES, owned=True)
    return raw if raw is not None and len(raw) == KEY_BYTES else None


def _seal(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")


def read(cdir: Path, digest: str) -> Entry | None:
    """The entry for this content hash, or None (not there, or not trusted: see the module's doc)."""
    if not _folder(cdir, create=False):
        return None
    path = cdir / f"{digest}.json"
    raw, problems = loader.read_regular_file(path, str(path), MAX_ENTRY_BYTES, owned=True)
    if raw is None:
        if problems[0].message != loader.NO_SUCH_FILE:
            warn(path, problems[0].message)
        return None
    key = _key(cdir, create=False)
    if key is None:
        return None
    seal, _, body = raw.partition(b"\n")
    if not _SEAL.match(seal):
        return None  # no seal: written by an older personvern (format 1), rebuilt without a word
    if not hmac.compare_digest(seal, _seal(key, body)):
        warn(path, "its seal does not match its content (edited, damaged, or not written by personvern for this user)")
        return None
    try:
        data = json.loads(body)
        if isinstance(data, dict) and (data.get("format") != FORMAT or data.get("engine") != engine_version()):
            return None  # written by another version of personvern: rebuilt without a word
        return _entry(data, digest)
    except (_Refused, ValueError, RecursionError) as e:
        warn(path, f"not a complete entry: {e}")
        return None


def _entry(data: Any, digest: str) -> Entry:
    if not isinstance(data, dict) or set(data) != _FIELDS:
        raise _Refused("the fields are not " + ", ".join(sorted(_FIELDS)))
    if data["hash"] != digest:
        raise _Refused("it is for another rule set")
    text, statement_file, raw_docs, raw_asts = data["statement"], data["statement_file"], data["docs"], data["asts"]
    if not isinstance(text, str) or not isinstance(statement_file, str):
        raise _Refused("the statement is not text")
    if not isinstance(raw_docs, dict) or not {"policy", "clauses", "vocabulary"} <= raw_docs.keys():
        raise _Refused("files are missing")
    docs = {}
    for k, v in raw_docs.items():
        if not _DOC_KEY.match(k) or not isinstance(v, dict) or set(v) != {"file", "data"}:
            raise _Refused(f"the file entry {k!r} is malformed")
        if not isinstance(v["file"], str) or not isinstance(v["data"], dict):
            raise _Refused(f"the file entry {k!r} has the wrong types")
        docs[k] = Document(v["file"], v["data"])
    if not isinstance(raw_asts, dict):
        raise _Refused("the conditions are not a mapping")
    asts = {k: _tuples(v, 0) for k, v in raw_asts.items()}
    return docs, text, statement_file, asts


def _tuples(v: Any, depth: int) -> Any:
    """A parsed condition from JSON: lists become tuples; leaves are plain values only."""
    if depth > MAX_AST_DEPTH:
        raise _Refused("a condition is nested too deep")
    if isinstance(v, list):
        if not v:
            raise _Refused("a condition holds an empty node")
        return tuple(_tuples(x, depth + 1) for x in v)
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    raise _Refused("a condition holds a value of the wrong type")


def write(cdir: Path, digest: str, docs: dict[str, Document], text: str, statement_file: str, asts: dict[str, Any]) -> None:
    """Store an entry (atomically, sealed); a folder that cannot be trusted or written only costs speed."""
    payload = {"format": FORMAT, "hash": digest, "engine": engine_version(), "statement": text, "statement_file": statement_file,
               "docs": {k: {"file": d.file, "data": d.data} for k, d in docs.items()}, "asts": asts}
    try:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except (ValueError, TypeError):
        return
    if len(body) + 65 > MAX_ENTRY_BYTES or not _folder(cdir, create=True):
        return
    key = _key(cdir, create=True)
    if key is None:
        return
    try:
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=cdir, prefix=".tmp-", suffix=".json")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_seal(key, body) + b"\n" + body)
            os.replace(tmp, cdir / f"{digest}.json")  # atomic: readers never see half a file
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only home directory only costs speed

