"""`/dev-backend` end to end: signed requests to the real app, a bare remote, the Slack stand-in."""

from __future__ import annotations

import json
import threading
import time

import pytest

from bot.demo.slack_stub import SlackStub, slash_command
from bot.jobs import pipeline
from bot.jobs.job import Failure, Job, Outcome, Stage
from bot.settings import Settings
from bot.slack.server import Service
from generators.read.workspace import ARTIFACTS
from tests.scenarios.conftest import SECRET, Remote, command, dispatch, post

BRANCH = "dev-backend/pawgroom"


def texts(slack: SlackStub, method: str) -> list[str]:
    return [str(call.params.get("text", "")) for call in slack.called(method)]


def test_success_over_http(http: str, slack: SlackStub, remote: Remote, service: Service) -> None:
    """Acked at once; one channel message kept up to date; the thread gets summary and links; pushed."""
    started = time.perf_counter()
    status, ack = command(http, "pawgroom", slack)
    ack_seconds = time.perf_counter() - started
    assert status == 200
    assert ack["response_type"] == "ephemeral"
    assert "On it" in ack["text"]
    assert ack_seconds < 1.0
    assert service.queue.wait_idle(60)

    (parent,) = slack.called("chat.postMessage")[:1]
    assert parent.params["channel"] == "C0PRODUCT"
    assert "<@U0ALICE>" in parent.params["text"]
    assert "`pawgroom`" in parent.params["text"]
    updates = texts(slack, "chat.update")
    current = [
        next(line for line in text.splitlines() if line.startswith(("⏳", "✅ done"))) for text in updates
    ]
    order = [
        "⏳ fetching the repository",
        "⏳ reading the inputs",
        "⏳ generating the plan",
        "⏳ validating the artifacts",
        "⏳ committing",
        "⏳ pushing",
        "✅ done: see the thread.",
    ]
    assert current[-1] == "✅ done: see the thread."
    assert current == sorted(current, key=order.index), "edits arrive in stage order (some may be coalesced)"
    (reply,) = [c for c in slack.called("chat.postMessage") if c.params.get("thread_ts")]
    assert reply.params["thread_ts"] == slack.messages[0].ts
    text = reply.params["text"]
    assert "✅ Backend plan complete for PawGroom" in text
    assert "📁 Output: `workspaces/pawgroom/code/backend/`" in text
    assert "Tech stack: Nest.js + TypeScript + PostgreSQL + Prisma" in text
    assert "Next: `/dev-frontend pawgroom`" in text
    assert "6 modules · 36 endpoints · 5 entities" in text
    assert "<https://github.com/acme/mvps/tree/dev-backend/pawgroom|dev-backend/pawgroom>" in text
    assert "https://github.com/acme/mvps/compare/main...dev-backend/pawgroom?expand=1" in text
    assert (
        "https://github.com/acme/mvps/blob/dev-backend/pawgroom/workspaces/pawgroom/code/backend/backend-plan.md"
        in text
    )

    files = remote.files(BRANCH, "workspaces/pawgroom/code/backend")
    assert sorted(files) == sorted(f"workspaces/pawgroom/{path}" for path in ARTIFACTS)
    config = json.loads(remote.show(BRANCH, "workspaces/pawgroom/config.json"))
    assert config["artifacts"][-4:] == list(ARTIFACTS)
    assert config["owner"] == "maria@pawgroom.example"
    log = remote.git("log", "-1", "--format=%an|%ae|%B", BRANCH)
    assert log.startswith("devbot|devbot@localhost|Add backend plan for PawGroom")
    assert "Requested-by: alice <@U0ALICE>" in log
    assert "Devbot-Run: " in log
    assert remote.head("main") == remote.git("rev-parse", f"{BRANCH}~1")
    cache = next(service.settings.devbot_cache_dir.glob("*.git"))
    assert remote.git("config", "remote.origin.promisor", cwd=cache) == "true", "the first fetch is blobless"


def test_success_in_process_and_rerun_with_nothing_changed(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """In-process dispatch works the same; a second run commits nothing and says so with links."""
    status, _ = dispatch(service, "teamtasks", slack)
    assert status == 200
    assert service.queue.wait_idle(60)
    first = remote.head("dev-backend/teamtasks")
    assert first is not None
    assert "TypeORM" in remote.show(
        "dev-backend/teamtasks", "workspaces/teamtasks/code/backend/database-schema.md"
    )

    dispatch(service, "teamtasks", slack)
    assert service.queue.wait_idle(60)
    assert remote.head("dev-backend/teamtasks") == first
    reply = [c for c in slack.called("chat.postMessage") if c.params.get("thread_ts")][-1].params["text"]
    assert "Already up to date on `dev-backend/teamtasks`: nothing to commit." in reply
    assert "https://github.com/acme/mvps/tree/dev-backend/teamtasks" in reply


def test_rerun_after_prd_changed_adds_a_commit_on_top(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """A PRD change on main gives a new commit on top of the branch; nothing is rewritten."""
    dispatch(service, "pawgroom", slack)
    assert service.queue.wait_idle(60)
    before = remote.head(BRANCH)
    prd = remote.show("main", "workspaces/pawgroom/product/prd/prd.md")
    remote.commit_file(
        "main",
        "workspaces/pawgroom/product/prd/prd.md",
        prd + "\n- **US-3.4** As a groomer, I want to reject an appointment, so I keep my day free. (S)\n",
    )
    dispatch(service, "pawgroom", slack)
    assert service.queue.wait_idle(60)
    after = remote.head(BRANCH)
    assert after != before
    assert remote.git("rev-parse", f"{after}~1") == before
    plan = remote.show(BRANCH, "workspaces/pawgroom/code/backend/backend-plan.md")
    assert "POST /appointments/:id/reject" in plan
    config = json.loads(remote.show(BRANCH, "workspaces/pawgroom/config.json"))
    assert [path for path in config["artifacts"] if path.startswith("code/backend/")] == list(ARTIFACTS)


def test_not_found_suggests_nearest_slugs(service: Service, slack: SlackStub, remote: Remote) -> None:
    """A misspelt slug: the thread says run /start-mvp first and suggests the nearest slug."""
    dispatch(service, "pawgrom", slack)
    assert service.queue.wait_idle(60)
    reply = [c for c in slack.called("chat.postMessage") if c.params.get("thread_ts")][-1].params["text"]
    assert "MVP `pawgrom` not found: run `/start-mvp pawgrom` first" in reply
    assert "Did you mean `pawgroom`?" in reply
    assert "❌ failed" in texts(slack, "chat.update")[-1]
    assert remote.head("dev-backend/pawgrom") is None


@pytest.mark.parametrize(
    "tamper",
    ["bad signature", "no signature", "stale timestamp", "non-numeric timestamp", "no timestamp"],
)
def test_unsigned_or_tampered_requests_get_401_and_start_nothing(
    http: str, slack: SlackStub, service: Service, tamper: str
) -> None:
    """Whatever is wrong with the signature, the answer is 401 and nothing reaches Slack or git."""
    body, headers = slash_command(SECRET, "pawgroom", response_url=slack.response_url("x"))
    if tamper == "bad signature":
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif tamper == "no signature":
        del headers["X-Slack-Signature"]
    elif tamper == "stale timestamp":
        body, headers = slash_command(SECRET, "pawgroom", timestamp=int(time.time()) - 3600)
    elif tamper == "non-numeric timestamp":
        headers["X-Slack-Request-Timestamp"] = "soon"
    else:
        del headers["X-Slack-Request-Timestamp"]
    status, _ = post(http + "/slack/events", body, headers)
    assert status == 401
    assert service.queue.running() == []
    assert slack.called("chat.postMessage") == []


def test_two_requests_for_one_slug_run_one_job(service: Service, slack: SlackStub, remote: Remote) -> None:
    """While a job runs, a second request for the same slug is told who started it and when."""
    remote.hook("pre-receive", "sleep 2\n")
    dispatch(service, "pawgroom", slack)
    status, ack = dispatch(service, "pawgroom", slack, user_id="U0BOB", user_name="bob")
    assert status == 200
    assert "already running, started by <@U0ALICE> at" in ack["text"]
    assert ack["response_type"] == "ephemeral"
    assert service.queue.wait_idle(60)
    parents = [c for c in slack.called("chat.postMessage") if not c.params.get("thread_ts")]
    assert len(parents) == 1
    assert remote.git("rev-list", "--count", f"main..{BRANCH}") == "1"


def test_several_slugs_at_once(http: str, service: Service, slack: SlackStub, remote: Remote) -> None:
    """Three slugs sent together all finish, each on its own branch, each reply about its own MVP."""
    names = {"pawgroom": "PawGroom", "teamtasks": "TeamTasks", "recipebox": "RecipeBox"}
    threads = [
        threading.Thread(target=command, args=(http, slug, slack), kwargs={"response_name": slug})
        for slug in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert service.queue.wait_idle(90)
    for slug in names:
        assert remote.files(f"dev-backend/{slug}", f"workspaces/{slug}/code/backend"), slug
    replies = [c.params for c in slack.called("chat.postMessage") if c.params.get("thread_ts")]
    assert len(replies) == 3
    for slug, name in names.items():
        (reply,) = [r for r in replies if f"/dev-frontend {slug}" in r["text"]]
        parent = next(m for m in slack.messages if m.ts == reply["thread_ts"])
        assert f"`{slug}`" in parent.text
        assert f"Backend plan complete for {name}" in reply["text"]


def test_not_in_channel_falls_back_to_response_url(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """Where the bot may not post, the start and the result go to the command's response_url."""
    slack.fail("chat.postMessage", "not_in_channel")
    dispatch(service, "recipebox", slack, response_name="private")
    assert service.queue.wait_idle(60)
    posted = slack.posted_to("private")
    assert len(posted) == 2
    assert "Backend plan for `recipebox`" in posted[0]["text"]
    assert "✅ Backend plan complete for RecipeBox" in posted[1]["text"]
    assert all(p["response_type"] == "in_channel" for p in posted)
    assert slack.called("chat.update") == []
    assert remote.head("dev-backend/recipebox") is not None


def test_push_rejected_by_the_remote_is_reported(service: Service, slack: SlackStub, remote: Remote) -> None:
    """A hook refusing the push: the remote's reason in the thread, the message marked failed."""
    remote.hook("pre-receive", "echo 'branch protected by policy: ask an admin' >&2\nexit 1\n")
    dispatch(service, "pawgroom", slack)
    assert service.queue.wait_idle(60)
    reply = [c for c in slack.called("chat.postMessage") if c.params.get("thread_ts")][-1].params["text"]
    assert "refused the push" in reply
    assert "branch protected by policy: ask an admin" in reply
    assert "❌ failed" in texts(slack, "chat.update")[-1]
    assert remote.head(BRANCH) is None


class _PushesMeanwhile:
    """A reporter that, at the committing stage, has a person push to the branch (once)."""

    def __init__(self, remote: Remote) -> None:
        self.remote = remote
        self.human: list[str] = []
        self.outcome: Outcome | None = None

    def started(self, job: Job) -> None:
        del job

    def stage(self, job: Job, stage: Stage) -> None:
        del job
        if stage is Stage.COMMITTING and not self.human:
            self.human.append(self.remote.commit_file(BRANCH, "workspaces/pawgroom/NOTES.md", "review notes"))

    def finished(self, job: Job, outcome: Outcome) -> None:
        del job
        self.outcome = outcome

    def failed(self, job: Job, failure: Failure) -> None:
        raise AssertionError(failure.message)

    def close(self) -> None:
        """Nothing buffered."""

    def handle(self) -> dict[str, str]:
        return {}

    def thread_link(self) -> str:
        return ""


def test_branch_moved_between_fetch_and_push_is_redone_once(
    service: Service, settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """Someone pushes to the branch while devbot works: devbot fetches, redoes, keeps their commit."""
    dispatch(service, "pawgroom", slack)
    assert service.queue.wait_idle(60)
    prd = remote.show("main", "workspaces/pawgroom/product/prd/prd.md")
    remote.commit_file(
        "main", "workspaces/pawgroom/product/prd/prd.md", prd + "\nAs an admin, I want to ban a user.\n"
    )
    reporter = _PushesMeanwhile(remote)
    pipeline.run(Job(slug="pawgroom"), settings, reporter)
    head = remote.head(BRANCH)
    assert reporter.outcome is not None
    assert reporter.human
    assert remote.git("rev-parse", f"{head}~1") == reporter.human[0]
    assert "POST /users/:id/ban" in remote.show(BRANCH, "workspaces/pawgroom/code/backend/backend-plan.md")


def test_help_usage_and_list_are_ephemeral(service: Service, slack: SlackStub, remote: Remote) -> None:
    """help and bad usage answer only the user; list reports every MVP and its plan state."""
    _, helped = dispatch(service, "help", slack)
    assert helped["response_type"] == "ephemeral"
    assert "/dev-backend <slug>" in helped["text"]
    _, bad = dispatch(service, "Paw/Groom", slack)
    assert bad["response_type"] == "ephemeral"
    assert "not a valid MVP slug" in bad["text"]
    _, unknown = dispatch(service, "pawgroom --force", slack)
    assert "unknown option `--force`" in unknown["text"]
    dispatch(service, "pawgroom", slack)
    assert service.queue.wait_idle(60)
    _, listed = dispatch(service, "list", slack, response_name="list")
    assert "Looking" in listed["text"]
    deadline = time.monotonic() + 20
    while not slack.posted_to("list") and time.monotonic() < deadline:
        time.sleep(0.05)
    (answer,) = slack.posted_to("list")
    assert "`pawgroom`: backend plan in review on dev-backend/pawgroom" in answer["text"]
    assert "`teamtasks`: no backend plan yet" in answer["text"]
    assert answer["response_type"] == "ephemeral"


def test_dry_run_commits_nothing(service: Service, slack: SlackStub, remote: Remote) -> None:
    """--dry-run generates and reports what would change, and pushes nothing."""
    _, ack = dispatch(service, "pawgroom --dry-run --orm typeorm", slack)
    assert "dry run" in ack["text"]
    assert service.queue.wait_idle(60)
    reply = [c for c in slack.called("chat.postMessage") if c.params.get("thread_ts")][-1].params["text"]
    assert "🧪 Dry run: nothing committed. Would change:" in reply
    assert "TypeORM" in reply
    assert "*What I read:*" in reply
    assert "• `Appointment`: 8 fields, from Mermaid erDiagram" in reply
    assert remote.head(BRANCH) is None


def test_healthz(http: str) -> None:
    """GET /healthz answers 200 without touching Slack or git."""
    import urllib.request

    with urllib.request.urlopen(http + "/healthz", timeout=5) as response:  # noqa: S310
        assert response.status == 200
        assert json.loads(response.read())["ok"] is True
