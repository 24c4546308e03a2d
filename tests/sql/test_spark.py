"""THE CONTRACT on Apache Spark (pyspark, local mode): every row's SQL answer equals the Python engine's.

The same compiled queries, rendered for Spark SQL, run through ``spark.sql`` over temporary
views of generated rows (a smaller sample than DuckDB/PostgreSQL: Spark plans each query on the
JVM). Select with ``-m spark``; CI runs them (a missing pyspark or Java is a failure there).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import personvern

from . import agreement as A
from .backends import Spark

pytestmark = pytest.mark.spark

_POLICY = personvern.load_policy()
_OPS = A.audience_ops()
_SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("rule", _POLICY.retention_rules, ids=[r.id for r in _POLICY.retention_rules])
@_SETTINGS
@given(rows=A.rows(_POLICY), on=A.dates(_POLICY))
def test_every_row_agrees_with_the_python_engine_on_spark(spark: Spark, rule: object, rows: list[A.Row], on: dt.date) -> None:
    A.check_retention(spark, _POLICY, rule, rows, on)


@pytest.mark.parametrize("op", _OPS, ids=[A.op_id(o) for o in _OPS])
@_SETTINGS
@given(rows=A.fact_rows(_POLICY))
def test_every_audience_row_agrees_with_evaluate_on_spark(spark: Spark, op: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    A.check_audience(spark, _POLICY, op, rows)


@pytest.mark.parametrize("rule", _POLICY.retention_rules, ids=[r.id for r in _POLICY.retention_rules])
def test_every_edge_date_agrees_on_spark(spark: Spark, rule: object) -> None:
    """The sample is small, so the edge dates (leap days, month ends, year 1 and 9999, the overflow bounds) are all tried."""
    A.check_retention(spark, _POLICY, rule, A.edge_rows(_POLICY), dt.date(2026, 2, 28))
