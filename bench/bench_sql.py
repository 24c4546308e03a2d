"""The retention sweep where the data lives (DuckDB, Spark) against the Python path, on generated data.

    .venv/bin/python -m bench.bench_sql                       # about 5 minutes on a shared 2-core machine
    .venv/bin/python -m bench.bench_sql --python-full         # plus the Python path over every row: about 8 more
    .venv/bin/python -m bench.bench_sql --quick               # smaller data, one run: a smoke test

The data: ``personvern generate`` (personvern.sql.synth) with ``--customers`` customers, as
Parquet, swept with examples/data/flex.inventory.yaml (six tables with a record class, two of
them with joins to customers for their facts). About 10.7 swept rows per customer: the default
936,000 customers give 10.0 million swept rows (the exact counts are in the results).

Measured, each in a fresh process (so peak memory, VmHWM, is that path's alone), ``--runs`` times:

- duckdb: ``personvern.sql.sweep`` over every row (wall time of the sweep itself: compile,
  one query per table, the summary rows back), and the process's peak resident memory.
- duckdb-prefix / python-prefix: the same rows for both: every table restricted to the
  customers with ``customer_id < --prefix-customers`` (views over the same Parquet files).
  python-prefix is the Python path: DuckDB reads each row with its facts (the same columns and
  joins as the SQL sweep), Python builds the record and calls ``policy.retention`` on it, and
  tallies per table, rule and outcome. Its tally must equal duckdb-prefix's summary, or the run
  stops. The ratio is python-prefix / duckdb-prefix, from the same run.
- python-full (``--python-full``): the Python path over every row, when there is time for it.
- spark: Spark local mode (``local[2]``) over ``--spark-customers`` customers (about 1 million
  rows), through personvern.sql.spark: session start, the first sweep and a second one, the
  JVM's peak resident memory (VmHWM); its summary must equal DuckDB's over the same files.

No figure is extrapolated: each is what ran, on the rows it names. Results: bench/results/sql.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INVENTORY = ROOT / "examples" / "data" / "flex.inventory.yaml"
RESULTS = Path(__file__).resolve().parent / "results"
ON = dt.date(2026, 11, 29)


def _maxrss_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM): its own, not inherited across fork the way ru_maxrss is."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _prefix_connection(folder: Path, customers: int) -> Any:
    """Every table of the folder as a view restricted to the customers with customer_id < ``customers``."""
    import duckdb

    con = duckdb.connect(":memory:")
    for f in sorted(folder.glob("*.parquet")):
        con.execute(f'CREATE VIEW "{f.stem}" AS SELECT * FROM read_parquet(\'{f}\') WHERE customer_id < {int(customers)}')
    return con


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process (DuckDB's too)
    return r.ru_utime + r.ru_stime


def _summary(result: Any) -> dict[str, int]:
    return {f"{r.table}|{r.rule_id}|{r.outcome}": r.count for r in result.summary}


def child(mode: str, folder: Path, prefix: int) -> dict[str, Any]:
    """One measurement in this (fresh) process."""
    import personvern
    from personvern.sql import connect, load_inventory

    policy = personvern.load_policy()
    inv = load_inventory(INVENTORY, policy)
    base = _maxrss_mb()
    out: dict[str, Any] = {"mode": mode, "baseline_rss_mb": round(base, 1)}
    if mode in ("duckdb", "duckdb-prefix"):
        from personvern.sql.sweep import sweep

        con = connect(folder, inv) if mode == "duckdb" else _prefix_connection(folder, prefix)
        t, c = time.perf_counter(), _cpu()
        result = sweep(policy, inv, con, ON, progress=False)
        out["seconds"], out["cpu_seconds"] = time.perf_counter() - t, _cpu() - c
        out["summary"] = _summary(result)
    elif mode in ("python", "python-prefix"):
        from personvern.sql.subject import python_sweep

        con = connect(folder, inv) if mode == "python" else _prefix_connection(folder, prefix)
        tally: Counter[str] = Counter()
        t, c = time.perf_counter(), _cpu()
        for spec, _, d in python_sweep(policy, inv, con, ON):
            tally[f"{spec.name}|{d.rule_id}|{d.outcome}" if d is not None else f"{spec.name}|{_rule(policy, str(spec.record_class))}|invalid"] += 1
        out["seconds"], out["cpu_seconds"] = time.perf_counter() - t, _cpu() - c
        out["summary"] = dict(tally)
    elif mode == "spark":
        out.update(_spark(policy, inv, folder))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    out["rows"] = sum(out["summary"].values())
    out["peak_rss_mb"] = round(_maxrss_mb(), 1)
    return out


def _rule(policy: Any, record_class: str) -> str:
    from personvern.sql.retention_sql import rule_for

    return rule_for(policy, record_class).id


def _spark(policy: Any, inv: Any, folder: Path) -> dict[str, Any]:
    from pyspark.sql import SparkSession

    from personvern.sql.spark import register_views, spark_sweep

    t = time.perf_counter()
    spark = (SparkSession.builder.master("local[2]").appName("personvern-bench").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4").config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - t
    try:
        register_views(spark, inv, str(folder))
        t = time.perf_counter()
        first = spark_sweep(spark, policy, inv, ON)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        spark_sweep(spark, policy, inv, ON)
        warm = time.perf_counter() - t
        hwm = _maxrss_mb(spark._jvm.java.lang.ProcessHandle.current().pid())
    finally:
        spark.stop()
    return {"session_start_seconds": started, "seconds": cold, "second_sweep_seconds": warm, "jvm_peak_rss_mb": round(hwm, 1),
            "summary": _summary(first)}


def measure(mode: str, folder: Path, prefix: int = 0) -> dict[str, Any]:
    env = dict(os.environ)
    if mode == "spark":
        from tests.sql.backends import java_home  # the one place that finds a Java 17

        home = java_home()
        if home is None:
            raise SystemExit("no Java 17: Spark cannot run (apt-get install -y openjdk-17-jre-headless)")
        env["JAVA_HOME"] = home
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.bench_sql", "--child", mode, "--data", str(folder), "--prefix-customers", str(prefix)],
                          cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    out["process_seconds"] = time.perf_counter() - t
    return out


def _agree(a: dict[str, Any], b: dict[str, Any]) -> None:
    if a["summary"] != b["summary"]:
        raise SystemExit(f"{a['mode']} and {b['mode']} disagree:\n{a['summary']}\n{b['summary']}")


def _range(xs: list[float]) -> str:
    return f"{min(xs):.2f}–{max(xs):.2f}" if len(xs) > 1 else f"{xs[0]:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=936_000)
    ap.add_argument("--prefix-customers", type=int, default=93_600)
    ap.add_argument("--spark-customers", type=int, default=93_600)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--python-full", action="store_true", help="also run the Python path over every row (minutes)")
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--quick", action="store_true", help="20,000 customers, one run: a smoke test")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.data), args.prefix_customers)))
        return
    if args.quick:
        args.customers, args.prefix_customers, args.spark_customers, args.runs = 20_000, 2_000, 2_000, 1
    from personvern.sql import synth

    with tempfile.TemporaryDirectory(prefix="personvern-bench-sql-") as tmp:
        folder = Path(tmp) / "full"
        t = time.perf_counter()
        tables = synth.write(folder, args.customers, seed=1)
        generated = time.perf_counter() - t
        runs: list[dict[str, Any]] = []
        for i in range(args.runs):
            run: dict[str, Any] = {"load_average": os.getloadavg()[0]}
            run.update({m: measure(m, folder, args.prefix_customers) for m in ("duckdb", "duckdb-prefix", "python-prefix")})
            _agree(run["duckdb-prefix"], run["python-prefix"])
            run["ratio_prefix"] = run["python-prefix"]["seconds"] / run["duckdb-prefix"]["seconds"]
            run["ratio_rows_per_second"] = ((run["duckdb"]["rows"] / run["duckdb"]["seconds"])
                                            / (run["python-prefix"]["rows"] / run["python-prefix"]["seconds"]))
            runs.append(run)
            print(f"run {i + 1} (load {os.getloadavg()[0]:.1f}): duckdb {run['duckdb']['rows']:,} rows {run['duckdb']['seconds']:.2f} s "
                  f"(CPU {run['duckdb']['cpu_seconds']:.2f} s, peak {run['duckdb']['peak_rss_mb']:.0f} MB), "
                  f"prefix {run['duckdb-prefix']['rows']:,} rows: duckdb {run['duckdb-prefix']['seconds']:.2f} s, "
                  f"python {run['python-prefix']['seconds']:.1f} s (x{run['ratio_prefix']:.0f})", flush=True)
        python_full = None
        if args.python_full:
            python_full = measure("python", folder)
            _agree(runs[-1]["duckdb"], python_full)
            print(f"python over every row: {python_full['rows']:,} rows {python_full['seconds']:.1f} s", flush=True)
        spark = None
        if not args.no_spark:
            sfolder = Path(tmp) / "spark"
            synth.write(sfolder, args.spark_customers, seed=1)
            spark = measure("spark", sfolder)
            duck = measure("duckdb", sfolder)
            _agree(duck, spark)
            spark["duckdb_same_rows_seconds"] = duck["seconds"]
            print(f"spark local[2]: {spark['rows']:,} rows, first sweep {spark['seconds']:.2f} s, second {spark['second_sweep_seconds']:.2f} s, "
                  f"session start {spark['session_start_seconds']:.1f} s", flush=True)
    for run in runs:
        for m in run.values():
            if isinstance(m, dict):
                m.pop("summary", None)
    if spark is not None:
        spark.pop("summary", None)
    if python_full is not None:
        python_full.pop("summary", None)
    report = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": {
                  "cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
              "customers": args.customers, "tables": tables, "generate_seconds": generated,
              "prefix_customers": args.prefix_customers, "runs": runs, "python_full": python_full, "spark": spark,
              "spark_customers": args.spark_customers}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("sql-quick.json" if args.quick else "sql.json")).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    d = [r["duckdb"]["seconds"] for r in runs]
    print(f"\nduckdb, {runs[0]['duckdb']['rows']:,} rows: {_range(d)} s wall over {len(runs)} runs (median {statistics.median(d):.2f}), "
          f"CPU {_range([r['duckdb']['cpu_seconds'] for r in runs])} s, "
          f"peak RSS {_range([r['duckdb']['peak_rss_mb'] for r in runs])} MB")
    print(f"python path on the prefix ({runs[0]['python-prefix']['rows']:,} rows, customer_id < {args.prefix_customers:,}): "
          f"{_range([r['python-prefix']['seconds'] for r in runs])} s, peak RSS {_range([r['python-prefix']['peak_rss_mb'] for r in runs])} MB; "
          f"duckdb on the same rows {_range([r['duckdb-prefix']['seconds'] for r in runs])} s; "
          f"ratio (same run) {_range([r['ratio_prefix'] for r in runs])}")


if __name__ == "__main__":
    main()
