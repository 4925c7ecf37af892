"""What went wrong when git failed, read from its output and said in words for the user."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.errors import BranchMoved, GitFailure, GitProblem, PushRejected

# What git says when a transfer that had begun stalls (its low-speed limit) or breaks off.
_CUT = (
    "early eof",
    "the remote end hung up",
    "operation too slow",
    "rpc failed",
    "connection reset",
    "connection timed out",
    "transfer closed with outstanding read data",
    "unexpected disconnect",
    "protocol error: bad pack header",
)


def explain(stderr: str) -> tuple[GitProblem, str]:
    """(problem, message for the user) of a failed git command's stderr."""
    text = stderr.lower()
    if "no space left on device" in text or "disk quota exceeded" in text:
        return GitProblem.DISK, "the disk holding devbot's cache is full: free space in DEVBOT_CACHE_DIR"
    if "authentication failed" in text or "could not read username" in text or "permission denied" in text:
        return (
            GitProblem.AUTH,
            "the repository refused devbot's credentials: check the token or deploy key of DEVBOT_REPO_URL",
        )
    if "could not resolve host" in text or "connection refused" in text or "unable to access" in text:
        return (
            GitProblem.UNREACHABLE,
            "the repository could not be reached: check DEVBOT_REPO_URL and the network",
        )
    if "does not appear to be a git repository" in text or "repository not found" in text:
        return GitProblem.MISSING, "no repository at DEVBOT_REPO_URL"
    if any(sign in text for sign in _CUT):
        return (
            GitProblem.CUT,
            "the repository stopped answering in the middle of the transfer: run the command again",
        )
    last = [line for line in stderr.strip().splitlines() if line.strip()][-1:] or ["unknown error"]
    return GitProblem.OTHER, f"git failed: {last[0].strip()[:300]}"


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
    problem, message = explain(stderr)
    return GitFailure(clean(message), problem)
