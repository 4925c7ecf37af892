"""Jobs on a worker pool: one job per slug at a time, different slugs in parallel.

The pool is the only piece a distributed queue would replace: ``submit`` takes a plain ``Job``
and every word to the user goes through the ``Reporter`` the factory gives for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from bot import pipeline, slack_text
from bot.jobs import Failure, Job, Outcome, Reporter, Stage
from bot.settings import Settings

log = logging.getLogger("devbot.runner")


@dataclass
class _Tracked:
    """A reporter wrapper that remembers how far its job got (for shutdown)."""

    inner: Reporter
    stage_reached: Stage | None = None
    done: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def started(self, job: Job) -> None:
        self.inner.started(job)

    def stage(self, job: Job, stage: Stage) -> None:
        self.stage_reached = stage
        self.inner.stage(job, stage)

    def finished(self, job: Job, outcome: Outcome) -> None:
        with self.lock:
            if not self.done:
                self.done = True
                self.inner.finished(job, outcome)

    def failed(self, job: Job, failure: Failure) -> None:
        with self.lock:
            if not self.done:
                self.done = True
                self.inner.failed(job, failure)

    def close(self) -> None:
        self.inner.close()


class Runner:
    """Runs jobs after the ack."""

    def __init__(self, settings: Settings, reporter_for: Callable[[Job], Reporter]) -> None:
        self.settings = settings
        self.reporter_for = reporter_for
        self._pool = ThreadPoolExecutor(max_workers=settings.devbot_workers, thread_name_prefix="devbot-job")
        self._lock = threading.Lock()
        self._running: dict[str, tuple[Job, _Tracked, Future[None]]] = {}
        self._closed = False
        self._idle = threading.Condition(self._lock)

    def submit(self, job: Job) -> Job | None:
        """Start ``job``; if a job for its slug is running, start nothing and return that job."""
        with self._lock:
            if self._closed:
                raise RuntimeError("devbot is shutting down")
            busy = self._running.get(job.slug)
            if busy is not None:
                return busy[0]
            tracked = _Tracked(self.reporter_for(job))
            future = self._pool.submit(self._work, job, tracked)
            self._running[job.slug] = (job, tracked, future)
            return None

    def _work(self, job: Job, tracked: _Tracked) -> None:
        try:
            pipeline.run(job, self.settings, tracked)
            tracked.close()
        finally:
            with self._lock:
                self._running.pop(job.slug, None)
                self._idle.notify_all()

    def background(self, task: Callable[[], None]) -> None:
        """Run a short task (``list``) on the pool, off the ack path."""

        def guarded() -> None:
            try:
                task()
            except Exception:
                log.exception("background task failed")

        self._pool.submit(guarded)

    def running(self) -> list[Job]:
        """The jobs running now."""
        with self._lock:
            return [job for job, _, _ in self._running.values()]

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job runs (for tests and the demo); whether that happened in time."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._running, timeout=timeout)

    def shutdown(self, grace: float) -> None:
        """Stop taking jobs; give running ones ``grace`` seconds, then report them interrupted."""
        with self._lock:
            self._closed = True
        if not self.wait_idle(grace):
            with self._lock:
                left = list(self._running.values())
            for job, tracked, _ in left:
                log.warning("run %s interrupted by shutdown at %s", job.run_id, tracked.stage_reached)
                tracked.failed(job, slack_text.interrupted(tracked.stage_reached))
        self._pool.shutdown(wait=False, cancel_futures=True)
