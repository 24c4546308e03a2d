"""One way to show text that came from input: control characters never reach a terminal or a file.

A file name, an activity name or an operation id can hold a newline, a terminal escape
(``\\x1b[2J``), a bidi override (U+202E) or a character XML cannot hold. Every renderer (text,
JSON, SARIF, JUnit, GitHub annotations, evaluate/explain) passes what it prints through
:func:`clean` (or :func:`clean_data` for a JSON document), which writes each such character as a
visible escape (``\\x1b``, ``\\u202e``): nothing is dropped silently, nothing acts on the reader.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Bidirectional formatting characters: they reorder what a reader sees (CVE-2021-42574, "Trojan Source").
_BIDI = frozenset(chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE_CATEGORIES = frozenset(("Cc", "Cs", "Zl", "Zp"))  # controls, lone surrogates, line/paragraph separators


def clean(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control character, bidi override, separator and XML non-character escaped."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in _BIDI or ch in "\ufffe\uffff" or unicodedata.category(ch) in _UNSAFE_CATEGORIES:
            o = ord(ch)
            out.append(_SHORT.get(ch) or f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")
        else:
            out.append(ch)
    return "".join(out)


def clean_data(value: Any) -> Any:
    """A JSON-like document with every string in it (keys too) cleaned; line breaks are kept (JSON escapes them)."""
    if isinstance(value, str):
        return clean(value, keep_newlines=True)
    if isinstance(value, dict):
        return {clean(str(k), keep_newlines=True): clean_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_data(v) for v in value]
    return value
