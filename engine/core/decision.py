"""What the engine decided, and why: immutable data, plus its renderings (text, JSON).

A Decision carries the outcome; the rules that determined it, each with the clause ids
and the clause's own Norwegian words; the obligations that come with a permit; the
conditions still open (for a conditional outcome); any error met inside a rule; and the
policy's version and content hash, so the decision can be traced to one rule set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Obligation, slot_setters
from ..errors import PersonvernError
from .safetext import clean

PERMIT = "permit"
DENY = "deny"
CONDITIONAL = "conditional"

OUTCOME_WORDS = {
    PERMIT: ("TILLATT", "permitted"),
    DENY: ("AVVIST", "refused"),
    CONDITIONAL: ("TILLATT PÅ VILKÅR", "permitted on conditions"),
}


@dataclass(frozen=True, slots=True)
class ClauseRef:
    id: str
    text: str  # the clause's Norwegian text, verbatim from the statement


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that determined the outcome."""

    rule_id: str
    effect: str
    clauses: tuple[ClauseRef, ...]
    explanation_nb: str
    explanation_en: str
    interpretation: str | None = None  # the note for legal, when the rule rests on interpretation
    recipient: str | None = None  # for a rule about one recipient
    details: tuple[tuple[str, str], ...] = ()  # (nb, en) lines, e.g. why no permit applied
    interpretation_en: str | None = None  # the note in English (None: the rule gives it in Norwegian only)

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.clauses)


@dataclass(frozen=True, slots=True)
class Condition:
    """A residual condition: what must be true at run time for the processing to go ahead."""

    rule_id: str
    nb: str
    en: str
    facts: tuple[str, ...]  # the facts it needs
    clause_ids: tuple[str, ...]
    recipient: str | None = None


@dataclass(frozen=True, slots=True)
class RuleFailure:
    """An error met while evaluating a rule. It makes the decision a refusal."""

    rule_id: str
    code: str
    message: str


@dataclass(frozen=True, slots=True, init=False)
class Decision:
    outcome: str
    reasons: tuple[Reason, ...]
    obligations: tuple[Obligation, ...] = ()
    conditions: tuple[Condition, ...] = ()
    errors: tuple[RuleFailure, ...] = ()
    policy_id: str = ""
    policy_version: str = ""
    policy_hash: str = ""
    operation_id: str | None = None
    trace: tuple[TraceStep, ...] | None = field(default=None, compare=False)

    def __init__(self, outcome: str, reasons: tuple[Reason, ...], obligations: tuple[Obligation, ...] = (),
                 conditions: tuple[Condition, ...] = (), errors: tuple[RuleFailure, ...] = (), policy_id: str = "",
                 policy_version: str = "", policy_hash: str = "", operation_id: str | None = None,
                 trace: tuple[TraceStep, ...] | None = None) -> None:
        # The dataclass's __init__, written out (see model.slot_setters): one is built per decision.
        _set[0](self, outcome)
        _set[1](self, reasons)
        _set[2](self, obligations)
        _set[3](self, conditions)
        _set[4](self, errors)
        _set[5](self, policy_id)
        _set[6](self, policy_version)
        _set[7](self, policy_hash)
        _set[8](self, operation_id)
        _set[9](self, trace)

    @property
    def permitted(self) -> bool:
        """True only for an unconditional permit."""
        return self.outcome == PERMIT

    @property
    def refused(self) -> bool:
        return self.outcome == DENY

    @property
    def is_conditional(self) -> bool:
        return self.outcome == CONDITIONAL

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.rule_id for r in self.reasons)

    @property
    def clause_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for r in self.reasons:
            for c in r.clauses:
                seen.setdefault(c.id, None)
        return tuple(seen)

    def summary(self, lang: str = "nb") -> str:
        word = OUTCOME_WORDS[self.outcome][0 if lang == "nb" else 1]
        why = "; ".join(r.explanation_nb if lang == "nb" else r.explanation_en for r in self.reasons)
        return f"{word}: {why}" if why else word

    def with_operation_id(self, operation_id: str | None) -> Decision:
        """The same decision about an operation with another id."""
        if operation_id == self.operation_id:
            return self
        return Decision(self.outcome, self.reasons, self.obligations, self.conditions, self.errors, self.policy_id,
                        self.policy_version, self.policy_hash, operation_id, self.trace)

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    def render(self, lang: str = "both") -> str:
        return render_text(self, lang)


_set = slot_setters(Decision)


def nb_en(nb: str | None, en: str | None) -> dict[str, str] | None:
    """A text as JSON in both languages ({nb, en}); a text given only in Norwegian stands for the English too."""
    return None if nb is None else {"nb": nb, "en": en or nb}


def in_lang(nb: str, en: str | None, lang: str) -> str:
    """One text in the language asked for: "nb", "en", or "both" (the English in brackets after the Norwegian)."""
    if lang == "nb" or not en or en == nb:
        return nb
    return en if lang == "en" else f"{nb} ({en})"


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One rule considered during evaluation, and what came of it (for ``explain``)."""

    rule_id: str
    effect: str
    level: str
    result: str  # "applies", "does not apply", "unknown", "not in scope", "error"
    detail: str = ""
    recipient: str | None = None


def to_dict(d: Decision) -> dict[str, Any]:
    out: dict[str, Any] = {
        "outcome": d.outcome,
        "outcome_nb": OUTCOME_WORDS[d.outcome][0].lower(),
        "operation_id": d.operation_id,
        "policy": {"id": d.policy_id, "version": d.policy_version, "hash": d.policy_hash},
        "reasons": [
            {
                "rule": r.rule_id,
                "effect": r.effect,
                "clauses": [{"id": c.id, "text": c.text} for c in r.clauses],
                "explanation": {"nb": r.explanation_nb, "en": r.explanation_en},
                "interpretation": nb_en(r.interpretation, r.interpretation_en),
                "recipient": r.recipient,
                "details": [{"nb": nb, "en": en} for nb, en in r.details],
            }
            for r in d.reasons
        ],
        "obligations": [{"id": o.id, "nb": o.nb, "en": o.en} for o in d.obligations],
        "conditions": [
            {"rule": c.rule_id, "nb": c.nb, "en": c.en, "facts": list(c.facts), "clauses": list(c.clause_ids), "recipient": c.recipient}
            for c in d.conditions
        ],
        "errors": [{"rule": e.rule_id, "code": e.code, "message": e.message} for e in d.errors],
    }
    if d.trace is not None:
        out["trace"] = [
            {"rule": t.rule_id, "effect": t.effect, "level": t.level, "result": t.result, "detail": t.detail, "recipient": t.recipient}
            for t in d.trace
        ]
    return out


def render_text(d: Decision, lang: str = "both") -> str:
    """A decision for a person in a terminal: Norwegian, English, or both (Norwegian first, English beneath)."""
    nb_, en_ = lang != "en", lang != "nb"

    def say(nb: str, en: str) -> str:
        return in_lang(nb, en, lang)

    head = d.operation_id or say("operasjon", "operation")
    lines = [f"{head}: {say(*OUTCOME_WORDS[d.outcome])}"]
    for r in d.reasons:
        who = f" [{say('mottaker', 'recipient') if lang != 'both' else 'mottaker'}: {r.recipient}]" if r.recipient else ""
        lines.append(f"  {say('regel', 'rule') if lang != 'both' else 'regel'} {r.rule_id}{who}")
        if nb_:
            lines.append(f"    {r.explanation_nb}")
        if en_:
            lines.append(f"    ({r.explanation_en})" if nb_ else f"    {r.explanation_en}")
        for dnb, den in r.details:
            lines.append(f"      - {den if lang == 'en' else dnb}")
        for c in r.clauses:  # the statement's own words: Norwegian in every language
            lines.append(f"    {c.id}: «{c.text}»")
        if r.interpretation:
            if nb_:
                lines.append(f"    tolkning: {r.interpretation}")
            if en_:
                lines.append(f"    {'(' if nb_ else ''}interpretation: {r.interpretation_en or r.interpretation}{')' if nb_ else ''}")
    if d.conditions:
        lines.append("  " + say("vilkår som må være oppfylt ved kjøring", "conditions to enforce at run time") + ":")
        for cond in d.conditions:
            who = f" [{'recipient' if lang == 'en' else 'mottaker'}: {cond.recipient}]" if cond.recipient else ""
            lines.append(f"    - {cond.en if lang == 'en' else cond.nb}{who}  [{cond.rule_id}]")
            if lang == "both":
                lines.append(f"      ({cond.en})")
    if d.obligations:
        lines.append("  " + say("plikter", "obligations") + ":")
        for o in d.obligations:
            lines.append(f"    - {say(o.nb, o.en)}" if lang != "both" else f"    - {o.nb}  ({o.en})")
    for e in d.errors:
        lines.append(f"  {'error in rule' if lang == 'en' else 'feil i regel'} {e.rule_id}: {e.code}: {e.message}")
    lines.append(f"  policy {d.policy_id} {'version' if lang == 'en' else 'versjon'} {d.policy_version} ({d.policy_hash[:12]})")
    return "\n".join(clean(line) for line in lines)  # an operation id or a rule's words never act on the terminal


def render_trace(d: Decision, lang: str = "both") -> str:
    lines = [render_text(d, lang), "  " + {"nb": "sporing", "en": "trace", "both": "sporing (trace)"}[lang] + ":"]
    for t in d.trace or ():
        who = f" [{t.recipient}]" if t.recipient else ""
        lines.append(clean(f"    {t.level:<10} {t.effect:<7} {t.rule_id:<45} {t.result}{who}" + (f" – {t.detail}" if t.detail else "")))
    return "\n".join(lines)


class ProcessingDenied(PersonvernError):
    """Raised by ``Policy.require`` and the guards when a processing is not permitted."""

    code = "processing_denied"

    def __init__(self, decision: Decision, decision_id: str | None = None) -> None:
        self.decision = decision
        self.decision_id = decision_id  # the decision log line's id, when a log recorded it
        if decision.outcome == "conditional":
            # At run time a conditional outcome is a refusal: say so, and say what was missing.
            open_ = "; ".join(c.en for c in decision.conditions)
            message = f"refused: facts the rules need are unknown (would be permitted only if {open_})"
        else:
            message = decision.summary("en")
        if decision.errors:  # the cause (a failing fact provider, a rule's error), not only "refused"
            message += ("; " if ": " in message else ": ") + "; ".join(e.message for e in decision.errors)
        if decision_id is not None:
            message += f" [decision {decision_id}]"
        super().__init__(message)
