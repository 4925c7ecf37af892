"""The Procrastinate side: the queue devbot's jobs travel on, and its two tasks.

``devbot.run`` carries a run id (the job itself is in ``devbot_runs``); ``devbot.reconcile`` runs
every few seconds on whichever worker takes it and re-queues or reports the runs whose worker
died. A replica only defers, on a connection of its own transaction; a worker runs both.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Protocol

import procrastinate
import psycopg
from procrastinate.job_context import JobContext
from procrastinate.jobs import Status

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

# Procrastinate logs every job's start and end, and its setup, at INFO: devbot logs its own runs.
logging.getLogger("procrastinate").setLevel(logging.WARNING)

QUEUE = "devbot"
RUN = "devbot.run"
RECONCILE = "devbot.reconcile"
RECONCILE_CRON = "* * * * * */5"  # every five seconds (croniter: the sixth column is seconds)


class Host(Protocol):
    """What the tasks need from the worker that runs them."""

    lease: float

    def run(self, run_id: str) -> None: ...

    def reconcile(self) -> None: ...


def deferring_app(pool: ConnectionPool) -> procrastinate.App:
    """An app that only defers, on ``pool``'s connections (a replica's, or a worker's for re-runs)."""
    app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector())
    app.open(pool)
    return app


def enqueue(app: procrastinate.App, conn: psycopg.Connection, run_id: str) -> None:
    """Defer ``devbot.run`` for ``run_id`` inside ``conn``'s open transaction."""
    app.configure_task(RUN, queue=QUEUE, connection=conn).defer(run_id=run_id)


def _host(context: JobContext) -> Host:
    host: Host = context.additional_context["devbot"]
    return host


def _run(context: JobContext, run_id: str) -> None:
    _host(context).run(run_id)


async def _reconcile(context: JobContext, timestamp: int) -> None:
    """Close Procrastinate's own jobs left "doing" by a dead worker (devbot re-queues their runs
    itself, under its lease), then reconcile devbot's runs."""
    del timestamp
    host = _host(context)
    manager = context.app.job_manager
    for stalled in await manager.get_stalled_jobs(task_name=RUN, seconds_since_heartbeat=host.lease):
        await manager.finish_job(stalled, status=Status.FAILED, delete_job=False)
    await asyncio.to_thread(host.reconcile)


def worker_app(conninfo: str) -> procrastinate.App:
    """The app a worker runs: both tasks, and the periodic reconciler."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo))
    app.task(name=RUN, queue=QUEUE, pass_context=True)(_run)
    reconcile: Any = app.task(name=RECONCILE, queue=QUEUE, pass_context=True, queueing_lock=RECONCILE)(
        _reconcile
    )
    app.periodic(cron=RECONCILE_CRON)(reconcile)
    return app
