"""Shared fixtures: isolated environment and git config, the sample workspaces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import postgres, samples


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the developer's environment, git config or Slack tokens."""
    home = tmp_path_factory.mktemp("home")
    for name in list(__import__("os").environ):
        if name.startswith(("SLACK_", "DEVBOT_", "GIT_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")


@pytest.fixture
def repo_root(tmp_path: Path) -> Path:
    """A copy of the sample workspaces under ``tmp_path/workspaces``."""
    return samples.copy_to(tmp_path)


@pytest.fixture(scope="session")
def postgres_admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The administrative URL of a real PostgreSQL (the machine's, else a private one)."""
    with postgres.server(tmp_path_factory.mktemp("pg")) as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin: str) -> Iterator[str]:
    """A fresh empty database for one test."""
    with postgres.database(postgres_admin) as url:
        yield url
