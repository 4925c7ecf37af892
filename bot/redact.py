"""Secrets out of every message and log line: URL credentials and configured tokens."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")
_SLACK_TOKENS = re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+")
# GitHub (classic and fine-grained) and GitLab personal, project and group tokens, by their prefixes.
_FORGE_TOKENS = re.compile(r"\b(?:gh[pousr]_|github_pat_|glpat-|gl[a-z]{2,4}t-)[A-Za-z0-9_-]{8,}")
_RESPONSE_URL = re.compile(r"https://hooks\.slack\.com/\S+|/commands/[A-Za-z0-9/]+")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with URL credentials, Slack and forge tokens, response URLs and ``secrets`` masked."""
    result = _USERINFO.sub(r"\g<scheme>***@", text)
    result = _SLACK_TOKENS.sub("x***", result)
    result = _FORGE_TOKENS.sub("***", result)
    result = _RESPONSE_URL.sub("<response_url>", result)
    for secret in secrets:
        if secret and len(secret) >= 4:
            result = result.replace(secret, "***")
    return result


class RedactingFilter(logging.Filter):
    """A logging filter that redacts every record's message (installed on the root handlers)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message in place; never drop it."""
        message = record.getMessage()
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def log_to_stderr(secrets: Iterable[str] = ()) -> None:
    """Log lines (INFO and up) on stderr, every one passed through the redaction filter.

    Called by the command line and by each worker process, which starts with no handlers.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
