"""The condition language: parse (lark), type-check, and compile to plain callables.

This is the only module that imports lark, and it does so lazily, so that a process
that loads a cached policy never pays for it. A condition becomes:

* an AST of plain tuples (cacheable with ``marshal``)::

    ("or", a, b, ...)  ("and", a, b, ...)  ("not", a)
    ("eq", a, b)  ("ne", a, b)  ("in", a, b)  ("not_in", a, b)  ("intersects", a, b)
    ("path", "facts", "consents")  ("str", "consent")  ("bool", True)  ("list", a, ...)

* after type-checking against a :class:`Scope` (:mod:`personvern.typecheck`, which types both
  sides of every comparison; lark is needed only to place a problem at its token), a closure ``f(op, facts, rcpt)``
  returning ``True``, ``False`` or ``None`` (unknown: a fact the rule needs is open).
  Unknown propagates by Kleene's three-valued logic, so ``False and <unknown>`` is
  ``False`` and a rule asks only for the facts that matter.

No eval, no exec, no attribute access by name: every path is resolved at compile
time against the scope, and anything the scope does not define is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

from .. import errors
from . import typecheck as _tc
from .typecheck import BOOL, Binding, NodePath, Scope, Type

__all__ = ["BOOL", "Binding", "Scope", "Type", "Ast", "Cond", "parse", "positions", "check", "typecheck",
           "compile_condition", "getter", "paths"]

Ast = tuple[Any, ...]
Cond = Callable[[Any, Mapping[str, Any], Any], "bool | None"]

MAX_CONDITION_LENGTH = 4096
MAX_DEPTH = 64


# ---------------------------------------------------------------------------- parsing

_parser: Any = None


def _get_parser() -> Any:
    global _parser
    if _parser is None:
        from lark import Lark  # the only lark import in personvern

        # next to this module (importlib.resources would cost every process tempfile, shutil, lzma, ...)
        grammar = Path(__file__).with_name("expr.lark").read_text(encoding="utf-8")
        _parser = Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=True)
    return _parser


def parse(text: str) -> Ast:
    """Parse a condition into a tuple AST. Raises :class:`errors.ExpressionError`."""
    return _to_ast(_tree(text), 0, None, ())


def positions(text: str) -> dict[NodePath, tuple[int, int]]:
    """Where each node of ``parse(text)`` starts (line, column); ``path + (0,)`` is where the
    operator of a comparison or a ``not`` is."""
    where: dict[NodePath, tuple[int, int]] = {}
    _to_ast(_tree(text), 0, where, ())
    return where


def _tree(text: str) -> Any:
    if not isinstance(text, str):
        raise errors.ExpressionError(errors.EXPR_SYNTAX, "a condition must be a string", 1, 1)
    if len(text) > MAX_CONDITION_LENGTH:
        raise errors.ExpressionError(
            errors.EXPR_SYNTAX, f"a condition may be at most {MAX_CONDITION_LENGTH} characters", 1, 1
        )
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        tree = _get_parser().parse(text)
    except UnexpectedCharacters as e:
        raise errors.ExpressionError(
            errors.EXPR_SYNTAX, f"unexpected character {text[e.pos_in_stream or 0]!r}", e.line, e.column, _caret(text, e.line, e.column)
        ) from None
    except UnexpectedToken as e:
        if e.token.type == "$END":
            line, col = _end(text)
            raise errors.ExpressionError(errors.EXPR_SYNTAX, "the condition ends too early", line, col, _caret(text, line, col)) from None
        raise errors.ExpressionError(
            errors.EXPR_SYNTAX, f"unexpected {e.token.value!r}", e.line, e.column, _caret(text, e.line, e.column)
        ) from None
    except UnexpectedEOF:
        line, col = _end(text)
        raise errors.ExpressionError(errors.EXPR_SYNTAX, "the condition ends too early", line, col, _caret(text, line, col)) from None
    except UnexpectedInput as e:  # pragma: no cover - any other lark complaint
        raise errors.ExpressionError(errors.EXPR_SYNTAX, str(e).splitlines()[0], e.line, e.column) from None
    except RecursionError:
        raise errors.ExpressionError(errors.EXPR_SYNTAX, "the condition is nested too deeply", 1, 1) from None
    return tree


def _end(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _caret(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    return lines[line - 1] + "\n" + " " * max(column - 1, 0) + "^"


def _to_ast(node: Any, depth: int, where: dict[NodePath, tuple[int, int]] | None, at: NodePath) -> Ast:
    if depth > MAX_DEPTH:
        raise errors.ExpressionError(errors.EXPR_SYNTAX, "the condition is nested too deeply", 1, 1)
    data = node.data
    kids = [c for c in node.children if c is not None] if hasattr(node, "children") else []
    if where is not None:
        where[at] = (node.meta.line, node.meta.column)
        ops = [k for k in kids if not hasattr(k, "data") and k.type in ("EQ", "NE", "IN", "NOT", "INTERSECTS")]
        if ops:
            where[at + (0,)] = (ops[0].line, ops[0].column)
    if data == "path":
        return ("path",) + tuple(str(t) for t in kids)
    if data == "string":
        return ("str", str(kids[0])[1:-1])
    if data == "true":
        return ("bool", True)
    if data == "false":
        return ("bool", False)
    sub = [_to_ast(c, depth + 1, where, at + (i,)) for i, c in enumerate((k for k in kids if hasattr(k, "data")), 1)]
    if data == "list":
        return ("list",) + tuple(sub)
    if data in ("or_expr", "and_expr"):
        return ("or" if data == "or_expr" else "and",) + tuple(sub)
    if data == "not_":
        return ("not", sub[0])
    if data in ("eq", "ne", "in_", "not_in", "intersects"):
        return (data.rstrip("_"), sub[0], sub[1])
    raise errors.ExpressionError(errors.EXPR_SYNTAX, f"unsupported construct {data}", 1, 1)  # pragma: no cover


# ---------------------------------------------------------------------------- type-checking


def check(ast: Ast, scope: Scope, text: str | None = None) -> list[errors.ExpressionError]:
    """Every type problem of ``ast`` (parsed from ``text``), each placed at the token that
    offends; empty when the condition is well typed. Without ``text`` a problem is at 1:1."""
    found = _tc.check(ast, scope)
    if not found:
        return []
    try:
        where = positions(text) if text is not None else {}
    except errors.ExpressionError:  # pragma: no cover - text is what the AST was parsed from
        where = {}
    out = []
    for p in found:
        line, col = where.get(p.at, (1, 1))
        out.append(errors.ExpressionError(errors.EXPR_TYPE, p.message, line, col,
                                          _caret(text, line, col) if text is not None else ""))
    return out


def typecheck(ast: Ast, scope: Scope, text: str | None = None) -> Type:
    """Check ``ast`` against ``scope``; raise the first problem, or return its type (boolean)."""
    found = check(ast, scope, text)
    if found:
        raise found[0]
    return BOOL


# ---------------------------------------------------------------------------- compiling


def compile_condition(ast: Ast, scope: Scope) -> Cond:
    """Compile a type-checked AST into a three-valued closure ``f(op, facts, rcpt)``."""
    return _compile(ast, scope)


def getter(ast: Ast, scope: Scope) -> Callable[[Any, Mapping[str, Any], Any], Any]:
    tag = ast[0]
    if tag == "str":
        v = ast[1]
        return lambda op, facts, rcpt: v
    if tag == "bool":
        b = ast[1]
        return lambda op, facts, rcpt: b
    if tag == "list":
        items = frozenset(a[1] for a in ast[1:])
        return lambda op, facts, rcpt: items
    if tag == "path":
        binding = scope.bindings[".".join(ast[1:])]
        name = binding.name
        if binding.source == "op":
            return lambda op, facts, rcpt: getattr(op, name)
        if binding.source == "fact":
            return _fact_getter(name, binding.type.kind)
        if binding.source == "rcpt":
            return lambda op, facts, rcpt: getattr(rcpt, name)
        const = binding.value
        return lambda op, facts, rcpt: const
    f = _compile(ast, scope)
    return f


def _wrong(name: str, value: Any, expected: str) -> TypeError:
    return TypeError(f"{name} is {type(value).__name__}, not {expected}")


def _fact_getter(name: str, kind: str) -> Callable[[Any, Mapping[str, Any], Any], Any]:
    # A fact of the wrong type (a typed Operation built by hand) raises, and the evaluator
    # turns the error into a refusal: "yes" is not true, and a string is not a set.
    if kind == "bool":
        def fact_bool(op: Any, facts: Mapping[str, Any], rcpt: Any) -> Any:
            v = facts.get(name)
            if v is None or v is True or v is False:
                return v
            raise _wrong(f"facts.{name}", v, "true or false")
        return fact_bool
    if kind == "set":
        def fact_set(op: Any, facts: Mapping[str, Any], rcpt: Any) -> Any:
            v = facts.get(name)
            if v is None or isinstance(v, (frozenset, set)):
                return v
            raise _wrong(f"facts.{name}", v, "a set")
        return fact_set
    if kind == "term":
        def fact_term(op: Any, facts: Mapping[str, Any], rcpt: Any) -> Any:
            v = facts.get(name)
            if v is None or isinstance(v, str):
                return v
            raise _wrong(f"facts.{name}", v, "a term")
        return fact_term
    return lambda op, facts, rcpt: facts.get(name)


def _compile(ast: Ast, scope: Scope) -> Cond:
    tag = ast[0]
    if tag in ("path", "bool"):
        g = getter(ast, scope)
        return g  # a boolean value, or None when unknown
    if tag == "not":
        inner = _compile(ast[1], scope)

        def not_(op: Any, facts: Mapping[str, Any], rcpt: Any) -> bool | None:
            v = inner(op, facts, rcpt)
            if v is None:
                return None
            if v is True or v is False:
                return not v
            raise _wrong("the operand of 'not'", v, "true or false")

        return not_
    if tag in ("and", "or"):
        parts = tuple(_compile(a, scope) for a in ast[1:])
        stop = tag == "or"  # the value that decides: True for 'or', False for 'and' (Kleene)
        where = f"an operand of '{tag}'"
        if len(parts) in (2, 3):
            return _junction_unrolled(stop, where, parts)

        def junction(op: Any, facts: Mapping[str, Any], rcpt: Any) -> bool | None:
            unknown = False
            for p in parts:
                v = p(op, facts, rcpt)
                if v is stop:
                    return stop
                if v is None:
                    unknown = True
                elif v is not (not stop):
                    raise _wrong(where, v, "true or false")
            return None if unknown else not stop

        return junction
    left, right = getter(ast[1], scope), getter(ast[2], scope)
    if ast[2][0] in ("str", "bool", "list") or (ast[2][0] == "path" and scope.bindings[".".join(ast[2][1:])].source == "const"):
        const = right(None, {}, None)
        if ast[1][0] == "path" and (binding := scope.bindings[".".join(ast[1][1:])]).source == "op":
            return _operation_field_with_constant(tag, binding.name, const)
        return _with_constant_right(tag, left, const)

    def binop(op: Any, facts: Mapping[str, Any], rcpt: Any) -> bool | None:
        a = left(op, facts, rcpt)
        if a is None:
            return None
        b = right(op, facts, rcpt)
        if b is None:
            return None
        return _apply(tag, a, b)

    return binop


def _with_constant_right(tag: str, left: Callable[..., Any], const: Any) -> Cond:
    # The common shapes (path == "x", path in sets.y) without a second call per evaluation.
    if tag == "eq":
        return lambda op, facts, rcpt: None if (a := left(op, facts, rcpt)) is None else a == const
    if tag == "ne":
        return lambda op, facts, rcpt: None if (a := left(op, facts, rcpt)) is None else a != const
    if tag == "in":
        return lambda op, facts, rcpt: None if (a := left(op, facts, rcpt)) is None else a in const
    if tag == "not_in":
        return lambda op, facts, rcpt: None if (a := left(op, facts, rcpt)) is None else a not in const
    return lambda op, facts, rcpt: None if (a := left(op, facts, rcpt)) is None else not const.isdisjoint(a)


def _operation_field_with_constant(tag: str, name: str, const: Any) -> Cond:
    # _with_constant_right with the operation's field read in place (getter's op path), without a call.
    if tag == "eq":
        return lambda op, facts, rcpt: None if (a := getattr(op, name)) is None else a == const
    if tag == "ne":
        return lambda op, facts, rcpt: None if (a := getattr(op, name)) is None else a != const
    if tag == "in":
        return lambda op, facts, rcpt: None if (a := getattr(op, name)) is None else a in const
    if tag == "not_in":
        return lambda op, facts, rcpt: None if (a := getattr(op, name)) is None else a not in const
    return lambda op, facts, rcpt: None if (a := getattr(op, name)) is None else not const.isdisjoint(a)


def _junction_unrolled(stop: bool, where: str, parts: tuple[Cond, ...]) -> Cond:
    # The junction of _compile for two or three operands, without the loop: same order, same
    # answers (Kleene), same error for an operand that is not true, false or unknown.
    other = not stop
    if len(parts) == 2:
        p0, p1 = parts

        def junction2(op: Any, facts: Mapping[str, Any], rcpt: Any) -> bool | None:
            a = p0(op, facts, rcpt)
            if a is stop:
                return stop
            if a is not None and a is not other:
                raise _wrong(where, a, "true or false")
            b = p1(op, facts, rcpt)
            if b is stop:
                return stop
            if b is not None and b is not other:
                raise _wrong(where, b, "true or false")
            return None if a is None or b is None else other

        return junction2
    p0, p1, p2 = parts

    def junction3(op: Any, facts: Mapping[str, Any], rcpt: Any) -> bool | None:
        a = p0(op, facts, rcpt)
        if a is stop:
            return stop
        if a is not None and a is not other:
            raise _wrong(where, a, "true or false")
        b = p1(op, facts, rcpt)
        if b is stop:
            return stop
        if b is not None and b is not other:
            raise _wrong(where, b, "true or false")
        c = p2(op, facts, rcpt)
        if c is stop:
            return stop
        if c is not None and c is not other:
            raise _wrong(where, c, "true or false")
        return None if a is None or b is None or c is None else other

    return junction3


def _apply(tag: str, a: Any, b: Any) -> bool:
    if tag == "eq":
        return bool(a == b)
    if tag == "ne":
        return bool(a != b)
    if tag == "in":
        return a in b
    if tag == "not_in":
        return a not in b
    return not frozenset(a).isdisjoint(b)


def paths(ast: Ast) -> list[str]:
    """Every path the condition names, in order."""
    if ast[0] == "path":
        return [".".join(ast[1:])]
    out: list[str] = []
    for sub in ast[1:]:
        if isinstance(sub, tuple):
            out.extend(paths(sub))
    return out
