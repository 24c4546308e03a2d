"""Session fixtures for the SQL engines: one throw-away PostgreSQL server, one local Spark session."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from .backends import Postgres, Spark, postgres_server, spark_session


@pytest.fixture(scope="session")
def pg_socket() -> Iterator[str]:
    with postgres_server() as socket_dir:
        yield socket_dir


@pytest.fixture(scope="session")
def pg(pg_socket: str) -> Postgres:
    return Postgres(pg_socket)


@pytest.fixture(scope="session")
def spark_session_() -> Iterator[Any]:
    with spark_session() as session:
        yield session


@pytest.fixture(scope="session")
def spark(spark_session_: Any) -> Spark:
    return Spark(spark_session_)
