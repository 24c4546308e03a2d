"""Column references for one inventory table: the table itself and the joins its facts need.

Every name is an sqlglot identifier, quoted, so a hostile table or column name is only ever
a name. A fact with no column is SQL NULL: unknown, never a default.
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from ..core.factkinds import BOOLEAN, DATE, TERM, FactKind, kind_of
from ..core.model import CompiledPolicy
from ..decide.retention import RetentionRecord
from .inventory import RECORD_FIELDS, FactSource, Inventory, TableSpec

MAIN = "t"  # the alias of the table being decided on


def ident(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def table_ref(spec: TableSpec, alias: str | None = None) -> exp.Table:
    return exp.Table(this=ident(spec.sql_name), db=ident(spec.schema) if spec.schema else None,
                     alias=exp.TableAlias(this=ident(alias)) if alias else None)


def col(name: str, table: str = MAIN) -> exp.Column:
    return exp.Column(this=ident(name), table=ident(table))


def fact_kind(policy: CompiledPolicy, fact: str) -> FactKind:
    """The kind of a fact's value: a vocabulary fact's, or the one a record field's annotation says."""
    if fact in RECORD_FIELDS:  # a field of the engine's RetentionRecord: its annotation says
        note = str(RetentionRecord.__annotations__[fact])
        return DATE if "date" in note else BOOLEAN if "bool" in note else TERM
    return kind_of(policy.vocabulary.facts[fact])


class Sources:
    """The value expressions of one table's facts, and the LEFT JOINs that supply them."""

    def __init__(self, policy: CompiledPolicy, inventory: Inventory, spec: TableSpec) -> None:
        self.policy = policy
        self.inventory = inventory
        self.spec = spec
        self.joins: list[exp.Join] = []
        self._cache: dict[str, exp.Expr] = {}
        self._grouped: dict[str, tuple[str, exp.Select]] = {}  # other table -> (alias, its one subquery grouped by subject)

    def fact(self, name: str) -> exp.Expr:
        """The value of a fact for the current row (NULL when the inventory does not map it).

        A boolean fact left unknown that the vocabulary's ``implies`` checks fill in from another
        fact (an objection listed among the objected purposes is an objection) is filled in the
        same way here, so the SQL decides on the facts the engine decides on.
        """
        if name not in self._cache:
            src = self.spec.facts.get(name)
            value = self.unknown(name) if src is None else self._resolve(name, src)
            for check in self.policy.vocabulary.fact_checks:
                if check.kind == "implies" and check.second == name and self.mapped(check.first):
                    said = self.fact(check.first)
                    implied = (exp.Is(this=exp.Paren(this=said), expression=exp.true()) if check.term is None else
                               exp.ArrayContains(this=said, expression=exp.Literal.string(str(check.term))))
                    value = exp.Case(ifs=[exp.If(this=exp.and_(exp.Is(this=exp.Paren(this=value.copy()), expression=exp.Null()),
                                                                 exp.Paren(this=implied)),
                                                 true=exp.true())], default=value)
            self._cache[name] = value
        return self._cache[name].copy()

    def unknown(self, name: str) -> exp.Expr:
        """A typed NULL for a fact no column supplies."""
        return exp.cast(exp.Null(), exp.DataType.build(fact_kind(self.policy, name).sql_type))

    def mapped(self, name: str) -> bool:
        return name in self.spec.facts

    def _resolve(self, name: str, src: FactSource) -> exp.Expr:
        if src.from_table is None:
            assert src.column is not None
            return col(src.column)
        other = self.inventory.tables[src.from_table]
        alias = f"j{len(self.joins)}"
        subj = col(other.subject, "o")
        if src.exists:
            inner: exp.Select = exp.select(exp.alias_(subj, "s", quoted=True)).distinct().from_(table_ref(other, "o"))
            value: exp.Expr = exp.Not(this=exp.Is(this=col("s", alias), expression=exp.Null()))
        else:
            assert src.column is not None
            c = col(src.column, "o")
            agg: exp.Expr = exp.LogicalAnd(this=c) if fact_kind(self.policy, name) is BOOLEAN else exp.Min(this=c)
            # One row per subject there; with several, the value is unknown rather than one of them.
            one = exp.Case(ifs=[exp.If(this=exp.EQ(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1)), true=agg)])
            if src.from_table in self._grouped:  # one grouped pass over the other table for all its facts
                alias, inner = self._grouped[src.from_table]
                v = f"v{len(inner.expressions) - 1}"
                inner.select(exp.alias_(one, v, quoted=True), copy=False)
                return col(v, alias)
            inner = (exp.select(exp.alias_(subj, "s", quoted=True), exp.alias_(one, "v0", quoted=True))
                     .from_(table_ref(other, "o")).group_by(subj.copy()))
            self._grouped[src.from_table] = (alias, inner)
            value = col("v0", alias)
        on = exp.EQ(this=col("s", alias), expression=col(self.spec.subject))
        self.joins.append(exp.Join(this=exp.Subquery(this=inner, alias=exp.TableAlias(this=ident(alias))), side="LEFT", on=on))
        return value

    def select(self, *projections: Any) -> exp.Select:
        q = exp.select(*projections).from_(table_ref(self.spec, MAIN))
        for j in self.joins:
            q = q.join(j)
        return q
