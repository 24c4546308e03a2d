"""One syntax tree, rendered per dialect: the one place compiled queries become SQL text.

sqlglot renders a few array functions in a form a dialect does not have, or with other NULL
semantics; those nodes are rewritten here, before rendering, into the dialect's own functions
with the engine's three-valued meaning (an unknown set or value gives NULL, never a guess):

- Spark has no ``@>`` / ``&&`` operators: ``ArrayContainsAll(a, b)`` (every element of b is in a)
  becomes ``SIZE(ARRAY_EXCEPT(b, a)) = 0`` and ``ArrayOverlaps`` becomes ``ARRAYS_OVERLAP``.
- PostgreSQL renders ``ArrayContains`` as ``COALESCE(x = ANY(a), FALSE)``: FALSE for an unknown
  set. It is guarded so that an unknown set or value stays unknown, as on every other engine.
"""

from __future__ import annotations

from sqlglot import exp



def _null_if_unknown(node: exp.Expr, *operands: exp.Expr) -> exp.Expr:
    """``CASE WHEN any operand IS NULL THEN NULL ELSE node END``: Kleene's unknown in, unknown out."""
    unknown = exp.or_(*[exp.Is(this=exp.Paren(this=o.copy()), expression=exp.Null()) for o in operands])
    return exp.Case(ifs=[exp.If(this=unknown, true=exp.Null())], default=node)


def _spark(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.ArrayContainsAll):
        whole, part = node.this, node.expression
        missing = exp.Anonymous(this="ARRAY_EXCEPT", expressions=[part.copy(), whole.copy()])
        return _null_if_unknown(exp.EQ(this=exp.Anonymous(this="SIZE", expressions=[missing]), expression=exp.Literal.number(0)),
                                whole, part)
    if isinstance(node, exp.ArrayOverlaps):
        return exp.Anonymous(this="ARRAYS_OVERLAP", expressions=[node.this.copy(), node.expression.copy()])
    return node


def _postgres(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.ArrayContains):
        return _null_if_unknown(node.copy(), node.this, node.expression)
    return node


_REWRITE = {"spark": _spark, "postgres": _postgres}
_ARRAY_NODES = (exp.ArrayContains, exp.ArrayContainsAll, exp.ArrayOverlaps)


def _ancestors(node: exp.Expr) -> list[exp.Expr]:
    out, up = [], node.parent
    while up is not None:
        out.append(up)
        up = up.parent
    return out


def render(query: exp.Expr, dialect: str = "duckdb", pretty: bool = False) -> str:
    """The SQL text of a compiled query in ``dialect``."""
    rewrite = _REWRITE.get(dialect)
    tree = query
    if rewrite is not None:
        tree = query.copy()
        # Innermost first, so a rewritten node carries its already rewritten operands.
        for node in sorted(tree.find_all(*_ARRAY_NODES), key=lambda n: -len(_ancestors(n))):
            new = rewrite(node)
            if new is not node:
                if node is tree:
                    tree = new
                else:
                    node.replace(new)
    return tree.sql(dialect, pretty=pretty)
