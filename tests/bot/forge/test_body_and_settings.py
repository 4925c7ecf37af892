"""The pull request's body (escaped, bounded, cut between lines) and the forge settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.errors import BadSetting
from bot.forge import body as body_mod
from bot.forge.target import Target
from bot.jobs.job import Job
from bot.settings import Settings, load
from tests.bot.forge.test_pull_requests import outcome

JOB = Job(slug="pets", requester_name="alice")
LINK = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)")


def test_workspace_text_is_inert() -> None:
    """Questions from the PRD cannot mention people, link, embed HTML or close the marker."""
    hostile = "Ask @alice <img src=x onerror=alert(1)> [click](https://evil.example) --> `x` | y"
    text = body_mod.body(outcome(questions=(hostile,)), JOB, body_mod.Asker("@bob"), "t")
    line = next(line for line in text.splitlines() if "Ask" in line)
    assert "@alice" not in line
    assert "<img" not in line
    assert "](https://evil.example)" not in line
    assert "-->" not in line
    assert "@bob" not in text
    assert text.count("-->") == 1, "only the marker closes an HTML comment"


def test_a_huge_plan_is_cut_between_lines_under_the_limit() -> None:
    """Thousands of long questions: under 65,536 characters, a note says what was left out, the
    checklist stays, and every link is whole."""
    questions = tuple(
        f"Question {n}: " + "why " * 220 + f"[see](https://example.com/{n})" for n in range(2000)
    )
    text = body_mod.body(outcome(questions=questions), JOB, body_mod.Asker("alice"), "t")
    assert len(text) < body_mod.LIMIT
    assert "more lines, left out to keep this under 65,536 characters" in text
    assert "### Review checklist" in text
    for line in text.splitlines():
        if line.startswith("- [ ] "):
            continue  # a checklist item, not a link
        assert line.count("[") - line.count("\\[") == len(LINK.findall(line)), f"a cut link in {line[:80]!r}"
    small = body_mod.body(outcome(), JOB, body_mod.Asker("alice"), "t")
    assert "left out" not in small


def test_the_marker_holds_the_title_devbot_set() -> None:
    """The hidden marker records devbot's title, whatever characters it holds."""
    given = "Draft: Backend plan for <Pets> --> & co (pets)"
    text = body_mod.body(outcome(), JOB, body_mod.Asker("alice"), given)
    assert body_mod.marked_title(text, "pets") == given
    assert body_mod.marked_title(text, "other") is None
    assert body_mod.marked_title("a body a person wrote", "pets") is None


@pytest.mark.parametrize(
    ("repo", "web", "kind", "api", "project"),
    [
        ("https://github.com/acme/mvps.git", "", "github", "https://api.github.com", "acme/mvps"),
        (
            "git@github.example.com:acme/mvps.git",
            "",
            "github",
            "https://github.example.com/api/v3",
            "acme/mvps",
        ),
        ("https://gitlab.com/acme/sub/mvps.git", "", "gitlab", "https://gitlab.com/api/v4", "acme/sub/mvps"),
        ("ssh://git@codeberg.org/acme/mvps.git", "", "gitea", "https://codeberg.org/api/v1", "acme/mvps"),
        ("file:///srv/mvps.git", "https://gitlab.example.com/acme/mvps", "gitlab",
         "https://gitlab.example.com/api/v4", "acme/mvps"),
    ],
)  # fmt: skip
def test_forge_told_by_the_remote(
    tmp_path: Path, repo: str, web: str, kind: str, api: str, project: str
) -> None:
    """Unset DEVBOT_FORGE: the forge, its API and the project come from the URLs."""
    settings = Settings(
        devbot_repo_url=repo,
        devbot_web_url=web,
        devbot_cache_dir=tmp_path,
        devbot_forge_token=SecretStr("t0ken"),
    )
    assert settings.forge_target == Target(kind=kind, api_url=api, project=project)  # type: ignore[arg-type]
    assert "t0ken" in settings.secrets


def test_forge_required_where_the_host_cannot_tell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A token on an unknown host needs DEVBOT_FORGE; the message names it. No token, no check."""
    monkeypatch.setenv("DEVBOT_REPO_URL", "https://git.internal.example/acme/mvps.git")
    monkeypatch.setenv("DEVBOT_CACHE_DIR", str(tmp_path))
    assert load().forge_target is None
    monkeypatch.setenv("DEVBOT_FORGE_TOKEN", "t0ken")
    with pytest.raises(BadSetting, match=r"DEVBOT_FORGE is not valid: .*set it to github, gitlab or gitea"):
        load()
    monkeypatch.setenv("DEVBOT_FORGE", "gitea")
    monkeypatch.setenv("DEVBOT_FORGE_API_URL", "https://git.internal.example/api/v1/")
    target = load().forge_target
    assert target == Target(kind="gitea", api_url="https://git.internal.example/api/v1", project="acme/mvps")
    monkeypatch.setenv("DEVBOT_FORGE", "sourceforge")
    with pytest.raises(BadSetting, match="DEVBOT_FORGE"):
        load()
