"""Pictures for the review report, as inline SVG (no scripts, no external assets): drawn from the
compiled policy and the coverage, never from figures written in code.

- a coverage bar per section of the statement (normative clauses: passed, tested but not passed, missing);
- the retention periods as a timeline per record class (start, period, legal source);
- the breach deadlines as a timeline in hours from when Flex became aware of the breach.

Every text is escaped; every picture has a <title> and an aria-label, and the same facts stand
beside it in words, so nothing is only in the picture.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from ..core.model import BreachDuty, CompiledPolicy, RetentionRule
from ..decide.retention import keep_words, period_words
from .coverage import FAILED, ClauseCoverage, Coverage

_COLOURS = {"passed": "#1a7f37", "failed": "#bc4c00", "tested": "#8c959f", "missing": "#cf222e", "keep": "#0550ae", "before": "#b6c8e6",
            "deadline": "#cf222e", "late": "#9a6700"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _svg(width: int, height: int, label: str, body: str, cls: str) -> str:
    return (f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{_e(label)}" preserveAspectRatio="xMinYMid meet"><title>{_e(label)}</title>{body}</svg>')


# --------------------------------------------------------------------------- coverage per section

def section_counts(cov: Coverage, ccs: Sequence[ClauseCoverage]) -> tuple[int, int, int, int]:
    """Normative clauses of a section: (passed: a scenario passed and none failed, failed: a scenario failed,
    not run: rule and scenario but no result yet, missing: no rule or no scenario)."""
    passed = failed = not_run = missing = 0
    for cc in ccs:
        if not cc.clause.normative:
            continue
        if not (cc.has_rule and cc.has_scenario):
            missing += 1
        elif any(cov.result(s).outcome == FAILED for s in cc.scenarios):
            failed += 1
        elif cov.passing(cc):
            passed += 1
        else:
            not_run += 1
    return passed, failed, not_run, missing


def coverage_bar(cov: Coverage, ccs: Sequence[ClauseCoverage], title: str) -> str:
    counts = section_counts(cov, ccs)
    passed, failed, not_run, missing = counts
    total = sum(counts)
    label = (f"{title}: {total} forpliktende klausuler; {passed} bestått, {failed} med feilet scenario, "
             f"{not_run} ikke kjørt, {missing} mangler regel eller scenario")
    width, x, body = 200, 0.0, []
    if total == 0:
        body.append(f'<rect x="0" y="2" width="{width}" height="10" fill="none" stroke="#d0d7de"/>')
    for n, colour in zip(counts, ("passed", "failed", "tested", "missing")):
        if n:
            w = width * n / total
            body.append(f'<rect x="{x:.2f}" y="2" width="{w:.2f}" height="10" fill="{_COLOURS[colour]}"/>')
            x += w
    return _svg(width, 14, label, "".join(body), "bar")


# --------------------------------------------------------------------------- retention

def _years(rule: RetentionRule) -> float:
    return rule.years + rule.months / 12 + rule.days / 365.25


def retention_rows(policy: CompiledPolicy) -> list[tuple[str, RetentionRule, str]]:
    """(record class label, rule, picture) for every record class of every retention rule, in the rules' order."""
    longest = max((_years(r) for r in policy.retention_rules if r.keep == "period"), default=1.0)
    span = max(1, int(longest + 0.999)) + 1  # whole years, and one more so the end of the longest is visible
    lead, width = 60, 340  # the part before the start, then the years
    scale = (width - lead - 10) / span
    rows = []
    for rule in policy.retention_rules:
        for rc in sorted(rule.record_classes):
            rows.append((policy.vocabulary.label("record_classes", rc), rule, _retention_svg(rule, lead, scale, span, width)))
    return rows


def _retention_svg(rule: RetentionRule, lead: int, scale: float, span: int, width: int) -> str:
    body = [f'<line x1="{lead}" y1="4" x2="{lead}" y2="30" stroke="#57606a" stroke-dasharray="2 2"/>']
    for year in range(1, span + 1):
        x = lead + year * scale
        body.append(f'<line x1="{x:.1f}" y1="26" x2="{x:.1f}" y2="30" stroke="#8c959f"/>'
                    f'<text x="{x:.1f}" y="38" font-size="8" text-anchor="middle" fill="#57606a">{year} år</text>')
    if rule.keep == "relationship":
        body.append(f'<rect x="4" y="10" width="{lead - 4}" height="12" fill="{_COLOURS["keep"]}"/>'
                    f'<text x="{lead + 4}" y="20" font-size="9" fill="#cf222e">slettes når kundeforholdet er avsluttet</text>')
    elif rule.keep == "objection":
        end = lead + span * scale
        body.append(f'<rect x="4" y="10" width="{end - 4:.1f}" height="12" fill="{_COLOURS["keep"]}"/>'
                    f'<path d="M{end:.1f} 6 L{end + 8:.1f} 16 L{end:.1f} 26 Z" fill="{_COLOURS["keep"]}"/>')
    else:
        if rule.anchor == "relationship_ended_on":
            body.append(f'<rect x="4" y="12" width="{lead - 4}" height="8" fill="{_COLOURS["before"]}"/>')
        w = _years(rule) * scale
        body.append(f'<rect x="{lead}" y="10" width="{w:.1f}" height="12" fill="{_COLOURS["keep"]}"/>'
                    f'<text x="{lead + w + 4:.1f}" y="20" font-size="9" fill="#1b1f24">{_e(period_words(rule, "nb"))}</text>')
    label = f"Oppbevaring ({rule.id}): {keep_words(rule)}"
    return _svg(width + 12, 40, label, "".join(body), "tidslinje")


def retention_axis_note() -> str:
    return ("Streken markerer starttidspunktet (kundeforholdet avsluttes eller regnskapsårets slutt); "
            "lys farge før streken: mens kundeforholdet varer.")


# --------------------------------------------------------------------------- breach

def breach_rows(policy: CompiledPolicy) -> tuple[list[tuple[BreachDuty, str]], int]:
    """(duty, picture) for every breach duty, drawn on one axis of hours; and the longest deadline (0 when none)."""
    deadline = max((d.deadline_hours for d in policy.breach_duties if d.deadline_hours), default=0)
    hours = max(24, deadline + deadline // 3) if deadline else 24
    hours = -(-hours // 24) * 24  # whole days
    width, lead = 340, 10
    scale = (width - lead - 20) / hours
    rows = []
    for d in policy.breach_duties:
        body = [f'<line x1="{lead}" y1="4" x2="{lead}" y2="30" stroke="#57606a"/>']
        for h in range(24, hours + 1, 24):
            x = lead + h * scale
            body.append(f'<line x1="{x:.1f}" y1="26" x2="{x:.1f}" y2="30" stroke="#8c959f"/>'
                        f'<text x="{x:.1f}" y="38" font-size="8" text-anchor="middle" fill="#57606a">{h} t</text>')
        if d.deadline_hours and d.when_late:
            x = lead + d.deadline_hours * scale
            body.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="30" stroke="{_COLOURS["deadline"]}" stroke-width="2"/>'
                        f'<rect x="{x:.1f}" y="10" width="{lead + hours * scale - x:.1f}" height="12" fill="{_COLOURS["late"]}"/>')
            label = f"{d.id}: gjelder en melding etter fristen på {d.deadline_hours} timer"
        elif d.deadline_hours:
            x = lead + d.deadline_hours * scale
            body.append(f'<rect x="{lead}" y="10" width="{x - lead:.1f}" height="12" fill="{_COLOURS["keep"]}"/>'
                        f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="30" stroke="{_COLOURS["deadline"]}" stroke-width="2"/>'
                        f'<text x="{x + 3:.1f}" y="12" font-size="9" fill="{_COLOURS["deadline"]}">frist {d.deadline_hours} t</text>')
            label = f"{d.id}: senest {d.deadline_hours} timer etter at {policy.controller_words()} ble kjent med bruddet"
        else:
            body.append(f'<path d="M{lead} 16 L{lead + 36} 16" stroke="{_COLOURS["keep"]}" stroke-width="4"/>'
                        f'<text x="{lead + 42}" y="20" font-size="9" fill="#1b1f24">ingen frist i timer</text>')
            label = f"{d.id}: uten en frist i timer"
        rows.append((d, _svg(width, 40, label, "".join(body), "tidslinje")))
    return rows, deadline
