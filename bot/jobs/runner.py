"""Jobs on a pool of worker processes: one job per slug at a time, different slugs in parallel.

Workers are separate processes (forked from a preloaded server, at a lower CPU priority), so a
job's CPU never delays an ack, and a job is exactly what a distributed queue would carry: a
plain ``Job``, the ``Settings`` and a reporter factory, all picklable. Progress reaches the
user straight from the worker; the worker also tells the server how far each job got, which
is what a shutdown needs to report the jobs it interrupts.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.jobs import pipeline
from bot.jobs.job import Failure, Job, Outcome, Reporter, Stage
from bot.jobs.queue import Admission, Admitted, Replays, guarded
from bot.redact import log_to_stderr
from bot.settings import Settings
from bot.slack import text as slack_text
from generators.generate import Generator

log = logging.getLogger("devbot.runner")
WORKER_NICENESS = 19
KILL_GRACE = 1.0  # seconds past the deadline a job has to stop itself between stages, before its worker ends
_PRELOAD = ["bot.jobs.pipeline", "bot.slack.reporter", "generators.generate", "generators.emit.render"]


class ReporterFactory(Protocol):
    """Builds a job's reporter in whichever process runs it (must be a picklable function).

    ``handle`` is what ``Reporter.handle()`` returned earlier for the same job (empty at first),
    so a reporter made elsewhere can speak in the same Slack thread.
    """

    def __call__(self, settings: Settings, job: Job, handle: dict[str, str]) -> Reporter: ...


_events: Any = None
_generator: Generator | None = None  # the worker process's, kept across its jobs
_WARM_UP = {
    "config.json": b'{"name": "Warm-up"}',
    "product/prd/prd.md": b"# Warm-up\n\n- As a member, I want to create a note, so I remember.\n",
    "code/architecture/architecture.md": (
        b"# Arch\n\n```mermaid\nerDiagram\n  USER ||--o{ NOTE : writes\n"
        b'  NOTE {\n    uuid id PK\n    string title\n    string state "open | done"\n  }\n```\n'
    ),
}


def _init_worker(events: Any, settings: Settings) -> None:
    """In each worker: logging, lower priority, the event queue, and the libraries' first-use costs
    (lemminflect's dictionaries, the OpenAPI meta-schemas) paid before any job, not by the first."""
    global _events, _generator
    _events = events
    _generator = Generator(node_checks=settings.devbot_node_checks, node_modules=settings.devbot_node_modules)
    log_to_stderr(settings.secrets)  # a worker starts with no handlers
    os.nice(WORKER_NICENESS)
    # Its own process group, so that ending it at a job's deadline ends the git it runs too.
    os.setpgid(0, 0)
    threading.Thread(target=_end_with_server, name="devbot-server-watch", daemon=True).start()
    _generator.generate("warm-up", _WARM_UP)  # first-use costs paid before any job


def _end_with_server() -> None:
    """In a worker: end it, and the git it runs, as soon as the server process is gone (however it
    ended: a SIGKILL too), instead of living on under a supervisor that starts a new server."""
    server = multiprocessing.parent_process()
    if server is None:
        return
    server.join()  # returns when the server's end of the pipe it started this worker with closes
    os.killpg(os.getpid(), signal.SIGKILL)


@dataclass
class _Forwarding:
    """A worker's reporter that also tells the server how far its job got."""

    inner: Reporter
    run_id: str
    told: dict[str, str] = field(default_factory=dict)

    def _tell_handle(self) -> None:
        # The channel message is posted while the job runs: its handle is told once known.
        handle = self.inner.handle()
        if handle != self.told:
            self.told = handle
            _events.put(("handle", self.run_id, handle))

    def started(self, job: Job) -> None:
        self.inner.started(job)
        self._tell_handle()
        # The channel message is posted while the job goes on: its handle is told as soon as it is
        # known, so that a job ended at its deadline in a long first stage is told in its thread.
        threading.Thread(target=self._tell_handle_once_posted, name="devbot-handle", daemon=True).start()

    def _tell_handle_once_posted(self, limit: float = 10.0) -> None:
        waited = 0.0
        while waited < limit:
            handle = self.inner.handle()
            if handle.get("ts") or handle.get("fallback"):
                break
            time.sleep(0.05)
            waited += 0.05
        self._tell_handle()

    def stage(self, job: Job, stage: Stage) -> None:
        _events.put(("stage", self.run_id, stage.name))
        self._tell_handle()
        self.inner.stage(job, stage)

    def finished(self, job: Job, outcome: Outcome) -> None:
        self.inner.finished(job, outcome)

    def failed(self, job: Job, failure: Failure) -> None:
        self.inner.failed(job, failure)

    def close(self) -> None:
        self.inner.close()

    def handle(self) -> dict[str, str]:
        return self.inner.handle()

    def thread_link(self) -> str:
        return self.inner.thread_link()


def _work(job: Job, settings: Settings, factory: ReporterFactory, handle: dict[str, str]) -> None:
    """One job, in a worker process (``handle``: its conversation so far, when it is a re-run)."""
    _events.put(("pid", job.run_id, os.getpid()))  # what the server ends at the job's deadline
    reporter = _Forwarding(factory(settings, job, handle), job.run_id, dict(handle))
    try:
        pipeline.run(job, settings, reporter, _generator)
    finally:
        reporter.close()


Watch = Callable[[str, Any], None]


@dataclass
class _Running:
    job: Job
    lane: int | None = None  # None while the job waits for a free worker
    stage: Stage | None = None
    handle: dict[str, str] = field(default_factory=dict)
    pid: int | None = None  # the worker process that took it
    deadline: threading.Timer | None = None
    expired: bool = False  # its worker was ended at the deadline
    watch: Watch | None = None  # told of each stage and handle (the database's copy, in a worker)
    ended: threading.Event = field(default_factory=threading.Event)


class Runner:
    """Runs jobs after the ack: the embedded job queue, and the executor of ``devbot worker``.

    Each worker is a pool of one process (a lane), so a worker that dies (killed, out of
    memory) breaks only its own job and is replaced. A job goes to any free worker; jobs that
    find every worker busy wait in order. After each job its worker runs ``maintenance`` (the
    clone's repack, a picklable function): the job is over for its user and its slug by then,
    and the worker takes no other job until it is done.

    A job still running at its deadline (``DEVBOT_JOB_TIMEOUT``, counted from when a worker took
    it) has its worker's process group ended, the git it runs included; the user is told where
    it stopped, and a new worker takes the lane at once.
    """

    def __init__(
        self,
        settings: Settings,
        reporter_factory: ReporterFactory,
        maintenance: Callable[[Settings], None] = pipeline.tidy,
    ) -> None:
        self.settings = settings
        self.factory = reporter_factory
        self.maintenance = maintenance
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        self._events: Any = context.Queue()
        self._context = context
        self._lanes = [self._new_lane() for _ in range(settings.devbot_workers)]
        self._free = list(range(len(self._lanes)))  # the longest free first
        self._waiting: deque[_Running] = deque()
        self._chores = ThreadPoolExecutor(max_workers=2, thread_name_prefix="devbot-chore")
        self._lock = threading.RLock()  # a done callback may run inside ``submit``
        self._idle = threading.Condition(self._lock)
        self._running: dict[str, _Running] = {}
        self._replays = Replays()
        self._closed = False
        self._halted = False
        self._stopped = False
        self._listener = threading.Thread(target=self._listen, name="devbot-events", daemon=True)
        self._listener.start()
        for lane in self._lanes:
            lane.submit(os.getpid)  # start the workers now, not on the first command

    def _new_lane(self) -> ProcessPoolExecutor:
        initializer = functools.partial(_init_worker, self._events, self.settings)
        return ProcessPoolExecutor(max_workers=1, mp_context=self._context, initializer=initializer)

    def _listen(self) -> None:
        while True:
            try:
                kind, run_id, value = self._events.get()
            except (EOFError, OSError, ValueError):
                return
            if kind == "stop":
                return
            with self._lock:
                running = next((r for r in self._running.values() if r.job.run_id == run_id), None)
                if running is None:
                    continue
                if kind == "pid":
                    running.pid = int(value)
                elif kind == "stage":
                    running.stage = Stage[value]
                elif kind == "handle":
                    running.handle = dict(value)
                watch = running.watch
            if watch is not None and kind in ("stage", "handle"):
                try:
                    watch(kind, value)
                except Exception:
                    log.exception("run %s: could not record its progress", run_id)

    def submit(self, job: Job) -> Admission:
        """Start ``job``, unless its trigger was seen already or a job for its slug is running."""
        if not self._replays.first_time(job.trigger_id):
            return Admission(status=Admitted.DUPLICATE)
        with self._lock:
            if self._closed:
                raise RuntimeError("devbot is shutting down")
            busy = self._running.get(job.slug)
            if busy is not None:
                return Admission(status=Admitted.BUSY, holder=busy.job)
            self._admit(_Running(job=job))
        return Admission(status=Admitted.STARTED)

    def _admit(self, running: _Running) -> None:
        """Start ``running`` on a free worker, or queue it (the lock is held)."""
        self._running[running.job.slug] = running
        if self._free:
            self._start(running)
        else:
            self._waiting.append(running)

    def execute(self, job: Job, handle: dict[str, str], watch: Watch) -> None:
        """Run ``job`` and return when it has ended (for ``devbot worker``, whose queue already
        holds the slug's lease); ``handle`` continues an earlier attempt's conversation, and
        ``watch`` is told each stage and handle as the job reaches them."""
        running = _Running(job=job, handle=dict(handle), watch=watch)
        with self._idle:
            # The lease is the database's; a twin of an expired lease may still end here first.
            self._idle.wait_for(lambda: self._closed or job.slug not in self._running)
            if self._closed:
                raise RuntimeError("devbot is shutting down")
            self._admit(running)
        running.ended.wait()

    def healthy(self) -> bool:
        """Whether a job submitted now would be taken."""
        return not self._closed

    def _start(self, running: _Running) -> None:
        """Send ``running`` to the longest free worker (the lock is held)."""
        lane = self._free.pop(0)
        running.lane = lane
        try:
            future = self._lanes[lane].submit(_work, *self._work_args(running))
        except BrokenProcessPool:
            # Its process died (killed, out of memory) while it was idle: a new worker.
            self._replace(lane)
            future = self._lanes[lane].submit(_work, *self._work_args(running))
        self._arm(running, self.settings.devbot_job_timeout + KILL_GRACE)
        future.add_done_callback(lambda done: self._done(running, done))

    def _work_args(self, running: _Running) -> tuple[Job, Settings, ReporterFactory, dict[str, str]]:
        return running.job, self.settings, self.factory, running.handle

    def _arm(self, running: _Running, seconds: float) -> None:
        running.deadline = threading.Timer(seconds, self._expire, (running,))
        running.deadline.daemon = True
        running.deadline.start()

    def _expire(self, running: _Running) -> None:
        """The job's deadline passed: end its worker (its process group)."""
        with self._lock:
            if self._running.get(running.job.slug) is not running or self._halted:
                return  # over already, or a shutdown is ending it
            if running.pid is None:  # its worker has not taken it yet (still starting): look again soon
                self._arm(running, 0.5)
                return
            running.expired = True
            pid = running.pid
        log.warning(
            "run %s: still running after %g s at %s: ending its worker",
            running.job.run_id,
            self.settings.devbot_job_timeout,
            running.stage,
        )
        _end(pid)

    def _done(self, running: _Running, future: Future[None]) -> None:
        job = running.job
        if running.deadline is not None:
            running.deadline.cancel()
        error = None if future.cancelled() or self._closed else future.exception()
        # Told before the job counts as over, so ``wait_idle`` covers it.
        if error is not None and running.expired:
            self._tell(running, slack_text.timed_out(running.stage, self.settings.devbot_job_timeout))
        elif error is not None:
            log.error("run %s: the worker stopped: %r", job.run_id, error)
            self._tell(running, Failure(message="devbot hit an unexpected error", error_id=job.run_id))
        with self._lock:
            if self._running.get(job.slug) is running:
                del self._running[job.slug]
            if running.lane is not None:
                self._maintain(running.lane)
            running.ended.set()
            self._idle.notify_all()

    def _maintain(self, lane: int) -> None:
        """Run the maintenance on ``lane``, then free it (the lock is held)."""
        if self._halted:
            return
        try:
            follow_up = self._lanes[lane].submit(self.maintenance, self.settings)
        except BrokenProcessPool:  # its worker died or was ended: a new one, started now
            self._replace(lane)
            self._release(lane)
            return
        except RuntimeError:  # shut down
            self._release(lane)
            return
        follow_up.add_done_callback(lambda done: self._release(lane, done))

    def _replace(self, lane: int) -> None:
        """A new worker for ``lane``, started now (the lock is held)."""
        log.warning("worker %d had stopped: starting a new one", lane)
        broken = self._lanes[lane]
        self._lanes[lane] = self._new_lane()
        self._lanes[lane].submit(os.getpid)
        broken.shutdown(wait=False)

    def _release(self, lane: int, done: Future[None] | None = None) -> None:
        if done is not None and not done.cancelled() and done.exception() is not None:
            log.warning("maintenance after a job failed: %r", done.exception())
        with self._lock:
            if self._halted:
                return
            self._free.append(lane)
            if self._waiting:
                self._start(self._waiting.popleft())

    def _tell(self, running: _Running, failure: Failure) -> None:
        try:
            reporter = self.factory(self.settings, running.job, running.handle)
            reporter.failed(running.job, failure)
            reporter.close()
        except Exception:
            log.exception("run %s: could not report the failure", running.job.run_id)

    def background(self, task: Callable[[], None]) -> None:
        """Run a short I/O task (``list``) off the ack path, in the server process."""
        self._chores.submit(guarded(task, log))

    def running(self) -> list[Job]:
        """The jobs running now."""
        with self._lock:
            return [running.job for running in self._running.values()]

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job runs (for tests and the demo; a worker may still be tidying the clone
        after its last job, which ``shutdown`` waits for); whether that happened in time."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._running, timeout=timeout)

    def shutdown(self, grace: float) -> None:
        """Stop taking jobs; give running ones ``grace`` seconds, then stop them and say so (once)."""
        with self._lock:
            if self._stopped:
                return
            self._closed = self._stopped = True
            self._idle.notify_all()  # a worker's ``execute`` waiting for its slug gives up
        if not self.wait_idle(grace):
            with self._lock:
                self._halted = True  # no waiting job starts on a worker about to end
                left = list(self._running.values())
            for running in left:
                if running.deadline is not None:
                    running.deadline.cancel()
                if running.pid is not None:  # ProcessPoolExecutor cannot stop a task: end its worker
                    _end(running.pid)
            for running in left:
                log.warning("run %s interrupted by shutdown at %s", running.job.run_id, running.stage)
                self._tell(running, slack_text.interrupted(running.stage))
                running.ended.set()
        # Workers are idle or terminated by now, so waiting for them is short.
        for lane in self._lanes:
            lane.shutdown(wait=True, cancel_futures=True)
        self._chores.shutdown(wait=True, cancel_futures=True)
        self._events.put(("stop", "", None))
        self._listener.join(5)
        with contextlib.suppress(Exception):
            self._events.close()
            self._events.join_thread()


def _end(pid: int) -> None:
    """End a worker and everything it started (its process group), if it still runs."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
