"""Audience: which subjects a given processing may reach now, as an SQL filter.

The operation is decided once with the facts the inventory supplies left open; the
decision's conditions name the rules still open, whose residuals (personvern.residual)
are compiled to SQL over the fact columns. Per row the filter is Kleene's conjunction of
"no open forbid rule applies" and, per level, "one of its open permit rules applies":
TRUE is a permit, FALSE a refusal and NULL conditional, exactly as policy.evaluate decides
with that row's facts filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from sqlglot import exp

from ..core.factkinds import kind_of
from ..core.model import Operation, CompiledPolicy, Recipient
from ..core.operation import parse_operation
from ..decide.evaluator import evaluate
from ..lang.residual import reduce
from .condition import to_sql
from .inventory import Inventory
from .retention_sql import SqlCompileError
from .source import Sources, col


INVALID = "invalid"


def row_invalid(policy: CompiledPolicy, src: Sources) -> exp.Expr | None:
    """True for a row whose facts the engine would refuse: an unknown term, or contradictory facts."""
    v = policy.vocabulary
    bad: list[exp.Expr] = []
    for name, d in v.facts.items():
        if not src.mapped(name) or d.get("of") in (None, "text"):
            continue
        terms = exp.Array(expressions=[exp.Literal.string(t) for t in sorted(v.terms(str(d["of"])))])
        value = src.fact(name)
        if kind_of(d).many:
            bad.append(exp.Not(this=exp.Paren(this=exp.ArrayContainsAll(this=terms, expression=value))))
        else:
            bad.append(exp.Not(this=exp.Paren(this=exp.In(this=exp.Paren(this=value), expressions=list(terms.expressions)))))
    # Facts the engine refuses to hold together: the vocabulary's fact_checks, read as data.
    for check in v.fact_checks:
        if not (src.mapped(check.first) and src.mapped(check.second)):
            continue
        if check.kind == "disjoint":
            bad.append(exp.ArrayOverlaps(this=src.fact(check.first), expression=src.fact(check.second)))
        else:  # "implies": the term listed (or the boolean fact true), and the boolean fact said false
            said = (exp.Is(this=exp.Paren(this=src.fact(check.first)), expression=exp.true()) if check.term is None else
                    exp.ArrayContains(this=src.fact(check.first), expression=exp.Literal.string(str(check.term))))
            bad.append(exp.and_(said, exp.Is(this=exp.Paren(this=src.fact(check.second)), expression=exp.false())))
    # NULL (unknown) is not invalid: only a definite TRUE counts.
    return exp.or_(*[exp.Is(this=exp.Paren(this=x), expression=exp.true()) for x in bad]) if bad else None


@dataclass(frozen=True, slots=True)
class Audience:
    outcome: str  # the decision without the row facts: permit, deny or conditional
    condition: exp.Expr  # TRUE for the rows the operation may reach
    query: exp.Select  # subject_id, outcome per row


def _recipient(op: Operation, name: str | None) -> Recipient | None:
    if name is None:
        return None
    found = {r for r in op.recipients if r.name == name}
    if len(found) != 1:
        raise SqlCompileError(f"recipient {name!r} is not one recipient of the operation")
    return found.pop()


def compile_audience(policy: CompiledPolicy, inventory: Inventory, table: str, operation: Mapping[str, Any] | Operation) -> Audience:
    """The audience filter for ``operation`` over inventory table ``table``."""
    spec = inventory.tables.get(table)
    if spec is None:
        raise SqlCompileError(f"{table!r} is not a table of the inventory")
    op = operation if isinstance(operation, Operation) else parse_operation(policy, operation)
    src = Sources(policy, inventory, spec)
    open_facts = {k: v for k, v in op.facts.items() if not src.mapped(k)}  # the table's columns supply the rest
    op = Operation(op.purpose, op.legal_basis, op.categories, op.subjects, op.action, op.recipients,
                   MappingProxyType(open_facts), op.date, op.id)
    decision = evaluate(policy, op)
    if decision.outcome != "conditional":
        cond: exp.Expr = exp.true() if decision.outcome == "permit" else exp.false()
    else:
        parts: list[exp.Expr] = []
        for c in decision.conditions:
            rcpt = _recipient(op, c.recipient)
            scope = policy.scope_processing if rcpt is None else policy.scope_recipient
            ids = c.rule_id.split(",")
            residuals = []
            for rid in ids:
                rule = policy.rules[rid]
                assert rule.ast is not None
                r = reduce(rule.ast, scope, op, op.facts, rcpt)
                residuals.append(exp.true() if r is True else exp.false() if r is False else exp.Paren(this=to_sql(r, scope, src)))
            effects = {policy.rules[rid].effect for rid in ids}
            if effects == {"forbid"} and len(ids) == 1:
                parts.append(exp.Not(this=exp.Paren(this=residuals[0])))
            elif effects == {"permit"}:
                parts.append(exp.Paren(this=exp.or_(*residuals)))
            else:
                raise SqlCompileError(f"condition of {c.rule_id!r} mixes permits and forbids")
        cond = exp.and_(*parts) if parts else exp.true()
    outcome = exp.Case()
    invalid = row_invalid(policy, src)
    if invalid is not None:
        outcome = outcome.when(invalid, exp.Literal.string(INVALID))
    outcome = (outcome.when(exp.Is(this=exp.Paren(this=cond.copy()), expression=exp.true()), exp.Literal.string("permit"))
               .when(exp.Is(this=exp.Paren(this=cond.copy()), expression=exp.false()), exp.Literal.string("deny"))
               .else_(exp.Literal.string("conditional")))
    query = src.select(exp.alias_(exp.cast(col(spec.subject), exp.DataType.Type.TEXT), "subject_id", quoted=True),
                       exp.alias_(outcome, "outcome", quoted=True))
    return Audience(decision.outcome, cond, query)


def audience_query(audience: Audience) -> exp.Select:
    """Only the subjects the operation may reach: the filter as a WHERE clause."""
    q = audience.query.copy()
    return exp.select(exp.column("subject_id", quoted=True)).from_(exp.Subquery(this=q, alias=exp.TableAlias(this=exp.to_identifier("a", quoted=True)))).where(
        exp.EQ(this=exp.column("outcome", quoted=True), expression=exp.Literal.string("permit")))
