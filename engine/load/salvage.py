"""What can still be checked in a rules file that failed its JSON Schema.

A schema error must not hide the other problems of the same file (an unknown term, an
unknown clause, a condition that does not type-check): ``personvern validate`` reports every
problem of every stage at once. :func:`readable_rules` keeps, of each rule with a schema
error, the fields the schema did not refuse, and fills what the compiler needs to read the
rest with inert placeholders (no scope, no clause, no text). The copy is only ever compiled
to find problems (``partial``); it never becomes a policy. Every field the schema refused is
left out, so the compiler never sees a value outside the schema's bounds (a condition longer
than its limit, a term list that is no list).
"""

from __future__ import annotations

from typing import Any, Iterable

from ..errors import Problem, json_path
from .document import Document

_TERM_LISTS = ("purposes", "recipient_kinds", "actions", "legal_bases", "data_categories", "data_subjects",
               "obligations", "cites")
_MAX_TERM = 200  # characters of a term in a refused list that is still looked up
_BLANK_TEXT = {"nb": "", "en": ""}
_LEVELS = ("processing", "recipient")


def _under(path: str, bad: set[str]) -> bool:
    """True when the schema refused ``path`` or something inside it."""
    return any(b == path or b.startswith(path + ".") or b.startswith(path + "[") for b in bad)


def readable_rules(doc: Document, problems: Iterable[Problem]) -> Document | None:
    """A copy of a rules document whose readable parts the compiler can check; None if nothing is readable."""
    data = doc.data
    bad = {p.path for p in problems}
    if not isinstance(data, dict) or data.get("level") not in _LEVELS or _under("$.level", bad) \
            or not isinstance(data.get("rules"), list):
        return None
    rules: list[dict[str, Any]] = []
    for i, rule in enumerate(data["rules"]):
        prefix = f"$.rules[{i}]"
        if not isinstance(rule, dict):
            rules.append(_placeholder(i))  # keeps the index of every other rule, so positions stay right
            continue
        if not _under(prefix, bad):
            rules.append(rule)
            continue
        kept: dict[str, Any] = {}
        for key, value in rule.items():
            if not _under(prefix + json_path([key])[1:], bad):
                kept[key] = value
            elif key in _TERM_LISTS and isinstance(value, list):
                kept[key] = [t for t in value if isinstance(t, str) and len(t) <= _MAX_TERM]
        kept.setdefault("id", _placeholder(i)["id"])
        kept.setdefault("effect", None)
        kept.setdefault("cites", [])
        kept.setdefault("title", _BLANK_TEXT)
        kept.setdefault("explanation", _BLANK_TEXT)
        rules.append(kept)
    return Document(doc.file, {**data, "rules": rules}, doc.positions, doc.key_positions, doc.text_offsets)


def _placeholder(i: int) -> dict[str, Any]:
    return {"id": f"\0unreadable-rule-{i}", "effect": None, "cites": [], "title": _BLANK_TEXT, "explanation": _BLANK_TEXT}
