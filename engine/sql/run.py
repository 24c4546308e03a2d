"""Run compiled queries on DuckDB (the default engine): a DuckDB file opened read-only, or
Parquet/CSV files exposed as views of an in-memory database. Nothing is ever written to the data."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from sqlglot import exp

from .. import errors
from ..errors import Problem
from .dialect import render
from .inventory import Inventory
from .source import ident

DIALECT = "duckdb"


class DataError(errors.InvalidInputError):
    """The data cannot be read (a missing file or table, a column the inventory names that is not there)."""

    code = "data_error"


def _reader(path: Path) -> str:
    suffix = "".join(path.suffixes[-2:]).lower() if path.suffix.lower() == ".gz" else path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "read_parquet"
    if suffix in (".csv", ".csv.gz", ".tsv"):
        return "read_csv_auto"
    raise DataError([Problem(errors.SCHEMA, f"{path.name}: not a Parquet or CSV file (.parquet, .csv)", str(path))], str(path))


def connect_memory() -> Any:
    import duckdb

    return duckdb.connect(":memory:")


def connect(data: str | Path | None, inventory: Inventory, files: Mapping[str, str | Path] | None = None) -> Any:
    """A DuckDB connection that sees the inventory's tables.

    ``data``: a DuckDB database file (opened read-only) or a folder of ``<table>.parquet`` /
    ``<table>.csv`` files; ``files`` maps table names to files explicitly.
    """
    import duckdb

    path: Path | None = Path(data) if data is not None else None
    if path is not None and path.is_file() and path.suffix.lower() in (".duckdb", ".db"):
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.Error as e:
            raise DataError([Problem(errors.FILE_MISSING, f"cannot open the database: {e}", str(path))], str(path)) from None
    con = duckdb.connect(":memory:")
    wanted = dict(files or {})
    if path is not None:
        if not path.is_dir():
            raise DataError([Problem(errors.FILE_MISSING, "no such DuckDB file or folder", str(path))], str(path))
        for spec in inventory.tables.values():
            for cand in (".parquet", ".csv"):
                found = path / f"{spec.sql_name}{cand}"
                if found.is_file():
                    wanted.setdefault(spec.sql_name, found)
                    break
    for name, f in wanted.items():
        fp = Path(f)
        if not fp.is_file():
            raise DataError([Problem(errors.FILE_MISSING, "no such file", str(fp))], str(fp))
        view = exp.Create(this=exp.Table(this=ident(name)), kind="VIEW",
                          expression=exp.select(exp.Star()).from_(exp.Anonymous(this=_reader(fp), expressions=[exp.Literal.string(str(fp))])))
        con.execute(view.sql(DIALECT))
    return con


def execute(con: Any, query: exp.Expr) -> Any:
    """Run one compiled query; a database error (a missing table or column) is a DataError."""
    import duckdb

    try:
        return con.execute(render(query, DIALECT))
    except duckdb.Error as e:
        message = str(e).splitlines()[0][:500]
        raise DataError([Problem(errors.SCHEMA, message)], "the data") from None


def rows(con: Any, query: exp.Expr) -> Iterable[tuple[Any, ...]]:
    result = execute(con, query)
    while True:
        chunk = result.fetchmany(10_000)
        if not chunk:
            return
        yield from chunk
