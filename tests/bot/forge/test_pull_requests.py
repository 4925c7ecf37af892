"""Opening and updating the branch's pull request, against a stateful stand-in for each forge."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.demo.forge_stub import ForgeStub, Kind
from bot.forge import body as body_mod
from bot.forge.publish import publish
from bot.jobs.job import Job, Links, Outcome
from bot.settings import Settings
from generators.generate import Digest, Review, StoryNote
from generators.read.workspace import ARTIFACTS

KINDS: tuple[Kind, ...] = ("github", "gitlab", "gitea")
WEB = {
    "github": "https://github.com/acme/mvps",
    "gitlab": "https://gitlab.com/acme/mvps",
    "gitea": "https://codeberg.org/acme/mvps",
}
BRANCH = "dev-backend/pets"
THREAD = "https://acme.slack.com/archives/C0PRODUCT/p1700000001000100"


@pytest.fixture(params=KINDS)
def forge(request: pytest.FixtureRequest) -> Iterator[ForgeStub]:
    """The stand-in of one forge."""
    kind: Kind = request.param
    with ForgeStub(kind, web=WEB[kind]) as stub:
        yield stub
    assert stub.unexpected == [], "devbot made a request the forge's API does not document"


def settings_for(stub: ForgeStub, tmp_path: Path, token: str | None = None, timeout: float = 5) -> Settings:
    """Settings whose remote is on the stand-in's forge (told by the URL, not by DEVBOT_FORGE)."""
    return Settings(
        devbot_repo_url=f"{WEB[stub.kind]}.git",
        devbot_cache_dir=tmp_path,
        devbot_forge_token=SecretStr(token or stub.token),
        devbot_forge_api_url=stub.url,
        devbot_forge_timeout=timeout,
    )


def outcome(questions: tuple[str, ...] = ("Who may cancel a visit?",), name: str = "Pets") -> Outcome:
    """What a pushed run produced."""
    folder = "workspaces/pets/"
    return Outcome(
        slug="pets",
        name=name,
        orm="prisma",
        digest=Digest(
            modules=5,
            endpoints=21,
            entities=6,
            roles=("owner", "vet"),
            stories=9,
            tasks=12,
            sprints=3,
            days=19.5,
        ),
        base="main",
        branch=BRANCH,
        commit="c0ffee" * 6 + "abcd",
        changed=(*ARTIFACTS, "config.json"),
        links=Links(
            branch=f"https://github.com/acme/mvps/tree/{BRANCH}",
            files={path: f"https://github.com/acme/mvps/blob/{BRANCH}/{folder}{path}" for path in ARTIFACTS},
            pull_request=f"https://github.com/acme/mvps/compare/main...{BRANCH}?expand=1",
        ),
        base_commit="1234567890abcdef" * 2 + "12345678",
        review=Review(
            stack="Nest.js · Prisma 7 · PostgreSQL 16",
            served=8,
            unserved=(StoryNote(story="US-9", role="owner", note="no endpoint (notification): a reminder"),),
            questions=questions,
            assumptions=("Times are stored in UTC.",),
            validators=("openapi.yaml: checked by openapi-spec-validator",),
        ),
    )


JOB = Job(slug="pets", requester="U0ALICE", requester_name="alice")


def test_created_once_as_a_draft(forge: ForgeStub, tmp_path: Path) -> None:
    """No open pull request: one draft is opened from the branch into the base, with the body."""
    done = publish(settings_for(forge, tmp_path), JOB, outcome(), lambda: THREAD)
    (pull,) = forge.pulls
    assert (pull.head, pull.base) == (BRANCH, "main")
    draft = {
        "github": pull.draft,
        "gitlab": pull.title.startswith("Draft: "),
        "gitea": pull.title.startswith("WIP: "),
    }
    assert draft[forge.kind]
    assert "Backend plan for Pets (pets)" in pull.title
    assert done.pull_request is not None
    assert done.pull_request.opened
    assert done.pull_request.number == pull.number
    assert done.pull_request.url.startswith(WEB[forge.kind])
    assert "<!-- devbot:pull-request slug=pets title=" in pull.body
    assert f"[Slack]({THREAD})" in pull.body
    assert "alice" in pull.body
    assert "Who may cancel a visit?" in pull.body
    assert "8 of 9 stories are served by an endpoint" in pull.body
    assert "openapi-spec-validator" in pull.body
    assert "- [ ] " in pull.body
    for path in ARTIFACTS:
        assert f"/{path})" in pull.body, "each file is linked"
    methods = [request.method for request in forge.requests]
    assert methods == ["GET", "POST"]


def test_a_rerun_updates_the_open_one(forge: ForgeStub, tmp_path: Path) -> None:
    """Run twice: still one pull request, its body rewritten."""
    settings = settings_for(forge, tmp_path)
    publish(settings, JOB, outcome(), lambda: THREAD)
    done = publish(settings, JOB, outcome(questions=("Is a vet a user?",)), lambda: "")
    (pull,) = forge.pulls
    assert pull.edits == 1
    assert "Is a vet a user?" in pull.body
    assert "Who may cancel a visit?" not in pull.body
    assert done.pull_request is not None
    assert not done.pull_request.opened
    assert done.pull_request.number == pull.number


def test_a_title_a_person_changed_is_kept(forge: ForgeStub, tmp_path: Path) -> None:
    """A reviewer renames the pull request: the next run keeps the name, replaces the body."""
    settings = settings_for(forge, tmp_path)
    publish(settings, JOB, outcome(), lambda: THREAD)
    forge.pulls[0].title = "Pets backend: reviewed by Bo"
    done = publish(settings, JOB, outcome(name="Pets 2"), lambda: THREAD)
    assert forge.pulls[0].title == "Pets backend: reviewed by Bo"
    assert "Pets 2" in forge.pulls[0].body
    assert done.pull_request is not None
    assert done.pull_request.title == "Pets backend: reviewed by Bo"
    forge.pulls[0].title = body_mod.title(
        outcome(name="Pets 2"), {"github": "", "gitlab": "Draft: ", "gitea": "WIP: "}[forge.kind]
    )
    publish(settings, JOB, outcome(name="Pets 3"), lambda: THREAD)
    assert "Pets 3" in forge.pulls[0].title, "a title still devbot's follows the plan's name"


def test_opened_meanwhile_is_found_and_updated(forge: ForgeStub, tmp_path: Path) -> None:
    """Someone opens the branch's pull request between devbot's look and its create (422/409)."""
    forge.race()
    done = publish(settings_for(forge, tmp_path), JOB, outcome(), lambda: THREAD)
    (pull,) = forge.pulls
    assert pull.title == "Opened by someone else", "a pull request a person opened keeps its title"
    assert "<!-- devbot:pull-request" in pull.body
    assert done.pull_request is not None
    assert not done.pull_request.opened
    assert [r.method for r in forge.requests] == [
        "GET",
        "POST",
        "GET",
        "PATCH" if forge.kind != "gitlab" else "PUT",
    ]


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (502, "the forge failed (HTTP 502)"),
        (503, "the forge failed (HTTP 503)"),
        (403, "may not open pull requests"),
    ],
)
def test_forge_failures_are_explained(forge: ForgeStub, tmp_path: Path, status: int, said: str) -> None:
    """A failing forge: no pull request, the reason kept for the reply, no exception."""
    forge.fail(status)
    done = publish(settings_for(forge, tmp_path), JOB, outcome(), lambda: THREAD)
    assert done.pull_request is None
    assert said in done.pull_request_problem
    assert forge.pulls == []


def test_a_refused_token_is_said_and_never_shown(
    forge: ForgeStub, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A wrong token: 401, said as such; the token is in no message, outcome or log line."""
    wrong = "glpat-WRONG-and-secret-0123456789"
    with caplog.at_level(logging.INFO):
        done = publish(settings_for(forge, tmp_path, token=wrong), JOB, outcome(), lambda: THREAD)
    assert "refused the token (HTTP 401)" in done.pull_request_problem
    assert forge.requests[0].headers["authorization"].endswith(wrong), "the token went in the header"
    assert wrong not in done.model_dump_json()
    assert wrong not in caplog.text
    assert "refused the token" in caplog.text


def test_a_hung_forge_times_out(forge: ForgeStub, tmp_path: Path) -> None:
    """A forge that does not answer: the call gives up after DEVBOT_FORGE_TIMEOUT."""
    forge.delay(2.0)
    done = publish(settings_for(forge, tmp_path, timeout=0.3), JOB, outcome(), lambda: THREAD)
    assert "did not answer within 0.3 s" in done.pull_request_problem
    assert done.pull_request is None


def test_unreachable_forge(tmp_path: Path) -> None:
    """Nothing listens at the API URL."""
    with ForgeStub() as stub:
        settings = settings_for(stub, tmp_path)
    done = publish(settings, JOB, outcome(), lambda: THREAD)
    assert "could not be reached" in done.pull_request_problem


def test_no_token_no_request(forge: ForgeStub, tmp_path: Path) -> None:
    """Without DEVBOT_FORGE_TOKEN nothing is asked of the forge, and the thread link is not fetched."""
    settings = Settings(
        devbot_repo_url=f"{WEB[forge.kind]}.git", devbot_cache_dir=tmp_path, devbot_forge_api_url=forge.url
    )

    def no_link() -> str:
        raise AssertionError("the thread link is fetched only for a pull request")

    done = publish(settings, JOB, outcome(), no_link)
    assert done.pull_request is None
    assert done.pull_request_problem == ""
    assert forge.requests == []


def test_dry_runs_and_unpushed_branches_open_nothing(forge: ForgeStub, tmp_path: Path) -> None:
    """A dry run, or a run that made no branch, asks nothing of the forge."""
    settings = settings_for(forge, tmp_path)
    publish(settings, JOB, outcome().model_copy(update={"dry_run": True}), lambda: THREAD)
    publish(settings, JOB, outcome().model_copy(update={"commit": None}), lambda: THREAD)
    assert forge.requests == []
