"""Shared pieces of the agreement tests: generated rows, the inventory over them, and the
Python engine's answer for the same record (the contract every SQL engine must meet)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

import yaml
from hypothesis import strategies as st
from sqlglot import exp

import personvern
from personvern.sql.audience import audience_query, compile_audience
from personvern.sql.inventory import Inventory, inventory_from_data
from personvern.sql.retention_sql import INVALID, compile_table, last_anchor


class Backend(Protocol):
    """An SQL engine under test (tests/sql/backends.py)."""

    dialect: str

    def load(self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]) -> None: ...

    def run(self, query: exp.Expr) -> list[tuple[Any, ...]]: ...


COLS = (("id", "int"), ("subject", "text"), ("status", "text"), ("ended_on", "date"), ("fy_end", "date"), ("objection", "bool"),
        ("collected", "date"))
Row = tuple[int, str, "str | None", "dt.date | None", "dt.date | None", "bool | None", "dt.date | None"]

EDGE = [dt.date(2024, 2, 29), dt.date(2000, 2, 29), dt.date(1900, 2, 28), dt.date(2023, 2, 28), dt.date(2021, 12, 31),
         dt.date(2020, 6, 30), dt.date(2022, 8, 31), dt.date(2019, 1, 31), dt.date(2023, 4, 30), dt.date(1, 1, 1),
         dt.date(9999, 12, 31), dt.date(2026, 1, 1)]


def dates(policy: personvern.Policy) -> st.SearchStrategy[dt.date]:
    """Edge dates (leap days, month ends, the first and last dates, the overflow bounds) and any date."""
    bounds = [d for r in policy.retention_rules if r.keep == "period" for b in [last_anchor(r)]
              for d in (b, b + dt.timedelta(days=1))]
    return st.one_of(st.sampled_from(EDGE + bounds), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.dates())


def rows(policy: personvern.Policy) -> st.SearchStrategy[list[Row]]:
    states = sorted(policy.vocabulary.terms("relationship_states")) + ["bogus", "Active", "ended; DROP TABLE x"]
    d = st.none() | dates(policy)
    row = st.tuples(st.sampled_from([None, None] + states), d, d, st.none() | st.booleans(), d)
    return st.lists(row, min_size=1, max_size=25).map(lambda rs: [(i, f"c{i % 7}", *r) for i, r in enumerate(rs)])


def inventory(policy: personvern.Policy, record_class: str, categories: Sequence[str], table: str = "records") -> Inventory:
    return inventory_from_data({"tables": {table: {
        "subject": "subject", "key": "id", "record_class": record_class,
        "facts": {"customer_relationship": "status", "relationship_ended_on": "ended_on", "fiscal_year_end": "fy_end",
                  "direct_marketing_objection": "objection", "collected_on": "collected"},
        "columns": {"payload": list(categories)}}}}, policy)


def python_answer(policy: personvern.Policy, record_class: str, categories: Sequence[str], row: Row, on: dt.date) -> tuple[Any, ...]:
    """What the Python engine says about one row, in the shape of the SQL result."""
    _, _, status, ended, fy, obj, collected = row
    record: dict[str, Any] = {"record_class": record_class, "data_categories": sorted(categories)}
    for k, v in (("customer_relationship", status), ("relationship_ended_on", ended), ("fiscal_year_end", fy), ("direct_marketing_objection", obj),
                 ("collected_on", collected)):
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


def check_retention(backend: Backend, policy: personvern.Policy, rule: Any, rows: list[Row], on: dt.date) -> None:
    """THE CONTRACT for retention: every row's SQL answer on ``backend`` equals policy.retention."""
    rc, cats = class_of(rule), extra_categories(policy, rule)
    inv = inventory(policy, rc, cats)
    backend.load("records", COLS, rows)
    got = {r[1]: sql_answer(r) for r in backend.run(compile_table(policy, inv, inv.tables["records"], on).query)}
    assert len(got) == len(rows)
    for row in rows:
        assert got[str(row[0])] == python_answer(policy, rc, cats, row, on), (backend.dialect, row)


# --- audience -------------------------------------------------------------------------------

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "operations").glob("*.yaml"))


def audience_ops() -> list[dict[str, Any]]:
    """The example operations, without their facts (the table supplies them), plus shapes the examples lack."""
    return [{k: v for k, v in yaml.safe_load(p.read_text(encoding="utf-8")).items() if k not in ("facts", "id")} for p in EXAMPLES] + [
        {"purpose": "consented_purpose", "legal_basis": "consent", "data_categories": ["email"], "data_subjects": ["customer"]},
        {"purpose": "service_improvement", "legal_basis": "legitimate_interests", "data_categories": ["service_usage"], "data_subjects": ["customer"]},
        {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["email"], "data_subjects": ["customer"],
         "action": "contact", "recipients": [{"kind": "third_party", "name": "Partner AS", "country": "NO"}]},
    ]


def op_id(op: dict[str, Any]) -> str:
    return f"{op['purpose']}-{len(op.get('recipients', []))}"


def _kind(policy: personvern.Policy, fact: str) -> str:
    return str(policy.vocabulary.facts[fact].get("type"))


def _values(policy: personvern.Policy, fact: str) -> st.SearchStrategy[Any]:
    d = policy.vocabulary.facts[fact]
    kind = _kind(policy, fact)
    if kind == "boolean":
        return st.none() | st.booleans()
    if kind == "term":
        return st.none() | st.sampled_from(sorted(policy.vocabulary.terms(str(d["of"]))) + ["bogus"])
    if d.get("of") == "text":
        return st.none() | st.lists(st.sampled_from(["Partner AS", "Mailchimp", "Skatteetaten", "Postmark EU", "andre"]), unique=True, max_size=3)
    return st.none() | st.lists(st.sampled_from(sorted(policy.vocabulary.terms(str(d["of"]))) + ["bogus"]), unique=True, max_size=4)


def fact_rows(policy: personvern.Policy, max_size: int = 20) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Customers with every fact of the vocabulary as a column: NULLs, every term, and a bogus one."""
    return st.lists(st.fixed_dictionaries({f: _values(policy, f) for f in sorted(policy.vocabulary.facts)}), min_size=1, max_size=max_size)


def fact_inventory(policy: personvern.Policy) -> Inventory:
    return inventory_from_data({"tables": {"customers": {"subject": "id", "facts": {f: f"f_{f}" for f in sorted(policy.vocabulary.facts)}}}}, policy)


def load_customers(backend: Backend, policy: personvern.Policy, rows: list[dict[str, Any]]) -> None:
    facts = sorted(policy.vocabulary.facts)
    kinds = {"boolean": "bool", "term": "text", "set": "text[]"}
    backend.load("customers", [("id", "int")] + [(f"f_{f}", kinds[_kind(policy, f)]) for f in facts],
                 [[i] + [r[f] for f in facts] for i, r in enumerate(rows)])


def check_audience(backend: Backend, policy: personvern.Policy, op: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """THE CONTRACT for audiences: each row's outcome on ``backend`` equals policy.evaluate with its facts."""
    aud = compile_audience(policy, fact_inventory(policy), "customers", op)
    load_customers(backend, policy, rows)
    got = dict(backend.run(aud.query))
    reached = {r[0] for r in backend.run(audience_query(aud))}
    for i, row in enumerate(rows):
        try:
            expected = policy.evaluate(op, facts={k: v for k, v in row.items() if v is not None}).outcome
        except personvern.OperationError:  # facts the engine refuses (e.g. a consent both given and withdrawn)
            expected = INVALID
        assert got[str(i)] == expected, (backend.dialect, row, aud.condition.sql(backend.dialect))
        assert (str(i) in reached) == (expected == "permit")


def edge_rows(policy: personvern.Policy) -> list[Row]:
    """Every edge date as end date, fiscal-year end and collection date, with each relationship state (and none)."""
    edges = [d for r in policy.retention_rules if r.keep == "period" for b in [last_anchor(r)] for d in (b, b + dt.timedelta(days=1))] + EDGE
    states: list[str | None] = [None, *sorted(policy.vocabulary.terms("relationship_states"))]
    out: list[Row] = []
    for d in edges:
        for s in states:
            out.append((len(out), f"c{len(out) % 7}", s, d if s != "active" else None, d, len(out) % 3 == 0 or None, d))
    return out
