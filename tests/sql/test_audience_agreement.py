"""Audience: the SQL filter compiled from the residual agrees with policy.evaluate on every row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personvern
from personvern.sql.audience import audience_query, compile_audience
from personvern.sql.inventory import Inventory, inventory_from_data
from personvern.sql.run import DIALECT

_POLICY = personvern.load_policy()
_EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "operations").glob("*.yaml"))
# The example operations, without their facts (the table supplies them), plus shapes the examples lack.
_OPS: list[dict[str, Any]] = [{k: v for k, v in yaml.safe_load(p.read_text(encoding="utf-8")).items() if k not in ("facts", "id")} for p in _EXAMPLES] + [
    {"purpose": "consented_purpose", "legal_basis": "consent", "data_categories": ["email"], "data_subjects": ["customer"]},
    {"purpose": "service_improvement", "legal_basis": "legitimate_interests", "data_categories": ["service_usage"], "data_subjects": ["customer"]},
    {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["email"], "data_subjects": ["customer"],
     "action": "contact", "recipients": [{"kind": "third_party", "name": "Partner AS", "country": "NO"}]},
]
_FACTS = sorted(_POLICY.vocabulary.facts)


def _kind(fact: str) -> str:
    return str(_POLICY.vocabulary.facts[fact].get("type"))


def _values(fact: str) -> st.SearchStrategy[Any]:
    d = _POLICY.vocabulary.facts[fact]
    kind = _kind(fact)
    if kind == "boolean":
        return st.none() | st.booleans()
    if kind == "term":
        return st.none() | st.sampled_from(sorted(_POLICY.vocabulary.terms(str(d["of"]))) + ["bogus"])
    if d.get("of") == "text":
        return st.none() | st.lists(st.sampled_from(["Partner AS", "Mailchimp", "Skatteetaten", "Postmark EU", "andre"]), unique=True, max_size=3)
    return st.none() | st.lists(st.sampled_from(sorted(_POLICY.vocabulary.terms(str(d["of"]))) + ["bogus"]), unique=True, max_size=4)


def _inventory() -> Inventory:
    return inventory_from_data({"tables": {"customers": {"subject": "id", "facts": {f: f"f_{f}" for f in _FACTS}}}}, _POLICY)


def _table(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    types = {"boolean": "BOOLEAN", "term": "VARCHAR", "set": "VARCHAR[]"}
    con.execute("CREATE TABLE customers (id INTEGER, " + ", ".join(f'"f_{f}" {types[_kind(f)]}' for f in _FACTS) + ")")
    for i, r in enumerate(rows):
        con.execute(f"INSERT INTO customers VALUES ({', '.join('?' for _ in range(len(_FACTS) + 1))})", [i] + [r[f] for f in _FACTS])
    return con


_ROWS = st.lists(st.fixed_dictionaries({f: _values(f) for f in _FACTS}), min_size=1, max_size=20)


@pytest.mark.parametrize("op", _OPS, ids=[f"{o['purpose']}-{len(o.get('recipients', []))}" for o in _OPS])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_ROWS)
def test_every_row_agrees_with_evaluate(op: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    aud = compile_audience(_POLICY, _inventory(), "customers", op)
    con = _table(rows)
    got = dict(con.execute(aud.query.sql(DIALECT)).fetchall())
    reached = {r[0] for r in con.execute(audience_query(aud).sql(DIALECT)).fetchall()}
    for i, row in enumerate(rows):
        try:
            expected = _POLICY.evaluate(op, facts={k: v for k, v in row.items() if v is not None}).outcome
        except personvern.OperationError:  # facts the engine refuses (e.g. a consent both given and withdrawn)
            expected = "invalid"
        assert got[str(i)] == expected, (row, aud.condition.sql(DIALECT))
        assert (str(i) in reached) == (expected == "permit")


def test_a_fact_no_column_supplies_leaves_nobody_in_the_audience(policy: personvern.Policy) -> None:
    inv = inventory_from_data({"tables": {"customers": {"subject": "id"}}}, policy)
    op = _OPS[[p.stem for p in _EXAMPLES].index("nyhetsbrev")]
    aud = compile_audience(policy, inv, "customers", op)
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.execute("INSERT INTO customers VALUES (1), (2)")
    assert aud.outcome == "conditional"
    assert con.execute(audience_query(aud).sql(DIALECT)).fetchall() == []
