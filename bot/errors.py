"""The bot's branches of the one exception tree drawn in ``generators.errors``.

Everything here is a ``UserError``: a message written for the user. Anything else that escapes a
job is a bug, logged with its traceback while the user gets an error id.
"""

from __future__ import annotations

from enum import StrEnum

from generators.errors import UserError

__all__ = [
    "BadSetting",
    "BadSlug",
    "BranchMoved",
    "GitFailure",
    "GitProblem",
    "JobTimeout",
    "PushRejected",
    "PushUnknown",
    "UnsafePath",
    "UserError",
]


class BadSlug(UserError):
    """The slug is not ``^[a-z0-9][a-z0-9-]{0,62}$``."""


class UnsafePath(UserError):
    """A workspace path is a symlink or leaves the workspace."""


class BadSetting(UserError):
    """A setting is missing or malformed; the message names it."""


class JobTimeout(UserError):
    """The job ran past its overall time limit."""


class GitProblem(StrEnum):
    """Why git failed, as far as its output tells."""

    DISK = "disk"
    AUTH = "auth"
    UNREACHABLE = "unreachable"
    MISSING = "missing"
    TIMEOUT = "timeout"
    CUT = "cut"  # the transfer began, then stalled or broke off: the network, not the cache
    OTHER = "other"


class GitFailure(UserError):
    """git could not do what the job needed; the message is redacted and says what to do."""

    def __init__(self, message: str, problem: GitProblem = GitProblem.OTHER) -> None:
        self.problem = problem
        super().__init__(message)


class BranchMoved(GitFailure):
    """The remote branch changed between fetch and push."""


class PushRejected(GitFailure):
    """The remote refused the push (protected branch, hook); ``reason`` is the remote's own words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the repository refused the push: {reason}")


class PushUnknown(GitFailure):
    """A push whose answer was lost, and the remote could not be asked whether it arrived."""
