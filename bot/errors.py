"""The bot's exceptions.

    BotError                 base; never raised itself
    └── UserError            the user can fix it; ``str(err)`` is written for them
        ├── BadSlug          the slug breaks the rule
        └── UnsafePath       a symlink or escape where a workspace file should be

Errors from ``generators`` (``InputError``) are user errors too; anything else is a bug.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error the bot raises."""


class UserError(BotError):
    """A problem the user can fix; the message is for them."""


class BadSlug(UserError):
    """The slug is not ``^[a-z0-9][a-z0-9-]{0,62}$``."""


class UnsafePath(UserError):
    """A workspace path is a symlink or leaves the workspace."""
