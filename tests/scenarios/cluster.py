"""Several devbots on one PostgreSQL: replicas (the real app behind waitress, in this process) and
``devbot worker`` processes (real ones, to be killed or stopped as a deploy or a crash would)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row
from pydantic import SecretStr

from bot.jobs.postgres import schema
from bot.settings import Settings
from bot.slack import server
from bot.slack.server import Service

LEASE = 3.0  # seconds: short, so that a dead worker's run is taken over within a test's patience


def queue_settings(settings: Settings, database_url: str) -> Settings:
    """``settings`` with the job queue in ``database_url`` (migrated here)."""
    schema.migrate(database_url)
    return settings.model_copy(
        update={"devbot_database_url": SecretStr(database_url), "devbot_lease_seconds": LEASE}
    )


@dataclass
class Replica:
    service: Service
    http: Any
    thread: threading.Thread
    stopped: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.effective_port}"

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        self.http.close()
        self.thread.join(5)
        self.service.queue.shutdown(5)


@dataclass
class Cluster:
    settings: Settings
    root: Path
    replicas: list[Replica] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def database_url(self) -> str:
        assert self.settings.devbot_database_url is not None
        return self.settings.devbot_database_url.get_secret_value()

    def replica(self, settings: Settings | None = None) -> Replica:
        service = server.build(settings or self.settings)
        http = server.http_server(service, "127.0.0.1", 0)
        thread = threading.Thread(target=server.run_until_closed, args=(http,), daemon=True)
        thread.start()
        replica = Replica(service, http, thread)
        self.replicas.append(replica)
        return replica

    def worker(self, concurrency: int = 2, **env: str) -> subprocess.Popen[bytes]:
        """A ``devbot worker`` process with a cache of its own (as on another machine), once ready."""
        number = len(self.workers)
        log = self.root / f"worker-{number}.log"
        settings = self.settings
        assert settings.slack_bot_token is not None
        environment = {
            **os.environ,
            "SLACK_BOT_TOKEN": settings.slack_bot_token.get_secret_value(),
            "SLACK_API_URL": settings.slack_api_url,
            "DEVBOT_REPO_URL": settings.devbot_repo_url,
            "DEVBOT_WEB_URL": settings.devbot_web_url,
            "DEVBOT_CACHE_DIR": str(self.root / f"cache-{number}"),
            "DEVBOT_DATABASE_URL": self.database_url,
            "DEVBOT_LEASE_SECONDS": str(settings.devbot_lease_seconds),
            "DEVBOT_NODE_CHECKS": "false",
            "DEVBOT_JOB_TIMEOUT": str(settings.devbot_job_timeout),
            "DEVBOT_GIT_TIMEOUT": str(settings.devbot_git_timeout),
            **env,
        }
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli.main", "worker", "--concurrency", str(concurrency)],
                env=environment, stdout=subprocess.DEVNULL, stderr=out, start_new_session=True,
            )  # fmt: skip
        self.workers.append(process)
        wait_for(lambda: b"jobs at once" in log.read_bytes() or process.poll() is not None, 60)
        assert process.poll() is None, log.read_text()
        return process

    def log(self, number: int) -> str:
        return (self.root / f"worker-{number}.log").read_text()

    def runs(self) -> list[dict[str, Any]]:
        with psycopg.connect(self.database_url, row_factory=dict_row) as conn:
            return conn.execute("SELECT * FROM devbot_runs ORDER BY requested_at").fetchall()

    def idle(self, timeout: float = 90) -> None:
        """Wait until every run has ended."""
        try:
            wait_for(lambda: all(run["state"] == "ended" for run in self.runs()), timeout)
        except AssertionError:
            logs = "\n".join(self.log(n)[-3000:] for n in range(len(self.workers)))
            raise AssertionError(f"runs not ended within {timeout:g} s: {self.runs()}\n{logs}") from None

    def close(self) -> None:
        for replica in self.replicas:
            replica.stop()
        for process in self.workers:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    """Poll ``condition`` until it holds; fail the test if it does not within ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout:g} s")
        time.sleep(0.05)
