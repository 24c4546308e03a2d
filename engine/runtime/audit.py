"""The decision log: one JSON line per decision, so Flex can show what was decided and why.

Off by default. Turn it on with ``personvern.set_decision_log(path)``, or give a
:class:`DecisionLog` to a :class:`personvern.PolicyStore`. Guards, context managers, batches
and ``PolicyStore.evaluate`` then record each decision.

A line holds the time, a decision id (``decision_id``: 32 hex digits, unique across processes,
increasing within one; :meth:`DecisionLog.record` returns it, and ``ProcessingDenied.decision_id``
and ``Processing.decision_id`` carry it, as OPA's decision logs do), the policy (id, version, content hash), the operation's kinds only
(purpose, legal basis, data categories, data subject kinds, action, recipient kinds and
countries), the outcome, the rule ids that determined it, the obligations, the open
conditions' rule ids and fact names, and error codes. Never personal data: no recipient
names, no operation id or description, no fact values, no subject ids, no free text.

Writing is safe: each line is complete before it is written, and goes out in one
``os.write`` on a file opened with O_APPEND, under a lock shared by the threads of this
process, so lines from concurrent writers never interleave and a process killed between two
writes leaves only whole lines. (A kill in the middle of one write could in principle cut a
line that crosses a page boundary; on opening, a log whose last line is cut gets a newline,
so later lines stay whole, and :func:`read_log` names such a line.)
When the disk is full or read-only the decision is still returned; the failure is counted
(``failures``), kept (``last_error``) and reported to ``on_error`` or as a warning.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import _thread
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

from ..core.decision import Decision
from ..core.model import Operation


class DecisionLogWarning(UserWarning):
    """The decision log could not be written (the decisions themselves were still made)."""


def entry(decision: Decision, operation: Operation | None) -> dict[str, Any]:
    """What one line records (without the time): kinds and ids only, never personal data."""
    out: dict[str, Any] = {
        "policy": {"id": decision.policy_id, "version": decision.policy_version, "hash": decision.policy_hash},
    }
    if operation is not None:
        out["operation"] = {
            "purpose": operation.purpose,
            "legal_basis": operation.legal_basis,
            "data_categories": sorted(operation.categories),
            "data_subjects": sorted(operation.subjects),
            "action": operation.action,
            "recipients": [{"kind": r.kind, "country": r.country} for r in operation.recipients],
        }
    out["outcome"] = decision.outcome
    out["rules"] = list(decision.rule_ids)
    out["obligations"] = [o.id for o in decision.obligations]
    if decision.conditions:
        out["conditions"] = [{"rules": c.rule_id.split(","), "facts": list(c.facts)} for c in decision.conditions]
    if decision.errors:
        out["errors"] = [{"rule": e.rule_id, "code": e.code} for e in decision.errors]
    return out


class _Ids:
    """Decision ids: a random prefix per process (a fresh one in a forked child) and a counter.

    Cheaper than uuid4 (one os.urandom per process, not per decision), and as unique: 64 random
    bits tell processes apart, the counter tells a process's decisions apart.
    """

    def __init__(self) -> None:
        self.renew()

    def renew(self) -> None:
        self.prefix = os.urandom(8).hex()
        self.counter = itertools.count(1)

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter):016x}"


_ids = _Ids()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_ids.renew)


def _timestamp(now_ns: int) -> bytes:
    seconds, ns = divmod(now_ns, 1_000_000_000)
    return (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{ns // 1000:06d}Z").encode()


class DecisionLog:
    """Append-only JSON Lines log of decisions (see the module docstring for what a line holds)."""

    def __init__(self, path: str | os.PathLike[str], *, on_error: Callable[[OSError], None] | None = None) -> None:
        self.path = Path(path)
        self.on_error = on_error
        self.written = 0  # lines written
        self.failures = 0  # decisions that could not be written
        self.last_error: OSError | None = None
        self._fd: int | None = None
        self._torn = False  # the last write was cut short: start the next line on a fresh line
        self._failing = False  # warn once per run of failures, not on every decision
        self._lock = _thread.allocate_lock()  # threading.Lock itself, without importing threading
        self._bodies: dict[tuple[int, int], tuple[Decision, Operation | None, bytes]] = {}
        with self._lock:
            try:
                self._open()
            except OSError as e:
                self._failed(e)

    def _open(self) -> int:
        # O_NONBLOCK: a named pipe nobody reads fails at once (ENXIO) instead of hanging the process.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0), 0o640)
        try:
            size = os.fstat(fd).st_size
            if size:
                with open(self.path, "rb") as f:
                    f.seek(size - 1)
                    if f.read(1) != b"\n":
                        os.write(fd, b"\n")  # a line cut by a crash stays on its own line
        except OSError:
            os.close(fd)
            raise
        self._fd = fd
        return fd

    def _body(self, decision: Decision, operation: Operation | None) -> bytes:
        # Decisions and operations are immutable and often shared: their JSON is kept (the
        # cached objects are held, so their ids cannot be reused while cached).
        key = (id(decision), id(operation))
        hit = self._bodies.get(key)
        if hit is not None and hit[0] is decision and hit[1] is operation:
            return hit[2]
        body = json.dumps(entry(decision, operation), ensure_ascii=False, separators=(",", ":")).encode()
        if len(self._bodies) >= 1024:
            self._bodies.clear()
        self._bodies[key] = (decision, operation, body)
        return body

    def record(self, decision: Decision, operation: Operation | None) -> str | None:
        """Append the decision. Its decision id when written; None when not (then counted and reported)."""
        with self._lock:
            decision_id = _ids.next()
            line = (b'{"time":"' + _timestamp(time.time_ns()) + b'","decision_id":"' + decision_id.encode() + b'",'
                    + self._body(decision, operation)[1:] + b"\n")
            try:
                fd = self._fd if self._fd is not None else self._open()
                if self._torn:
                    line = b"\n" + line
                n = os.write(fd, line)
                if n != len(line):
                    self._torn = not _take_back(fd, n)  # a disk that filled (or a size limit) mid-line
                    raise OSError(errno.ENOSPC, f"only {n} of {len(line)} bytes were written")
                self._torn = False
                self._failing = False
                self.written += 1
                return decision_id
            except OSError as e:
                self._failed(e)
                return None

    def _failed(self, e: OSError) -> None:
        first = not self._failing
        self._failing = True
        self.failures += 1
        self.last_error = e
        if self.on_error is not None:
            self.on_error(e)
        elif first:
            warnings.warn(f"personvern: the decision log {self.path} cannot be written ({e}); "
                          "decisions are still made, and failures are counted", DecisionLogWarning, stacklevel=4)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> DecisionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _take_back(fd: int, n: int) -> bool:
    """Remove the ``n`` bytes of a line cut short, if they are still the end of the file (True when removed)."""
    try:
        end = os.lseek(fd, 0, os.SEEK_CUR)  # O_APPEND: just after what this write put there
        if os.fstat(fd).st_size == end:  # nobody has appended since
            os.ftruncate(fd, end - n)
            return True
    except OSError:
        pass
    return False


def read_log(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The entries of a decision log; a line that is not whole JSON raises ValueError with its number."""
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                yield json.loads(raw)
            except ValueError as e:
                raise ValueError(f"{path}:{number}: not a complete log line: {e}") from None
