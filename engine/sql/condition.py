"""A residual condition (personvern.residual) as an SQL expression, with the facts as columns.

SQL's NULL logic is Kleene's, as the engine's: an unknown fact is NULL, ``FALSE AND NULL``
is FALSE, ``TRUE OR NULL`` is TRUE, and anything else with NULL stays NULL (conditional).
A shape the compiler does not know raises SqlCompileError: nothing is guessed.
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from ..lang.expr import Ast, Scope
from .retention_sql import SqlCompileError
from .source import Sources


def _lit(v: Any) -> exp.Expr:
    if isinstance(v, bool):
        return exp.true() if v else exp.false()
    if isinstance(v, str):
        return exp.Literal.string(v)
    raise SqlCompileError(f"a value of type {type(v).__name__} has no SQL form")


def _operand(ast: Ast, scope: Scope, src: Sources) -> tuple[str, Any]:
    """("scalar", expr) | ("array", expr) | ("consts", [values])."""
    tag = ast[0]
    if tag == "str":
        return "scalar", _lit(ast[1])
    if tag == "bool":
        return "scalar", _lit(ast[1])
    if tag == "list":
        return "consts", sorted(a[1] for a in ast[1:])
    if tag == "val":
        v = ast[1]
        if isinstance(v, (frozenset, set, tuple, list)):
            return "consts", sorted(v)
        return "scalar", _lit(v)
    if tag == "path":
        name = ".".join(ast[1:])
        binding = scope.bindings.get(name)
        if binding is None:
            raise SqlCompileError(f"unknown name {name!r}")
        if binding.source == "const":
            return "consts", sorted(binding.value)
        if binding.source != "fact":
            raise SqlCompileError(f"{name!r} should have been decided before compiling to SQL")
        kind = "array" if binding.type.kind == "set" else "scalar"
        return kind, src.fact(binding.name)
    return "scalar", to_sql(ast, scope, src)


def _in(left: tuple[str, Any], right: tuple[str, Any]) -> exp.Expr:
    lk, lv = left
    rk, rv = right
    if lk == "scalar" and rk == "consts":
        if not rv:  # x IN () is false for a known x, unknown for an unknown one
            return exp.Case().when(exp.Is(this=lv, expression=exp.Null()), exp.Null()).else_(exp.false())
        return exp.In(this=exp.Paren(this=lv), expressions=[_lit(v) for v in rv])
    if lk == "scalar" and rk == "array":
        return exp.ArrayContains(this=rv, expression=lv)
    if lk == "consts" and rk in ("array", "consts") and len(lv) == 1:
        return _in(("scalar", _lit(lv[0])), right)
    raise SqlCompileError(f"'in' between {lk} and {rk} has no SQL form")


def _array(side: tuple[str, Any]) -> exp.Expr:
    k, v = side
    if k == "array":
        return v  # type: ignore[no-any-return]
    if k == "consts":
        return exp.Array(expressions=[_lit(x) for x in v])
    raise SqlCompileError("'intersects' needs sets on both sides")


def to_sql(ast: Ast, scope: Scope, src: Sources) -> exp.Expr:
    """The three-valued SQL form of a condition AST, over the columns ``src`` supplies."""
    tag = ast[0]
    if tag in ("and", "or"):
        parts = [exp.Paren(this=to_sql(a, scope, src)) for a in ast[1:]]
        return exp.and_(*parts) if tag == "and" else exp.or_(*parts)
    if tag == "not":
        return exp.Not(this=exp.Paren(this=to_sql(ast[1], scope, src)))
    if tag in ("bool", "str", "val", "path"):
        kind, value = _operand(ast, scope, src)
        if kind != "scalar":
            raise SqlCompileError("a set is not true or false")
        return value  # type: ignore[no-any-return]
    left, right = _operand(ast[1], scope, src), _operand(ast[2], scope, src)
    if tag in ("eq", "ne"):
        if left[0] != "scalar" or right[0] != "scalar":
            raise SqlCompileError(f"'{tag}' between sets has no SQL form")
        cls = exp.EQ if tag == "eq" else exp.NEQ
        return cls(this=exp.Paren(this=left[1]), expression=exp.Paren(this=right[1]))
    if tag == "in":
        return _in(left, right)
    if tag == "not_in":
        return exp.Not(this=exp.Paren(this=_in(left, right)))
    if tag == "intersects":
        return exp.ArrayOverlaps(this=_array(left), expression=_array(right))
    raise SqlCompileError(f"unsupported construct {tag!r}")
