"""Workers: different slugs run side by side, a dead worker is replaced, maintenance follows a job."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest

from bot.demo.slack_stub import SlackStub
from bot.jobs import pipeline
from bot.jobs.job import Job
from bot.jobs.runner import Runner
from bot.settings import Settings
from bot.slack import app as app_mod
from bot.slack import reporter as slack_reporter
from bot.slack.server import Service
from tests.scenarios.conftest import Remote, dispatch

CRASH = "crash-me"


def _recording(settings: Settings, job: Job, handle: dict[str, str]) -> slack_reporter.SlackReporter:
    """The Slack reporter, after noting which process runs the job; a worker given the slug
    ``crash-me`` dies on the spot, as one killed for lack of memory would."""
    if job.slug == CRASH and multiprocessing.parent_process() is not None:
        os._exit(3)
    with (settings.devbot_cache_dir / "ran.log").open("a") as log:
        log.write(f"{job.slug} {os.getpid()}\n")
    return slack_reporter.for_job(settings, job, handle)


def _slow_maintenance(settings: Settings) -> None:
    """The clone's maintenance, taking long enough to watch what happens meanwhile."""
    time.sleep(1.5)
    (settings.devbot_cache_dir / "maintained").touch()


def _service(
    settings: Settings, workers: int, maintenance: Callable[[Settings], None] = pipeline.tidy
) -> Service:
    settings = settings.model_copy(update={"devbot_workers": workers})
    settings.devbot_cache_dir.mkdir(parents=True, exist_ok=True)
    runner = Runner(settings, _recording, maintenance)
    return Service(settings, runner, app_mod.create(settings, runner, app_mod.web_client(settings)))


@pytest.fixture
def two_workers(settings: Settings) -> Iterator[Service]:
    built = _service(settings, 2)
    yield built
    built.queue.shutdown(10)


@pytest.fixture
def one_worker(settings: Settings) -> Iterator[Service]:
    built = _service(settings, 1)
    yield built
    built.queue.shutdown(10)


def _ran(settings: Settings) -> list[tuple[str, int]]:
    lines = (settings.devbot_cache_dir / "ran.log").read_text().splitlines()
    return [(slug, int(pid)) for slug, pid in (line.split() for line in lines)]


def test_different_slugs_run_at_once_on_different_workers(
    two_workers: Service, settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """Two slugs are served side by side, each by its own worker process."""
    remote.hook("pre-receive", "sleep 1\n")
    for slug in ("pawgroom", "recipebox"):
        assert dispatch(two_workers, slug, slack)[0] == 200
    assert {job.slug for job in two_workers.queue.running()} == {"pawgroom", "recipebox"}
    assert two_workers.queue.wait_idle(60)
    ran = _ran(settings)
    assert sorted(slug for slug, _ in ran) == ["pawgroom", "recipebox"]
    assert len({pid for _, pid in ran}) == 2
    assert remote.head("dev-backend/pawgroom")
    assert remote.head("dev-backend/recipebox")


def test_a_worker_that_dies_is_reported_and_replaced(
    one_worker: Service, settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """The user hears the job failed; the next command gets a new worker and succeeds."""
    assert dispatch(one_worker, CRASH, slack)[0] == 200
    assert one_worker.queue.wait_idle(60)
    (told,) = slack.posted_to("r1")  # the worker died before its channel message
    assert "devbot hit an unexpected error" in str(told["text"])

    assert dispatch(one_worker, "pawgroom", slack)[0] == 200
    assert one_worker.queue.wait_idle(60)
    assert remote.head("dev-backend/pawgroom")
    assert [slug for slug, _ in _ran(settings)] == [CRASH, "pawgroom"]  # the crash was told from the server


def test_a_rerun_right_after_the_reply_is_taken_while_the_worker_tidies(
    settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """The clone's maintenance follows a job on its worker, but the job is over for its slug."""
    service = _service(settings, 1, _slow_maintenance)
    try:
        assert dispatch(service, "pawgroom", slack)[0] == 200
        assert service.queue.wait_idle(60)
        assert not (settings.devbot_cache_dir / "maintained").exists()  # still tidying
        status, ack = dispatch(service, "pawgroom", slack)
        assert status == 200
        assert "On it" in ack["text"], ack
        assert service.queue.wait_idle(60)
        assert (settings.devbot_cache_dir / "maintained").exists()  # the one worker tidied first
        replies = [call for call in slack.called("chat.postMessage") if call.params.get("thread_ts")]
        assert len(replies) == 2
    finally:
        service.queue.shutdown(10)


def test_a_job_past_its_deadline_is_stopped_where_it_is_and_the_next_is_served(
    settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """A push stuck in the remote outlives no deadline: the worker and the git it runs are ended,
    the thread says where the job stopped, and the one worker's next job starts at once."""
    remote.hook("pre-receive", "sleep 31.25\n")  # a remote that never answers the push
    service = _service(settings.model_copy(update={"devbot_job_timeout": 3.0}), 1)
    try:
        began = time.monotonic()
        assert dispatch(service, "pawgroom", slack)[0] == 200
        assert service.queue.wait_idle(20)
        assert time.monotonic() - began < 3.0 + 8  # not the 31 s the remote would take
        (reply,) = [call for call in slack.called("chat.postMessage") if call.params.get("thread_ts")]
        told = str(reply.params["text"])
        assert "took longer than 3 s and was stopped while pushing" in told, told
        assert "may or may not have happened" in told
        assert "bug in devbot" not in told
        parent = slack.called("chat.update")[-1].params
        assert "❌ pushing" in str(parent["text"]), parent  # the stage it reached, marked failed
        stuck = subprocess.run(["pgrep", "-f", "sleep 31.25"], capture_output=True, text=True, check=False)
        assert stuck.stdout == "", "the push's git processes outlived the job"
        assert remote.head("dev-backend/pawgroom") is None

        remote.hook("pre-receive", "exit 0\n")
        began = time.monotonic()
        assert dispatch(service, "recipebox", slack)[0] == 200
        assert service.queue.wait_idle(30)
        assert remote.head("dev-backend/recipebox")
        assert time.monotonic() - began < 15
    finally:
        service.queue.shutdown(10)
