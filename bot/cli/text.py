"""Everything the command line says to a person (the Slack wording lives in ``slack_text``)."""

from __future__ import annotations

from bot.jobs.job import Failure, Job, Outcome, Stage
from generators.generate import Digest, GenerationResult
from generators.model import DomainModel, RoleFound


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
    if done.pull_request is not None:
        found = done.pull_request
        verb = "Opened draft pull request" if found.opened else "Updated pull request"
        lines += ["", f"{verb} #{found.number} {found.title}: {found.url}"]
    elif done.pull_request_problem:
        lines += ["", f"The pull request could not be opened: {done.pull_request_problem}."]
    if done.links is not None:
        lines += ["", f"Branch: {done.links.branch}"]
        if done.pull_request is None:
            lines.append(f"Open a pull request: {done.links.pull_request}")
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


_SURE = {
    "document": "stated",
    "inferred": "inferred, to confirm",
    "join": "a join table the relationships need",
    "auth": "added for sign-in",
}
"""How sure the readers are of an entity, by where it comes from."""


def inspect(domain: DomainModel) -> str:
    """What the readers took from a document or workspace."""
    lines = [
        f"{domain.name}: {len(domain.entities)} entities, {len(domain.relationships)} relationships, "
        f"{len(domain.stories)} stories"
    ]
    for entity in domain.entities:
        sure = _SURE.get(entity.origin, "stated")
        lines.append(f"\n{entity.name} ({sure}) — found in {entity.source or 'no document'}")
        for attr in entity.attributes:
            keys = [k for k, on in (("PK", attr.pk), ("FK", attr.fk), ("UK", attr.unique)) if on]
            extra = f" [{', '.join(keys)}]" if keys else ""
            values = f" = {' | '.join(attr.enum_values)}" if attr.enum_values else ""
            optional = "?" if attr.optional else ""
            lines.append(f"  {attr.name}{optional}: {attr.type.value}{values}{extra}")
        if entity.seeds:
            lines.append("  seed rows: " + ", ".join(entity.seeds))
    if domain.relationships:
        lines.append("\nRelationships:")
        for rel in domain.relationships:
            label = f" ({rel.label})" if rel.label else ""
            lines.append(f"  {rel.left} {rel.left_end} — {rel.right_end} {rel.right}{label}  [{rel.source}]")
    found = domain.role_sources or tuple(RoleFound(name=r, found="stated") for r in domain.roles)
    lines.append("\nRoles:" + ("" if found else " none stated"))
    for role in found:
        lines.append(f"  {role.name} ({'stated' if role.sure else 'inferred'}) — {role.found}")
    if domain.stories:
        lines.append("Stories:")
        for story in domain.stories:
            size = f" ({story.complexity})" if story.complexity else ""
            lines.append(f"  {story.id} {story.role}: {story.action}{size}")
    stack = domain.stack
    orm = f"{stack.orm}{'' if stack.orm_stated else ' (default)'}"
    lines.append(
        f"Stack: {orm}, {stack.database}"
        + "".join(f", {x}" for x in (stack.cache, stack.queue) if x)
        + f", auth {stack.auth}"
    )
    for note in (*domain.assumptions, *domain.questions):
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def migrated(applied: list[str]) -> str:
    """What ``devbot migrate`` did."""
    if not applied:
        return "The database schema is up to date."
    return "Applied: " + ", ".join(applied) + ". The database schema is up to date."
