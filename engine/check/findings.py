"""Findings of ``personvern check``: checked declarations as findings, and their renderings.

A finding is either an error (the check fails: a refused activity, an invalid declaration,
one that cannot be read without running the code, a file that cannot be read) or a note
(the check passes: an activity permitted on conditions the code must enforce at run time).
Each points at file:line:column and, when it is about the policy, cites the statement's
clauses in Norwegian with an English line. Renderings: text, JSON, SARIF 2.1.0, JUnit XML
and GitHub workflow commands. Pure: no printing, no files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .. import errors
from ..core.decision import DENY, ClauseRef
from ..core.safetext import clean, clean_data
from ..errors import Problem
from .suppress import SUPPRESSION_WITHOUT_REASON, reason_for

if TYPE_CHECKING:
    from .declarations import Checked, SourceFile
    from ..core.model import CompiledPolicy

ERROR, NOTE = "error", "note"
CONDITIONAL_CODE = "conditional"
_KIND_OF_CODE = {errors.NOT_STATIC: "unchecked"}
_KIND_NB = {"invalid": ("ugyldig deklarasjon", "invalid declaration"),
            "unchecked": ("kan ikke kontrolleres uten å kjøre koden", "cannot be checked statically"),
            "unreadable": ("filen kan ikke leses", "the file cannot be read")}


@dataclass(frozen=True, slots=True, eq=False)
class Requirement:
    """Something the code must make sure of at run time."""

    rule_id: str
    nb: str
    en: str
    clauses: tuple[ClauseRef, ...] = ()
    recipient: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Finding:
    level: str  # "error" (fails the check) | "note" (passes, with conditions)
    kind: str  # refused | retention | invalid | unchecked | unreadable | conditional
    code: str  # the rule id for findings about the policy; a problem code otherwise
    file: str | None
    line: int | None
    column: int | None
    path: str
    activity: str | None
    title_nb: str
    title_en: str
    explanation_nb: str = ""
    explanation_en: str = ""
    details: tuple[tuple[str, str], ...] = ()
    clauses: tuple[ClauseRef, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    interpretation: str | None = None
    suppressed: str | None = None  # the reason given by an inline suppression; a suppressed finding never fails the check

    def location(self) -> str:
        return Problem("", "", self.file, self.line, self.column).location()

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level, "kind": self.kind, "code": self.code, "activity": self.activity,
            "file": self.file, "line": self.line, "column": self.column, "path": self.path,
            "title": {"nb": self.title_nb, "en": self.title_en},
            "explanation": {"nb": self.explanation_nb, "en": self.explanation_en},
            "details": [{"nb": nb, "en": en} for nb, en in self.details],
            "clauses": [{"id": c.id, "text": c.text} for c in self.clauses],
            "requirements": [{"rule": r.rule_id, "nb": r.nb, "en": r.en, "recipient": r.recipient,
                              "clauses": [{"id": c.id, "text": c.text} for c in r.clauses]} for r in self.requirements],
            "interpretation": self.interpretation,
            "suppressed": None if self.suppressed is None else {"reason": self.suppressed},
        }


@dataclass(frozen=True, slots=True, eq=False)
class Report:
    files: tuple[str, ...]
    checked: tuple[Checked, ...]
    findings: tuple[Finding, ...]
    unreadable: bool  # some input could not be read or parsed: exit 2
    policy_id: str
    policy_version: str
    policy_hash: str

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == ERROR and f.suppressed is None)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppressed is not None)

    def counts(self) -> dict[str, int]:
        out = {"permit": 0, "conditional": 0, "deny": 0, "invalid": 0}
        for c in self.checked:
            out[c.outcome] += 1
        return out


def build_report(policy: CompiledPolicy, sources: list[SourceFile], checked: list[Checked]) -> Report:
    found: list[Finding] = []
    for s in sources:
        found.extend(_problem(p, None, "unreadable" if s.unreadable else "invalid") for p in s.problems)
    for c in checked:
        found.extend(_activity(policy, c))
    found = _suppressed(found, sources, checked)
    found.sort(key=lambda f: (f.file or "", f.line or 0, f.column or 0, f.level != ERROR))
    return Report(tuple(clean(s.file) for s in sources), tuple(checked), tuple(_cleaned(f) for f in found),
                  any(s.unreadable for s in sources), policy.id, policy.version, policy.content_hash)


def _suppressed(found: list[Finding], sources: list[SourceFile], checked: list[Checked]) -> list[Finding]:
    """Findings marked with the reason of the inline suppression that names them (on the line of the
    finding or of its declaration, or the line before)."""
    by_file = {s.file: s.suppressions for s in sources if s.suppressions}
    if not by_file:
        return found
    lines: dict[tuple[str, str], set[int | None]] = {}
    for c in checked:
        lines.setdefault((c.declaration.file, c.declaration.name), set()).add(c.declaration.line)
    # A declaration's line counts only when its name is unique in the file: two guards may share a name in
    # Python, and a suppression above one must not reach the other.
    starts = {key: next(iter(v)) for key, v in lines.items() if len(v) == 1}
    out = []
    for f in found:
        marks = by_file.get(f.file or "")
        if marks and f.code != SUPPRESSION_WITHOUT_REASON:
            reason = reason_for(marks, f.code, (f.line, starts.get((f.file or "", f.activity or ""))))
            if reason is not None:
                f = replace(f, suppressed=reason)
        out.append(f)
    return out


def _cleaned(f: Finding) -> Finding:
    """A finding whose every text can be printed: names and files come from input (see safetext)."""
    def ref(c: ClauseRef) -> ClauseRef:
        return ClauseRef(clean(c.id), clean(c.text, True))

    return replace(
        f, code=clean(f.code), file=None if f.file is None else clean(f.file), path=clean(f.path), activity=None if f.activity is None else clean(f.activity),
        title_nb=clean(f.title_nb), title_en=clean(f.title_en), explanation_nb=clean(f.explanation_nb, True),
        explanation_en=clean(f.explanation_en, True), details=tuple((clean(nb), clean(en)) for nb, en in f.details),
        clauses=tuple(ref(c) for c in f.clauses), interpretation=None if f.interpretation is None else clean(f.interpretation, True),
        suppressed=None if f.suppressed is None else clean(f.suppressed),
        requirements=tuple(Requirement(clean(r.rule_id), clean(r.nb), clean(r.en), tuple(ref(c) for c in r.clauses),
                                       None if r.recipient is None else clean(r.recipient)) for r in f.requirements))


def _problem(p: Problem, activity: str | None, kind: str) -> Finding:
    kind = _KIND_OF_CODE.get(p.code, kind)
    nb, en = _KIND_NB[kind]
    return Finding(ERROR, kind, p.code, p.file, p.line, p.column, p.path, activity, nb, en, "", p.message)


def _activity(policy: CompiledPolicy, c: Checked) -> list[Finding]:
    d = c.declaration
    if c.decision is None:
        return [_problem(p, d.name, "invalid") for p in c.problems]
    out: list[Finding] = []
    decision = c.decision
    at = (d.file, d.line, d.column, d.prefix)
    rd = c.retention
    if rd is not None and rd.excess_categories:
        labels = policy.vocabulary
        cats_nb = ", ".join(f"«{labels.label('data_categories', x)}»" for x in rd.excess_categories)
        cats_en = ", ".join(labels.label("data_categories", x, "en") for x in rd.excess_categories)
        path = d.prefix + ".retention.record_class"
        pos = d.doc.locate(path) or (d.line, d.column)
        out.append(Finding(ERROR, "retention", rd.rule_id, d.file, pos[0], pos[1], path, d.name,
                           f"«{d.name}» lagrer {cats_nb}, som oppbevaringsregelen ikke tillater",
                           f"“{d.name}” keeps {cats_en}, which the retention rule does not allow",
                           rd.explanation_nb, rd.explanation_en, (), rd.clauses, (), rd.interpretation))
    if decision.outcome == DENY:
        for r in decision.reasons:
            where = _recipient_at(d, r.recipient) or at
            who_nb = f" (mottaker: {r.recipient})" if r.recipient else ""
            who_en = f" (recipient: {r.recipient})" if r.recipient else ""
            out.append(Finding(ERROR, "refused", r.rule_id, *where, d.name, f"«{d.name}» er avvist{who_nb}",
                               f"“{d.name}” is refused{who_en}", r.explanation_nb, r.explanation_en, r.details, r.clauses, (),
                               r.interpretation))
        for e in decision.errors:
            out.append(Finding(ERROR, "refused", e.rule_id, *at, d.name, f"«{d.name}» er avvist: feil i regel {e.rule_id}",
                               f"“{d.name}” is refused: an error in rule {e.rule_id}", "", f"{e.code}: {e.message}"))
        return out
    reqs = [Requirement(k.rule_id, k.nb, k.en, _refs(policy, k.clause_ids), k.recipient) for k in decision.conditions]
    if rd is not None and rd.condition_nb and rd.outcome != "delete":
        reqs.append(Requirement(rd.rule_id, rd.condition_nb, rd.condition_en or "", rd.clauses))
    if reqs:
        word_nb, word_en = ("tillatt på vilkår", "permitted on conditions") if decision.is_conditional else ("tillatt", "permitted")
        out.append(Finding(NOTE, "conditional", CONDITIONAL_CODE, *at, d.name,
                           f"«{d.name}» er {word_nb}; koden må sikre ved kjøring",
                           f"“{d.name}” is {word_en}; the code must enforce at run time", requirements=tuple(reqs)))
    return out


def _recipient_at(d: Any, name: str | None) -> tuple[str, int | None, int | None, str] | None:
    recipients = d.data.get("recipients")
    if not name or not isinstance(recipients, list):
        return None
    for i, r in enumerate(recipients):
        if isinstance(r, dict) and r.get("name") == name:
            path = f"{d.prefix}.recipients[{i}]"
            pos = d.doc.locate(path) or (d.line, d.column)
            return d.file, pos[0], pos[1], path
    return None


def _refs(policy: CompiledPolicy, ids: tuple[str, ...]) -> tuple[ClauseRef, ...]:
    return tuple(ClauseRef(i, policy.clauses[i].text) for i in ids if i in policy.clauses)


# ---------------------------------------------------------------------------- text


def body_lines(f: Finding) -> list[str]:
    """The lines under a finding's heading: explanation (Norwegian, then English), clauses, conditions."""
    lines = []
    if f.explanation_nb:
        lines.append(f.explanation_nb)
    if f.explanation_en:
        lines.append(f"({f.explanation_en})" if f.explanation_nb else f.explanation_en)
    for nb, en in f.details:
        lines += [f"- {nb}", f"  ({en})"]
    lines += [f"{c.id}: «{c.text}»" for c in f.clauses]
    if f.interpretation:
        lines.append(f"tolkning (interpretation): {f.interpretation}")
    for r in f.requirements:
        who = f" [mottaker: {r.recipient}]" if r.recipient else ""
        lines += [f"- {r.nb}{who}  [{r.rule_id}]", f"  ({r.en})"]
        lines += [f"  {c.id}: «{c.text}»" for c in r.clauses]
    return lines


def render_text(report: Report, color: bool = False) -> str:
    def paint(code: str, s: str) -> str:
        return f"\033[{code}m{s}\033[0m" if color else s

    out: list[str] = []
    for f in report.findings:
        label = paint("1;31", "feil (error)") if f.level == ERROR else paint("1;33", "merknad (note)")
        if f.suppressed is not None:
            label = paint("2", f"undertrykt {'feil' if f.level == ERROR else 'merknad'} (suppressed {f.level})")
        out.append(f"{paint('1', f.location())}: {label}: {f.title_nb} ({f.title_en})  [{f.code}]")
        if f.suppressed is not None:
            out.append(f"    grunn (reason): {f.suppressed}")
        out += [("    " + paint("2", line) if "«" in line and ": «" in line else "    " + line) for line in body_lines(f)]
    if report.suppressed:
        out.append(f"{len(report.suppressed)} funn undertrykt med grunn ({len(report.suppressed)} finding{'s' if len(report.suppressed) != 1 else ''} suppressed with a reason)")
    k = sum(1 for f in report.findings if f.kind == "conditional" and f.suppressed is None)
    if k:  # a line of its own beside the summary: where only the tail of the output is read, the conditions still show
        out.append(paint("1;33", f"VILKÅR: {k} aktivitet{'er' if k != 1 else ''} har vilkår som koden må sikre ved kjøring; se merknadene over "
                                 f"(CONDITIONS: {k} activit{'ies have' if k != 1 else 'y has'} conditions the code must enforce at run time; see the notes above)"))
    n = report.counts()
    total = sum(n.values())
    files = len(report.files)
    out.append(paint("1", f"personvern check: {total} aktivitet{'er' if total != 1 else ''} i {files} fil{'er' if files != 1 else ''}: "
                          f"{n['permit']} tillatt, {n['conditional']} på vilkår, {n['deny']} avvist, {n['invalid']} ugyldige; "
                          f"{len(report.errors)} feil"))
    out.append(f"({total} activit{'ies' if total != 1 else 'y'} in {files} file{'s' if files != 1 else ''}: {n['permit']} permitted, "
               f"{n['conditional']} conditional, {n['deny']} refused, {n['invalid']} invalid; {len(report.errors)} error{'s' if len(report.errors) != 1 else ''})")
    if report.errors:
        out.append("Rett deklarasjonen, eller behandlingen den beskriver, og prøv igjen. "
                   "(Fix the declaration, or the processing it describes, and try again.)")
    return "\n".join(out)


# ---------------------------------------------------------------------------- JSON


def to_json(report: Report) -> dict[str, Any]:
    n = report.counts()
    out: dict[str, Any] = clean_data({
        "policy": {"id": report.policy_id, "version": report.policy_version, "hash": report.policy_hash},
        "passed": not report.errors and not report.unreadable,
        "summary": {"files": len(report.files), "activities": len(report.checked), **n,
                    "errors": len(report.errors), "suppressed": len(report.suppressed),
                    "notes": sum(1 for f in report.findings if f.level == NOTE and f.suppressed is None)},
        "activities": [{
            "name": c.declaration.name, "source": c.declaration.source, "function": c.declaration.function,
            "file": c.declaration.file, "line": c.declaration.line, "column": c.declaration.column,
            "outcome": c.outcome, "decision": c.decision.to_dict() if c.decision else None,
            "retention": c.retention.to_dict() if c.retention else None,
        } for c in report.checked],
        "findings": [f.to_dict() for f in report.findings],
    })
    return out
