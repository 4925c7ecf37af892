"""`devbot run` against a bare remote, and `devbot demo` as the README promises it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main as cli
from bot.demo import run as demo


def test_run_pushes_and_prints_summary_and_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Progress on stderr; summary, commit and links on stdout; the branch on the remote."""
    remote = demo.seed_remote(tmp_path)
    monkeypatch.setenv("DEVBOT_REPO_URL", remote.as_uri())
    monkeypatch.setenv("DEVBOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DEVBOT_WEB_URL", "https://gitlab.com/acme/mvps")
    assert cli.main(["run", "recipebox"]) == 0
    out, err = capsys.readouterr()
    assert "… fetching the repository" in err
    assert "… pushing" in err
    assert "✅ Backend plan complete for RecipeBox" in out
    assert "Pushed " in out
    assert "https://gitlab.com/acme/mvps/-/tree/dev-backend/recipebox" in out
    assert cli.main(["run", "recipebox"]) == 0
    assert "Already up to date on `dev-backend/recipebox`" in capsys.readouterr().out


def test_run_failure_exits_1_with_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown slug: exit 1, the cause and the nearest slug on stderr."""
    remote = demo.seed_remote(tmp_path)
    monkeypatch.setenv("DEVBOT_REPO_URL", remote.as_uri())
    monkeypatch.setenv("DEVBOT_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["run", "teamtask"]) == 1
    err = capsys.readouterr().err
    assert "MVP `teamtask` not found: run `/start-mvp teamtask` first" in err
    assert "Did you mean: teamtasks?" in err


def test_demo_shows_the_conversation_and_the_pushed_files(capsys: pytest.CaptureFixture[str]) -> None:
    """make demo: ack, parent message, thread reply with links, files on the pushed branch."""
    assert demo.main() == 0
    out = capsys.readouterr().out
    assert "[only visible to you] devbot: 👍 On it" in out
    assert "↳ thread reply from devbot:" in out
    assert "✅ Backend plan complete for PawGroom" in out
    assert (
        "Opened a draft pull request: <https://github.com/acme/mvps/pull/1|#1 Backend plan for PawGroom"
        in out
    )
    assert "The draft pull request on the forge stand-in: #1 Backend plan for PawGroom (pawgroom)" in out
    assert "code/backend/openapi.yaml" in out
    assert "Requested-by: alice <@U0ALICE>" in out
