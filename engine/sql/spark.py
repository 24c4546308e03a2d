"""The retention sweep on Apache Spark: the same compiled queries, rendered for Spark SQL.

Only the SQL runs on the cluster: the executors need neither personvern nor Python code of
ours, the driver compiles the policy and reads back one summary row per table, rule, clause
and outcome. Tables come from the catalog (the inventory's names), or from a folder (local,
HDFS, S3, ...) of ``<table>.parquet`` registered as temporary views. Nothing is written to
the data; the rows due can be written to a new Parquet folder.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .. import errors
from ..core.model import CompiledPolicy
from ..errors import Problem
from .dialect import render
from .inventory import Inventory
from .retention_sql import compile_sweep
from .run import DataError
from .sweep import SweepResult, due_query, sweep_with

DIALECT = "spark"


def register_views(spark: Any, inventory: Inventory, data: str) -> tuple[str, ...]:
    """Register ``data/<table>.parquet`` as a temporary view for every inventory table; returns the names registered."""
    from pyspark.errors import AnalysisException

    done = []
    for spec in inventory.tables.values():
        path = f"{data.rstrip('/')}/{spec.sql_name}.parquet"
        try:
            spark.read.parquet(path).createOrReplaceTempView(spec.sql_name)
        except AnalysisException as e:
            raise DataError([Problem(errors.FILE_MISSING, f"cannot read table {spec.name!r}: {str(e).splitlines()[0][:300]}", path)],
                            path) from None
        done.append(spec.sql_name)
    return tuple(done)


def run(spark: Any, query: Any) -> list[tuple[Any, ...]]:
    """Run one compiled query on Spark; an analysis error (a missing table or column) is a DataError."""
    from pyspark.errors import AnalysisException

    try:
        return [tuple(r) for r in spark.sql(render(query, DIALECT)).collect()]
    except AnalysisException as e:
        raise DataError([Problem(errors.SCHEMA, str(e).splitlines()[0][:500])], "the data") from None


def spark_sweep(spark: Any, policy: CompiledPolicy, inventory: Inventory, on: _dt.date) -> SweepResult:
    """The sweep's summary, computed by Spark (one query per table)."""
    return sweep_with(lambda q: run(spark, q), policy, inventory, on, progress=False)


def write_due(spark: Any, policy: CompiledPolicy, inventory: Inventory, on: _dt.date, output: str) -> None:
    """Write the rows due (to delete, or that the engine cannot decide on) to a new Parquet folder ``output``."""
    spark.sql(render(due_query(compile_sweep(policy, inventory, on)), DIALECT)).write.mode("errorifexists").parquet(output)
