"""A replica's side of the PostgreSQL job queue: admit on the ack path, in one transaction.

``submit`` records the trigger, takes the slug's lease and defers the Procrastinate job in one
transaction, so a command acked is a job some worker will run, and a retry at any replica, or a
second command for a busy slug, finds what is already there. The replica runs no job itself.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.jobs.job import Job
from bot.jobs.postgres import runs, tasks
from bot.jobs.queue import Admission, Admitted, QueueUnavailable, guarded
from bot.settings import Settings

log = logging.getLogger("devbot.queue")
ACK_BUDGET = 1.0  # seconds the pool and the database may each take on the ack path (Slack waits 3)


def pool_for(settings: Settings, size: int, name: str) -> ConnectionPool:
    """A connection pool on ``DEVBOT_DATABASE_URL``: connections checked before use, short waits."""
    assert settings.devbot_database_url is not None
    return ConnectionPool(
        settings.devbot_database_url.get_secret_value(),
        min_size=1,
        max_size=size,
        timeout=ACK_BUDGET,
        kwargs={"connect_timeout": 2, "autocommit": True},
        check=ConnectionPool.check_connection,
        name=name,
        open=True,
    )


class PostgresQueue:
    """The job queue of a replica: jobs wait in PostgreSQL for ``devbot worker``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.replica = f"{socket.gethostname()}:{os.getpid()}"
        self._pool = pool_for(settings, 8, "devbot-replica")
        self._app = tasks.deferring_app(self._pool)
        self._chores = ThreadPoolExecutor(max_workers=2, thread_name_prefix="devbot-chore")
        self._closed = threading.Event()

    def submit(self, job: Job) -> Admission:
        """Admit ``job``: ``QueueUnavailable`` when the database cannot say within the ack budget."""
        if self._closed.is_set():
            raise RuntimeError("devbot is shutting down")
        try:
            for _ in range(3):  # the run in the way may end between the insert and the look
                with self._pool.connection() as conn, conn.transaction():
                    budget = str(int(ACK_BUDGET * 1000))
                    conn.execute("SELECT set_config('statement_timeout', %s, true)", (budget,))
                    inserted, holder = runs.admit(conn, job, self.replica)
                    if inserted:
                        tasks.enqueue(self._app, conn, job.run_id)
                        return Admission(status=Admitted.STARTED)
                if holder is not None:
                    if job.trigger_id and holder.job.trigger_id == job.trigger_id:
                        return Admission(status=Admitted.DUPLICATE)
                    return Admission(status=Admitted.BUSY, holder=holder.job)
        except (psycopg.OperationalError, PoolTimeout) as err:  # away, or too slow for the ack
            raise QueueUnavailable(type(err).__name__) from err
        raise QueueUnavailable("the slug's runs kept changing")

    def background(self, task: Callable[[], None]) -> None:
        """Run a short I/O task (``list``) off the ack path, in this replica."""
        self._chores.submit(guarded(task, log))

    def running(self) -> list[Job]:
        """The runs queued or running now, at every replica."""
        with self._pool.connection() as conn:
            return runs.active(conn)

    def healthy(self) -> bool:
        """Whether the database answers now."""
        try:
            with self._pool.connection(timeout=1.0) as conn:
                conn.execute("SELECT 1")
            return True
        except (psycopg.OperationalError, PoolTimeout):
            return False

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no run is queued or running anywhere (for tests and the demo)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.running():
                return True
            time.sleep(0.1)
        return not self.running()

    def shutdown(self, grace: float) -> None:
        """Stop taking commands; every acked one is in the database already, so nothing is lost."""
        del grace
        self._closed.set()
        self._chores.shutdown(wait=True, cancel_futures=True)
        self._app.close()
        self._pool.close()
