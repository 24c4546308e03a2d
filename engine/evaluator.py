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

from typing import Any, Callable, Mapping

from . import errors
from .decision import CONDITIONAL, DENY, PERMIT, Condition, Decision, Reason, RuleFailure, TraceStep
from .expr import compile_condition, paths
from .model import EMPTY, Obligation, Operation, Plan, Policy, Recipient, Rule
from .operation import MAX_TEXT, fast_facts, fast_static, parse_operation, static_operation
from .residual import negate, reduce, render

MAX_TEMPLATES = 8192  # prepared operations kept per policy, ~4.5 KB each; the cache is cleared when full
MAX_OUTCOMES = 512  # assembled decisions kept per prepared operation


def evaluate(policy: Policy, op: Operation, trace: bool = False) -> Decision:
    """Decide on ``op``. Never raises for a bad operation: anything unexpected is a refusal."""
    try:
        return _evaluate(policy, op, trace)
    except Exception as e:  # fail closed: a typed Operation with broken fields, or a bug
        return _failed(policy, op, "operation", errors.RULE_ERROR, f"{type(e).__name__}: {e}", None)


def _evaluate(policy: Policy, op: Operation, trace: bool) -> Decision:
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


def _level(policy: Policy, plan: Plan, op: Operation, facts: Mapping[str, Any], rcpt: Recipient | None,
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


def _scope_miss(policy: Policy, rule: Rule, op: Operation) -> tuple[str, str] | None:
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


def _combine(policy: Policy, used: list[tuple[Rule, Recipient | None]]) -> tuple[tuple[Reason, ...], tuple[Obligation, ...]]:
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


def _conditions(policy: Policy, op: Operation, open_forbids: list[tuple[Rule, Recipient | None]],
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


def _failed(policy: Policy, op: Operation, rule_id: str, code: str, message: str, steps: list[TraceStep] | None) -> Decision:
    return Decision(DENY, (), (), (), (RuleFailure(rule_id, code, message),), policy.id, policy.version,
                    policy.content_hash, op.id, tuple(steps) if steps is not None else None)


# ---------------------------------------------------------------------------- prepared operations

Key = tuple[Any, ...]
_Dyn = tuple[Callable[[Any, Mapping[str, Any], Any], "bool | None"], Recipient | None]


class Template:
    """An operation's static part (everything but the facts), prepared once for many decisions.

    Preparing evaluates every rule that can apply with no facts known. By Kleene's
    three-valued logic a rule that is already true or false then stays so whatever the
    facts are, so only the rules left unknown ("dynamic") are run per decision, with the
    very closures :func:`evaluate` runs. The outcome of a decision is a function of the
    dynamic rules' results, so the assembled Decision is kept per result vector (at most
    3**len(dynamic) of them, capped at MAX_OUTCOMES). Conditional decisions, and any
    decision with an error, are assembled anew each time (their words depend on the facts).
    The template belongs to one immutable Policy: a reloaded policy has its own.
    """

    __slots__ = ("policy", "op", "dynamic", "needed", "outcomes", "vector")

    def __init__(self, policy: Policy, op: Operation) -> None:
        self.policy = policy
        self.op = op
        dynamic: list[_Dyn] = []
        needed: dict[str, None] = {}
        levels: list[tuple[Plan | None, Recipient | None]] = [(policy.by_purpose.get(op.purpose), None)]
        levels += [(policy.by_recipient_kind.get(rc.kind), rc) for rc in op.recipients]
        for plan, rcpt in levels:
            if plan is None:
                continue  # decided without rules: every decision is assembled by evaluate()
            for rule in plan.forbids:
                if rule.actions is None or op.action in rule.actions:
                    self._prepare(rule, rcpt, dynamic, needed)
            for rule in plan.permits:
                if rcpt is not None or _scope_miss(policy, rule, op) is None:
                    self._prepare(rule, rcpt, dynamic, needed)
        self.dynamic: tuple[_Dyn, ...] = tuple(dynamic)
        self.vector = _vector(op, self.dynamic)  # facts -> the dynamic rules' results
        self.needed: tuple[str, ...] = tuple(needed)  # the facts the dynamic rules may read
        self.outcomes: dict[tuple[bool | None, ...], Decision] = {}

    def _prepare(self, rule: Rule, rcpt: Recipient | None, dynamic: list[_Dyn], needed: dict[str, None]) -> None:
        if rule.cond is None:
            return
        try:
            v = rule.cond(self.op, EMPTY, rcpt)
        except Exception:  # noqa: BLE001 - decided per call, where the error is reported
            v = None
        if v is None:
            dynamic.append((self._residual(rule, rcpt) or rule.cond, rcpt))
            if rule.ast is not None:
                for p in paths(rule.ast):
                    if p.startswith("facts."):
                        needed.setdefault(p[6:], None)

    def _residual(self, rule: Rule, rcpt: Recipient | None) -> Callable[[Any, Mapping[str, Any], Any], bool | None] | None:
        """The rule's condition with this operation's own values folded in, compiled (None: keep it whole).

        Partial evaluation is sound (what residual.reduce promises for conditions in words),
        so the residual gives the same answer as the whole condition for any facts.
        """
        if rule.ast is None:
            return None
        try:
            scope = self.policy.scope_processing if rcpt is None else self.policy.scope_recipient
            residual = reduce(rule.ast, scope, self.op, EMPTY, rcpt)
            if isinstance(residual, bool):
                return None
            residual = _literals(residual)
            return _on_facts(residual) or compile_condition(residual, scope)
        except Exception:  # noqa: BLE001 - an unusual shape: run the whole condition instead
            return None

    def decide(self, facts: Mapping[str, Any], op_id: str | None = None) -> Decision:
        """Decide with these facts, which must already be normalised (see operation.fast_facts)."""
        try:
            vals = self.vector(facts)
        except Exception:  # noqa: BLE001 - evaluate() records the error as a refusal
            return evaluate(self.policy, self._with(facts, op_id))
        d = self.outcomes.get(vals)
        if d is None:
            d = evaluate(self.policy, self._with(facts, None))
            if d.outcome != CONDITIONAL and not d.errors and len(self.outcomes) < MAX_OUTCOMES:
                self.outcomes[vals] = d
        return d if op_id is None else d.with_operation_id(op_id)

    def _with(self, facts: Mapping[str, Any], op_id: str | None) -> Operation:
        op = self.op
        return Operation(op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients,
                         facts if facts else EMPTY, op.date, op_id if op_id is not None else op.id)


def _literals(ast: Any) -> Any:
    """Turn the values partial evaluation inlined ("val") back into literals the compiler knows."""
    if not isinstance(ast, tuple):
        return ast
    if ast[0] == "val":
        value = ast[1]
        if isinstance(value, str):
            return ("str", value)
        if isinstance(value, frozenset) and all(isinstance(x, str) for x in value):
            return ("list",) + tuple(("str", x) for x in sorted(value))
        raise TypeError(f"cannot inline {value!r}")
    return tuple(_literals(a) for a in ast)


_Fn = Callable[[Any, Mapping[str, Any], Any], Any]


def _vector(op: Operation, dynamic: tuple[_Dyn, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """facts -> the tuple of the dynamic rules' results, unrolled for the common small counts."""
    n = len(dynamic)
    if n == 0:
        return lambda facts: ()
    if n == 1:
        (c0, r0), = dynamic
        return lambda facts: (c0(op, facts, r0),)
    if n == 2:
        (c0, r0), (c1, r1) = dynamic
        return lambda facts: (c0(op, facts, r0), c1(op, facts, r1))
    if n == 3:
        (c0, r0), (c1, r1), (c2, r2) = dynamic
        return lambda facts: (c0(op, facts, r0), c1(op, facts, r1), c2(op, facts, r2))
    return lambda facts: tuple([c(op, facts, rc) for c, rc in dynamic])


def _fact(ast: Any) -> str | None:
    return ast[2] if ast[0] == "path" and len(ast) == 3 and ast[1] == "facts" else None


def _literal(ast: Any) -> tuple[bool, Any]:
    if ast[0] in ("str", "bool"):
        return True, ast[1]
    if ast[0] == "list" and all(a[0] == "str" for a in ast[1:]):
        return True, frozenset(a[1] for a in ast[1:])
    return False, None


def _on_facts(ast: Any) -> _Fn | None:
    """A residual that reads only facts, as one flat closure (None: another shape).

    Only for facts already normalised (operation.fast_facts), so no type checks here: the
    three-valued answers are those of expr's closures for such facts.
    """
    tag = ast[0]
    name = _fact(ast)
    if name is not None:
        return _get(name)
    if tag == "not":
        name = _fact(ast[1])
        return None if name is None else _not(name)
    if tag in ("eq", "ne", "in", "not_in"):
        name, ok, c = _fact(ast[1]), *_literal(ast[2])
        if name is not None:
            return _compare(tag, name, c) if ok else None
        name, ok, c = _fact(ast[2]), *_literal(ast[1])
        if name is not None and ok and tag in ("in", "not_in"):
            return _member(tag == "in", name, c)
        return None
    if tag in ("and", "or"):
        parts = [_on_facts(a) for a in ast[1:]]
        fns = tuple(p for p in parts if p is not None)
        return _junction(tag == "or", fns) if len(fns) == len(parts) else None
    return None


def _get(name: str) -> _Fn:
    return lambda op, facts, rcpt: facts.get(name)


def _not(name: str) -> _Fn:
    return lambda op, facts, rcpt: None if (v := facts.get(name)) is None else not v


def _compare(tag: str, name: str, c: Any) -> _Fn:
    if tag == "eq":
        return lambda op, facts, rcpt: None if (v := facts.get(name)) is None else v == c
    if tag == "ne":
        return lambda op, facts, rcpt: None if (v := facts.get(name)) is None else v != c
    if tag == "in":
        return lambda op, facts, rcpt: None if (v := facts.get(name)) is None else v in c
    return lambda op, facts, rcpt: None if (v := facts.get(name)) is None else v not in c


def _member(inside: bool, name: str, c: Any) -> _Fn:
    if inside:
        return lambda op, facts, rcpt: None if (v := facts.get(name)) is None else c in v
    return lambda op, facts, rcpt: None if (v := facts.get(name)) is None else c not in v


def _junction(stop: bool, fns: tuple[_Fn, ...]) -> _Fn:
    # stop is the value that decides: True for 'or', False for 'and' (Kleene, like expr's and_/or_)
    def junction(op: Any, facts: Mapping[str, Any], rcpt: Any) -> Any:
        unknown = False
        for f in fns:
            v = f(op, facts, rcpt)
            if v is stop:
                return stop
            if v is None:
                unknown = True
        return None if unknown else not stop

    return junction


def template(policy: Policy, key: Key, build: Callable[[], Operation] | None = None) -> Template:
    """The policy's prepared operation for ``key``.

    Built the first time with ``build()``, or from a :func:`operation.fast_static` key.
    """
    cache: dict[Key, Template] | None = policy.memo.get("templates")
    if cache is None:
        cache = policy.memo.setdefault("templates", {})
    t = cache.get(key)
    if t is None:
        t = Template(policy, build() if build is not None else static_operation(key))
        if len(cache) >= MAX_TEMPLATES:
            cache.clear()
        cache[key] = t
    return t


def operation_key(op: Operation) -> Key | None:
    """A key for a typed operation's static part; None when a value is not of its exact type."""
    for rc in op.recipients:
        if rc.dpa is not None and rc.dpa is not True and rc.dpa is not False:
            return None
    return ("op", op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients, op.date)


def evaluate_operation(policy: Policy, op: Operation) -> Decision:
    """Decide on a typed operation through its prepared template (same result as :func:`evaluate`).

    Facts that are not valid normalised facts take the unprepared path, exactly as before.
    """
    try:
        key = operation_key(op)
        facts = fast_facts(policy, op.facts) if key is not None else None
        if key is None or facts is None:
            return evaluate(policy, op)
        t = template(policy, key, lambda: Operation(op.purpose, op.legal_basis, op.categories, op.subjects,
                                                    op.action, op.recipients, EMPTY, op.date, None))
    except Exception:  # noqa: BLE001 - a typed operation with broken fields: evaluate() refuses it
        return evaluate(policy, op)
    return t.decide(facts, op.id)


def evaluate_data(policy: Policy, data: Any, extra_facts: Mapping[str, Any] | None = None) -> Decision:
    """Validate an operation given as data and decide on it (the result of parse + :func:`evaluate`).

    A plainly valid operation takes the fast path: its static part is looked up among the
    policy's prepared templates; anything else goes through the full parser, which raises
    OperationError with every problem.
    """
    key = fast_static(policy, data)
    if key is not None:
        op_id = data.get("id")
        given = data.get("facts")
        if (op_id is None or type(op_id) is str and len(op_id) <= MAX_TEXT) and (given is None or type(given) is dict):
            if extra_facts:
                merged = dict(given) if given else {}
                merged.update(extra_facts)
                given = merged
            facts = fast_facts(policy, given) if given else {}
            if facts is not None:
                return template(policy, key).decide(facts, op_id)
    return evaluate_operation(policy, parse_operation(policy, data, extra_facts))
