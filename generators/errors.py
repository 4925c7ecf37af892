"""The generators' exceptions.

GeneratorError                 base; never raised itself
├── InputError                 the user's workspace is at fault; the message is for them
│   ├── WorkspaceNotFound      no config.json: the MVP was never started
│   ├── MissingInputs          neither PRD nor architecture to plan from
│   └── InvalidConfig          config.json cannot be read as the documented schema
└── ArtifactInvalid            a generated artifact failed its validator: a bug in devbot
"""

from __future__ import annotations


class GeneratorError(Exception):
    """Base of every error the generators raise."""


class InputError(GeneratorError):
    """A problem with the workspace that the user can fix; ``str(err)`` is written for them."""


class WorkspaceNotFound(InputError):
    """The workspace has no ``config.json``."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(f"MVP `{slug}` not found: run `/start-mvp {slug}` first")


class MissingInputs(InputError):
    """Neither the PRD nor the architecture document exists."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(
            f"MVP `{slug}` has neither `product/prd/prd.md` nor "
            "`code/architecture/architecture.md`: run `/prd "
            f"{slug}` (writes the PRD) and `/architecture {slug}` (writes the architecture) first"
        )


class InvalidConfig(InputError):
    """``config.json`` exists but is not a valid workspace config."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"`config.json` is not valid: {problem}")


class ArtifactInvalid(GeneratorError):
    """A generated artifact did not pass its validator. Always a bug in devbot, never written."""

    def __init__(self, artifact: str, problem: str) -> None:
        self.artifact = artifact
        self.problem = problem
        super().__init__(f"generated {artifact} is invalid: {problem}")
