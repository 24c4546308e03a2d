"""The diff as text (Norwegian and English) and as JSON, with a witness for every group."""

from __future__ import annotations

import json
from typing import Any

from .compare import Side
from .describe import DIMS, Group, Words, groups
from .diff import Diff
from .retention_diff import retention_json, retention_lines


def _side_lines(w: Words, s: Side, lang: str) -> list[str]:
    nb = lang == "nb"
    out = []
    if s.rules:
        out.append(("regler: " if nb else "rules: ") + ", ".join(s.rules) + (f"  [{', '.join(s.clauses)}]" if s.clauses else ""))
    for c in s.conditions:
        out.append(("vilkår: " if nb else "condition: ") + (c[0] if nb else c[1]))
    for o in s.obligations:
        out.append(("plikt: " if nb else "obligation: ") + f"{o[1] if nb else o[2]} ({o[0]})")
    return out


def headline(w: Words, g: Group, lang: str) -> str:
    return f"{' · '.join(w.scope(g, lang))}: {w.outcome(g.old, lang)} → {w.outcome(g.new, lang)}"


def render_text(diff: Diff, lang: str = "both", labels: tuple[str, str] | None = None) -> str:
    w = Words(diff)
    gs = groups(diff)
    old_v, new_v = diff.old.version, diff.new.version
    langs = ("nb", "en") if lang == "both" else (lang,)
    old_l, new_l = labels or (diff.old.root, diff.new.root)
    lines = [f"personvern diff: versjon {old_v} → {new_v} ({old_l} → {new_l})"]
    if diff.default_action is not None:
        was, now = (t or "–" for t in diff.default_action)
        lines += [f"Handlingen til en operasjon som ikke oppgir noen: {was} → {now}; alle slike operasjoner avgjøres som "
                  f"den nye handlingen (the action of an operation that names none: {was} → {now}; every such operation is "
                  f"decided as the new action{'' if now != '–' else ': none, so it must name one'})", ""]
    if not gs:
        lines.append("Ingen endring i hva som tillates eller avvises. (No change in what is permitted or refused.)")
        lines.append(f"{diff.classes_checked} klasser av operasjoner sjekket (classes of operations checked).")
        lines += ["", *retention_lines(diff.retention, langs)]
        return "\n".join(lines) + "\n"
    lines.append(f"{len(gs)} endringer i {len(diff.changes)} av {diff.classes_checked} klasser av operasjoner "
                 f"({len(gs)} changes in {len(diff.changes)} of {diff.classes_checked} classes of operations)")
    for i, g in enumerate(gs, 1):
        lines.append("")
        for j, lg in enumerate(langs):
            lines.append(f"{i if j == 0 else ' ' * len(str(i))}. {headline(w, g, lg)}" if j == 0 else f"   ({headline(w, g, lg)})")
        for lg in langs[:1]:
            before, after = _side_lines(w, g.old, lg), _side_lines(w, g.new, lg)
            if before:
                lines.append("   før (before):")
                lines.extend("     " + x for x in before)
            if after:
                lines.append("   nå (now):")
                lines.extend("     " + x for x in after)
        lines.append(f"   eksempel (witness): {json.dumps(dict(g.changes[0].witness.operation), ensure_ascii=False, sort_keys=True)}")
    lines += ["", *retention_lines(diff.retention, langs)]
    return "\n".join(lines) + "\n"


def _side_json(s: Side) -> dict[str, Any]:
    return {"outcome": s.outcome, "same_as_without_recipient": s.relative, "rules": list(s.rules), "clauses": list(s.clauses),
            "conditions": [{"nb": c[0], "en": c[1]} for c in s.conditions],
            "obligations": [{"id": o[0], "nb": o[1], "en": o[2]} for o in s.obligations], "unknown_terms": list(s.unknown)}


def _value(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (frozenset, set)):
        return sorted((_value(x) for x in v), key=repr)
    if isinstance(v, tuple):
        return list(v)
    if hasattr(v, "kind"):
        return {"kind": v.kind, "country": list(v.country), "dpa": v.dpa, "name": list(v.name),
                "country_in": list(v.country_sets), "country_not_in": list(v.country_other)}
    return v


def to_dict(diff: Diff) -> dict[str, Any]:
    w = Words(diff)
    out = []
    for g in groups(diff):
        out.append({
            "nb": headline(w, g, "nb"), "en": headline(w, g, "en"),
            "classes": {d: _value(v) for d, v in zip(DIMS, g.box)},
            "old": _side_json(g.old), "new": _side_json(g.new),
            "witnesses": [{"operation": ch.witness.operation, "old": {"outcome": ch.witness.old[0], "obligations": list(ch.witness.old[1])},
                           "new": {"outcome": ch.witness.new[0], "obligations": list(ch.witness.new[1])}} for ch in g.changes[:1]],
            "class_count": len(g.changes),
        })
    return {"old": {"version": diff.old.version, "hash": diff.old.content_hash}, "new": {"version": diff.new.version, "hash": diff.new.content_hash},
            "changed": diff.changed, "classes_checked": diff.classes_checked, "classes_changed": len(diff.changes), "changes": out,
            "retention": retention_json(diff.retention),
            "default_action": None if diff.default_action is None else {"old": diff.default_action[0], "new": diff.default_action[1]}}
