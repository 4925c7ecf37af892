"""The slug and branch-name rules, checked before a name reaches any path, ref name or git argument."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from bot.errors import BadSlug

PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
RULE = "lower-case letters, digits and dashes, starting with a letter or digit, at most 63 characters"
_BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")


def safe_branch(name: str) -> bool:
    """Whether ``name`` is a branch name devbot puts in a ref path and an argument list."""
    return bool(_BRANCH.fullmatch(name)) and not (
        ".." in name or "//" in name or "/." in name or name.endswith((".lock", "/", "."))
    )


def check(slug: str) -> str:
    """``slug`` if it follows the rule, else ``BadSlug`` stating the rule."""
    if not PATTERN.fullmatch(slug):
        shown = slug if len(slug) <= 40 else slug[:40] + "…"
        raise BadSlug(f"`{shown}` is not a valid MVP slug: use {RULE}")
    return slug


def nearest(slug: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` known slugs closest to ``slug``."""
    return difflib.get_close_matches(slug, sorted(known), n=limit, cutoff=0.5)
