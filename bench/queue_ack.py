"""The ack path's database time with DEVBOT_DATABASE_URL: admitting a command (trigger recorded, slug
lease taken, Procrastinate job deferred, in one transaction) and answering a duplicate.

Usage: ``.venv/bin/python bench/queue_ack.py [ADMIN_URL]`` (default: the local PostgreSQL); it
creates and drops a database of its own.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid

import psycopg
from psycopg import sql
from pydantic import SecretStr

from bot.jobs.job import Job
from bot.jobs.postgres import schema
from bot.jobs.postgres.queue import PostgresQueue
from bot.settings import Settings


def main(admin: str) -> None:
    name = f"devbot_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = psycopg.conninfo.make_conninfo(admin, dbname=name)
    try:
        schema.migrate(url)
        queue = PostgresQueue(Settings(devbot_repo_url="file:///x", devbot_database_url=SecretStr(url)))
        admitted, duplicates = [], []
        for n in range(300):
            started = time.perf_counter()
            queue.submit(Job(slug=f"s{n}", trigger_id=f"t{n}"))
            admitted.append(1000 * (time.perf_counter() - started))
        for n in range(100):
            started = time.perf_counter()
            queue.submit(Job(slug=f"s{n}", trigger_id=f"t{n}"))
            duplicates.append(1000 * (time.perf_counter() - started))
        queue.shutdown(1)
        p95 = sorted(admitted)[int(0.95 * len(admitted))]
        print(
            f"admit: median {statistics.median(admitted):.1f} ms, p95 {p95:.1f} ms; "
            f"duplicate: median {statistics.median(duplicates):.1f} ms"
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/postgres")
