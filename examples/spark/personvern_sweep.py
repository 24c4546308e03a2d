"""The retention sweep as a Spark job: `spark-submit` this file.

    spark-submit --master 'local[2]' examples/spark/personvern_sweep.py \\
        examples/data/flex.inventory.yaml --data demo-data --on 2026-11-29

personvern compiles the policy on the driver (pip install 'personvern[data]' there); Spark runs
the SQL, so the executors need nothing of ours. ``--data`` is a folder (local, hdfs://, s3a://)
of ``<table>.parquet``; without it the tables are read from the catalog under the inventory's
names. Prints the summary (JSON, like ``personvern audit --format json``; or text), writes the
rows due to ``--output`` (a new Parquet folder) when asked. Exit 0 when nothing is due, 1 when
records are due, 2 on bad input (the message names the file, line and column where it can).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="personvern_sweep.py", description="personvern retention sweep on Spark")
    ap.add_argument("inventory", help="the inventory file (YAML or JSON)")
    ap.add_argument("--data", help="a folder of <table>.parquet; default: the tables of the catalog")
    ap.add_argument("--on", type=dt.date.fromisoformat, default=None, help="the date to decide on, YYYY-MM-DD (default: today)")
    ap.add_argument("--policy", help="the rules folder (default: the bundled Flex policy)")
    ap.add_argument("--output", help="write the rows due to this new Parquet folder")
    ap.add_argument("--format", choices=("json", "text"), default="json")
    args = ap.parse_args(argv)

    import personvern
    from personvern.errors import PersonvernError
    from personvern.sql import load_inventory
    from personvern.sql.spark import register_views, spark_sweep, write_due
    from pyspark.sql import SparkSession

    try:
        policy = personvern.load_policy(args.policy)
        inventory = load_inventory(args.inventory, policy)
    except PersonvernError as e:
        print(f"personvern: {e}", file=sys.stderr)
        return 2
    on = args.on or dt.date.today()
    spark = SparkSession.builder.appName("personvern-sweep").getOrCreate()
    try:
        if args.data:
            register_views(spark, inventory, args.data)
        result = spark_sweep(spark, policy, inventory, on)
        if args.output:
            write_due(spark, policy, inventory, on, args.output)
    except PersonvernError as e:
        print(f"personvern: {e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"{args.inventory} per {on.isoformat()}: {result.due} poster skal slettes eller rettes (records due)")
        for r in result.summary:
            print(f"  {r.table:<16} {r.outcome:<12} {r.count:>10}  {r.rule_id}  [{', '.join(r.clause_ids)}]")
        for t in result.unclassified:
            print(f"  {t:<16} uten oppbevaringsklasse (no record class): ikke vurdert (not swept)")
    return 1 if result.due else 0


if __name__ == "__main__":
    sys.exit(main())
