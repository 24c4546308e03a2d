"""A seeded synthetic Flex customer base, for tests, the demo and the benchmark.

Customers (active, ended, unknown), their payees, invoices and vouchers (fiscal years
ending 31 December or 30 June, some unknown), a marketing list, opt-outs and access
logs. Every value is a hash of (seed, row, column), so a seed always gives the same data,
on any number of threads. Generated inside DuckDB: ten million rows take seconds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .run import DataError, connect_memory

TABLES = ("customers", "payees", "invoices", "vouchers", "marketing_list", "opt_outs", "logs")

# (table, rows per customer, SELECT over range(n) AS r(i) with h(k) = a seeded hash in 0..9999)
_SQL = {
    "customers": (1, """
        SELECT i AS customer_id, 'Kunde ' || i AS name, 'kunde' || i || '@example.no' AS email,
               '+47 9' || lpad(CAST(h(1) AS VARCHAR), 7, '0') AS phone,
               CASE WHEN h(2) < 7000 THEN 'active' WHEN h(2) < 9500 THEN 'ended' END AS status,
               CASE WHEN h(2) >= 7000 AND (h(2) < 9500 OR h(3) < 5000)
                    THEN DATE '2016-01-01' + CAST(h(4) % 3800 AS INTEGER) END AS ended_on,
               CASE WHEN h(5) < 800 THEN TRUE WHEN h(5) < 900 THEN NULL ELSE FALSE END AS opted_out
        FROM range(?) r(i)"""),
    "payees": (2, """
        SELECT i AS payee_id, i // 2 AS customer_id, 'Ansatt ' || i AS name,
               lpad(CAST(h(1) AS VARCHAR), 11, '1') AS national_id, '1234' || lpad(CAST(h(2) AS VARCHAR), 7, '0') AS bank_account,
               30000 + h(3) * 7 AS monthly_salary
        FROM range(?) r(i)"""),
    "invoices": (4, """
        SELECT i AS invoice_id, i // 4 AS customer_id, 100 + h(1) AS amount,
               CASE WHEN h(2) < 100 THEN NULL WHEN h(2) < 1500 THEN make_date(2014 + CAST(h(3) % 12 AS INTEGER), 6, 30)
                    ELSE make_date(2014 + CAST(h(3) % 12 AS INTEGER), 12, 31) END AS fiscal_year_end
        FROM range(?) r(i)"""),
    "vouchers": (3, """
        SELECT i AS voucher_id, i // 3 AS customer_id,
               CASE WHEN h(2) < 100 THEN NULL ELSE make_date(2016 + CAST(h(3) % 10 AS INTEGER), 12, 31) END AS fiscal_year_end
        FROM range(?) r(i)"""),
    "marketing_list": (1, """
        SELECT i AS customer_id, 'kunde' || i || '@example.no' AS email FROM range(?) r(i) WHERE h(6) < 6000"""),
    "opt_outs": (1, """
        SELECT i AS customer_id, 'kunde' || i || '@example.no' AS email,
               CASE WHEN h(7) < 1000 THEN FALSE WHEN h(7) < 1500 THEN NULL ELSE TRUE END AS objection_stands
        FROM range(?) r(i) WHERE h(5) < 900"""),
    "logs": (2, """
        SELECT i AS log_id, i // 2 AS customer_id, '10.' || (h(1) % 256) || '.' || (h(2) % 256) || '.' || (h(3) % 256) AS ip_address,
               TIMESTAMP '2024-01-01' + to_seconds(CAST(h(4) * 3000 AS BIGINT)) AS at
        FROM range(?) r(i)"""),
}


def create(con: Any, customers: int, seed: int = 1) -> dict[str, int]:
    """Create the tables in a DuckDB connection; returns the row count of each."""
    if customers < 0 or customers > 100_000_000:
        raise DataError([], "the number of customers must be between 0 and 100,000,000")
    con.execute(f"CREATE OR REPLACE MACRO h(x, k) AS CAST(hash(x, k, {int(seed)}) % 10000 AS INTEGER)")
    counts = {}
    for table, (per, select) in _SQL.items():
        customer_rows = "i // %d" % per if per > 1 else "i"
        # A customer's rows follow the customer's own draws (status, opt-out) where the query uses them.
        sql = re.sub(r"\bh\((\d+)\)", lambda m: f"h({customer_rows if m.group(1) == '5' else 'i'}, {m.group(1)})", select)
        con.execute(f'CREATE OR REPLACE TABLE "{table}" AS {sql}', [customers * per])
        counts[table] = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    return counts


def write(folder: str | Path, customers: int, seed: int = 1, fmt: str = "parquet") -> dict[str, int]:
    """Write the synthetic base to ``folder``: one Parquet or CSV file per table, or one DuckDB file (flex.duckdb)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "duckdb":
        import duckdb

        target = out / "flex.duckdb"
        target.unlink(missing_ok=True)
        con = duckdb.connect(str(target))
        try:
            return create(con, customers, seed)
        finally:
            con.close()
    con = connect_memory()
    counts = create(con, customers, seed)
    for table in TABLES:
        options = "(FORMAT PARQUET)" if fmt == "parquet" else "(FORMAT CSV, HEADER)"
        target = out / f"{table}.{fmt}"
        con.execute(f"COPY \"{table}\" TO '{str(target).replace(chr(39), chr(39) * 2)}' {options}")
    return counts
