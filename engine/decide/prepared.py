"""Prepared operations: the evaluator (evaluator.py) partially evaluated with the facts unknown.

An operation's static part (purpose, legal basis, data, subjects, action, recipients) is
prepared once into a :class:`Template`: :func:`evaluator.scope` selects the rules in scope,
and every in-scope rule is evaluated with no facts known. By Kleene's three-valued logic a
rule that is already true or false stays so whatever the facts are, so a decision needs only
the rules left open ("dynamic"), run as residual closures with the operation's own values
folded in. The decision is then :func:`evaluator.assemble` of those values: the same
function the plain evaluator ends in, so both paths give the same decisions by construction.

What is kept, and by whom: a Template keeps the assembled decision for each vector of
dynamic-rule results (at most MAX_OUTCOMES; conditional decisions and decisions with errors
are assembled anew, their words depend on the facts). A :class:`TemplateCache` (owned by the
public Policy object, never written into the compiled policy) keeps templates per static part
(at most MAX_TEMPLATES), admits an operation only the second time it is seen (the first time
it is decided directly, which is cheaper than preparing it), and shares equal residual
closures, vector functions and decisions across its templates. Nothing is keyed on facts.
"""

from __future__ import annotations

import _thread
from itertools import islice
from typing import Any, Callable, Mapping

from ..core.decision import CONDITIONAL, Decision
from ..core.fastcheck import fast_facts, fast_static, static_operation
from ..core.model import EMPTY, CompiledPolicy, Operation, Recipient, Rule
from ..core.operation import MAX_TEXT, parse_operation, typed_problem
from ..errors import OperationError
from ..lang.expr import compile_condition, paths
from ..lang.residual import reduce
from .evaluator import Failed, Value, assemble, evaluate, scope, value

MAX_TEMPLATES = 8192  # prepared operations kept per cache, ~4.5 KB each; the oldest quarter goes when full
MAX_SEEN = 65536  # static parts seen once (admitted as templates the second time)
MAX_OUTCOMES = 512  # assembled decisions kept per prepared operation
MAX_SHARED = 65536  # residual closures, vector functions and decisions shared across templates

__all__ = ["Template", "TemplateCache", "evaluate", "evaluate_data", "evaluate_operation", "operation_key"]

Key = tuple[Any, ...]
_Fn = Callable[[Any, Mapping[str, Any], Any], Any]
_Dyn = tuple[_Fn, Recipient | None]


class TemplateCache:
    """Templates per static part, and what equal templates share; bounded, safe across threads.

    Owned by whoever decides many operations with one policy (the public Policy object);
    a reloaded policy is a new object with a new cache.
    """

    def __init__(self, max_templates: int = MAX_TEMPLATES) -> None:
        self.max_templates = max_templates
        self.templates: dict[Key, Template] = {}
        self.seen: set[Key] = set()
        self.residuals: dict[Any, _Fn] = {}
        self.vectors: dict[tuple[int, ...], tuple[Callable[[Mapping[str, Any]], tuple[Any, ...]], tuple[_Dyn, ...]]] = {}
        self.decisions: dict[Decision, Decision] = {}
        self._lock = _thread.allocate_lock()  # threading.Lock itself, without importing threading

    def __len__(self) -> int:
        return len(self.templates)

    def get(self, policy: CompiledPolicy, key: Key, build: Callable[[], Operation]) -> Template | None:
        """The template for ``key``; None the first time a key is seen (decide it directly then)."""
        t = self.templates.get(key)
        if t is not None:
            return t
        with self._lock:
            if key not in self.seen:
                if len(self.seen) >= MAX_SEEN:
                    self.seen.clear()
                self.seen.add(key)
                return None
            self.seen.discard(key)
            t = Template(policy, build(), self)
            if len(self.templates) >= self.max_templates:
                for old in list(islice(self.templates, len(self.templates) // 4 + 1)):
                    del self.templates[old]
            self.templates[key] = t
            return t


class Template:
    """An operation's static part, with every in-scope rule evaluated as far as it can be without facts."""

    __slots__ = ("policy", "op", "scoped", "constant", "positions", "dynamic", "needed", "outcomes", "vector", "shared")

    def __init__(self, policy: CompiledPolicy, op: Operation, shared: TemplateCache | None = None) -> None:
        bad = typed_problem(policy, op)  # a typed operation the parser would refuse (its action): never prepared
        if bad is not None:
            raise OperationError([bad], "the operation")
        self.policy = policy
        self.op = op
        self.shared = shared
        self.scoped = scope(policy, op)
        constant: list[Value] = []
        positions: list[int] = []
        dynamic: list[_Dyn] = []
        needed: dict[str, None] = {}
        whole = False  # some dynamic rule runs its whole condition (which may read the operation)
        for i, (rule, rcpt) in enumerate(self.scoped.rules):
            v = value(rule, op, EMPTY, rcpt)
            if v is not None and not isinstance(v, Failed):
                constant.append(v)
                continue
            constant.append(None)  # decided per call
            positions.append(i)
            assert rule.cond is not None
            residual = self._residual(rule, rcpt) if v is None else None
            whole = whole or residual is None
            dynamic.append((residual or rule.cond, rcpt))
            if rule.ast is not None:
                for p in paths(rule.ast):
                    if p.startswith("facts."):
                        needed.setdefault(p[6:], None)
        self.constant: tuple[Value, ...] = tuple(constant)
        self.positions: tuple[int, ...] = tuple(positions)
        self.dynamic: tuple[_Dyn, ...] = tuple(dynamic)
        self.vector = self._shared_vector(whole)  # facts -> the dynamic rules' results
        self.needed: tuple[str, ...] = tuple(needed)  # the facts the dynamic rules may read
        self.outcomes: dict[tuple[Any, ...], Decision] = {}

    def _residual(self, rule: Rule, rcpt: Recipient | None) -> _Fn | None:
        """The rule's condition with this operation's own values folded in, compiled (None: keep it whole).

        Partial evaluation is sound (what residual.reduce promises for conditions in words),
        so the residual gives the same answer as the whole condition for any facts.
        """
        if rule.ast is None:
            return None
        try:
            scope_ = self.policy.scope_processing if rcpt is None else self.policy.scope_recipient
            residual = reduce(rule.ast, scope_, self.op, EMPTY, rcpt)
            if isinstance(residual, bool):
                return None
            residual = _literals(residual)
            # Equal residuals share one closure across templates (it reads only its arguments),
            # which keeps the code a decision runs small and warm.
            key = (rcpt is None, residual)
            shared = self.shared.residuals if self.shared is not None else None
            fn = shared.get(key) if shared is not None else None
            if fn is None:
                fn = _on_facts(residual) or compile_condition(residual, scope_)
                if shared is not None and len(shared) < MAX_SHARED:
                    shared[key] = fn
            return fn
        except Exception:  # noqa: BLE001 - an unusual shape: run the whole condition instead
            return None

    def _shared_vector(self, whole: bool) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
        """The vector function, shared for equal closures when they read only the facts.

        A residual at the processing level has the operation's values folded in and no recipient,
        so it reads nothing but the facts; a whole condition or a recipient's may not.
        """
        dynamic = self.dynamic
        if whole or self.shared is None or any(rc is not None for _, rc in dynamic):
            return _vector(self.op, dynamic)
        shared = self.shared.vectors
        key = tuple(id(c) for c, _ in dynamic)  # the closures are held by the entry, so ids stay theirs
        hit = shared.get(key)
        if hit is None:
            hit = (_vector(None, dynamic), dynamic)
            if len(shared) < MAX_SHARED:
                shared[key] = hit
        return hit[0]

    def decide(self, facts: Mapping[str, Any], op_id: str | None = None) -> Decision:
        """Decide with these facts, which must already be normalised (see fastcheck.fast_facts)."""
        try:
            vals = self.vector(facts)
        except Exception:  # noqa: BLE001 - each rule's error is recorded below, as evaluate() does
            vals = None
        d = self.outcomes.get(vals) if vals is not None else None
        if d is None:
            op = self._with(facts, None)
            values = list(self.constant)
            if vals is None:
                for i in self.positions:
                    rule, rcpt = self.scoped.rules[i]
                    values[i] = value(rule, op, facts, rcpt)
            else:
                for i, v in zip(self.positions, vals):
                    values[i] = v if v is True or v is False or v is None else Failed(f"the condition gave {v!r}, not true or false")
            d = assemble(self.policy, op, self.scoped, values)
            if vals is not None and d.outcome != CONDITIONAL and not d.errors and len(self.outcomes) < MAX_OUTCOMES:
                if self.shared is not None and len(self.shared.decisions) < MAX_SHARED:
                    d = self.shared.decisions.setdefault(d, d)  # equal decisions (immutable) are one object
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



def _vector(op: Operation | None, dynamic: tuple[_Dyn, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
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


def operation_key(op: Operation) -> Key | None:
    """A key for a typed operation's static part; None when a value is not of its exact type."""
    for rc in op.recipients:
        if rc.dpa is not None and rc.dpa is not True and rc.dpa is not False:
            return None
    return ("op", op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients, op.date)


def evaluate_operation(policy: CompiledPolicy, op: Operation, cache: TemplateCache | None = None) -> Decision:
    """Decide on a typed operation (the result of :func:`evaluate`), through ``cache`` when given."""
    if cache is None:
        return evaluate(policy, op)
    try:
        key = operation_key(op)
        facts = fast_facts(policy, op.facts) if key is not None else None
        if key is None or facts is None:
            return evaluate(policy, op)
        t = cache.get(policy, key, lambda: Operation(op.purpose, op.legal_basis, op.categories, op.subjects,
                                                     op.action, op.recipients, EMPTY, op.date, None))
    except Exception:  # noqa: BLE001 - a typed operation with broken fields: evaluate() refuses it
        return evaluate(policy, op)
    if t is None:
        return evaluate(policy, op)
    return t.decide(facts, op.id)


def evaluate_data(policy: CompiledPolicy, data: Any, extra_facts: Mapping[str, Any] | None = None,
                  cache: TemplateCache | None = None) -> Decision:
    """Validate an operation given as data and decide on it (the result of parse + :func:`evaluate`).

    A plainly valid operation takes the fast path (fastcheck: exact types, known terms), and
    its template when ``cache`` has one; anything else goes through the full parser, which
    raises OperationError with every problem.
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
                if cache is not None:
                    t = cache.templates.get(key) or cache.get(policy, key, lambda: static_operation(key))
                    if t is not None:
                        if op_id is None:  # Template.decide, inlined for the decisions it keeps
                            try:
                                found = t.outcomes.get(t.vector(facts))
                            except Exception:  # noqa: BLE001 - decide() reports it as a refusal
                                found = None
                            if found is not None:
                                return found
                        return t.decide(facts, op_id)
                return evaluate(policy, static_operation(key, facts, op_id))
    return evaluate_operation(policy, parse_operation(policy, data, extra_facts), cache)
