"""The retention decision (personvern.retention) as one SQL query per table.

Generic over the policy's retention rules: the rule kind (relationship, period, objection),
its anchor date and period come from the rule; the columns from the inventory. Per row:
outcome (keep / delete / conditional, or invalid where the Python engine refuses the record),
the rule id, the clause ids, keep-until and delete-by dates, and the categories the record
may not hold. A fact with no value makes the row conditional, never keep.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sqlglot import exp

from .. import errors
from ..errors import Problem
from ..core.model import CompiledPolicy, RetentionRule
from ..decide.retention import CONDITIONAL, DELETE, ENDED, KEEP, NEVER, ONGOING, add_period, rule_for_class
from .inventory import Inventory, TableSpec
from .source import Sources, col

INVALID = "invalid"  # a row the Python engine refuses to decide on (an unknown term, contradictory facts)
COLUMNS = ("table_name", "record_key", "subject_id", "outcome", "rule_id", "clause_ids", "keep_until", "delete_by", "excess_categories")

# The record's fields as personvern.retention reads them.
_STATE, _ENDED, _OBJECTION = "customer_relationship", "relationship_ended_on", "direct_marketing_objection"


class SqlCompileError(errors.PersonvernError):
    """The policy or inventory asks for something the SQL compiler cannot express (nothing is guessed)."""

    code = "sql_compile_error"


@dataclass(frozen=True, slots=True)
class Compiled:
    table: str
    rule: RetentionRule
    query: exp.Select


def rule_for(policy: CompiledPolicy, record_class: str) -> RetentionRule:
    rule = rule_for_class(policy, record_class)
    if rule is None:
        raise errors.OperationError([Problem(errors.UNKNOWN_TERM, f"no retention rule covers the record class {record_class!r}")], "the inventory")
    return rule


def _s(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def _date(value: _dt.date) -> exp.Expr:
    return exp.cast(_s(value.isoformat()), exp.DataType.Type.DATE)


def _is_null(e: exp.Expr) -> exp.Expr:
    return exp.Is(this=e, expression=exp.Null())


def _not_null(e: exp.Expr) -> exp.Expr:
    return exp.Not(this=_is_null(e))


def _case(*whens: tuple[exp.Expr, exp.Expr], default: exp.Expr | None = None) -> exp.Case:
    c = exp.Case()
    for cond, value in whens:
        c = c.when(cond, value)
    return c.else_(default) if default is not None else c


def _eq(a: exp.Expr, b: exp.Expr) -> exp.Expr:
    return exp.EQ(this=a, expression=b)


def _null_date() -> exp.Expr:
    return exp.cast(exp.Null(), exp.DataType.Type.DATE)


def last_anchor(rule: RetentionRule) -> _dt.date:
    """The last anchor date whose deadline and delete-by date the Python engine can compute (9999-12-31 at most)."""
    lo, hi = 1, _dt.date.max.toordinal()
    while lo < hi:  # the deadline grows with the anchor: bisect to the last one that does not overflow
        mid = (lo + hi + 1) // 2
        try:
            add_period(_dt.date.fromordinal(mid), rule.years, rule.months, rule.days) + _dt.timedelta(days=1)
            lo = mid
        except (errors.OperationError, OverflowError):
            hi = mid - 1
    return _dt.date.fromordinal(lo)


def deadline(anchor: exp.Expr, rule: RetentionRule) -> exp.Expr:
    """``add_period(anchor, ...)`` in SQL: calendar months; from a month's last day to the target month's last day."""
    months = rule.years * 12 + rule.months
    out: exp.Expr = anchor
    if months:
        shifted = exp.cast(exp.DateAdd(this=anchor.copy(), expression=exp.Literal.number(months), unit=exp.var("MONTH")), exp.DataType.Type.DATE)
        out = _case((_eq(anchor.copy(), exp.LastDay(this=anchor.copy())), exp.LastDay(this=shifted.copy())), default=shifted)
    if rule.days:
        out = exp.cast(exp.DateAdd(this=out, expression=exp.Literal.number(rule.days), unit=exp.var("DAY")), exp.DataType.Type.DATE)
    return out


def compile_table(policy: CompiledPolicy, inventory: Inventory, spec: TableSpec, on: _dt.date) -> Compiled:
    """The retention query for one table with a record class, as of ``on``."""
    if spec.record_class is None:
        raise SqlCompileError(f"table {spec.name!r} has no record class; it cannot be swept")
    rule = rule_for(policy, spec.record_class)
    src = Sources(policy, inventory, spec)
    state, ended = src.fact(_STATE), src.fact(_ENDED)
    states = sorted(policy.vocabulary.terms("relationship_states"))
    invalid: list[exp.Expr] = []
    stage_of = policy.vocabulary.index.stage_of  # the vocabulary's word for what each state means (parse_record reads it too)

    def in_stage(*stages: str) -> exp.Expr:
        members = [_s(t) for t in states if stage_of.get(t) in stages]
        return exp.In(this=state.copy(), expressions=members) if members else exp.false()

    if src.mapped(_STATE):
        invalid.append(exp.and_(_not_null(state.copy()), exp.Not(this=exp.In(this=state.copy(), expressions=[_s(v) for v in states]))))
        if src.mapped(_ENDED):
            invalid.append(exp.and_(in_stage(ONGOING, NEVER), _not_null(ended.copy())))
    ongoing = in_stage(ONGOING)
    # parse_record: an end date with no state means the relationship has ended.
    has_ended = exp.or_(in_stage(ENDED), exp.and_(_is_null(state.copy()), _not_null(ended.copy())))
    today = _date(on)
    K, D, C = _s(KEEP), _s(DELETE), _s(CONDITIONAL)
    keep_until: exp.Expr = _null_date()
    delete_by: exp.Expr = _null_date()
    if rule.keep == "relationship":
        gone = exp.Paren(this=exp.or_(has_ended.copy(), in_stage(NEVER)))  # ended, or never a customer
        outcome = _case((ongoing.copy(), K), (gone.copy(), D), default=C)
        delete_by = _case((gone.copy(), exp.Coalesce(this=ended.copy(), expressions=[today.copy()])), default=_null_date())
    elif rule.keep == "objection":
        obj = exp.Paren(this=src.fact(_OBJECTION))
        outcome = _case((exp.Is(this=obj.copy(), expression=exp.true()), K), (exp.Is(this=obj.copy(), expression=exp.false()), D), default=C)
        delete_by = _case((exp.Is(this=obj.copy(), expression=exp.false()), today.copy()), default=_null_date())
    elif rule.keep == "period" and rule.anchor is not None:
        anchor = src.fact(rule.anchor)
        if src.mapped(rule.anchor):
            invalid.append(exp.GT(this=anchor.copy(), expression=_date(last_anchor(rule))))
        until = deadline(anchor.copy(), rule)
        when_unknown: exp.Expr = C
        if rule.anchor == _ENDED:  # no end date while the relationship lasts: kept, the period runs from its end
            when_unknown = _case((ongoing.copy(), K), default=C)
        outcome = _case((_is_null(anchor.copy()), when_unknown), (exp.LTE(this=today.copy(), expression=until.copy()), K), default=D)
        keep_until = until.copy()
        delete_by = exp.cast(exp.DateAdd(this=until.copy(), expression=exp.Literal.number(1), unit=exp.var("DAY")), exp.DataType.Type.DATE)
    else:
        raise SqlCompileError(f"retention rule {rule.id!r}: the rule kind {rule.keep!r} has no SQL form")
    if invalid:
        bad = exp.or_(*invalid)
        outcome = _case((bad, _s(INVALID)), default=outcome)
        keep_until = _case((bad, _null_date()), default=keep_until)
        delete_by = _case((bad, _null_date()), default=delete_by)
    clauses = ",".join(c for c in rule.cites if c in policy.clauses)
    excess = ",".join(sorted(spec.categories - rule.categories)) if rule.categories is not None else ""
    text = exp.DataType.Type.TEXT
    query = src.select(
        exp.alias_(_s(spec.name), "table_name", quoted=True),
        exp.alias_(exp.cast(col(spec.key), text), "record_key", quoted=True),
        exp.alias_(exp.cast(col(spec.subject), text), "subject_id", quoted=True),
        exp.alias_(outcome, "outcome", quoted=True),
        exp.alias_(_s(rule.id), "rule_id", quoted=True),
        exp.alias_(_s(clauses), "clause_ids", quoted=True),
        exp.alias_(keep_until, "keep_until", quoted=True),
        exp.alias_(delete_by, "delete_by", quoted=True),
        exp.alias_(_s(excess), "excess_categories", quoted=True),
    )
    return Compiled(spec.name, rule, query)


def compile_sweep(policy: CompiledPolicy, inventory: Inventory, on: _dt.date) -> exp.Expr:
    """One query over every table with a record class: the rows of :data:`COLUMNS`."""
    parts = [compile_table(policy, inventory, spec, on).query for spec in inventory.tables.values() if spec.record_class is not None]
    if not parts:
        raise SqlCompileError("no table of the inventory has a record class")
    out: exp.Expr = parts[0]
    for p in parts[1:]:
        out = exp.union(out, p, distinct=False)
    return out
