"""THE CONTRACT: on generated tables, every row's SQL answer (DuckDB) equals policy.retention for that record."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personvern
from personvern.sql.retention_sql import compile_table
from personvern.sql.run import DIALECT

from . import agreement as A
from .backends import DuckDB

_POLICY = personvern.load_policy()


def _duckdb(rows: list[A.Row]) -> duckdb.DuckDBPyConnection:
    backend = DuckDB()
    backend.load("records", A.COLS, rows)
    return backend.con


@pytest.mark.parametrize("rule", _POLICY.retention_rules, ids=[r.id for r in _POLICY.retention_rules])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=A.rows(_POLICY), on=A.dates(_POLICY))
def test_every_row_agrees_with_the_python_engine(rule: object, rows: list[A.Row], on: dt.date) -> None:
    A.check_retention(DuckDB(), _POLICY, rule, rows, on)


def test_an_unmapped_fact_is_unknown_never_keep(policy: personvern.Policy) -> None:
    """A table that maps no column for the facts its rule needs: every row conditional, as the engine says."""
    on = dt.date(2026, 1, 1)
    for rule in policy.retention_rules:
        inv = A.inventory(policy, A.class_of(rule), [])
        bare = dataclasses.replace(inv, tables={"records": dataclasses.replace(inv.tables["records"], facts={})})
        out = _duckdb([(1, "c1", "active", None, dt.date(2025, 12, 31), True, dt.date(2025, 6, 1))]).execute(
            compile_table(policy, bare, bare.tables["records"], on).query.sql(DIALECT)).fetchall()
        expected = policy.retention({"record_class": A.class_of(rule)}, on)
        assert out[0][3] == expected.outcome == "conditional", rule.id


def test_a_deadline_on_the_last_date_of_the_calendar_is_a_typed_error(policy: personvern.Policy) -> None:
    rule = next(r for r in policy.retention_rules if r.keep == "period")
    anchor = dt.date(9999 - rule.years - (1 if rule.months else 0), 12, 31)
    with pytest.raises(personvern.OperationError):  # never a bare OverflowError
        policy.retention({"record_class": A.class_of(rule), rule.anchor: anchor}, dt.date(2026, 1, 1))


@pytest.mark.parametrize("rule", _POLICY.retention_rules, ids=[r.id for r in _POLICY.retention_rules])
def test_every_edge_date_agrees_for_every_anchor(rule: object) -> None:
    """Leap days, month ends and the calendar's bounds as end date, fiscal-year end and collection date (issue 11: collected_on)."""
    for on in (dt.date(2026, 2, 28), dt.date(2024, 2, 29), dt.date(2026, 12, 31)):
        A.check_retention(DuckDB(), _POLICY, rule, A.edge_rows(_POLICY), on)


_STATES = '  none: {nb: "ingen (har aldri vært kunde)", en: none (never a customer), stage: never}'


def _staged(rules_copy: object) -> personvern.Policy:
    """The bundled policy with two more relationship states: `suspended` (the relationship lasts) and
    `prospect` (never a customer): what each means is the vocabulary's word, read by both engines."""
    extra = _STATES + "\n  suspended: {nb: midlertidig stanset, en: suspended, stage: ongoing}\n  prospect: {nb: interessent, en: prospect, stage: never}"
    return personvern.load_policy(rules_copy({"vocabulary.yaml": [(_STATES, extra)]}), use_cache=False)  # type: ignore[operator]


def test_a_states_stage_is_the_vocabularys_word_in_python_and_sql(rules_copy: object) -> None:
    policy = _staged(rules_copy)
    on = dt.date(2026, 1, 1)
    rule = next(r for r in policy.retention_rules if r.keep == "relationship")
    rc = A.class_of(rule)
    assert policy.retention({"record_class": rc, "customer_relationship": "suspended"}, on).outcome == "keep"
    assert policy.retention({"record_class": rc, "customer_relationship": "prospect"}, on).outcome == "delete"
    with pytest.raises(personvern.OperationError):  # a relationship that lasts has no end date
        policy.retention({"record_class": rc, "customer_relationship": "suspended", "relationship_ended_on": "2025-01-01"}, on)
    for each in policy.retention_rules:
        A.check_retention(DuckDB(), policy, each, A.edge_rows(policy), on)
