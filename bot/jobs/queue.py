"""Where acked jobs wait and run: one interface, two implementations.

``Runner`` (embedded, the default) keeps everything in the one ``devbot serve`` process: no
server to install. ``bot.jobs.postgres.PostgresQueue`` keeps jobs, per-slug leases, trigger
dedupe and run history in PostgreSQL (Procrastinate carries the jobs), so any number of
replicas ack and any number of ``devbot worker`` processes run. The Bolt app sees only this.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from bot.jobs.job import Job

REPLAY_WINDOW = 600.0  # seconds: Slack's signature window, and then some


class Admitted(StrEnum):
    """What became of a submitted job."""

    STARTED = "started"  # queued or running now
    DUPLICATE = "duplicate"  # the same trigger (a Slack retry, a replay) was seen already
    BUSY = "busy"  # a job for its slug is running: ``holder``


class Admission(BaseModel):
    """The answer to ``submit``: what happened, and the running job that holds the slug if busy."""

    model_config = ConfigDict(frozen=True)

    status: Admitted
    holder: Job | None = None


class QueueUnavailable(Exception):
    """The queue cannot take a job now (its database does not answer): try again later."""


class JobQueue(Protocol):
    """Takes acked jobs: one job per slug at a time, different slugs in parallel."""

    def submit(self, job: Job) -> Admission:
        """Admit ``job`` (on the ack path: quick); ``QueueUnavailable`` if that cannot be decided."""

    def background(self, task: Callable[[], None]) -> None:
        """Run a short I/O task (``list``) off the ack path."""

    def running(self) -> list[Job]:
        """The jobs queued or running now."""

    def healthy(self) -> bool:
        """Whether a job submitted now would be taken."""

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job this process knows of runs; whether that happened in time."""

    def shutdown(self, grace: float) -> None:
        """Stop taking jobs and let the ones this process runs end (within ``grace`` seconds)."""


def guarded(task: Callable[[], None], log: logging.Logger) -> Callable[[], None]:
    """``task`` for a thread pool, its failure logged (``background``'s chores: nobody awaits them)."""

    def run() -> None:
        try:
            task()
        except Exception:
            log.exception("background task failed")

    return run


class Replays:
    """Trigger ids seen in the signature window, in one process: a replay starts no second job."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_time(self, trigger_id: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            # Oldest first (insertion order), so forgetting stops at the first id still in the
            # window: the ack path does not walk every id of the last ten minutes.
            while self._seen:
                oldest, seen = next(iter(self._seen.items()))
                if now - seen <= REPLAY_WINDOW:
                    break
                del self._seen[oldest]
            if not trigger_id:
                return True
            if trigger_id in self._seen:
                return False
            self._seen[trigger_id] = now
            return True
