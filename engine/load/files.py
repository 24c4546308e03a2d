"""Reading input files safely: regular files only, bounded, strict UTF-8, never outside a folder.

Every input (rule files, manifests, Python files, the compiled cache) is read through
:func:`read_regular_file`; none of these functions raises for bad input: each returns the
problems it found, with the file they are about.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .. import errors
from ..errors import Problem

MAX_FILE_BYTES = 1_048_576  # 1 MiB per YAML/JSON file

NO_SUCH_FILE = "no such file"


def read_regular_file(path: Path, display: str | None = None, limit: int = MAX_FILE_BYTES, *,
                      owned: bool = False) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file (after links), at most ``limit``; every input is read through here.

    A named pipe, a device (/dev/zero), a socket or a folder is refused, not read: it is looked at
    before it is opened, opened without blocking (a pipe with no writer never hangs the open) and
    looked at again through the open file (it cannot be swapped in between). At most ``limit`` + 1
    bytes are read, so a file that grows while it is read cannot fill memory. ``owned`` (the
    compiled cache): also refuse a link, and a file of another user's or that others can write.
    Never raises.
    """
    name = display or str(path)
    try:
        st = os.lstat(path) if owned else os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None, [_not_regular(st.st_mode, name)]
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | (getattr(os, "O_NOFOLLOW", 0) if owned else 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            why = untrusted(st, "the file") if owned else None
            if not stat.S_ISREG(st.st_mode) or why:
                return None, [Problem(errors.FILE_MISSING, why, name) if why else _not_regular(st.st_mode, name)]
            if st.st_size > limit:
                return None, [Problem(errors.INPUT_TOO_LARGE, f"the file is {st.st_size} bytes; the limit is {limit}", name)]
            raw = f.read(limit + 1)
    except FileNotFoundError:
        return None, [Problem(errors.FILE_MISSING, NO_SUCH_FILE, name)]
    except OSError as e:
        return None, [Problem(errors.FILE_MISSING, f"cannot read the file: {e.strerror}", name)]
    except ValueError:  # a NUL byte in the name
        return None, [Problem(errors.FILE_MISSING, "cannot read the file: its name holds a NUL byte", name)]
    if len(raw) > limit:
        return None, [Problem(errors.INPUT_TOO_LARGE, f"the file is larger than the limit of {limit} bytes", name)]
    return raw, []


def _not_regular(mode: int, name: str) -> Problem:
    kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else "a link" if stat.S_ISLNK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")
    return Problem(errors.FILE_MISSING, f"is {kind}, not a regular file; only regular files are read", name)


def untrusted(st: os.stat_result, what: str, folder: bool = False) -> str | None:
    """Why a file or folder is not the current user's alone to change (None: it is)."""
    if folder and not stat.S_ISDIR(st.st_mode):
        return f"{what} is not a folder"
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is not None and st.st_uid != uid:
        return f"{what} belongs to another user (uid {st.st_uid}, not {uid})"
    if st.st_mode & 0o022:
        return f"other users can write {what} (mode {stat.S_IMODE(st.st_mode):o}; use chmod go-w)"
    return None


def read_text(path: Path, display: str | None = None) -> tuple[str | None, list[Problem]]:
    raw, problems = read_regular_file(path, display)
    if raw is None:
        return None, problems
    return decode(raw, display or str(path))


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(errors.INPUT_TOO_LARGE, f"the input is larger than the limit of {MAX_FILE_BYTES} bytes", name)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [Problem(errors.ENCODING, f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x})", name, line, col)]


def inside(base: Path, relative: str) -> Path | None:
    """``base / relative`` if it stays inside ``base`` (no .., no absolute paths, no links out)."""
    if relative.startswith(("/", "\\")) or ".." in Path(relative).parts:
        return None
    candidate = Path(os.path.realpath(base / relative))  # a link loop is not followed: reading it is refused
    try:
        candidate.relative_to(os.path.realpath(base))
    except ValueError:
        return None
    return candidate
