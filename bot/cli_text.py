"""Everything the command line says to a person (the Slack wording lives in ``slack_text``)."""

from __future__ import annotations

from generators.generate import GenerationResult


def stack(result: GenerationResult) -> str:
    """The tech stack line."""
    orm = "Prisma" if result.orm == "prisma" else "TypeORM"
    return f"Nest.js + TypeScript + PostgreSQL + {orm}"


def digest(result: GenerationResult) -> str:
    """One line of figures."""
    d = result.digest
    return (
        f"{d.modules} modules · {d.endpoints} endpoints · {d.entities} entities · "
        f"{d.tasks} tasks in {d.sprints} sprint{'s' if d.sprints != 1 else ''} ({d.days:g} days)"
    )


def summary(result: GenerationResult) -> str:
    """The original step's summary, with the digest."""
    return (
        f"✅ Backend plan complete for {result.name}\n"
        f"📁 Output: workspaces/{result.slug}/code/backend/\n"
        "\n"
        f"Tech stack: {stack(result)}\n"
        f"{digest(result)}\n"
        "\n"
        f"Next: /dev-frontend {result.slug}"
    )


def written(paths: list[str], slug: str) -> str:
    """What was written."""
    if not paths:
        return "Already up to date: nothing written."
    return "Wrote:\n" + "\n".join(f"  workspaces/{slug}/{path}" for path in paths)


def would_write(changes: dict[str, tuple[str, int]], slug: str) -> str:
    """What a dry run would write: path → (new/changed, size)."""
    if not changes:
        return "Dry run: already up to date, nothing would change."
    lines = [
        f"  {state:<7} workspaces/{slug}/{path} ({size:,} bytes)"
        for path, (state, size) in sorted(changes.items())
    ]
    return "Dry run: nothing written. Would write:\n" + "\n".join(lines)


def error(message: str) -> str:
    """A user error, one line."""
    return f"devbot: {message}"


def bug(error_id: str) -> str:
    """An unexpected failure."""
    return f"devbot: internal error {error_id}: this is a bug in devbot; the details are in the log above."
