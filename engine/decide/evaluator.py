"""Decide on one operation. Pure: no files, no clock, no network; the date is an input.

Semantics (like Cedar's, with three-valued facts):
* default deny: without a permit rule that applies, the operation is refused;
* a forbid rule that applies overrides every permit;
* an error inside a rule is recorded and makes the decision a refusal;
* every recipient must itself be permitted, and no forbid rule may apply to it;
* when a rule needs a fact that is open, the outcome is conditional, with the residual
  conditions in words. Filling the facts in later and deciding again gives exactly the
  decision the conditions describe.

One evaluator, in three steps that the prepared path (prepared.py) shares:
:func:`scope` (what the operation's static part selects: the rules in scope at each level),
the rules' values (each condition with the facts: true, false, unknown or an error), and
:func:`assemble` (the decision from those values). :func:`evaluate` runs all three; a
prepared operation runs :func:`scope` once, partially evaluates the values with the facts
unknown, and at each decision computes only the values still open, then calls the same
:func:`assemble`.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any, Mapping, NamedTuple, Sequence

from .. import errors
from ..core.decision import CONDITIONAL, DENY, PERMIT, Condition, Decision, Reason, RuleFailure, TraceStep
from ..core.model import CompiledPolicy, Obligation, Operation, Plan, Recipient, Rule
from ..core.operation import typed_problem
from ..lang.expr import paths
from ..lang.residual import negate, reduce, render


class Failed:
    """The value of a rule whose condition raised or gave something other than true/false/unknown."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


Value = Any  # True | False | None | Failed


class Level(NamedTuple):
    """One level of an operation: the processing itself (``rcpt`` None) or one recipient.

    A named tuple, not a dataclass: one is built per level of every decision, and a frozen
    dataclass's constructor costs several times a tuple's (bench/bench_diverse.py).
    """

    rcpt: Recipient | None
    plan: Plan | None  # None: an unknown purpose or recipient kind (decided as an error)
    forbids: tuple[Rule, ...]  # the forbid rules in scope (their action matches)
    permits: tuple[Rule, ...]  # the permit rules in scope (basis, data, subjects, action)


class Scoped(NamedTuple):
    """What an operation's static part selects; ``rules`` lists every in-scope rule in evaluation order."""

    levels: tuple[Level, ...]
    rules: tuple[tuple[Rule, Recipient | None], ...]


def scope(policy: CompiledPolicy, op: Operation) -> Scoped:
    """The rules in scope at each level; depends only on the operation's static part."""
    rules: list[tuple[Rule, Recipient | None]] = []
    levels = [_level(policy.by_purpose.get(op.purpose), op, None, rules)]
    for rcpt in op.recipients:
        levels.append(_level(policy.by_recipient_kind.get(rcpt.kind), op, rcpt, rules))
    return Scoped(tuple(levels), tuple(rules))


def _level(plan: Plan | None, op: Operation, rcpt: Recipient | None, rules: list[tuple[Rule, Recipient | None]]) -> Level:
    if plan is None:
        return Level(rcpt, None, (), ())
    action = op.action
    forbids, pairs = plan.by_action.get(action, plan.any_action)
    if rcpt is not None:
        rules.extend(zip(forbids, repeat(rcpt)))
        rules.extend(zip(plan.permits, repeat(rcpt)))
        return Level(rcpt, plan, forbids, plan.permits)
    basis, categories, subjects = op.legal_basis, op.categories, op.subjects
    permits = tuple([r for r in plan.permits
                     if (r.legal_bases is None or basis in r.legal_bases) and (r.categories is None or categories <= r.categories)
                     and (r.subjects is None or subjects <= r.subjects) and (r.actions is None or action in r.actions)])
    rules.extend(pairs)
    rules.extend(zip(permits, repeat(None)))
    return Level(None, plan, forbids, permits)


def value(rule: Rule, op: Operation, facts: Mapping[str, Any], rcpt: Recipient | None) -> Value:
    """One rule's condition with these facts: True, False, None (unknown) or :class:`Failed`."""
    return values(((rule, rcpt),), op, facts)[0]


def values(rules: Sequence[tuple[Rule, Recipient | None]], op: Operation, facts: Mapping[str, Any]) -> list[Value]:
    """Each rule's condition with these facts (see :func:`value`), in one loop without a call per rule."""
    out: list[Value] = []
    append = out.append
    for rule, rcpt in rules:
        cond = rule.cond
        if cond is None:
            append(True)
            continue
        try:
            v = cond(op, facts, rcpt)
        except Exception as e:  # an error in a rule never permits
            append(Failed(f"{type(e).__name__}: {e}"))
            continue
        if v is True or v is False or v is None:
            append(v)
        else:  # a fact of the wrong type: fail closed
            append(Failed(f"the condition gave {v!r}, not true or false"))
    return out


def evaluate(policy: CompiledPolicy, op: Operation, trace: bool = False, as_class: bool = False) -> Decision:
    """Decide on ``op``. Never raises for a bad operation: anything unexpected is a refusal, and so is an
    operation the parser refuses for its action (see :func:`typed_problem`). ``as_class``: the policy diff's
    class without a recipient of an action that needs one, which stands for the processing of its operations
    with one (decided by the rules, not refused)."""
    try:
        bad = None if as_class else typed_problem(policy, op)
        if bad is not None:
            return _failed(policy, op, "operation", bad.code, bad.message)
        scoped = scope(policy, op)
        return assemble(policy, op, scoped, values(scoped.rules, op, op.facts), trace)
    except Exception as e:  # fail closed: a typed Operation with broken fields, or a bug
        return _failed(policy, op, "operation", errors.RULE_ERROR, f"{type(e).__name__}: {e}")


def assemble(policy: CompiledPolicy, op: Operation, scoped: Scoped, values: Sequence[Value], trace: bool = False) -> Decision:
    """The decision from the in-scope rules' values (aligned with ``scoped.rules``)."""
    if scoped.levels[0].plan is None:
        return _failed(policy, op, "operation", errors.UNKNOWN_TERM, f"unknown purpose {op.purpose!r}",
                       _trace(policy, op, scoped, values) if trace else None)
    hit: list[tuple[Rule, Recipient | None]] = []
    open_forbids: list[tuple[Rule, Recipient | None]] = []
    failures: list[RuleFailure] = []
    permits: list[tuple[Rule, Recipient | None]] = []
    open_permits: list[tuple[Rule, Recipient | None]] = []
    denied: list[Level] = []
    i = 0
    for lv in scoped.levels:
        rcpt = lv.rcpt
        if lv.plan is None:
            failures.append(RuleFailure("operation", errors.UNKNOWN_TERM, f"unknown recipient kind {rcpt.kind if rcpt else '?'!r}"))
            continue
        for rule in lv.forbids:
            v = values[i]
            i += 1
            if v is False:  # most rules, so tested first
                continue
            if v is True:
                hit.append((rule, rcpt))
            elif v is None:
                open_forbids.append((rule, rcpt))
            else:
                failures.append(RuleFailure(rule.id, errors.RULE_ERROR, v.message))
        found = False
        for rule in lv.permits:
            v = values[i]
            i += 1
            if v is False:
                continue
            if v is True:
                permits.append((rule, rcpt))
                found = True
            elif v is None:
                open_permits.append((rule, rcpt))
                found = True
            else:
                failures.append(RuleFailure(rule.id, errors.RULE_ERROR, v.message))
        if not found:
            denied.append(lv)
    steps = _trace(policy, op, scoped, values) if trace else None
    reasons = policy.reasons
    if failures or hit:
        return Decision(DENY, tuple([_reason(reasons, r, rc) for r, rc in hit]), (), (), tuple(failures),
                        policy.id, policy.version, policy.content_hash, op.id, steps)
    if denied:
        out = []
        for lv in denied:
            assert lv.plan is not None
            r0 = _reason(reasons, lv.plan.default, lv.rcpt)
            out.append(Reason(r0.rule_id, r0.effect, r0.clauses, r0.explanation_nb, r0.explanation_en, r0.interpretation,
                              r0.recipient, _misses(policy, op, scoped, values, lv), r0.interpretation_en))
        return Decision(DENY, tuple(out), (), (), (), policy.id, policy.version, policy.content_hash, op.id, steps)
    # An open permit matters only at a level (the processing, a recipient) that no permit covers for sure.
    sure = {id(rc) for _, rc in permits}
    if not open_forbids and all(id(rc) in sure for _, rc in open_permits):
        why, obligations = _combine(reasons, permits)
        return Decision(PERMIT, why, obligations, (), (), policy.id, policy.version, policy.content_hash, op.id, steps)
    conditions = _conditions(policy, op, open_forbids, open_permits, permits)
    why, obligations = _combine(reasons, permits + open_permits)
    return Decision(CONDITIONAL, why, obligations, conditions, (), policy.id, policy.version, policy.content_hash, op.id, steps)


def _misses(policy: CompiledPolicy, op: Operation, scoped: Scoped, values: Sequence[Value], lv: Level) -> tuple[tuple[str, str], ...]:
    """Why no permit rule applies at this level, in words (only for a refusal by default)."""
    assert lv.plan is not None
    rcpt = lv.rcpt
    if not lv.plan.permits:
        label = policy.vocabulary.label("purposes" if rcpt is None else "recipient_kinds", op.purpose if rcpt is None else rcpt.kind)
        return ((f"Ingen regel tillater {'formålet' if rcpt is None else 'mottakertypen'} «{label}».",
                 f"No rule permits the {'purpose' if rcpt is None else 'recipient kind'} “{label}”."),)
    out = []
    for rule in lv.plan.permits:
        miss = _scope_miss(policy, rule, op) if rcpt is None else None
        if miss is not None:
            out.append(miss)
        else:
            out.append((f"Vilkåret i regel {rule.id} er ikke oppfylt.", f"The condition of rule {rule.id} does not hold."))
    return tuple(out)


def _scope_miss(policy: CompiledPolicy, rule: Rule, op: Operation) -> tuple[str, str] | None:
    """Why a permit rule does not cover the operation's basis, data or subjects (None: it does)."""
    v = policy.vocabulary
    if rule.legal_bases is not None and op.legal_basis not in rule.legal_bases:
        nb = v.label("legal_bases", op.legal_basis)
        return (f"Regel {rule.id} tillater ikke grunnlaget «{nb}» for dette formålet.",
                f"Rule {rule.id} does not allow the legal basis “{v.label('legal_bases', op.legal_basis, 'en')}” for this purpose.")
    if rule.categories is not None and not op.categories <= rule.categories:
        extra = sorted(op.categories - rule.categories)
        return (f"Regel {rule.id} omfatter ikke {', '.join('«' + v.label('data_categories', c) + '»' for c in extra)}.",
                f"Rule {rule.id} does not cover {', '.join(v.label('data_categories', c, 'en') for c in extra)}.")
    if rule.subjects is not None and not op.subjects <= rule.subjects:
        extra = sorted(op.subjects - rule.subjects)
        return (f"Regel {rule.id} gjelder ikke {', '.join('«' + v.label('data_subjects', s) + '»' for s in extra)}.",
                f"Rule {rule.id} does not apply to {', '.join(v.label('data_subjects', s, 'en') for s in extra)}.")
    if rule.actions is not None and op.action not in rule.actions:
        return (f"Regel {rule.id} gjelder ikke handlingen «{v.label('actions', op.action)}».",
                f"Rule {rule.id} does not cover the action “{op.action}”.")
    return None


def _trace(policy: CompiledPolicy, op: Operation, scoped: Scoped, values: Sequence[Value]) -> tuple[TraceStep, ...]:
    """Every rule considered, in order, and what came of it (for ``explain``)."""
    got = {(id(rule), id(rcpt)): values[i] for i, (rule, rcpt) in enumerate(scoped.rules)}
    words = {True: "applies", False: "does not apply", None: "unknown"}
    steps: list[TraceStep] = []
    for lv in scoped.levels:
        rcpt = lv.rcpt
        if lv.plan is None:
            continue
        found = False
        for group in (lv.plan.forbids, lv.plan.permits):
            for rule in group:
                key = (id(rule), id(rcpt))
                if key not in got:
                    if rule.effect == "forbid":
                        steps.append(_step(rule, rcpt, "not in scope", f"action {op.action}"))
                    else:
                        miss = _scope_miss(policy, rule, op)
                        steps.append(_step(rule, rcpt, "does not apply", miss[1] if miss else ""))
                    continue
                v = got[key]
                if isinstance(v, Failed):
                    steps.append(_step(rule, rcpt, "error", v.message))
                    continue
                if rule.effect == "permit" and v is not False:
                    found = True
                steps.append(_step(rule, rcpt, words[v], rule.when or ""))
        if not found:
            steps.append(_step(lv.plan.default, rcpt, "applies", "no permit rule applies"))
    return tuple(steps)


def _reason(reasons: Mapping[str, Any], rule: Rule, rcpt: Recipient | None) -> Reason:
    r: Reason = reasons[rule.id]
    if rcpt is None:
        return r
    return Reason(r.rule_id, r.effect, r.clauses, r.explanation_nb, r.explanation_en, r.interpretation, rcpt.name, r.details,
                  r.interpretation_en)


def _combine(reasons: Mapping[str, Any], used: list[tuple[Rule, Recipient | None]]) -> tuple[tuple[Reason, ...], tuple[Obligation, ...]]:
    why = tuple(_reason(reasons, r, rc) for r, rc in used)
    seen: dict[str, Obligation] = {}
    for r, _ in used:
        for o in r.obligations:
            seen.setdefault(o.id, o)
    return why, tuple(seen.values())


def _conditions(policy: CompiledPolicy, op: Operation, open_forbids: list[tuple[Rule, Recipient | None]],
                open_permits: list[tuple[Rule, Recipient | None]], permits: list[tuple[Rule, Recipient | None]]) -> tuple[Condition, ...]:
    out: list[Condition] = []
    labels = policy.labels
    for rule, rcpt in open_forbids:
        scope_ = policy.scope_processing if rcpt is None else policy.scope_recipient
        assert rule.ast is not None
        residual = reduce(rule.ast, scope_, op, op.facts, rcpt)
        if isinstance(residual, bool):  # cannot happen for an open rule; fail closed regardless
            residual = ("bool", not residual)
        need = negate(residual)
        out.append(Condition(rule.id, render(need, labels, "nb"), render(need, labels, "en"),
                             _facts_in(residual), rule.cites, rcpt.name if rcpt else None))
    # Levels (the processing, each recipient) with no sure permit need one of their open permits.
    sure = {id(rc) for _, rc in permits}
    by_level: dict[int, list[tuple[Rule, Recipient | None]]] = {}
    for rule, rcpt in open_permits:
        if id(rcpt) not in sure:
            by_level.setdefault(id(rcpt), []).append((rule, rcpt))
    for group in by_level.values():
        texts_nb: list[str] = []
        texts_en: list[str] = []
        needed: list[str] = []
        cites: list[str] = []
        for rule, rcpt in group:
            scope_ = policy.scope_processing if rcpt is None else policy.scope_recipient
            assert rule.ast is not None
            residual = reduce(rule.ast, scope_, op, op.facts, rcpt)
            if isinstance(residual, bool):
                residual = ("bool", residual)
            texts_nb.append(render(residual, labels, "nb"))
            texts_en.append(render(residual, labels, "en"))
            needed.extend(_facts_in(residual))
            cites.extend(rule.cites)
        rcpt = group[0][1]
        out.append(Condition(",".join(r.id for r, _ in group), " eller ".join(texts_nb), " or ".join(texts_en),
                             tuple(dict.fromkeys(needed)), tuple(dict.fromkeys(cites)), rcpt.name if rcpt else None))
    return tuple(out)


def _facts_in(ast: Any) -> tuple[str, ...]:
    if not isinstance(ast, tuple):
        return ()
    return tuple(dict.fromkeys(p.split(".", 1)[1] for p in paths(ast) if p.startswith(("facts.", "recipient."))))


def _step(rule: Rule, rcpt: Recipient | None, result: str, detail: str) -> TraceStep:
    return TraceStep(rule.id, rule.effect, rule.level, result, detail, rcpt.name if rcpt else None)


def _failed(policy: CompiledPolicy, op: Operation, rule_id: str, code: str, message: str,
            steps: tuple[TraceStep, ...] | None = None) -> Decision:
    return Decision(DENY, (), (), (), (RuleFailure(rule_id, code, message),), policy.id, policy.version,
                    policy.content_hash, op.id, steps)
