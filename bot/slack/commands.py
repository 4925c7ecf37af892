"""The text of ``/dev-backend``: help, list, or a slug with options."""

from __future__ import annotations

import shlex
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot import slugs
from bot.errors import UserError
from generators.model import Orm

USAGE = (
    "/dev-backend <slug> [--dry-run] [--base BRANCH] [--orm prisma|typeorm] · "
    "/dev-backend list · /dev-backend help"
)


class UsageError(UserError):
    """The command text does not parse; the message says why."""


class Command(BaseModel):
    """A parsed ``/dev-backend`` command."""

    model_config = ConfigDict(frozen=True)

    action: Literal["run", "list", "help"]
    slug: str = ""
    dry_run: bool = False
    base: str | None = None
    orm: Orm | None = None


def check_branch(name: str) -> str:
    """A branch name safe to put in a ref and an argument list."""
    if not slugs.safe_branch(name):
        raise UsageError(f"`{name[:60]}` is not a branch name devbot accepts")
    return name


def parse(text: str) -> Command:
    """Parse the command text; ``UsageError`` with the reason and the usage otherwise."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not words or words[0] in ("help", "-h", "--help"):
        return Command(action="help")
    if words[0] == "list" and len(words) == 1:
        return Command(action="list")
    slug, rest = words[0], words[1:]
    if rest and not rest[0].startswith("-"):
        slug = text.strip()
    slugs.check(slug)
    dry_run, base, orm = False, None, None
    seen: set[str] = set()
    while rest:
        word = rest.pop(0)
        option = word.partition("=")[0]
        if option in seen:
            raise UsageError(f"`{option}` is given twice: say it once")
        if option.startswith("--"):
            seen.add(option)
        if word == "--dry-run":
            dry_run = True
        elif word in ("--base", "--orm") or word.startswith(("--base=", "--orm=")):
            name, _, value = word.partition("=")
            if not value:
                if not rest:
                    raise UsageError(f"`{name}` needs a value")
                value = rest.pop(0)
            if name == "--base":
                base = check_branch(value)
            elif value in ("prisma", "typeorm"):
                orm = value
            else:
                raise UsageError("`--orm` is `prisma` or `typeorm`")
        else:
            raise UsageError(f"unknown option `{word[:40]}`")
    return Command(action="run", slug=slug, dry_run=dry_run, base=base, orm=orm)
