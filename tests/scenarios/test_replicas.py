"""More than one devbot on one PostgreSQL: replicas that ack, ``devbot worker`` processes that run.

Each guarantee of the job queue is shown here against the real database, real git, the real app
behind waitress and the Slack stand-in, with workers as real processes killed or stopped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pydantic import SecretStr
from slack_sdk import WebClient

from bot.demo.slack_stub import SlackStub, slash_command
from bot.jobs.job import Job
from bot.jobs.postgres import runs
from bot.settings import Settings
from tests.scenarios.cluster import Cluster, queue_settings, wait_for
from tests.scenarios.conftest import SECRET, Remote, command, post
from tests.tcpproxy import Proxy

BRANCH = "dev-backend/pawgroom"


@pytest.fixture
def cluster(settings: Settings, postgres_url: str, tmp_path: Path) -> Iterator[Cluster]:
    built = Cluster(queue_settings(settings, postgres_url), tmp_path)
    yield built
    built.close()


def _replies(slack: SlackStub) -> list[str]:
    return [str(c.params["text"]) for c in slack.called("chat.postMessage") if c.params.get("thread_ts")]


def _parents(slack: SlackStub) -> list[str]:
    return [m.text for m in slack.messages]


def test_the_same_trigger_at_both_replicas_starts_one_job(cluster: Cluster, slack: SlackStub) -> None:
    """A Slack retry that lands on the other replica, at the same moment: one job, one conversation."""
    first, second = cluster.replica(), cluster.replica()
    body, headers = slash_command(
        SECRET, "pawgroom", trigger_id="T.same", response_url=slack.response_url("r")
    )
    answers: list[dict[str, Any]] = []

    def send(url: str) -> None:
        status, answer = post(url + "/slack/events", body, headers)
        assert status == 200
        answers.append(answer)

    threads = [threading.Thread(target=send, args=(r.url,)) for r in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted("On it" in a.get("text", "") for a in answers) == [False, True]
    cluster.worker()
    cluster.idle()
    assert len(cluster.runs()) == 1
    assert len(_parents(slack)) == 1
    (reply,) = _replies(slack)
    assert "Backend plan complete" in reply


def test_ten_commands_for_one_slug_start_one_job_naming_its_holder(
    cluster: Cluster, slack: SlackStub
) -> None:
    """Ten people at once, over both replicas: one job; the nine others are told who started it."""
    replicas = [cluster.replica(), cluster.replica()]
    answers: list[str] = []

    def send(number: int) -> None:
        url = replicas[number % 2].url
        status, answer = command(url, "pawgroom", slack, trigger_id=f"T.{number}", user_id=f"U{number}")
        assert status == 200
        answers.append(str(answer.get("text", "")))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    started = [a for a in answers if "On it" in a]
    busy = [a for a in answers if "already running" in a]
    assert len(started) == 1
    assert len(busy) == 9
    (run,) = cluster.runs()
    holder = Job.model_validate(run["job"])
    assert all(f"<@{holder.requester}>" in a for a in busy)
    assert all(holder.requested_at.strftime("%H:%M:%S") in a for a in busy)


def test_twenty_slugs_at_once_each_get_their_job(cluster: Cluster, slack: SlackStub) -> None:
    """Different slugs run in parallel across two workers; every one ends with its own reply."""
    replicas = [cluster.replica(), cluster.replica()]
    slugs = ["pawgroom", "recipebox", "teamtasks"] + [f"no-such-{n}" for n in range(17)]
    for number, slug in enumerate(slugs):
        status, answer = command(replicas[number % 2].url, slug, slack, trigger_id=f"T.{number}")
        assert status == 200
        assert "On it" in answer["text"], answer
    cluster.worker()
    cluster.worker()
    cluster.idle(120)
    assert len(cluster.runs()) == 20
    replies = _replies(slack)
    assert len(replies) == 20
    assert sum("Backend plan complete" in r for r in replies) == 3
    assert len({run["worker"] for run in cluster.runs()}) == 2, "both workers took jobs"


def test_a_worker_killed_mid_push_is_taken_over_and_the_branch_gets_one_commit(
    cluster: Cluster, slack: SlackStub, remote: Remote
) -> None:
    """SIGKILL to the worker that is pushing: its lease runs out, another worker runs the job again
    in the same thread, and the push's lease on the branch head keeps one clean commit."""
    remote.hook("pre-receive", "sleep 4\n")
    replica = cluster.replica()
    first = cluster.worker()
    _status, answer = command(replica.url, "pawgroom", slack, trigger_id="T.kill")
    assert "On it" in answer["text"]
    wait_for(lambda: any(run["stage"] == "PUSHING" for run in cluster.runs()), 60)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(10)
    remote.hook("pre-receive", "exit 0\n")
    cluster.worker()
    cluster.idle(60)
    (run,) = cluster.runs()
    assert run["attempts"] == 2
    assert run["outcome"] == "finished"
    assert len(_parents(slack)) == 1, "the re-run speaks in the same thread"
    assert _parents(slack)[0].splitlines()[-1].startswith("✅ done")
    (reply,) = _replies(slack)
    assert "Backend plan complete" in reply
    assert remote.git("rev-list", "--count", f"main..{BRANCH}") == "1"


def test_a_replica_stopped_right_after_acking_loses_nothing(cluster: Cluster, slack: SlackStub) -> None:
    """The ack is a promise: the job is in the database before it, so a deploy loses no command."""
    replica = cluster.replica()
    _status, answer = command(replica.url, "pawgroom", slack, trigger_id="T.deploy")
    assert "On it" in answer["text"]
    replica.stop()
    cluster.worker()
    cluster.idle()
    (reply,) = _replies(slack)
    assert "Backend plan complete" in reply


def test_sigterm_lets_a_worker_finish_its_job(cluster: Cluster, slack: SlackStub, remote: Remote) -> None:
    """A worker told to stop (a deploy: SIGTERM to its main process, as Docker, Kubernetes and
    systemd's ``KillMode=mixed`` send it) finishes the job it runs, then exits cleanly."""
    remote.hook("pre-receive", "sleep 2\n")
    replica = cluster.replica()
    worker = cluster.worker()
    command(replica.url, "pawgroom", slack, trigger_id="T.term")
    wait_for(lambda: any(run["stage"] == "PUSHING" for run in cluster.runs()), 60)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(60) == 0, cluster.log(0)
    (run,) = cluster.runs()
    assert run["state"] == "ended"
    assert run["attempts"] == 1
    (reply,) = _replies(slack)
    assert "Backend plan complete" in reply


def test_a_run_whose_worker_died_twice_is_reported_in_its_thread(cluster: Cluster, slack: SlackStub) -> None:
    """A worker that starts reconciles what it finds: a run lost twice is told, and its message ends."""
    job = Job(slug="pawgroom", channel="C0PRODUCT", requester="U0ALICE", trigger_id="T.lost")
    posted = WebClient(base_url=slack.url, token="xoxb-test-token").chat_postMessage(
        channel="C0PRODUCT", text="⏳ pushing"
    )
    with psycopg.connect(cluster.database_url, autocommit=True) as conn:
        runs.admit(conn, job, "gone-replica")
        runs.claim(conn, job.run_id, "gone-worker", 3)
        runs.progress(conn, job.run_id, "stage", "PUSHING")
        runs.progress(
            conn, job.run_id, "handle", {"channel": "C0PRODUCT", "ts": posted["ts"], "fallback": ""}
        )
        conn.execute(
            "UPDATE devbot_runs SET attempts = 2, lease_until = now() - interval '1 minute' "
            "WHERE run_id = %s",
            (job.run_id,),
        )
    cluster.worker()
    cluster.idle(30)
    (run,) = cluster.runs()
    assert run["outcome"] == "lost"
    (reply,) = _replies(slack)
    assert "stopped, twice" in reply
    assert "re-run is safe" in reply
    assert "failed" in slack.messages[0].text.lower() or "❌" in slack.messages[0].text


def test_the_database_away_health_is_503_and_commands_are_told_to_retry(
    cluster: Cluster, slack: SlackStub, postgres_url: str
) -> None:
    """Health checks fail while the database is away; a command gets a clear answer, never a 500."""
    info = psycopg.conninfo.conninfo_to_dict(postgres_url)
    proxy = Proxy((str(info.get("host") or "127.0.0.1"), int(info.get("port") or 5432))).start()
    through = psycopg.conninfo.make_conninfo(postgres_url, host="127.0.0.1", port=str(proxy.port))
    replica = cluster.replica(cluster.settings.model_copy(update={"devbot_database_url": SecretStr(through)}))
    assert _health(replica.url) == 200
    proxy.stop()
    try:
        assert _health(replica.url) == 503
        status, answer = command(replica.url, "pawgroom", slack, trigger_id="T.away")
        assert status == 200
        assert "Try again in a minute" in answer["text"]
    finally:
        proxy.start()
    wait_for(lambda: _health(replica.url) == 200, 10)
    status, answer = command(replica.url, "pawgroom", slack, trigger_id="T.back")
    assert "On it" in answer["text"]
    proxy.stop()


def _health(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def test_migrate_is_idempotent_and_workers_refuse_a_database_without_it(
    tmp_path: Path, postgres_admin: str
) -> None:
    """``devbot migrate`` twice is fine; ``worker`` on an empty database says what to run, in one line."""
    from tests import postgres

    with postgres.database(postgres_admin) as url:
        env = {**os.environ, "DEVBOT_DATABASE_URL": url, "DEVBOT_REPO_URL": "file:///nowhere"}
        refused = subprocess.run(
            [sys.executable, "-m", "bot.cli.main", "worker"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode == 2
        assert refused.stderr.strip().count("\n") == 0
        assert "devbot migrate" in refused.stderr
        for expected in ("Applied", "up to date"):
            done = subprocess.run(
                [sys.executable, "-m", "bot.cli.main", "migrate"],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            assert expected in done.stdout
        no_token = subprocess.run(
            [sys.executable, "-m", "bot.cli.main", "worker"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert no_token.returncode == 2
        assert "SLACK_BOT_TOKEN" in no_token.stderr
        assert no_token.stderr.strip().count("\n") == 0


def test_a_queued_run_whose_job_failed_is_queued_again(cluster: Cluster, slack: SlackStub) -> None:
    """A run left queued without a job to start it (its job failed on a database error before it
    claimed the run) does not hold its slug for ever: the reconciler queues it again."""
    job = Job(slug="pawgroom", channel="C0PRODUCT", requester="U0ALICE", trigger_id="T.orphan")
    with psycopg.connect(cluster.database_url, autocommit=True) as conn:
        runs.admit(conn, job, "replica")  # and no Procrastinate job
    cluster.worker()
    cluster.idle(30)
    (reply,) = _replies(slack)
    assert "Backend plan complete" in reply


def test_a_stopping_worker_hands_back_a_run_it_has_not_started(cluster: Cluster) -> None:
    """A run claimed by a worker whose job processes are already stopping goes back to the queue
    (its attempt not counted), for another worker."""
    from bot.jobs.postgres.worker import Worker

    worker = Worker(cluster.settings, 1)
    try:
        worker.runner.shutdown(1)
        job = Job(slug="pawgroom", trigger_id="T.handback")
        with psycopg.connect(cluster.database_url, autocommit=True) as conn:
            runs.admit(conn, job, "replica")
        worker.run(job.run_id)
        (run,) = cluster.runs()
        assert (run["state"], run["attempts"], run["worker"]) == ("queued", 0, "")
        with psycopg.connect(cluster.database_url) as conn:
            assert runs.orphans(conn, "devbot.run") == [], "a job was queued for it"
    finally:
        worker.close()
