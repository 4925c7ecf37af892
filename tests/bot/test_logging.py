"""Log lines: a worker process logs to stderr like the server, through the redacting filter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.redact import redact

WORKER = """
import logging, multiprocessing
from pydantic import SecretStr
from bot.jobs.runner import _init_worker
from bot.settings import Settings
settings = Settings(slack_bot_token=SecretStr("xoxb-123-abc"), devbot_cache_dir={cache!r})
_init_worker(multiprocessing.get_context("spawn").Queue(), settings)
logging.getLogger("devbot.pipeline").info(
    "fetch from https://devbot:s3cret-Pass@git.example.com/acme.git with xoxb-123-abc"
)
"""


def test_a_worker_logs_to_stderr_with_secrets_masked(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WORKER.format(cache=str(tmp_path))],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    line = next(line for line in done.stderr.splitlines() if "devbot.pipeline" in line)
    assert "INFO devbot.pipeline: fetch from https://***@git.example.com/acme.git with x***" in line
    assert "s3cret" not in done.stderr
    assert "xoxb-123" not in done.stderr


def test_forge_tokens_are_masked_by_their_shape() -> None:
    """A forge token that is not configured here (another replica's, a pasted one) is still masked."""
    line = "push failed: ghp_abcdefgh12345678 github_pat_11AB_cdef0123456789 glpat-Zx9_abcdefgh12 gh_ok"
    assert redact(line) == "push failed: *** *** *** gh_ok"


def test_the_database_password_is_masked_in_every_form() -> None:
    """The job queue's password is a secret too, whether the URL or a key=value string holds it."""
    from pydantic import SecretStr

    from bot.settings import Settings

    for url in ("postgresql://devbot:pg-Secret-9@db.internal:5432/devbot", "host=db password=pg-Secret-9"):
        settings = Settings(devbot_database_url=SecretStr(url))
        assert "pg-Secret-9" in settings.secrets
        assert "pg-Secret-9" not in redact("connecting with pg-Secret-9", settings.secrets)
