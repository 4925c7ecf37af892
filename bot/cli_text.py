"""Everything the command line says to a person (the Slack wording lives in ``slack_text``)."""

from __future__ import annotations

from bot.jobs import Failure, Job, Outcome, Stage
from generators.generate import Digest, GenerationResult


def stack(orm: str) -> str:
    """The tech stack line."""
    return f"Nest.js + TypeScript + PostgreSQL + {'Prisma' if orm == 'prisma' else 'TypeORM'}"


def digest(d: Digest) -> str:
    """One line of figures."""
    return (
        f"{d.modules} modules · {d.endpoints} endpoints · {d.entities} entities · "
        f"{d.tasks} tasks in {d.sprints} sprint{'s' if d.sprints != 1 else ''} ({d.days:g} days)"
    )


def summary(name: str, slug: str, orm: str, figures: Digest) -> str:
    """The original step's summary, with the digest."""
    return (
        f"✅ Backend plan complete for {name}\n"
        f"📁 Output: workspaces/{slug}/code/backend/\n"
        "\n"
        f"Tech stack: {stack(orm)}\n"
        f"{digest(figures)}\n"
        "\n"
        f"Next: /dev-frontend {slug}"
    )


def result_summary(result: GenerationResult) -> str:
    """The summary of a generation."""
    return summary(result.name, result.slug, result.orm, result.digest)


def run_started(job: Job) -> str:
    """The first line of ``devbot run``."""
    return f"devbot run {job.run_id}: backend plan for `{job.slug}`"


def stage(step: Stage) -> str:
    """A progress line."""
    return f"  … {step.value}"


def outcome(done: Outcome) -> str:
    """The result of ``devbot run``: summary, what changed, links."""
    lines = [summary(done.name, done.slug, done.orm, done.digest), ""]
    if done.dry_run:
        lines.append(
            "Dry run: nothing committed." + (" Would change:" if done.changed else " Already up to date.")
        )
        lines.extend(f"  workspaces/{done.slug}/{path}" for path in done.changed)
    elif done.up_to_date:
        lines.append(f"Already up to date on `{done.branch}`: nothing committed.")
    else:
        lines.append(f"Pushed {(done.commit or '')[:12]} to `{done.branch}` ({len(done.changed)} files).")
    if done.links is not None:
        lines += ["", f"Branch: {done.links.branch}", f"Pull request: {done.links.pull_request}"]
        lines.extend(f"  {path}: {url}" for path, url in done.links.files.items())
    return "\n".join(lines)


def failure(failed: Failure) -> str:
    """Why a run failed and what to do."""
    text = f"devbot: {failed.message}"
    if failed.suggestions:
        text += "\nDid you mean: " + ", ".join(failed.suggestions) + "?"
    if failed.hint:
        text += f"\n{failed.hint[0].upper()}{failed.hint[1:]}."
    if failed.error_id:
        text += f"\nError id {failed.error_id}: the details are in devbot's log."
    return text


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
