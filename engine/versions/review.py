"""The change review: what changed since the last review, as the first section of the HTML review report.

Three parts, each computed here from the two policies (the review report itself knows nothing of
versions; the command line renders this section and hands it to :func:`personvern.legal.report.render_html`):
the behavioural diff (the groups of :mod:`describe`, as ``personvern diff`` prints them), the
statement's changed clauses side by side, and the scenarios added, changed or removed since the
old version (only when the old version is a git revision: a folder has no feature files of its own).
Every piece of text from the rules, the statement or the feature files is escaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Iterable, Sequence

from ..core.model import CompiledPolicy
from ..legal.coverage import parse_feature
from .compare import Side
from .describe import Group, Words, groups
from .diff import Diff
from .render import _side_lines, headline

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
_STATUS = {ADDED: ("Ny", "new"), CHANGED: ("Endret", "changed"), REMOVED: ("Fjernet", "removed")}
SECTION_ID = "endringer"


@dataclass(frozen=True, slots=True)
class ClauseChange:
    id: str
    old: str | None  # None: the clause is new
    new: str | None  # None: the clause was removed
    status: str


@dataclass(frozen=True, slots=True)
class ScenarioChange:
    feature: str
    name: str
    line: int  # in the new file (in the old one when removed)
    status: str


def clause_changes(old: CompiledPolicy, new: CompiledPolicy) -> tuple[ClauseChange, ...]:
    """Every clause whose text differs, in the new statement's order, then the removed ones in the old order."""
    out = []
    for cid, c in new.clauses.items():
        before = old.clauses.get(cid)
        if before is None:
            out.append(ClauseChange(cid, None, c.text, ADDED))
        elif before.text != c.text:
            out.append(ClauseChange(cid, before.text, c.text, CHANGED))
    out.extend(ClauseChange(cid, c.text, None, REMOVED) for cid, c in old.clauses.items() if cid not in new.clauses)
    return tuple(out)


def _scenarios(files: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    """(file, title) -> (line, what the scenario says: its clause tags and its own lines, without blanks and comments)."""
    out: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
    for name, text in files:
        refs, _ = parse_feature(text, name)  # a file that does not parse shows what it can; `coverage` reports the problems
        lines = text.splitlines()
        starts = [r.line for r in refs] + [len(lines) + 1]
        for r, end in zip(refs, starts[1:]):
            body = tuple(s for s in (x.strip() for x in lines[r.line - 1:end - 1])
                         if s and not s.startswith(("#", "@")) and not s.split(":", 1)[0] in ("Regel", "Rule"))
            out.setdefault((name, r.name), (r.line, (*r.clauses, str(r.interpretation), *body)))
    return out


def scenario_changes(old_files: Iterable[tuple[str, str]], new_files: Iterable[tuple[str, str]]) -> tuple[ScenarioChange, ...]:
    """The scenarios added, changed (steps, examples or clause tags) or removed, matched by file and title."""
    old, new = _scenarios(old_files), _scenarios(new_files)
    out = [ScenarioChange(f, n, line, ADDED if (f, n) not in old else CHANGED)
           for (f, n), (line, body) in new.items() if (f, n) not in old or old[(f, n)][1] != body]
    out.extend(ScenarioChange(f, n, line, REMOVED) for (f, n), (line, _) in old.items() if (f, n) not in new)
    return tuple(sorted(out, key=lambda s: (s.status != ADDED, s.status == REMOVED, s.feature, s.line)))


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _side(w: Words, s: Side) -> str:
    nb, en = _side_lines(w, s, "nb"), _side_lines(w, s, "en")
    if not nb:
        return '<span class="small">–</span>'
    return ("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in nb) + "</ul>"
            + '<ul class="en" lang="en">' + "".join(f"<li>{_e(x)}</li>" for x in en if not x.startswith("rules: ")) + "</ul>")


def _group(w: Words, i: int, g: Group) -> str:
    witness = json.dumps(dict(g.changes[0].witness.operation), ensure_ascii=False, sort_keys=True)
    return (f'<div class="change" id="endring-{i}"><h4>{i}. {_e(headline(w, g, "nb"))}</h4>'
            f'<div class="en" lang="en">{_e(headline(w, g, "en"))}</div>'
            '<table class="sides"><thead><tr><th>Før <span class="en">(before)</span></th>'
            '<th>Nå <span class="en">(now)</span></th></tr></thead>'
            f"<tbody><tr><td>{_side(w, g.old)}</td><td>{_side(w, g.new)}</td></tr></tbody></table>"
            f'<div class="small">{len(g.changes)} klasse(r) av operasjoner · eksempel (witness): <code>{_e(witness)}</code></div></div>')


def _clauses(changes: Sequence[ClauseChange]) -> str:
    if not changes:
        return "<p>Ingen klausul i erklæringen er endret. <span class=\"en\" lang=\"en\">(No clause of the statement changed.)</span></p>"
    rows = []
    for c in changes:
        word, cls = _STATUS[c.status]
        old = f"<td>{_e(c.old)}</td>" if c.old is not None else '<td class="none">(fantes ikke)</td>'
        new = f"<td>{_e(c.new)}</td>" if c.new is not None else '<td class="none">(fjernet)</td>'
        rows.append(f'<tr class="{cls}" id="endret-klausul-{_e(c.id)}"><td><span class="id">{_e(c.id)}</span> '
                    f'<span class="badge {cls}">{word}</span></td>{old}{new}</tr>')
    return ('<table class="clauses"><colgroup><col class="k1"><col class="k2"><col class="k2"></colgroup>'
            '<thead><tr><th>Klausul <span class="en">(clause)</span></th><th>Før <span class="en">(old text)</span></th>'
            '<th>Nå <span class="en">(new text)</span></th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _scenario_list(changes: Sequence[ScenarioChange] | None, old_label: str) -> str:
    if changes is None:
        return (f"<p>{_e(old_label)} er en mappe med regler, ikke en git-revisjon: scenarioene kan ikke sammenlignes. "
                '<span class="en" lang="en">(The old version is a rules folder, not a git revision: the scenarios cannot be compared.)</span></p>')
    if not changes:
        return '<p>Ingen scenarioer er lagt til eller endret. <span class="en" lang="en">(No scenario added or changed.)</span></p>'
    items = []
    for s in changes:
        word, cls = _STATUS[s.status]
        items.append(f'<li><span class="badge {cls}">{word}</span> {_e(s.name)} '
                     f'<span class="small">({_e(s.feature)}, linje {s.line})</span></li>')
    return "<ul class=\"scenarios\">" + "".join(items) + "</ul>"


def render_since(diff: Diff, old_label: str, clauses: Sequence[ClauseChange],
                 scenarios: Sequence[ScenarioChange] | None) -> str:
    """The section «Hva er endret siden forrige gjennomgang», as HTML to put first in the review report."""
    w = Words(diff)
    gs = groups(diff)
    old_v, new_v = diff.old.version, diff.new.version
    parts = [f'<section id="{SECTION_ID}" class="since"><h2>Hva er endret siden forrige gjennomgang</h2>',
             f'<p class="en" lang="en">What changed since the last review</p>',
             f'<p>Sammenlignet med {_e(old_label)} (versjon {_e(old_v)}, regelsett <span class="id">{_e(diff.old.content_hash[:12])}</span>) '
             f'→ versjon {_e(new_v)} (regelsett <span class="id">{_e(diff.new.content_hash[:12])}</span>).</p>',
             '<h3>Hva som tillates eller avvises <span class="en" lang="en">(what is permitted or refused)</span></h3>']
    if gs:
        parts.append(f"<p>{len(gs)} endringer i {len(diff.changes)} av {diff.classes_checked} klasser av operasjoner "
                     f'<span class="en" lang="en">({len(gs)} changes in {len(diff.changes)} of {diff.classes_checked} classes of operations)</span></p>')
        parts.extend(_group(w, i, g) for i, g in enumerate(gs, 1))
    else:
        parts.append(f"<p>Ingen endring i hva som tillates eller avvises; {diff.classes_checked} klasser av operasjoner sjekket. "
                     '<span class="en" lang="en">(No change in what is permitted or refused.)</span></p>')
    parts.append('<h3>Endrede klausuler i erklæringen <span class="en" lang="en">(changed clauses of the statement)</span></h3>')
    parts.append(_clauses(clauses))
    parts.append('<h3>Nye og endrede scenarioer <span class="en" lang="en">(scenarios added or changed)</span></h3>')
    parts.append(_scenario_list(scenarios, old_label))
    parts.append("</section>")
    return "\n".join(parts)
