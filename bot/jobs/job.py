"""A job: a plain, serialisable description of one run, and what it produces.

A job carries everything a worker needs (no live objects), so a distributed queue can carry it
to another machine; progress leaves a job only through a ``Reporter``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from generators.generate import Digest, Review
from generators.model import DomainModel, Orm


def new_run_id() -> str:
    """A short id for a run, shown to users and written in the commit."""
    return uuid.uuid4().hex[:12]


class Job(BaseModel):
    """One request for a backend plan."""

    model_config = ConfigDict(frozen=True)

    run_id: str = Field(default_factory=new_run_id)
    slug: str
    dry_run: bool = False
    base: str | None = None
    orm: Orm | None = None
    requester: str = ""
    requester_name: str = ""
    channel: str = ""
    response_url: str = Field("", repr=False)  # a capability: kept out of repr and logs
    trigger_id: str = ""
    requested_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Stage(StrEnum):
    """The steps a user sees, in order."""

    FETCHING = "fetching the repository"
    READING = "reading the inputs"
    GENERATING = "generating the plan"
    VALIDATING = "validating the artifacts"
    COMMITTING = "committing"
    PUSHING = "pushing"


class Links(BaseModel):
    """Browse links of a run's branch, files and pull-request page."""

    model_config = ConfigDict(frozen=True)

    branch: str
    files: dict[str, str]
    pull_request: str


class PullRequestLink(BaseModel):
    """The pull (merge) request a run opened or updated."""

    model_config = ConfigDict(frozen=True)

    number: int
    title: str
    url: str
    opened: bool  # False: an open one was updated


class Outcome(BaseModel):
    """What a finished job did."""

    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    orm: Orm
    digest: Digest
    base: str
    branch: str
    commit: str | None
    changed: tuple[str, ...]
    dry_run: bool = False
    links: Links | None = None
    domain: DomainModel | None = None
    base_commit: str = ""
    review: Review | None = None
    pull_request: PullRequestLink | None = None
    pull_request_problem: str = ""  # why the pull request could not be opened, for the user

    @property
    def up_to_date(self) -> bool:
        """Nothing changed: no commit was made."""
        return not self.changed


class Failure(BaseModel):
    """Why a job failed, in words for the user, and the error id of a bug (logged with its trace)."""

    model_config = ConfigDict(frozen=True)

    message: str
    hint: str = ""
    error_id: str = ""
    suggestions: tuple[str, ...] = ()
    stage: Stage | None = None  # where the job stopped, when told by another process than the job's


class Reporter(Protocol):
    """Where a job's progress goes: Slack, a terminal, a test."""

    def started(self, job: Job) -> None:
        """The job began (before any git)."""

    def stage(self, job: Job, stage: Stage) -> None:
        """The job reached ``stage``."""

    def finished(self, job: Job, outcome: Outcome) -> None:
        """The job succeeded."""

    def failed(self, job: Job, failure: Failure) -> None:
        """The job failed; nothing was pushed."""

    def close(self) -> None:
        """Everything the reporter sends has left (called once, after the job's end)."""

    def handle(self) -> dict[str, str]:
        """What another reporter for the same job needs to continue the conversation."""

    def thread_link(self) -> str:
        """A link to the job's conversation (its Slack thread), or empty where there is none."""
