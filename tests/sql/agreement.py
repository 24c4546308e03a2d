"""Shared pieces of the agreement tests: generated rows, the inventory over them, and the
Python engine's answer for the same record (the contract every SQL engine must meet)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Sequence

from hypothesis import strategies as st

import personvern
from personvern.sql.inventory import Inventory, inventory_from_data
from personvern.sql.retention_sql import INVALID, last_anchor

COLS = ("id", "subject", "status", "ended_on", "fy_end", "objection")
Row = tuple[int, str, "str | None", "dt.date | None", "dt.date | None", "bool | None"]

_EDGE = [dt.date(2024, 2, 29), dt.date(2000, 2, 29), dt.date(1900, 2, 28), dt.date(2023, 2, 28), dt.date(2021, 12, 31),
         dt.date(2020, 6, 30), dt.date(2022, 8, 31), dt.date(2019, 1, 31), dt.date(2023, 4, 30), dt.date(1, 1, 1),
         dt.date(9999, 12, 31), dt.date(2026, 1, 1)]


def dates(policy: personvern.Policy) -> st.SearchStrategy[dt.date]:
    """Edge dates (leap days, month ends, the first and last dates, the overflow bounds) and any date."""
    bounds = [d for r in policy.retention_rules if r.keep == "period" for b in [last_anchor(r)]
              for d in (b, b + dt.timedelta(days=1))]
    return st.one_of(st.sampled_from(_EDGE + bounds), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.dates())


def rows(policy: personvern.Policy) -> st.SearchStrategy[list[Row]]:
    states = sorted(policy.vocabulary.terms("relationship_states")) + ["bogus", "Active", "ended; DROP TABLE x"]
    d = st.none() | dates(policy)
    row = st.tuples(st.sampled_from([None, None] + states), d, d, st.none() | st.booleans())
    return st.lists(row, min_size=1, max_size=25).map(lambda rs: [(i, f"c{i % 7}", *r) for i, r in enumerate(rs)])


def inventory(policy: personvern.Policy, record_class: str, categories: Sequence[str], table: str = "records") -> Inventory:
    return inventory_from_data({"tables": {table: {
        "subject": "subject", "key": "id", "record_class": record_class,
        "facts": {"customer_relationship": "status", "relationship_ended_on": "ended_on", "fiscal_year_end": "fy_end",
                  "direct_marketing_objection": "objection"},
        "columns": {"payload": list(categories)}}}}, policy)


def python_answer(policy: personvern.Policy, record_class: str, categories: Sequence[str], row: Row, on: dt.date) -> tuple[Any, ...]:
    """What the Python engine says about one row, in the shape of the SQL result."""
    _, _, status, ended, fy, obj = row
    record: dict[str, Any] = {"record_class": record_class, "data_categories": sorted(categories)}
    for k, v in (("customer_relationship", status), ("relationship_ended_on", ended), ("fiscal_year_end", fy), ("direct_marketing_objection", obj)):
        if v is not None:
            record[k] = v
    try:
        r = policy.retention(record, on)
    except personvern.OperationError:
        return (INVALID,)
    return (r.outcome, r.rule_id, ",".join(c.id for c in r.clauses), r.keep_until, r.delete_by, ",".join(r.excess_categories))


def sql_answer(result_row: Sequence[Any], to_date: Callable[[Any], Any] = lambda v: v) -> tuple[Any, ...]:
    """The SQL row (COLUMNS order) in the shape of :func:`python_answer`."""
    _, _, _, outcome, rule, clauses, keep_until, delete_by, excess = result_row
    if outcome == INVALID:
        return (INVALID,)
    return (outcome, rule, clauses, to_date(keep_until), to_date(delete_by), excess)


def class_of(rule: Any) -> str:
    return sorted(rule.record_classes)[0]


def extra_categories(policy: personvern.Policy, rule: Any) -> list[str]:
    """The rule's own categories plus one it does not allow (or any two, when it allows all)."""
    allowed = sorted(rule.categories) if rule.categories is not None else []
    other = sorted(policy.vocabulary.terms("data_categories") - set(allowed))
    return allowed[:2] + other[:1]
