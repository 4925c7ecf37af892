"""The conversation's edges: allow-lists, replays, rate limits, hostile names, shutdown, Socket Mode."""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from slack_bolt.request import BoltRequest

from bot.cli.terminal import TerminalReporter
from bot.demo.slack_stub import Call, SlackStub, slash_command
from bot.jobs import pipeline
from bot.jobs.job import Job
from bot.settings import Settings
from bot.slack import server
from bot.slack.server import Service
from tests.scenarios.conftest import SECRET, Remote, dispatch


@pytest.fixture
def guarded(settings: Settings) -> Iterator[Service]:
    """A devbot that serves one channel and two users."""
    built = server.build(
        settings.model_copy(
            update={
                "devbot_allowed_channels": frozenset({"C0PRODUCT"}),
                "devbot_allowed_users": frozenset({"U0ALICE", "U0BOB"}),
            }
        )
    )
    yield built
    built.queue.shutdown(10)


def test_allow_lists_refuse_others_ephemerally(guarded: Service, slack: SlackStub) -> None:
    """Another channel or another user gets an ephemeral refusal and no job."""
    _, channel = dispatch(guarded, "pawgroom", slack, channel_id="C0RANDOM")
    _, user = dispatch(guarded, "pawgroom", slack, user_id="U0MALLORY")
    assert channel["response_type"] == "ephemeral"
    assert "not enabled in this channel" in channel["text"]
    assert "not on the list" in user["text"]
    assert guarded.queue.running() == []
    assert slack.called("chat.postMessage") == []


def test_replayed_trigger_starts_no_second_job(service: Service, slack: SlackStub, remote: Remote) -> None:
    """The same signed request sent twice (same trigger_id) gives one job."""
    dispatch(service, "pawgroom", slack, trigger_id="1234.5678.abc")
    assert service.queue.wait_idle(60)
    dispatch(service, "pawgroom", slack, trigger_id="1234.5678.abc")
    assert service.queue.wait_idle(60)
    parents = [c for c in slack.called("chat.postMessage") if not c.params.get("thread_ts")]
    assert len(parents) == 1


def test_rate_limits_are_waited_out_and_nothing_is_posted_twice(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """429 with Retry-After on the first post and an update: retried after the wait, posted once."""
    slack.rate_limit("chat.postMessage", retry_after=1)
    slack.rate_limit("chat.update", retry_after=1)
    dispatch(service, "recipebox", slack)
    assert service.queue.wait_idle(60)
    assert len(slack.messages) == 1
    assert len(slack.messages[0].thread) == 1
    assert slack.messages[0].text.endswith("✅ done: see the thread.")
    assert remote.head("dev-backend/recipebox") is not None


def test_a_thread_reply_refused_past_the_retries_is_not_announced_in_the_channel(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """Slack rate-limits the thread reply past the client's retries: the result reaches the requester
    alone, and the channel message says so instead of pointing at an empty thread."""

    def limit_the_reply(call: Call) -> None:
        if call.method == "chat.postMessage" and call.params.get("thread_ts") and not limited:
            limited.append(True)
            slack.rate_limit("chat.postMessage", retry_after=1, times=3)  # the reply and its 2 retries

    limited: list[bool] = []
    slack.on_call(limit_the_reply)
    dispatch(service, "recipebox", slack, response_name="alice")
    assert service.queue.wait_idle(60)
    assert slack.messages[0].thread == []
    assert "Backend plan complete" in slack.posted_to("alice")[-1]["text"]
    assert slack.messages[0].text.endswith(
        "Slack refused the thread reply, so the result went to <@U0ALICE> alone."
    )


def test_a_channel_message_posted_late_does_not_point_at_an_empty_thread(
    settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """Slack rate-limits the channel message for longer than the job takes: the result goes to the
    channel through the response_url, and the message, once posted, says where the result is."""
    service = server.build(settings.model_copy(update={"devbot_slack_timeout": 1}))
    try:
        slack.rate_limit("chat.postMessage", retry_after=4)
        dispatch(service, "recipebox", slack, response_name="late")
        assert service.queue.wait_idle(60)
    finally:
        service.queue.shutdown(10)
    assert "Backend plan complete" in slack.posted_to("late")[-1]["text"]
    assert slack.posted_to("late")[-1]["response_type"] == "in_channel"
    (message,) = slack.messages
    assert message.thread == []
    assert message.text.endswith("the result is in the channel, before it.")


def test_names_from_the_repository_are_escaped(service: Service, slack: SlackStub, remote: Remote) -> None:
    """A config name with mention and link syntax reaches Slack as plain text."""
    config = json.loads(remote.show("main", "workspaces/recipebox/config.json"))
    config["name"] = "<!channel> Recipes & <https://evil.example|Approve>"
    remote.commit_file("main", "workspaces/recipebox/config.json", json.dumps(config, indent=2))
    dispatch(service, "recipebox", slack)
    assert service.queue.wait_idle(60)
    sent = [str(c.params.get("text")) for c in slack.calls if c.method.startswith("chat.")]
    assert any("&lt;!channel&gt; Recipes &amp; &lt;https://evil.example|Approve&gt;" in text for text in sent)
    assert not any("<!channel>" in text or "<https://evil" in text for text in sent)
    for call in slack.called("chat.postMessage"):
        assert "link_names" not in call.params
        assert call.params.get("parse") != "full"


def test_shutdown_during_a_job_reports_it_interrupted(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """A shutdown mid-job tells the user in the thread; the job's later end is not reported twice."""
    remote.hook("pre-receive", "sleep 3\n")
    dispatch(service, "pawgroom", slack)
    deadline = time.monotonic() + 20
    while not any("⏳ pushing" in str(c.params.get("text")) for c in slack.called("chat.update")):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    service.queue.shutdown(0.2)
    replies = slack.messages[0].thread
    assert len(replies) == 1
    assert "devbot was restarted while this plan was being made" in replies[0]
    assert "a re-run is safe" in replies[0]
    time.sleep(3.5)
    assert len(slack.messages[0].thread) == 1


def test_socket_mode_needs_no_signing_secret_and_runs_the_same_listener(
    settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """With an app token the app is built for Socket Mode; a socket-mode request runs the job."""
    socket_settings = settings.model_copy(
        update={"slack_app_token": SecretStr("xapp-test"), "slack_signing_secret": None}
    )
    assert socket_settings.socket_mode
    service = server.build(socket_settings)
    try:
        body, _ = slash_command(SECRET, "pawgroom", response_url=slack.response_url("s"))
        response = service.bolt.dispatch(BoltRequest(body=body.decode(), mode="socket_mode"))
        assert response.status == 200
        assert service.queue.wait_idle(60)
        assert remote.head("dev-backend/pawgroom") is not None
    finally:
        service.queue.shutdown(5)


def test_missing_settings_are_named(settings: Settings) -> None:
    """serve refuses to start without a repository, a bot token or a way to verify requests."""
    with pytest.raises(Exception, match="DEVBOT_REPO_URL"):
        server.build(settings.model_copy(update={"devbot_repo_url": ""}))
    with pytest.raises(Exception, match="SLACK_BOT_TOKEN"):
        server.build(settings.model_copy(update={"slack_bot_token": None}))
    with pytest.raises(Exception, match="SLACK_SIGNING_SECRET"):
        server.build(settings.model_copy(update={"slack_signing_secret": None}))


def test_each_job_ends_with_one_log_line_of_its_stage_times(
    settings: Settings, remote: Remote, caplog: pytest.LogCaptureFixture
) -> None:
    """What an operator reads to see where a job's time went."""
    caplog.set_level(logging.INFO, logger="devbot.pipeline")
    outcome = pipeline.run(Job(slug="pawgroom"), settings, TerminalReporter(io.StringIO(), io.StringIO()))
    assert outcome is not None
    assert outcome.commit is not None
    (line,) = [r.getMessage() for r in caplog.records if r.name == "devbot.pipeline"]
    assert re.fullmatch(
        r"run [0-9a-f]+: committed \d+ ms \(fetching \d+, reading \d+, "
        r"generating \d+, validating \d+, committing \d+, pushing \d+\) after \d+ ms in the queue",
        line,
    ), line
