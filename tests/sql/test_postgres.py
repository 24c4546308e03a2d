"""THE CONTRACT on a real PostgreSQL server: every row's SQL answer equals the Python engine's.

The same generated tables as the DuckDB agreement tests (hypothesis: NULLs, leap days, month
ends, 0001-01-01, 9999-12-31, the overflow bounds; every fact term and a bogus one), loaded
into a throw-away PostgreSQL 15 cluster (tests/sql/backends.py) and decided by the compiled
query rendered for PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import personvern

from . import agreement as A
from .backends import Postgres

pytestmark = pytest.mark.postgres

_POLICY = personvern.load_policy()
_OPS = A.audience_ops()
_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("rule", _POLICY.retention_rules, ids=[r.id for r in _POLICY.retention_rules])
@_SETTINGS
@given(rows=A.rows(_POLICY), on=A.dates(_POLICY))
def test_every_row_agrees_with_the_python_engine_on_postgres(pg: Postgres, rule: object, rows: list[A.Row], on: dt.date) -> None:
    A.check_retention(pg, _POLICY, rule, rows, on)


@pytest.mark.parametrize("op", _OPS, ids=[A.op_id(o) for o in _OPS])
@_SETTINGS
@given(rows=A.fact_rows(_POLICY))
def test_every_audience_row_agrees_with_evaluate_on_postgres(pg: Postgres, op: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    A.check_audience(pg, _POLICY, op, rows)
