"""Hostile names and values: quotes, semicolons, comments and Unicode in table names, column
names and values are only ever names and values; nothing but the intended query runs."""

from __future__ import annotations

import datetime as dt

import duckdb
import sqlglot

import personvern
from personvern.sql.inventory import inventory_from_data
from personvern.sql.retention_sql import compile_sweep
from personvern.sql.run import DIALECT

HOSTILE_TABLE = 'kunder"; DROP TABLE victims; --'
HOSTILE_OTHER = "slutt' /* ø */ ; DELETE FROM victims; --"
COLUMNS = {"subject": 'kunde "id"; --', "status": "status'; DROP TABLE victims;", "ended": "slutt/*dato*/ø", "fy": "år\u202e\"", "key": "nøkkel`]"}


def _q(name: str) -> str:  # quoting for the test's own set-up statements
    return '"' + name.replace('"', '""') + '"'


def test_hostile_names_and_values_run_only_the_intended_query(policy: personvern.Policy) -> None:
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE victims (x INTEGER)")
    con.execute("INSERT INTO victims VALUES (1)")
    c = COLUMNS
    con.execute(f"CREATE TABLE {_q(HOSTILE_TABLE)} ({_q(c['key'])} VARCHAR, {_q(c['subject'])} VARCHAR, {_q(c['status'])} VARCHAR, {_q(c['ended'])} DATE)")
    con.execute(f"CREATE TABLE {_q(HOSTILE_OTHER)} ({_q(c['subject'])} VARCHAR, {_q(c['fy'])} DATE)")
    evil_values = ["'; DROP TABLE victims; --", "x\"); DELETE FROM victims; --", "ø/*", "active"]
    for i, v in enumerate(evil_values):
        con.execute(f"INSERT INTO {_q(HOSTILE_TABLE)} VALUES (?, ?, ?, ?)", [v, v, v if i % 2 else "ended", None if i % 2 else dt.date(2020, 2, 29)])
        con.execute(f"INSERT INTO {_q(HOSTILE_OTHER)} VALUES (?, ?)", [v, dt.date(2021, 12, 31)])
    inv = inventory_from_data({"tables": {
        "a": {"table": HOSTILE_TABLE, "subject": c["subject"], "key": c["key"], "record_class": "customer_data",
              "facts": {"customer_relationship": c["status"], "relationship_ended_on": c["ended"]}},
        "b": {"table": HOSTILE_OTHER, "subject": c["subject"], "record_class": "claims_material",
              "facts": {"relationship_ended_on": {"from": "a", "column": c["ended"]}, "fiscal_year_end": c["fy"]}},
    }}, policy)
    on = dt.date(2026, 1, 1)
    sql = compile_sweep(policy, inv, on).sql(DIALECT)
    # One statement, and it only reads.
    statements = sqlglot.parse(sql, read=DIALECT)
    assert len(statements) == 1 and isinstance(statements[0], (sqlglot.exp.Union, sqlglot.exp.Select))
    assert not list(statements[0].find_all(sqlglot.exp.Drop, sqlglot.exp.Delete, sqlglot.exp.Insert, sqlglot.exp.Update))
    got = con.execute(sql).fetchall()
    assert con.execute("SELECT count(*) FROM victims").fetchone() == (1,)
    assert len(got) == 2 * len(evil_values)
    # The values came back as values, and each row is decided as the engine decides it.
    assert sorted(r[1] for r in got if r[0] == "a") == sorted(evil_values)
    for r in got:
        if r[0] == "a":
            i = evil_values.index(r[1])
            status = r[1] if i % 2 else "ended"
            record = {"record_class": "customer_data", "customer_relationship": status} if status in ("active", "ended") else None
            if record is None:
                assert r[3] == "invalid"
            else:
                if i % 2 == 0:
                    record["relationship_ended_on"] = "2020-02-29"
                assert r[3] == policy.retention(record, on).outcome
