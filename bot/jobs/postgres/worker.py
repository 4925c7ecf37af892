"""``devbot worker``: runs the queued jobs of any replica, on any machine.

Procrastinate hands this process run ids; the run itself goes through the same ``Runner`` as the
embedded mode (worker processes at a lower priority, a real deadline per job). While a job runs,
its lease in ``devbot_runs`` is renewed every third of ``DEVBOT_LEASE_SECONDS``; its stage and the
handle of its Slack message are recorded as they change, so whichever worker speaks next speaks in
the same thread. A run whose lease ran out (its worker was killed, or lost the database) is run
once more by another worker; after that it is reported failed in its thread.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable

import psycopg
from psycopg_pool import PoolTimeout

from bot.jobs import pipeline
from bot.jobs.postgres import runs, tasks
from bot.jobs.postgres.queue import pool_for
from bot.jobs.runner import ReporterFactory, Runner
from bot.settings import Settings
from bot.slack import reporter as slack_reporter
from bot.slack import text as slack_text

log = logging.getLogger("devbot.worker")
ATTEMPTS = 2  # a run is started at most this often: once, and once more after its worker died


class Worker:
    """One ``devbot worker`` process: ``concurrency`` jobs at once."""

    def __init__(
        self,
        settings: Settings,
        concurrency: int,
        factory: ReporterFactory = slack_reporter.for_job,
        maintenance: Callable[[Settings], None] = pipeline.tidy,
    ) -> None:
        assert settings.devbot_database_url is not None  # its schema checked by ``devbot worker``
        self.settings = settings.model_copy(update={"devbot_workers": concurrency})
        self.concurrency = concurrency
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.lease = settings.devbot_lease_seconds
        self.factory = factory
        self._pool = pool_for(settings, concurrency + 3, "devbot-worker")
        self._deferring = tasks.deferring_app(self._pool)
        self.runner = Runner(self.settings, factory, maintenance)

    def run(self, run_id: str) -> None:
        """Run one queued run to its end (a Procrastinate task, on a thread of this process)."""
        with self._pool.connection() as conn:
            run = runs.claim(conn, run_id, self.name, self.lease)
        if run is None:
            log.info("run %s: not queued any more (ended, or taken by another worker)", run_id)
            return
        log.info("run %s: attempt %d for %s on %s", run_id, run.attempts, run.job.slug, self.name)
        stop = threading.Event()
        renewing = threading.Thread(target=self._renew, args=(run_id, stop), name="devbot-lease", daemon=True)
        renewing.start()
        handed_back = False
        try:
            self.runner.execute(run.job, run.handle, lambda kind, value: self._progress(run_id, kind, value))
        except RuntimeError:  # this worker is stopping and never started it: another one will
            handed_back = True
        finally:
            stop.set()
            renewing.join()
            with self._pool.connection() as conn, conn.transaction():
                if handed_back and runs.requeue(conn, run_id, worker=self.name):
                    tasks.enqueue(self._deferring, conn, run_id)
                elif not handed_back and not runs.end(conn, run_id, "finished", worker=self.name):
                    log.warning("run %s: its lease had passed to another worker before it ended", run_id)

    def _renew(self, run_id: str, stop: threading.Event) -> None:
        while not stop.wait(self.lease / 3):
            try:
                with self._pool.connection() as conn:
                    if not runs.renew(conn, run_id, self.name, self.lease):
                        log.warning("run %s: lease lost (the database thought this worker dead)", run_id)
                        return
            except (psycopg.Error, PoolTimeout) as err:  # the database is away: try at the next beat
                log.warning("run %s: could not renew its lease: %s", run_id, type(err).__name__)

    def _progress(self, run_id: str, kind: str, value: object) -> None:
        with self._pool.connection() as conn:
            runs.progress(conn, run_id, kind, value)

    def reconcile(self) -> None:
        """Re-queue the runs whose worker died (once), and report those that died twice; queue again
        the runs whose job failed before it started them."""
        lost: list[runs.Run] = []
        with self._pool.connection() as conn, conn.transaction():
            for run_id in runs.orphans(conn, tasks.RUN):
                log.warning("run %s: queued, but its job had failed: queueing it again", run_id)
                tasks.enqueue(self._deferring, conn, run_id)
            for run_id, run in runs.expired(conn):
                if run.attempts < ATTEMPTS:
                    log.warning("run %s: its worker %s stopped: running it again", run_id, run.worker)
                    runs.requeue(conn, run_id)
                    tasks.enqueue(self._deferring, conn, run_id)
                else:
                    log.warning("run %s: its worker %s stopped, again: giving up", run_id, run.worker)
                    runs.end(conn, run_id, "lost")
                    lost.append(run)
        for run in lost:  # told once the transaction holds: a run is never reported lost twice
            self._tell(run)

    def _tell(self, run: runs.Run) -> None:
        try:
            reporter = self.factory(self.settings, run.job, run.handle)
            reporter.failed(run.job, slack_text.lost(run.stage))
            reporter.close()
        except Exception:
            log.exception("run %s: could not report its failure", run.job.run_id)

    def serve(self) -> None:
        """Reconcile what earlier workers left, then run jobs until SIGTERM or SIGINT; the jobs
        running then are finished (their own deadline bounds the wait) before the process ends."""
        assert self.settings.devbot_database_url is not None
        self.reconcile()
        app = tasks.worker_app(self.settings.devbot_database_url.get_secret_value())
        log.info("devbot worker %s: %d jobs at once", self.name, self.concurrency)
        try:
            app.run_worker(
                queues=[tasks.QUEUE],
                name=self.name,
                concurrency=self.concurrency + 1,  # one more, for the reconciler
                additional_context={"devbot": self},
                shutdown_graceful_timeout=None,
                delete_jobs="successful",
                update_heartbeat_interval=self.lease / 3,
                stalled_worker_timeout=self.lease,
                install_signal_handlers=True,
            )
        finally:
            self.close()

    def close(self) -> None:
        self.runner.shutdown(grace=self.settings.devbot_job_timeout)
        self._deferring.close()
        self._pool.close()
