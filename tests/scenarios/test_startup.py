"""`devbot serve` at start: a bad setting or a refused token is one line and exit 2; a Slack that is
down is asked again until it answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.demo.slack_stub import SlackStub
from tests.scenarios.conftest import SECRET


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(env: dict[str, str], port: int, tmp_path: Path) -> subprocess.Popen[str]:
    """``devbot serve`` in its own process, with exactly ``env`` (and PATH) as its environment."""
    full = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DEVBOT_CACHE_DIR": str(tmp_path / "cache"),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=full, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _settings(slack: SlackStub, tmp_path: Path) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.url,
        "DEVBOT_REPO_URL": (tmp_path / "remote.git").as_uri(),
        "DEVBOT_WORKERS": "1",
    }


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DEVBOT_WORKERS", "many"), ("DEVBOT_BASE_BRANCH", "-x"), ("DEVBOT_GIT_TIMEOUT", "-1")],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2(
    slack: SlackStub, tmp_path: Path, variable: str, value: str
) -> None:
    """No traceback, no 'bug in devbot': the variable and what is wrong with it."""
    process = _serve({**_settings(slack, tmp_path), variable: value}, _free_port(), tmp_path)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert len(err.strip().splitlines()) == 1, err
    assert variable in err
    assert slack.called("auth.test") == []


def test_a_refused_token_is_one_line_and_exit_2(slack: SlackStub, tmp_path: Path) -> None:
    """Slack's invalid_auth at start names SLACK_BOT_TOKEN; no worker is started."""
    slack.fail("auth.test", "invalid_auth")
    process = _serve(_settings(slack, tmp_path), _free_port(), tmp_path)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "SLACK_BOT_TOKEN" in err
    assert "invalid_auth" in err
    assert "xoxb-test-token" not in err


def _wait_until_serving(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.3)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            continue
    raise AssertionError("devbot serve did not start")


def _processes_with(marker: str) -> set[int]:
    """The live processes whose environment holds ``marker`` (the server's, inherited by its workers)."""
    found = set()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes():
                found.add(int(environ.parent.name))
        except OSError:  # gone meanwhile, or not ours
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_the_workers_end_with_the_server_however_it_ends(slack: SlackStub, tmp_path: Path) -> None:
    """A SIGKILL of the server alone leaves no worker, fork server or helper behind."""
    port = _free_port()
    process = _serve({**_settings(slack, tmp_path), "DEVBOT_WORKERS": "2"}, port, tmp_path)
    _wait_until_serving(port)
    marker = f"DEVBOT_CACHE_DIR={tmp_path / 'cache'}"
    assert len(_processes_with(marker) - {process.pid}) >= 3  # the fork server and two workers
    process.kill()
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_with(marker) == set()


def test_a_slack_that_is_down_at_start_is_asked_again(slack: SlackStub, tmp_path: Path) -> None:
    """Slack answering too slowly at first: serve waits, asks again, then serves; SIGTERM ends it."""
    slack.delay("auth.test", 3.0)
    port = _free_port()
    process = _serve({**_settings(slack, tmp_path), "DEVBOT_SLACK_TIMEOUT": "1"}, port, tmp_path)
    _wait_until_serving(port)
    assert len(slack.called("auth.test")) >= 2
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Slack is not answering at start" in err
