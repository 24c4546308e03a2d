"""The SQL engines the agreement tests run on: embedded DuckDB, a throw-away PostgreSQL 15
server and Spark in local mode. Each loads generated rows into a table and runs one compiled
query, rendered for its dialect by personvern.sql.dialect.render (the code under test).

The PostgreSQL server is a real one: initdb + pg_ctl in a temporary folder, listening only on
a unix socket in that folder (no TCP port), run as an unprivileged user when the tests run as
root (PostgreSQL refuses to run as root). Without the binaries the tests skip with the reason;
when CI is set, a missing engine is a failure, not a skip.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterator, Sequence

import pytest
from sqlglot import exp

from personvern.sql.dialect import render

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True))
PG_USER = "postgres"  # the unprivileged account the server runs as when the tests run as root
PG_PORT = 5432  # only names the socket file: the server listens on no TCP port

# Column kinds the tests use, per dialect.
_TYPES = {
    "duckdb": {"int": "INTEGER", "text": "VARCHAR", "date": "DATE", "bool": "BOOLEAN", "text[]": "VARCHAR[]"},
    "postgres": {"int": "INTEGER", "text": "TEXT", "date": "DATE", "bool": "BOOLEAN", "text[]": "TEXT[]"},
}


def unavailable(message: str) -> None:
    """Skip with the reason, except in CI, where every engine must run."""
    if os.environ.get("CI"):
        pytest.fail(message + "; CI is set, so this is a failure, not a skip")
    pytest.skip(message)


def _q(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("postgres")


class DuckDB:
    dialect = "duckdb"

    def __init__(self) -> None:
        import duckdb

        self.con = duckdb.connect(":memory:")

    def load(self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]) -> None:
        cols = ", ".join(f"{_q(n)} {_TYPES['duckdb'][k]}" for n, k in columns)
        self.con.execute(f"CREATE OR REPLACE TABLE {_q(table)} ({cols})")
        if rows:
            self.con.executemany(f"INSERT INTO {_q(table)} VALUES ({', '.join('?' for _ in columns)})", [list(r) for r in rows])

    def run(self, query: exp.Expr) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.con.execute(render(query, self.dialect)).fetchall()]


class Postgres:
    dialect = "postgres"

    def __init__(self, socket_dir: str) -> None:
        import psycopg

        self.con = psycopg.connect(host=socket_dir, port=PG_PORT, user="personvern", dbname="postgres", autocommit=True)

    def load(self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]) -> None:
        cols = ", ".join(f"{_q(n)} {_TYPES['postgres'][k]}" for n, k in columns)
        with self.con.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {_q(table)}")
            cur.execute(f"CREATE TABLE {_q(table)} ({cols})")
            if rows:
                cur.executemany(f"INSERT INTO {_q(table)} VALUES ({', '.join('%s' for _ in columns)})", [list(r) for r in rows])

    def run(self, query: exp.Expr) -> list[tuple[Any, ...]]:
        with self.con.cursor() as cur:
            cur.execute(render(query, self.dialect))
            return [tuple(r) for r in cur.fetchall()]


def _as(user: str | None, argv: list[str]) -> list[str]:
    return argv if user is None else ["runuser", "-u", user, "--", *argv]


def _pg_user() -> str | None:
    """None when not root (run as ourselves); else the unprivileged account, created if missing."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER], check=True)
    return PG_USER


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL cluster; yields the socket folder. Stopped and removed afterwards."""
    bindir = next((d for d in PG_BIN_CANDIDATES if Path(d, "pg_ctl").is_file() and Path(d, "initdb").is_file()), None)
    if bindir is None:
        unavailable("PostgreSQL server binaries (initdb, pg_ctl) are not installed: apt-get install -y postgresql-15")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed: pip install -e '.[test]'")
    user = _pg_user()
    # Not under pytest's tmp folder: that is private to root, and the server runs as another user.
    root = Path(tempfile.mkdtemp(prefix="personvern-pg-"))
    data, log = root / "data", root / "server.log"
    try:
        if user is not None:
            info = pwd.getpwnam(user)
            os.chown(root, info.pw_uid, info.pw_gid)
        os.chmod(root, 0o700)
        run = lambda *argv: subprocess.run(_as(user, [f"{bindir}/{argv[0]}", *argv[1:]]), check=True,  # noqa: E731
                                           capture_output=True, text=True, timeout=120)
        run("initdb", "-D", str(data), "-U", "personvern", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
        opts = f"-k {root} -p {PG_PORT} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            run("pg_ctl", "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60", "start")
        except subprocess.CalledProcessError as e:
            raise RuntimeError(f"PostgreSQL did not start: {e.stderr}\n{log.read_text() if log.exists() else ''}") from None
        try:
            yield str(root)
        finally:
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def java_home() -> str | None:
    """JAVA_HOME if set, else a Java 17 (what Spark 3/4 runs on) under /usr/lib/jvm."""
    if os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").exists():
        return os.environ["JAVA_HOME"]
    for cand in sorted(glob.glob("/usr/lib/jvm/*17*")):
        if Path(cand, "bin", "java").exists():
            return cand
    return None


class Spark:
    dialect = "spark"

    def __init__(self, session: Any) -> None:
        self.spark = session

    def load(self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]) -> None:
        from pyspark.sql import types as T

        kinds = {"int": T.IntegerType(), "text": T.StringType(), "date": T.DateType(), "bool": T.BooleanType(),
                 "text[]": T.ArrayType(T.StringType())}
        schema = T.StructType([T.StructField(n, kinds[k], True) for n, k in columns])
        self.spark.createDataFrame([tuple(r) for r in rows], schema).createOrReplaceTempView(table)

    def run(self, query: exp.Expr) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(render(query, self.dialect)).collect()]


@contextlib.contextmanager
def spark_session() -> Iterator[Any]:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        unavailable("pyspark is not installed: pip install -e '.[test]'")
    home = java_home()
    if home is None:
        unavailable("no Java 17 under /usr/lib/jvm (and JAVA_HOME unset): Spark needs a JVM (apt-get install -y openjdk-17-jre-headless)")
    os.environ["JAVA_HOME"] = str(home)
    session = (SparkSession.builder.master("local[1]").appName("personvern-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.default.parallelism", "1").config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
