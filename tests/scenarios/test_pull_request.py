"""`/dev-backend` with a forge token: the real app and runner, real git, the Slack and forge stand-ins."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from bot.cli.terminal import TerminalReporter
from bot.demo.forge_stub import ForgeStub
from bot.demo.slack_stub import SlackStub
from bot.jobs import pipeline
from bot.jobs.job import Job
from bot.settings import Settings
from bot.slack import server
from bot.slack.server import Service
from tests.scenarios.conftest import Remote, dispatch

BRANCH = "dev-backend/pawgroom"
TOKEN = "ghp_scenarioSecretToken0123456789abcdef"
PRD = "workspaces/pawgroom/product/prd/prd.md"


@pytest.fixture
def forge() -> Iterator[ForgeStub]:
    """A GitHub-compatible stand-in for acme/mvps."""
    with ForgeStub("github", token=TOKEN) as stub:
        yield stub
    assert stub.unexpected == []


@pytest.fixture
def forge_settings(settings: Settings, forge: ForgeStub) -> Settings:
    """The scenario settings with a forge token (GitHub told by DEVBOT_WEB_URL's host)."""
    return Settings(
        **{
            **settings.model_dump(),
            "devbot_forge_token": SecretStr(TOKEN),
            "devbot_forge_api_url": forge.url,
        }
    )


@pytest.fixture
def forge_service(forge_settings: Settings) -> Iterator[Service]:
    """The real app and runner, with the forge token."""
    built = server.build(forge_settings)
    yield built
    built.queue.shutdown(10)


def thread_replies(slack: SlackStub) -> list[str]:
    return [
        str(c.params.get("text", "")) for c in slack.called("chat.postMessage") if c.params.get("thread_ts")
    ]


def test_the_thread_links_the_draft_and_a_rerun_updates_it(
    forge_service: Service, slack: SlackStub, forge: ForgeStub, remote: Remote
) -> None:
    """One draft per branch, linked from the thread with its number and title; updated on a re-run."""
    dispatch(forge_service, "pawgroom", slack)
    assert forge_service.queue.wait_idle(60)
    (pull,) = forge.pulls
    assert pull.draft
    assert (pull.head, pull.base) == (BRANCH, "main")
    (reply,) = thread_replies(slack)
    assert (
        f"Opened a draft pull request: <https://github.com/acme/mvps/pull/{pull.number}|#{pull.number} "
        in reply
    )
    assert "compare/" not in reply
    permalink = f"https://devbot-demo.slack.com/archives/C0PRODUCT/p{slack.messages[0].ts.replace('.', '')}"
    assert f"[Slack]({permalink})" in pull.body
    assert "alice" in pull.body
    assert "PawGroom" in pull.body
    assert "stories are served by an endpoint" in pull.body

    prd = remote.show("main", PRD)
    remote.commit_file("main", PRD, prd + "\nAs an admin, I want to ban a user.\n")
    dispatch(forge_service, "pawgroom", slack)
    assert forge_service.queue.wait_idle(60)
    assert len(forge.pulls) == 1
    assert pull.edits == 1
    assert "Updated the pull request" in thread_replies(slack)[-1]
    assert remote.head(BRANCH) is not None


def test_a_failing_forge_leaves_the_job_done(
    forge_service: Service, slack: SlackStub, forge: ForgeStub, remote: Remote
) -> None:
    """A 503 from the forge: the branch is pushed, the reply says why and gives the compare link."""
    forge.fail(503)
    dispatch(forge_service, "pawgroom", slack)
    assert forge_service.queue.wait_idle(60)
    assert remote.head(BRANCH) is not None
    (reply,) = thread_replies(slack)
    assert "⚠️ The pull request could not be opened: the forge failed (HTTP 503)." in reply
    assert "compare/main...dev-backend/pawgroom" in reply
    assert "✅ done" in slack.messages[0].text
    assert forge.pulls == []


def test_the_token_is_nowhere(
    forge_settings: Settings,
    slack: SlackStub,
    forge: ForgeStub,
    remote: Remote,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The token is in the forge's Authorization header only: not in logs, output, commits or files."""
    out, err = io.StringIO(), io.StringIO()
    with caplog.at_level(logging.DEBUG):
        done = pipeline.run(
            Job(slug="pawgroom", requester_name="alice"), forge_settings, TerminalReporter(out, err)
        )
    assert done is not None
    assert done.pull_request is not None
    assert "Opened draft pull request #1" in out.getvalue()
    assert all(request.headers["authorization"] == f"Bearer {TOKEN}" for request in forge.requests)
    history = remote.git("log", "-p", "--all")
    for where in (
        caplog.text,
        out.getvalue(),
        err.getvalue(),
        history,
        forge.pulls[0].body,
        forge.pulls[0].title,
    ):
        assert TOKEN not in where
    assert all(TOKEN not in str(call.params) for call in slack.calls)
