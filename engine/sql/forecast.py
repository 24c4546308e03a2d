"""Deletions falling due per month over the coming years, counted in the database.

A record falls due for deletion on its delete-by date (the day after its keep-until date).
The compiled sweep already carries that date per row; the forecast groups those rows by rule
and by the year and month of the date, in SQL (one query, one row per rule and month back to
Python), for the calendar months from the sweep's date on. Records with no date of their own
(kept while a relationship lasts, or already due) are not in the forecast: the sweep counts them.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from ..core.model import CompiledPolicy
from ..decide.retention import add_period
from .inventory import Inventory
from .retention_sql import compile_sweep
from .run import execute

MONTHS = 60  # five years


@dataclass(frozen=True, slots=True)
class Forecast:
    on: _dt.date
    months: tuple[_dt.date, ...]  # the first day of each calendar month, from the sweep's month on
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (rule id, deletions falling due in each month), rules with any

    @property
    def last_day(self) -> _dt.date:
        last = self.months[-1]
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])

    @property
    def total(self) -> int:
        return sum(sum(counts) for _, counts in self.series)


def month_starts(on: _dt.date, months: int = MONTHS) -> tuple[_dt.date, ...]:
    first = on.replace(day=1)
    return tuple(add_period(first, months=i) for i in range(months))


def forecast_query(sweep: exp.Expr, on: _dt.date, last_day: _dt.date) -> exp.Select:
    """Per rule, year and month: how many rows of ``sweep`` must be deleted by a date after ``on`` up to ``last_day``."""
    due = exp.column("delete_by", quoted=True)
    rule = exp.column("rule_id", quoted=True)
    year, month = exp.Year(this=due.copy()), exp.Month(this=due.copy())
    window = exp.and_(exp.GT(this=due.copy(), expression=exp.cast(exp.Literal.string(on.isoformat()), exp.DataType.Type.DATE)),
                      exp.LTE(this=due.copy(), expression=exp.cast(exp.Literal.string(last_day.isoformat()), exp.DataType.Type.DATE)))
    inner = exp.Subquery(this=sweep, alias=exp.TableAlias(this=exp.to_identifier("sweep", quoted=True)))
    return (exp.select(rule.copy(), exp.alias_(year, "y", quoted=True), exp.alias_(month, "m", quoted=True),
                       exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True))
            .from_(inner).where(window).group_by(rule.copy(), year.copy(), month.copy()))


def forecast(policy: CompiledPolicy, inventory: Inventory, con: Any, on: _dt.date, months: int = MONTHS) -> Forecast:
    """Deletions falling due in each of ``months`` calendar months (the first is the rest of ``on``'s month), per rule."""
    starts = month_starts(on, months)
    last_day = Forecast(on, starts, ()).last_day
    index = {(d.year, d.month): i for i, d in enumerate(starts)}
    counts: dict[str, list[int]] = {}
    for rule_id, year, month, n in execute(con, forecast_query(compile_sweep(policy, inventory, on), on, last_day)).fetchall():
        counts.setdefault(str(rule_id), [0] * months)[index[(int(year), int(month))]] += int(n)
    order = [r.id for r in policy.retention_rules]  # the policy's order, so colours stay put from run to run
    series = tuple((r, tuple(counts[r])) for r in sorted(counts, key=lambda r: (order.index(r) if r in order else len(order), r)))
    return Forecast(on, starts, series)
