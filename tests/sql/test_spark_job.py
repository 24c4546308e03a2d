"""The Spark driver (examples/spark/personvern_sweep.py) run the way a user runs it, with
spark-submit in local mode: its summary is exactly the DuckDB sweep's over the same files, the
rows due it writes are the DuckDB sweep's, and bad input is exit 2 with the file and line."""

from __future__ import annotations

import datetime as dt
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import personvern
from personvern.sql import DataError, connect, load_inventory, synth
from personvern.sql.spark import register_views
from personvern.sql.sweep import sweep

from .backends import java_home, unavailable

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "examples" / "spark" / "personvern_sweep.py"
INVENTORY = ROOT / "examples" / "data" / "flex.inventory.yaml"
ON = dt.date(2026, 11, 25)


def spark_submit(*args: str) -> subprocess.CompletedProcess[str]:
    submit = Path(sys.executable).with_name("spark-submit")
    home = java_home()
    if not submit.exists() or home is None:
        unavailable("spark-submit (pip install pyspark) or Java 17 is missing")
    env = dict(os.environ, JAVA_HOME=str(home), PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               PATH=f"{submit.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    argv = [str(submit), "--master", "local[1]", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
            "--conf", "spark.sql.session.timeZone=UTC", "--driver-java-options", "-Duser.timezone=UTC", str(DRIVER), *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, env=env, check=False)


def test_spark_submit_gives_the_duckdb_sweeps_summary_and_rows_due(tmp_path: Path) -> None:
    data = tmp_path / "flex"
    synth.write(data, 300, seed=11)
    due = tmp_path / "due"
    done = spark_submit(str(INVENTORY), "--data", str(data), "--on", ON.isoformat(), "--output", str(due))
    assert done.returncode == 1, done.stderr[-3000:]
    policy = personvern.load_policy()
    inv = load_inventory(INVENTORY, policy)
    con = connect(data, inv)
    expected = sweep(policy, inv, con, ON, progress=False)
    assert json.loads(done.stdout) == expected.to_dict() and expected.due > 0
    written = con.execute(f"SELECT outcome, count(*) FROM read_parquet('{due}/*.parquet') GROUP BY outcome").fetchall()
    assert sum(n for _, n in written) == expected.due and {o for o, _ in written} <= {"delete", "invalid"}


def _driver(argv: list[str]) -> Any:
    ns = runpy.run_path(str(DRIVER))
    return ns["main"](argv)


def test_a_bad_inventory_is_exit_2_with_file_line_and_column_before_spark_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tables:\n  kunder:\n    subject: id\n    record_class: customer_datta\n", encoding="utf-8")
    assert _driver([str(bad), "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4:19" in err and "customer_datta" in err


def test_a_missing_table_file_is_a_data_error_naming_it(spark_session_: Any, tmp_path: Path) -> None:
    policy = personvern.load_policy()
    inv = load_inventory(INVENTORY, policy)
    synth.write(tmp_path, 5)
    (tmp_path / "vouchers.parquet").unlink()
    with pytest.raises(DataError, match="vouchers"):
        register_views(spark_session_, inv, str(tmp_path))
