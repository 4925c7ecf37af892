"""What can go wrong when devbot runs git, in words for the user.

GitFailure (a UserError)   git could not do what the job needed; ``kind`` says why
├── BranchMoved            the branch changed on the remote between fetch and push
└── PushRejected           the remote refused the push (protected branch, hook)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.errors import UserError


class GitFailure(UserError):
    """git could not do what the job needed; the message is redacted and says what to do."""

    def __init__(self, message: str, kind: str = "other") -> None:
        self.kind = kind
        super().__init__(message)


class BranchMoved(GitFailure):
    """The remote branch changed between fetch and push."""


class PushRejected(GitFailure):
    """The remote refused the push (protected branch, hook); ``reason`` is the remote's own words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the repository refused the push: {reason}")


def explain(stderr: str) -> tuple[str, str]:
    """(kind, message for the user) of a failed git command's stderr."""
    text = stderr.lower()
    if "no space left on device" in text or "disk quota exceeded" in text:
        return "disk", "the disk holding devbot's cache is full: free space in DEVBOT_CACHE_DIR"
    if "authentication failed" in text or "could not read username" in text or "permission denied" in text:
        return (
            "auth",
            "the repository refused devbot's credentials: check the token or deploy key of DEVBOT_REPO_URL",
        )
    if "could not resolve host" in text or "connection refused" in text or "unable to access" in text:
        return "unreachable", "the repository could not be reached: check DEVBOT_REPO_URL and the network"
    if "does not appear to be a git repository" in text or "repository not found" in text:
        return "missing", "no repository at DEVBOT_REPO_URL"
    last = [line for line in stderr.strip().splitlines() if line.strip()][-1:] or ["unknown error"]
    return "other", f"git failed: {last[0].strip()[:300]}"


def push_failure(report: str, stderr: str, branch: str, clean: Callable[[str], str]) -> GitFailure:
    """The error of a failed push, from its ``--porcelain`` report and stderr; ``clean`` redacts."""
    if "[rejected]" in report and ("stale info" in report or "fetch first" in report or "non-fast" in report):
        return BranchMoved(f"`{branch}` moved on the remote while devbot worked")
    if "[remote rejected]" in report or "remote:" in stderr:
        reason = re.search(r"\[remote rejected\] \((?P<why>[^)]*)\)", report)
        said = [
            line[7:].strip()
            for line in stderr.splitlines()
            if line.startswith("remote:") and line[7:].strip()
        ]
        words = "; ".join([*(said[-3:]), *([reason["why"]] if reason else [])]) or "no reason given"
        return PushRejected(clean(words[:500]))
    kind, message = explain(stderr)
    return GitFailure(clean(message), kind)
