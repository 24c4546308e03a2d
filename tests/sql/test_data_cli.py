"""personvern generate / audit / sql: exit codes, located errors, output formats, read-only data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
import sqlglot

import personvern
from personvern.cli import main
from personvern.sql import COLUMNS, load_inventory, synth

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = str(ROOT / "examples" / "data" / "flex.inventory.yaml")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flex")
    synth.write(folder, 300, seed=5)
    return folder


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_audit_exit_1_when_records_are_due_and_the_data_is_not_modified(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _digest(data)
    assert main(["audit", INVENTORY, "--data", str(data), "--on", "2026-11-25", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["due"] > 0 and "logs" in out["unclassified_tables"]
    assert _digest(data) == before


def test_audit_exit_0_when_nothing_is_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    synth.write(tmp_path, 0)
    assert main(["audit", INVENTORY, "--data", str(tmp_path), "--on", "2026-11-25"]) == 0


def test_audit_summary_counts_equal_the_python_engine_on_sampled_rows(data: Path, policy: personvern.Policy, capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    on = dt.date(2026, 11, 25)
    assert main(["audit", INVENTORY, "--data", str(data), "--on", on.isoformat(), "--format", "json"]) == 1
    counts = {(r["table"], r["outcome"]): r["count"] for r in json.loads(capsys.readouterr().out)["summary"]}
    con = duckdb.connect()
    rows = con.execute(f"SELECT invoice_id, fiscal_year_end FROM read_parquet('{data / 'invoices.parquet'}')").fetchall()
    expected: dict[str, int] = {}
    for _, fy in rows:
        rec = {"record_class": "bookkeeping_primary", "data_categories": ["invoice_information"]}
        if fy is not None:
            rec["fiscal_year_end"] = fy
        o = policy.retention(rec, on).outcome
        expected[o] = expected.get(o, 0) + 1
    assert {o: n for (t, o), n in counts.items() if t == "invoices"} == expected


def test_audit_writes_the_due_records_to_parquet_and_csv(data: Path, tmp_path: Path) -> None:
    import duckdb

    for fmt in ("parquet", "csv"):
        target = tmp_path / f"due.{fmt}"
        assert main(["audit", INVENTORY, "--data", str(data), "--on", "2026-11-25", "--format", fmt, "--output", str(target)]) == 1
        reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        outcomes = {r[0] for r in duckdb.connect().execute(f"SELECT DISTINCT outcome FROM {reader}('{target}')").fetchall()}
        assert outcomes and outcomes <= {"delete", "invalid"}


def test_a_bad_inventory_is_exit_2_with_file_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tables:\n  kunder:\n    subject: id\n    record_class: customer_data\n    facts:\n      relationship_status: status\n", encoding="utf-8")
    assert main(["audit", str(bad), "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:6:7" in err and "unknown fact 'relationship_status'" in err
    bad.write_text("tables:\n  kunder:\n    subjekt: id\n", encoding="utf-8")
    assert main(["sql", str(bad)]) == 2
    assert "subjekt" in capsys.readouterr().err


def test_missing_data_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", INVENTORY, "--data", str(tmp_path / "nowhere")]) == 2
    assert main(["audit", INVENTORY, "--data", str(tmp_path)]) == 2  # an empty folder: the tables are not there
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "spark", "trino", "snowflake", "bigquery"])
def test_the_sweep_sql_parses_back_in_each_dialect(dialect: str, policy: personvern.Policy, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", INVENTORY, "--dialect", dialect, "--on", "2026-01-01"]) == 0
    text = capsys.readouterr().out
    parsed = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    assert len(parsed) == 1
    inv = load_inventory(INVENTORY, policy)
    assert len(list(parsed[0].find_all(sqlglot.exp.Select))) >= len([t for t in inv.tables.values() if t.record_class])
    first = next(parsed[0].find_all(sqlglot.exp.Select))
    assert tuple(first.named_selects) == COLUMNS
    assert not list(parsed[0].find_all(sqlglot.exp.Drop, sqlglot.exp.Delete, sqlglot.exp.Insert, sqlglot.exp.Update, sqlglot.exp.Create))
