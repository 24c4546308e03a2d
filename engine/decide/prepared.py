"""Prepared operations: the fast path of evaluation, with the same decisions as evaluator.evaluate.

An operation's static part (purpose, legal basis, data, subjects, action, recipients) is
prepared once per policy into a :class:`Template`; deciding then needs only the facts.
``evaluate_data`` (behind ``Policy.evaluate``) checks a plainly valid operation dict with set
operations and looks its template up; anything else goes through the full parser and the
plain evaluator. tests/test_runtime.py checks both paths agree on thousands of operations.

What is kept, and for how long: templates per policy (at most MAX_TEMPLATES, keyed by the
static part, never by facts or ids), and per template the assembled decision for each vector
of dynamic-rule results (at most MAX_OUTCOMES). Equal residual closures, vector functions and
decisions are shared across templates (at most MAX_SHARED each), so that what a decision
touches stays small and warm. All of it lives in ``CompiledPolicy.memo`` and goes with the policy: a
reloaded rule set is a new CompiledPolicy with empty caches. Nothing is keyed on facts.
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Callable, Mapping

from ..core.decision import CONDITIONAL, Decision
from .evaluator import _scope_miss, evaluate
from ..lang.expr import compile_condition, paths
from ..core.fastcheck import fast_facts, fast_static, static_operation
from ..core.model import EMPTY, Operation, Plan, CompiledPolicy, Recipient, Rule
from ..core.operation import MAX_TEXT, parse_operation
from ..lang.residual import reduce

MAX_TEMPLATES = 8192  # prepared operations kept per policy, ~4.5 KB each; the cache is cleared when full
MAX_OUTCOMES = 512  # assembled decisions kept per prepared operation
MAX_SHARED = 65536  # residual closures, vector functions and decisions shared across templates, per policy

__all__ = ["Template", "evaluate", "evaluate_data", "evaluate_operation", "operation_key", "template"]

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
    The template belongs to one immutable CompiledPolicy: a reloaded policy has its own.
    """

    __slots__ = ("policy", "op", "dynamic", "needed", "outcomes", "vector")

    def __init__(self, policy: CompiledPolicy, op: Operation) -> None:
        self.policy = policy
        self.op = op
        dynamic: list[_Dyn] = []
        needed: dict[str, None] = {}
        whole = [False]  # some dynamic rule runs its whole condition (which may read the operation)
        levels: list[tuple[Plan | None, Recipient | None]] = [(policy.by_purpose.get(op.purpose), None)]
        levels += [(policy.by_recipient_kind.get(rc.kind), rc) for rc in op.recipients]
        for plan, rcpt in levels:
            if plan is None:
                continue  # decided without rules: every decision is assembled by evaluate()
            for rule in plan.forbids:
                if rule.actions is None or op.action in rule.actions:
                    self._prepare(rule, rcpt, dynamic, needed, whole)
            for rule in plan.permits:
                if rcpt is not None or _scope_miss(policy, rule, op) is None:
                    self._prepare(rule, rcpt, dynamic, needed, whole)
        self.dynamic: tuple[_Dyn, ...] = tuple(dynamic)
        self.vector = _shared_vector(policy, op, self.dynamic, whole[0])  # facts -> the dynamic rules' results
        self.needed: tuple[str, ...] = tuple(needed)  # the facts the dynamic rules may read
        self.outcomes: dict[tuple[bool | None, ...], Decision] = {}

    def _prepare(self, rule: Rule, rcpt: Recipient | None, dynamic: list[_Dyn], needed: dict[str, None], whole: list[bool]) -> None:
        if rule.cond is None:
            return
        try:
            v = rule.cond(self.op, EMPTY, rcpt)
        except Exception:  # noqa: BLE001 - decided per call, where the error is reported
            v = None
        if v is None:
            residual = self._residual(rule, rcpt)
            if residual is None:
                whole[0] = True
            dynamic.append((residual or rule.cond, rcpt))
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
            # Equal residuals share one closure across templates (it reads only its arguments),
            # which keeps the code a decision runs small and warm.
            shared: dict[Any, Any] = self.policy.memo.setdefault("residuals", {})
            key = (rcpt is None, residual)
            fn = shared.get(key)
            if fn is None:
                fn = _on_facts(residual) or compile_condition(residual, scope)
                if len(shared) < MAX_SHARED:
                    shared[key] = fn
            return fn
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
                # Equal decisions (immutable) are one object per policy.
                interned: dict[Decision, Decision] = self.policy.memo.setdefault("decisions", {})
                if len(interned) < MAX_SHARED:
                    d = interned.setdefault(d, d)
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


def _shared_vector(policy: CompiledPolicy, op: Operation, dynamic: tuple[_Dyn, ...], whole: bool) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """The vector function, one per policy for equal closures when they read only the facts.

    A residual at the processing level has the operation's values folded in and no recipient,
    so it reads nothing but the facts; a whole condition (``whole``) or a recipient's may not.
    """
    if whole or any(rc is not None for _, rc in dynamic):
        return _vector(op, dynamic)
    shared: dict[tuple[int, ...], tuple[Callable[[Mapping[str, Any]], tuple[Any, ...]], tuple[_Dyn, ...]]] = policy.memo.setdefault("vectors", {})
    key = tuple(id(c) for c, _ in dynamic)  # the closures are held by the entry, so ids stay theirs
    hit = shared.get(key)
    if hit is None:
        hit = (_vector(None, dynamic), dynamic)  # type: ignore[arg-type]
        if len(shared) < MAX_SHARED:
            shared[key] = hit
    return hit[0]


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


def template(policy: CompiledPolicy, key: Key, build: Callable[[], Operation] | None = None) -> Template:
    """The policy's prepared operation for ``key``.

    Built the first time with ``build()``, or from a :func:`operation.fast_static` key.
    Declared operations (guards, prepare, batch: keys starting with "check") are kept apart
    from operations given as data, so that many of the one kind never push out the other.
    When a cache is full, its oldest quarter goes.
    """
    name = "checks" if key[0] == "check" else "templates"
    cache: dict[Key, Template] | None = policy.memo.get(name)
    if cache is None:
        cache = policy.memo.setdefault(name, {})
    t = cache.get(key)
    if t is None:
        t = Template(policy, build() if build is not None else static_operation(key))
        if len(cache) >= MAX_TEMPLATES:
            _evict(cache)
        cache[key] = t
    return t


def _evict(cache: dict[Key, Template]) -> None:
    try:
        for old in list(islice(cache, len(cache) // 4 + 1)):
            cache.pop(old, None)
    except RuntimeError:  # another thread changed it meanwhile: start afresh
        cache.clear()


def operation_key(op: Operation) -> Key | None:
    """A key for a typed operation's static part; None when a value is not of its exact type."""
    for rc in op.recipients:
        if rc.dpa is not None and rc.dpa is not True and rc.dpa is not False:
            return None
    return ("op", op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients, op.date)


def evaluate_operation(policy: CompiledPolicy, op: Operation) -> Decision:
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


def evaluate_data(policy: CompiledPolicy, data: Any, extra_facts: Mapping[str, Any] | None = None) -> Decision:
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
