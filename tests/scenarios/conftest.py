"""Whole flows: a real Bolt app, real git with a local bare remote, the Slack stand-in server."""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from slack_bolt.request import BoltRequest

from bot.demo.run import seed_remote
from bot.demo.slack_stub import SlackStub, slash_command
from bot.settings import Settings
from bot.slack import server
from bot.slack.server import Service

SECRET = "test-signing-secret"


@dataclass
class Remote:
    """The bare repository devbot pushes to, with helpers to look at it and act as a human."""

    path: Path
    root: Path

    def git(self, *args: str, cwd: Path | None = None) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=Human", "-c", "user.email=human@example.com", *args],
            cwd=cwd or self.path, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout.strip()

    def head(self, branch: str) -> str | None:
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
        except subprocess.CalledProcessError:
            return None

    def show(self, branch: str, path: str) -> str:
        return self.git("show", f"{branch}:{path}")

    def files(self, branch: str, folder: str) -> list[str]:
        return self.git("ls-tree", "-r", "--name-only", branch, "--", folder).splitlines()

    def commit_file(self, branch: str, path: str, content: str, message: str = "human edit") -> str:
        """Commit ``content`` at ``path`` on ``branch`` from a separate clone, as a person would."""
        work = self.root / f"human-{branch.replace('/', '-')}-{abs(hash(content)) % 10**8}"
        self.git("clone", "--quiet", "--branch", branch, str(self.path), str(work), cwd=self.root)
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
        self.git("add", "-A", cwd=work)
        self.git("commit", "--quiet", "-m", message, cwd=work)
        self.git("push", "--quiet", "origin", branch, cwd=work)
        return self.git("rev-parse", "HEAD", cwd=work)

    def hook(self, name: str, script: str) -> None:
        """Install a server-side hook in the remote (what a forge's protection would do)."""
        path = self.path / "hooks" / name
        path.write_text("#!/bin/sh\n" + script)
        path.chmod(0o755)


@pytest.fixture
def slack() -> Iterator[SlackStub]:
    """The Slack Web API stand-in, on a free loopback port."""
    with SlackStub() as stub:
        yield stub


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    """A bare repository whose main holds the sample workspaces."""
    return Remote(path=seed_remote(tmp_path), root=tmp_path)


@pytest.fixture
def settings(tmp_path: Path, slack: SlackStub, remote: Remote) -> Settings:
    """Settings for a devbot talking to the stub and the bare remote."""
    return Settings(
        slack_bot_token=SecretStr("xoxb-test-token"),
        slack_signing_secret=SecretStr(SECRET),
        slack_api_url=slack.url,
        devbot_repo_url=remote.path.as_uri(),
        devbot_web_url="https://github.com/acme/mvps",
        devbot_cache_dir=tmp_path / "cache",
        devbot_git_timeout=30,
        devbot_job_timeout=60,
        # these tests are about Slack and git; the Node validators are exercised by the generator
        # tests and the demo (a Node process per worker would double this folder's time)
        devbot_node_checks=False,
    )


@pytest.fixture
def service(settings: Settings) -> Iterator[Service]:
    """The real app and runner."""
    built = server.build(settings)
    yield built
    built.queue.shutdown(10)


@pytest.fixture
def http(service: Service) -> Iterator[str]:
    """The real app behind waitress on a free port; the events URL."""
    running = server.http_server(service, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run_until_closed, args=(running,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{running.effective_port}"
    running.close()
    thread.join(5)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """POST to the app over HTTP: (status, JSON body or {})."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback test server
            raw = response.read().decode()
            return response.status, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as err:
        raw = err.read().decode()
        return err.code, json.loads(raw) if raw.startswith("{") else {}


def command(url: str, text: str, slack: SlackStub, **fields: Any) -> tuple[int, dict[str, Any]]:
    """Send a signed ``/dev-backend text`` over HTTP."""
    fields.setdefault("response_url", slack.response_url(fields.pop("response_name", "r1")))
    body, headers = slash_command(SECRET, text, **fields)
    return post(url + "/slack/events", body, headers)


def dispatch(service: Service, text: str, slack: SlackStub, **fields: Any) -> tuple[int, dict[str, Any]]:
    """Send a signed ``/dev-backend text`` to the app in-process."""
    fields.setdefault("response_url", slack.response_url(fields.pop("response_name", "r1")))
    body, headers = slash_command(SECRET, text, **fields)
    response = service.bolt.dispatch(BoltRequest(body=body.decode(), headers=headers))
    return response.status, json.loads(response.body) if response.body else {}
