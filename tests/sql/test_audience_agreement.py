"""Audience: the SQL filter compiled from the residual agrees with policy.evaluate on every row."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings

import personvern
from personvern.sql.audience import audience_query, compile_audience
from personvern.sql.inventory import inventory_from_data
from personvern.sql.run import DIALECT

from . import agreement as A
from .backends import DuckDB

_POLICY = personvern.load_policy()
_OPS = A.audience_ops()


@pytest.mark.parametrize("op", _OPS, ids=[A.op_id(o) for o in _OPS])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=A.fact_rows(_POLICY))
def test_every_row_agrees_with_evaluate(op: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    A.check_audience(DuckDB(), _POLICY, op, rows)


def test_a_fact_no_column_supplies_leaves_nobody_in_the_audience(policy: personvern.Policy) -> None:
    inv = inventory_from_data({"tables": {"customers": {"subject": "id"}}}, policy)
    op = _OPS[[p.stem for p in A.EXAMPLES].index("nyhetsbrev")]
    aud = compile_audience(policy, inv, "customers", op)
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.execute("INSERT INTO customers VALUES (1), (2)")
    assert aud.outcome == "conditional"
    assert con.execute(audience_query(aud).sql(DIALECT)).fetchall() == []
