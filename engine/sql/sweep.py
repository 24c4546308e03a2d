"""The retention sweep: every stored record as of a date, summarised per table, rule and clause."""

from __future__ import annotations

import datetime as _dt
import os
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from sqlglot import exp

from ..core.model import CompiledPolicy
from ..decide.retention import DELETE
from .dialect import render
from .inventory import Inventory
from .retention_sql import INVALID, compile_table
from .run import DIALECT, execute

DUE = (DELETE, INVALID)  # rows that need action: to delete, or data the engine cannot decide on


@dataclass(frozen=True, slots=True)
class SummaryRow:
    table: str
    rule_id: str
    clause_ids: tuple[str, ...]
    outcome: str
    count: int


@dataclass(frozen=True, slots=True)
class SweepResult:
    on: _dt.date
    summary: tuple[SummaryRow, ...]
    unclassified: tuple[str, ...]  # tables with no record class: not swept

    @property
    def due(self) -> int:
        return sum(r.count for r in self.summary if r.outcome in DUE)

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "due": self.due, "unclassified_tables": list(self.unclassified),
                "summary": [{"table": r.table, "rule": r.rule_id, "clauses": list(r.clause_ids), "outcome": r.outcome, "count": r.count}
                            for r in self.summary]}


def _wrap(query: exp.Expr) -> exp.Subquery:
    return exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier("sweep", quoted=True)))


def summary_query(query: exp.Expr) -> exp.Select:
    keys = [exp.column(c, quoted=True) for c in ("table_name", "rule_id", "clause_ids", "outcome")]
    return (exp.select(*keys, exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True)).from_(_wrap(query))
            .group_by(*[k.copy() for k in keys]))


def due_query(query: exp.Expr) -> exp.Select:
    return exp.select(exp.Star()).from_(_wrap(query)).where(
        exp.In(this=exp.column("outcome", quoted=True), expressions=[exp.Literal.string(o) for o in DUE]))


def progress_enabled() -> bool:
    """A progress bar only for a person at a terminal: never in CI or when output is piped."""
    return sys.stderr.isatty() and not os.environ.get("CI") and not os.environ.get("NO_PROGRESS")


def sweep(policy: CompiledPolicy, inventory: Inventory, con: Any, on: _dt.date, progress: bool | None = None) -> SweepResult:
    """Sweep every table with a record class on DuckDB (one query per table, with a progress bar on a terminal)."""
    return sweep_with(lambda q: execute(con, q).fetchall(), policy, inventory, on, progress)


def sweep_with(run: Callable[[exp.Expr], Iterable[Sequence[Any]]], policy: CompiledPolicy, inventory: Inventory, on: _dt.date,
               progress: bool | None = None) -> SweepResult:
    """Sweep with any engine: ``run`` executes one summary query (a syntax tree) and returns its rows."""
    from tqdm import tqdm  # type: ignore[import-untyped]

    specs = [s for s in inventory.tables.values() if s.record_class is not None]
    out: list[SummaryRow] = []
    show = progress_enabled() if progress is None else progress
    for spec in tqdm(specs, desc="personvern audit", unit="table", disable=not show, file=sys.stderr):
        q = compile_table(policy, inventory, spec, on).query
        for table, rule, clauses, outcome, n in run(summary_query(q)):
            out.append(SummaryRow(table, rule, tuple(c for c in clauses.split(",") if c), outcome, int(n)))
    out.sort(key=lambda r: (r.table, r.outcome))
    return SweepResult(on, tuple(out), tuple(s.name for s in inventory.tables.values() if s.record_class is None))


def sql_text(query: exp.Expr, dialect: str = DIALECT) -> str:
    return render(query, dialect, pretty=True)
