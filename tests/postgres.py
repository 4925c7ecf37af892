"""A real PostgreSQL for the tests: the machine's own (127.0.0.1:5432, user postgres), else one
started from the PyPI-packaged server (pgserver), so ``make test`` passes on a fresh machine.

Every test gets a database of its own, created from ``template0`` and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

LOCAL = os.environ.get("DEVBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def server(scratch: Path) -> Iterator[str]:
    """The URL of a PostgreSQL administrative database: the local server, or a private one."""
    if _answers(LOCAL):
        yield LOCAL
        return
    import pgserver  # only where no server answers: it unpacks its own binaries

    started = pgserver.get_server(scratch / "pgdata", cleanup_mode="delete")
    try:
        yield started.get_uri("postgres")
    finally:
        started.cleanup()


@contextmanager
def database(admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the server of ``admin_url``; dropped on exit."""
    name = f"devbot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    url = psycopg.conninfo.make_conninfo(admin_url, dbname=name)
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
