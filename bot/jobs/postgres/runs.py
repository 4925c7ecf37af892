"""The ``devbot_runs`` table: every run, its slug's lease, its trigger and its conversation.

A run is ``queued`` when a replica admits it, ``running`` while a worker holds its lease (renewed
while the job runs), and ``ended`` however it ends. The unique indexes do the deciding: one run per
trigger, one queued or running run per slug. Every function takes the connection it works on, so
a caller can put it in one transaction with Procrastinate's own insert.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from pydantic import BaseModel, ConfigDict

from bot.jobs.job import Job, Stage


class Run(BaseModel):
    """A row of ``devbot_runs``, as the worker and the reconciler need it."""

    model_config = ConfigDict(frozen=True)

    job: Job
    state: str
    handle: dict[str, str]
    stage: Stage | None
    attempts: int
    worker: str
    started_at: datetime | None


def _run(row: dict[str, Any]) -> Run:
    return Run(
        job=Job.model_validate(row["job"]),
        state=row["state"],
        handle={str(k): str(v) for k, v in (row["handle"] or {}).items()},
        stage=Stage[row["stage"]] if row["stage"] else None,
        attempts=row["attempts"],
        worker=row["worker"],
        started_at=row["started_at"],
    )


def admit(conn: psycopg.Connection, job: Job, replica: str) -> tuple[bool, Run | None]:
    """Insert ``job`` as queued: ``(True, None)`` if it took; else ``(False, the run in its way)``
    (same trigger, or the slug's active run), its run ``None`` if that one ended meanwhile (the
    caller tries again)."""
    inserted = conn.execute(
        "INSERT INTO devbot_runs (run_id, slug, trigger_id, job, replica) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT DO NOTHING RETURNING run_id",
        (job.run_id, job.slug, job.trigger_id or None, Jsonb(job.model_dump(mode="json")), replica),
    ).fetchone()
    if inserted is not None:
        return True, None
    with conn.cursor(row_factory=dict_row) as cursor:
        row = cursor.execute(
            "SELECT job, state, handle, stage, attempts, worker, started_at "
            "FROM devbot_runs WHERE trigger_id = %s "
            "UNION ALL SELECT job, state, handle, stage, attempts, worker, started_at "
            "FROM devbot_runs WHERE slug = %s AND state <> 'ended' LIMIT 1",
            (job.trigger_id or None, job.slug),
        ).fetchone()
    return False, (_run(row) if row is not None else None)


def claim(conn: psycopg.Connection, run_id: str, worker: str, lease: float) -> Run | None:
    """Take a queued run for ``worker`` with a lease of ``lease`` seconds; ``None`` if it is not
    queued (ended already, or another worker holds it)."""
    with conn.cursor(row_factory=dict_row) as cursor:
        row = cursor.execute(
            "UPDATE devbot_runs SET state = 'running', worker = %s, attempts = attempts + 1, "
            "lease_until = now() + make_interval(secs => %s), started_at = coalesce(started_at, now()) "
            "WHERE run_id = %s AND state = 'queued' "
            "RETURNING job, state, handle, stage, attempts, worker, started_at",
            (worker, lease, run_id),
        ).fetchone()
    return _run(row) if row is not None else None


def renew(conn: psycopg.Connection, run_id: str, worker: str, lease: float) -> bool:
    """Extend ``worker``'s lease; False if it no longer holds it."""
    done = conn.execute(
        "UPDATE devbot_runs SET lease_until = now() + make_interval(secs => %s) "
        "WHERE run_id = %s AND worker = %s AND state = 'running'",
        (lease, run_id, worker),
    )
    return done.rowcount == 1


def progress(conn: psycopg.Connection, run_id: str, kind: str, value: Any) -> None:
    """Record the stage a run reached, or its conversation's handle (for whoever reports next)."""
    if kind == "stage":
        conn.execute("UPDATE devbot_runs SET stage = %s WHERE run_id = %s", (str(value), run_id))
    elif kind == "handle":
        conn.execute("UPDATE devbot_runs SET handle = %s WHERE run_id = %s", (Jsonb(dict(value)), run_id))


def end(conn: psycopg.Connection, run_id: str, outcome: str, worker: str | None = None) -> bool:
    """Mark a run ended (by ``worker``, when given: only if it still holds it); whether it was."""
    done = conn.execute(
        "UPDATE devbot_runs SET state = 'ended', outcome = %s, ended_at = now(), lease_until = NULL "
        "WHERE run_id = %s AND state <> 'ended' AND (%s::text IS NULL OR worker = %s)",
        (outcome, run_id, worker, worker),
    )
    return done.rowcount == 1


def expired(conn: psycopg.Connection, limit: int = 100) -> list[tuple[str, Run]]:
    """Running runs whose lease has run out (their worker died or lost the database), locked for
    the caller's transaction; a reconciler elsewhere skips them."""
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(
            "SELECT run_id, job, state, handle, stage, attempts, worker, started_at FROM devbot_runs "
            "WHERE state = 'running' AND lease_until < now() ORDER BY lease_until LIMIT %s "
            "FOR UPDATE SKIP LOCKED",
            (limit,),
        ).fetchall()
    return [(row["run_id"], _run(row)) for row in rows]


def orphans(conn: psycopg.Connection, task: str, limit: int = 100) -> list[str]:
    """Queued runs that no Procrastinate job will start any more (their ``task`` job failed before
    it could claim them, on a database error say), locked for the caller's transaction."""
    rows = conn.execute(
        "SELECT run_id FROM devbot_runs AS run WHERE state = 'queued' AND NOT EXISTS ("
        "  SELECT 1 FROM procrastinate_jobs AS job WHERE job.task_name = %s"
        "  AND job.args ->> 'run_id' = run.run_id AND job.status IN ('todo', 'doing')"
        ") ORDER BY requested_at LIMIT %s FOR UPDATE OF run SKIP LOCKED",
        (task, limit),
    ).fetchall()
    return [str(row[0]) for row in rows]


def requeue(conn: psycopg.Connection, run_id: str, worker: str | None = None) -> bool:
    """Put a running run back in the queue: one whose worker died (the attempt counts), or one that
    ``worker`` hands back before starting it (it does not); whether it was."""
    done = conn.execute(
        "UPDATE devbot_runs SET state = 'queued', worker = '', lease_until = NULL, "
        "attempts = attempts - (CASE WHEN %s::text IS NULL THEN 0 ELSE 1 END) "
        "WHERE run_id = %s AND state = 'running' AND (%s::text IS NULL OR worker = %s)",
        (worker, run_id, worker, worker),
    )
    return done.rowcount == 1


def active(conn: psycopg.Connection) -> list[Job]:
    """The runs queued or running now, oldest first."""
    rows = conn.execute("SELECT job FROM devbot_runs WHERE state <> 'ended' ORDER BY requested_at").fetchall()
    return [Job.model_validate(row[0] if not isinstance(row[0], str) else json.loads(row[0])) for row in rows]
