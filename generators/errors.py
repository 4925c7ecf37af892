"""Every error devbot raises, in one tree. The bot's classes (marked *bot*) live in ``bot.errors``.

DevbotError                    base; never raised itself
├── UserError                  the user can fix it; ``str(err)`` is written for them
│   ├── WorkspaceNotFound      no ``config.json``: the MVP was never started (nearest slugs attached)
│   ├── MissingInputs          neither PRD nor architecture to plan from
│   ├── InvalidConfig          ``config.json`` cannot be read as the documented schema
│   ├── UnreadableInput        a document is not UTF-8 text, or is nested too deep to read
│   ├── ModelTooLarge          the data model is far beyond an MVP's (more entities than a plan covers)
│   ├── BadSlug                *bot*: the slug breaks ``^[a-z0-9][a-z0-9-]{0,62}$``
│   ├── UnsafePath             *bot*: a symlink or an escape where a workspace file should be
│   ├── BadSetting             *bot*: a setting is missing or malformed
│   ├── JobTimeout             *bot*: the job ran past ``DEVBOT_JOB_TIMEOUT``
│   └── GitFailure             *bot*: git could not do what the job needed; ``problem`` says why
│       ├── BranchMoved        the branch changed on the remote between fetch and push
│       └── PushRejected       the remote refused the push (protected branch, hook)
└── ArtifactInvalid            a generated artifact failed its validator: a bug, never written

Anything else that escapes is a bug: logged with its traceback, the user gets an error id.
"""

from __future__ import annotations

from collections.abc import Sequence


class DevbotError(Exception):
    """Base of every error devbot raises."""


class UserError(DevbotError):
    """A problem the user can fix; ``str(err)`` is written for them."""


class WorkspaceNotFound(UserError):
    """The workspace has no ``config.json``; ``suggestions`` are the nearest slugs that exist."""

    def __init__(self, slug: str, suggestions: Sequence[str] = ()) -> None:
        self.slug = slug
        self.suggestions = tuple(suggestions)
        super().__init__(f"MVP `{slug}` not found: run `/start-mvp {slug}` first")


class MissingInputs(UserError):
    """Neither the PRD nor the architecture document exists."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(
            f"MVP `{slug}` has neither `product/prd/prd.md` nor "
            "`code/architecture/architecture.md`: run `/prd "
            f"{slug}` (writes the PRD) and `/architecture {slug}` (writes the architecture) first"
        )


class InvalidConfig(UserError):
    """``config.json`` exists but is not a valid workspace config."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"`config.json` is not valid: {problem}")


class UnreadableInput(UserError):
    """A workspace document cannot be read as text."""


class ModelTooLarge(UserError):
    """The documents name more entities than one plan covers."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(
            f"the documents name {count:,} entities; one plan covers at most {limit} (an MVP has tens): "
            "split the MVP into several workspaces or keep only its own model in the architecture"
        )


class ArtifactInvalid(DevbotError):
    """A generated artifact did not pass its validator. Always a bug in devbot, never written."""

    def __init__(self, artifact: str, problem: str) -> None:
        self.artifact = artifact
        self.problem = problem
        super().__init__(f"generated {artifact} is invalid: {problem}")
