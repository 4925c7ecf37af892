"""One contract for both job queues, the embedded runner and PostgreSQL's: the Bolt app sees only it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.jobs.job import Job
from bot.jobs.queue import Admitted, JobQueue
from bot.jobs.runner import Runner
from bot.settings import Settings
from bot.slack import reporter as slack_reporter
from bot.slack.server import job_queue
from tests.scenarios.cluster import Cluster, queue_settings


@pytest.fixture(params=["embedded", "postgres"])
def queue(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Iterator[JobQueue]:
    if request.param == "embedded":
        built: JobQueue = Runner(settings, slack_reporter.for_job)
        yield built
        built.shutdown(10)
        return
    url = request.getfixturevalue("postgres_url")
    cluster = Cluster(queue_settings(settings, url), tmp_path)
    built = job_queue(cluster.settings)
    cluster.worker()
    yield built
    built.shutdown(10)
    cluster.close()


def _job(slug: str, trigger: str, who: str = "U0ALICE") -> Job:
    return Job(slug=slug, trigger_id=trigger, channel="C0PRODUCT", requester=who, requester_name=who.lower())


def test_a_trigger_starts_one_job(queue: JobQueue) -> None:
    assert queue.submit(_job("pawgroom", "T.1")).status is Admitted.STARTED
    again = queue.submit(_job("pawgroom", "T.1"))  # a retry: a new run id, the same trigger
    assert again.status is Admitted.DUPLICATE
    assert again.holder is None
    assert queue.wait_idle(90)


def test_one_job_per_slug_and_the_second_is_told_who_holds_it(queue: JobQueue) -> None:
    first = _job("pawgroom", "T.1", "U0ALICE")
    assert queue.submit(first).status is Admitted.STARTED
    second = queue.submit(_job("pawgroom", "T.2", "U0BOB"))
    assert second.status is Admitted.BUSY
    assert second.holder is not None
    assert (second.holder.run_id, second.holder.requester) == (first.run_id, "U0ALICE")
    assert second.holder.requested_at == first.requested_at
    assert queue.wait_idle(90)
    assert queue.submit(_job("pawgroom", "T.3")).status is Admitted.STARTED, "the slug is free again"
    assert queue.wait_idle(90)


def test_different_slugs_run_side_by_side(queue: JobQueue) -> None:
    slugs = ["pawgroom", "recipebox", "teamtasks"]
    assert all(queue.submit(_job(slug, f"T.{slug}")).status is Admitted.STARTED for slug in slugs)
    assert {job.slug for job in queue.running()} <= set(slugs)
    assert queue.healthy()
    assert queue.wait_idle(90)
    assert queue.running() == []
