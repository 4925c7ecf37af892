"""The command parser, the slug rule and mrkdwn escaping."""

from __future__ import annotations

import pytest

from bot import slugs
from bot.errors import BadSlug, UserError
from bot.slack import commands
from bot.slack import text as slack_text


def test_parse_forms() -> None:
    """help, list, and a slug with every option."""
    assert commands.parse("").action == "help"
    assert commands.parse("help").action == "help"
    assert commands.parse("list").action == "list"
    parsed = commands.parse("pets --dry-run --base release/1.2 --orm=typeorm")
    assert (parsed.action, parsed.slug, parsed.dry_run, parsed.base, parsed.orm) == (
        "run", "pets", True, "release/1.2", "typeorm",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pets --orm sequelize", "`--orm` is `prisma` or `typeorm`"),
        ("pets --base", "`--base` needs a value"),
        ("pets --base ../main", "is not a branch name"),
        ("pets --base -x", "is not a branch name"),
        ("pets extra", "`pets extra` is not a valid MVP slug"),
        ("../etc", "not a valid MVP slug"),
        ("pets --base main --base dev", "`--base` is given twice"),
        ("pets --orm=prisma --orm typeorm", "`--orm` is given twice"),
        ("pets --dry-run --dry-run", "`--dry-run` is given twice"),
    ],
)
def test_usage_errors(text: str, message: str) -> None:
    """Every malformed command is a UserError that says why."""
    with pytest.raises(UserError, match=message):
        commands.parse(text)


@pytest.mark.parametrize(
    "slug", ["", "-rf", "Pets", "pets/../x", "pets\x00", "pets shop", "pеts", "a" * 64, "ы", "pets\n"]
)
def test_slug_rule_refuses(slug: str) -> None:
    """Empty, leading dash, upper case, slashes, NUL, spaces, look-alikes, too long: refused."""
    with pytest.raises(BadSlug, match="lower-case letters, digits and dashes"):
        slugs.check(slug)


def test_nearest_slugs() -> None:
    """Up to three nearest known slugs."""
    assert slugs.nearest("pawgrom", ["pawgroom", "teamtasks", "recipebox"]) == ["pawgroom"]


def test_mrkdwn_escaping_blocks_mentions_and_disguised_links() -> None:
    """Repository text cannot mention @channel, a user, or disguise a link."""
    hostile = "<!channel> <@U123> <https://evil.example|Approve> & co"
    escaped = slack_text.escape(hostile)
    assert "<" not in escaped
    assert ">" not in escaped
    assert escaped.startswith("&lt;!channel&gt;")
    assert "&amp; co" in escaped
    assert slack_text.code("a`b<c") == "`a'b&lt;c`"


def test_a_job_is_a_plain_serialisable_description() -> None:
    """A job survives a JSON round trip (a queue can carry it) and its repr hides the response URL."""
    from bot.jobs.job import Job

    job = Job(slug="pets", dry_run=True, orm="typeorm", requester="U1", channel="C1",
              response_url="https://hooks.slack.com/commands/T/1/x")  # fmt: skip
    assert Job.model_validate_json(job.model_dump_json()) == job
    assert "hooks.slack.com" not in repr(job)
