"""Decide on one operation. Pure: no files, no clock, no network; the date is an input.

Semantics (like Cedar's, with three-valued facts):
* default deny: without a permit rule that applies, the operation is refused;
* a forbid rule that applies overrides every permit;
* an error inside a rule is recorded and makes the decision a refusal;
* every recipient must itself be permitted, and no forbid rule may apply to it;
* when a rule needs a fact that is open, the outcome is conditional, with the residual
  conditions in words. Filling the facts in later and deciding again gives exactly the
  decision the conditions describe.
"""

from __future__ import annotations

from typing import Any, Mapping

from .. import errors
from ..core.decision import CONDITIONAL, DENY, PERMIT, Condition, Decision, Reason, RuleFailure, TraceStep
from ..lang.expr import paths
from ..core.model import Obligation, Operation, Plan, CompiledPolicy, Recipient, Rule
from ..lang.residual import negate, reduce, render


def evaluate(policy: CompiledPolicy, op: Operation, trace: bool = False) -> Decision:
    """Decide on ``op``. Never raises for a bad operation: anything unexpected is a refusal."""
    try:
        return _evaluate(policy, op, trace)
    except Exception as e:  # fail closed: a typed Operation with broken fields, or a bug
        return _failed(policy, op, "operation", errors.RULE_ERROR, f"{type(e).__name__}: {e}", None)


def _evaluate(policy: CompiledPolicy, op: Operation, trace: bool) -> Decision:
    steps: list[TraceStep] | None = [] if trace else None
    plan = policy.by_purpose.get(op.purpose)
    if plan is None:
        return _failed(policy, op, "operation", errors.UNKNOWN_TERM, f"unknown purpose {op.purpose!r}", steps)
    facts = op.facts

    hit: list[tuple[Rule, Recipient | None]] = []
    open_forbids: list[tuple[Rule, Recipient | None]] = []
    failures: list[RuleFailure] = []
    permits: list[tuple[Rule, Recipient | None]] = []
    open_permits: list[tuple[Rule, Recipient | None]] = []
    denied_by_default: list[tuple[Rule, Recipient | None, list[tuple[str, str]]]] = []

    _level(policy, plan, op, facts, None, hit, open_forbids, failures, permits, open_permits, denied_by_default, steps)
    for rcpt in op.recipients:
        rplan = policy.by_recipient_kind.get(rcpt.kind)
        if rplan is None:
            failures.append(RuleFailure("operation", errors.UNKNOWN_TERM, f"unknown recipient kind {rcpt.kind!r}"))
            continue
        _level(policy, rplan, op, facts, rcpt, hit, open_forbids, failures, permits, open_permits, denied_by_default, steps)

    reasons = policy.reasons
    base = dict(policy_id=policy.id, policy_version=policy.version, policy_hash=policy.content_hash, operation_id=op.id,
                trace=tuple(steps) if steps is not None else None)
    if failures:
        return Decision(DENY, tuple(_reason(reasons, r, rc) for r, rc in hit), (), (), tuple(failures), **base)  # type: ignore[arg-type]
    if hit:
        return Decision(DENY, tuple(_reason(reasons, r, rc) for r, rc in hit), **base)  # type: ignore[arg-type]
    if denied_by_default:
        out = []
        for rule, rc, details in denied_by_default:
            r0 = _reason(reasons, rule, rc)
            out.append(Reason(r0.rule_id, r0.effect, r0.clauses, r0.explanation_nb, r0.explanation_en, r0.interpretation, r0.recipient, tuple(details)))
        return Decision(DENY, tuple(out), **base)  # type: ignore[arg-type]
    if not open_forbids and not open_permits:
        why, obligations = _combine(policy, permits)
        return Decision(PERMIT, why, obligations, **base)  # type: ignore[arg-type]
    conditions = _conditions(policy, op, open_forbids, open_permits, permits)
    why, obligations = _combine(policy, permits + open_permits)
    return Decision(CONDITIONAL, why, obligations, conditions, **base)  # type: ignore[arg-type]


def _level(policy: CompiledPolicy, plan: Plan, op: Operation, facts: Mapping[str, Any], rcpt: Recipient | None,
           hit: list[Any], open_forbids: list[Any], failures: list[RuleFailure], permits: list[Any],
           open_permits: list[Any], denied_by_default: list[Any], steps: list[TraceStep] | None) -> None:
    action = op.action
    for rule in plan.forbids:
        if rule.actions is not None and action not in rule.actions:
            if steps is not None:
                steps.append(_step(rule, rcpt, "not in scope", f"action {action}"))
            continue
        try:
            v = True if rule.cond is None else rule.cond(op, facts, rcpt)
        except Exception as e:  # an error in a rule never permits
            failures.append(RuleFailure(rule.id, errors.RULE_ERROR, f"{type(e).__name__}: {e}"))
            if steps is not None:
                steps.append(_step(rule, rcpt, "error", str(e)))
            continue
        if v is True:
            hit.append((rule, rcpt))
        elif v is None:
            open_forbids.append((rule, rcpt))
        elif v is not False:  # a fact of the wrong type: fail closed
            failures.append(RuleFailure(rule.id, errors.RULE_ERROR, f"the condition gave {v!r}, not true or false"))
            continue
        if steps is not None:
            steps.append(_step(rule, rcpt, {True: "applies", False: "does not apply", None: "unknown"}[v], rule.when or ""))
    found = False
    misses: list[tuple[str, str]] = []
    for rule in plan.permits:
        miss = _scope_miss(policy, rule, op) if rcpt is None else None
        if miss is not None:
            misses.append(miss)
            if steps is not None:
                steps.append(_step(rule, rcpt, "does not apply", miss[1]))
            continue
        try:
            v = True if rule.cond is None else rule.cond(op, facts, rcpt)
        except Exception as e:
            failures.append(RuleFailure(rule.id, errors.RULE_ERROR, f"{type(e).__name__}: {e}"))
            if steps is not None:
                steps.append(_step(rule, rcpt, "error", str(e)))
            continue
        if v is True:
            permits.append((rule, rcpt))
            found = True
        elif v is None:
            open_permits.append((rule, rcpt))
            found = True
        elif v is not False:
            failures.append(RuleFailure(rule.id, errors.RULE_ERROR, f"the condition gave {v!r}, not true or false"))
            continue
        else:
            misses.append((f"Vilkåret i regel {rule.id} er ikke oppfylt.", f"The condition of rule {rule.id} does not hold."))
        if steps is not None:
            steps.append(_step(rule, rcpt, {True: "applies", False: "does not apply", None: "unknown"}[v], rule.when or ""))
    if not found:
        if not plan.permits:
            label = policy.vocabulary.label("purposes" if rcpt is None else "recipient_kinds", op.purpose if rcpt is None else rcpt.kind)
            misses.append((f"Ingen regel tillater {'formålet' if rcpt is None else 'mottakertypen'} «{label}».",
                           f"No rule permits the {'purpose' if rcpt is None else 'recipient kind'} “{label}”."))
        denied_by_default.append((plan.default, rcpt, misses))
        if steps is not None:
            steps.append(_step(plan.default, rcpt, "applies", "no permit rule applies"))


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


def _reason(reasons: Mapping[str, Any], rule: Rule, rcpt: Recipient | None) -> Reason:
    r: Reason = reasons[rule.id]
    if rcpt is None:
        return r
    return Reason(r.rule_id, r.effect, r.clauses, r.explanation_nb, r.explanation_en, r.interpretation, rcpt.name, r.details)


def _combine(policy: CompiledPolicy, used: list[tuple[Rule, Recipient | None]]) -> tuple[tuple[Reason, ...], tuple[Obligation, ...]]:
    key: tuple[str, ...] | None = None
    combined: dict[tuple[str, ...], tuple[tuple[Reason, ...], tuple[Obligation, ...]]] = policy.memo.setdefault("combined", {})
    if all(rc is None for _, rc in used):
        key = tuple(r.id for r, _ in used)
        cached = combined.get(key)
        if cached is not None:
            return cached
    why = tuple(_reason(policy.reasons, r, rc) for r, rc in used)
    seen: dict[str, Obligation] = {}
    for r, _ in used:
        for o in r.obligations:
            seen.setdefault(o.id, o)
    result = (why, tuple(seen.values()))
    if key is not None:
        if len(combined) > 4096:
            combined.clear()
        combined[key] = result
    return result


def _conditions(policy: CompiledPolicy, op: Operation, open_forbids: list[tuple[Rule, Recipient | None]],
                open_permits: list[tuple[Rule, Recipient | None]], permits: list[tuple[Rule, Recipient | None]]) -> tuple[Condition, ...]:
    out: list[Condition] = []
    labels = policy.labels
    for rule, rcpt in open_forbids:
        scope = policy.scope_processing if rcpt is None else policy.scope_recipient
        assert rule.ast is not None
        residual = reduce(rule.ast, scope, op, op.facts, rcpt)
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
            scope = policy.scope_processing if rcpt is None else policy.scope_recipient
            assert rule.ast is not None
            residual = reduce(rule.ast, scope, op, op.facts, rcpt)
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


def _failed(policy: CompiledPolicy, op: Operation, rule_id: str, code: str, message: str, steps: list[TraceStep] | None) -> Decision:
    return Decision(DENY, (), (), (), (RuleFailure(rule_id, code, message),), policy.id, policy.version,
                    policy.content_hash, op.id, tuple(steps) if steps is not None else None)
