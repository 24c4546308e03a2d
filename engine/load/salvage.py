"""What can still be checked in a rules or retention file that failed its JSON Schema.

A schema error must not hide the other problems of the same file (an unknown term, an
unknown clause, a condition that does not type-check): ``personvern validate`` reports every
problem of every stage at once. :func:`readable_part` keeps, of each rule with a schema
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
               "obligations", "cites", "record_classes")
_MAX_TERM = 200  # characters of a term in a refused list that is still looked up
_BLANK_TEXT = {"nb": "", "en": ""}
_LEVELS = ("processing", "recipient")
# What the compiler reads of each rule without asking (its required fields), as inert placeholders.
_NEEDED: dict[str, dict[str, Any]] = {
    "rules": {"effect": None, "cites": [], "title": _BLANK_TEXT, "explanation": _BLANK_TEXT},
    "retention": {"keep": None, "cites": [], "explanation": _BLANK_TEXT},
}
SALVAGED = tuple(_NEEDED)  # the schemas whose refused files are still checked in part


def _under(path: str, bad: set[str]) -> bool:
    """True when the schema refused ``path`` or something inside it."""
    return any(b == path or b.startswith(path + ".") or b.startswith(path + "[") for b in bad)


def readable_part(doc: Document, problems: Iterable[Problem], schema_name: str) -> Document | None:
    """A copy of a rules or retention document whose readable parts the compiler can check; None if none are."""
    data = doc.data
    bad = {p.path for p in problems}
    needed = _NEEDED.get(schema_name)
    if needed is None or not isinstance(data, dict) or not isinstance(data.get("rules"), list) or "$.rules" in bad:
        return None
    if schema_name == "rules" and (data.get("level") not in _LEVELS or _under("$.level", bad)):
        return None  # which names a condition may use depends on the level
    rules: list[dict[str, Any]] = []
    for i, rule in enumerate(data["rules"]):
        prefix = f"$.rules[{i}]"
        if not isinstance(rule, dict):
            rules.append(_placeholder(i, needed))  # keeps the index of every other rule, so positions stay right
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
        rules.append({**_placeholder(i, needed), **kept})
    return Document(doc.file, {**data, "rules": rules}, doc.positions, doc.key_positions, doc.text_offsets)


def _placeholder(i: int, needed: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"\0unreadable-rule-{i}", **needed}
