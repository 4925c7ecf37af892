"""Everything devbot says in Slack. Text from the repository or the user is always escaped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from bot.cli import text as cli_text
from bot.jobs.job import Failure, Job, Outcome, Stage
from bot.slack.commands import USAGE
from generators.model import DomainModel

Blocks = list[dict[str, Any]]
State = Literal["running", "done", "failed"]
ResultPlace = Literal["thread", "channel", "requester"]  # where a job's result was posted
_MAX_SECTION = 2900


def escape(text: str) -> str:
    """Text safe in mrkdwn: ``&``, ``<`` and ``>`` escaped, so no mention or link gets through."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code(text: str) -> str:
    """Inline code of untrusted text (escaped; backticks removed so it can't close the span)."""
    return "`" + escape(text.replace("`", "'")) + "`"


def link(url: str, label: str) -> str:
    """A mrkdwn link; the URL is devbot's own, the label is escaped."""
    safe_url = url.replace(">", "%3E").replace("|", "%7C").replace("<", "%3C")
    return f"<{safe_url}|{escape(label).replace('|', '/')}>"


def section(text: str) -> Blocks:
    """One mrkdwn section block (cut to Slack's limit)."""
    if len(text) > _MAX_SECTION:
        text = text[: _MAX_SECTION - 1] + "…"
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def help_text() -> str:
    """``/dev-backend help``."""
    return (
        "*/dev-backend* writes the Nest.js backend plan of an MVP from its PRD and architecture, "
        "on a branch for review.\n"
        "• `/dev-backend <slug>`: generate `backend-plan.md`, `api-spec.md`, `database-schema.md` and "
        "`openapi.yaml`, commit them on `dev-backend/<slug>` and push\n"
        "• `--dry-run`: generate and compare, commit nothing\n"
        "• `--base BRANCH`: start from another branch than the default\n"
        "• `--orm prisma|typeorm`: override the architecture's ORM\n"
        "• `/dev-backend list`: the MVPs in the repository and which have a plan\n"
        "Progress and the result appear in a thread under devbot's message in this channel."
    )


def usage_error(reason: str) -> str:
    """A command that does not parse."""
    return f"⚠️ {escape(reason)}\nUsage: `{USAGE}`"


def not_allowed(kind: Literal["user", "channel"]) -> str:
    """Refusal by the allow-lists."""
    if kind == "channel":
        return (
            "🚫 /dev-backend is not enabled in this channel. Ask your devbot admin which channels it serves."
        )
    return "🚫 You are not on the list of people who may run /dev-backend. Ask your devbot admin."


def already_running(job: Job) -> str:
    """A second request for a slug whose job is running."""
    started = job.requested_at.strftime("%H:%M:%S UTC")
    who = f"<@{escape(job.requester)}>" if job.requester else escape(job.requester_name or "someone")
    return (
        f"⏳ A backend plan for {code(job.slug)} is already running, started by {who} at {started}. "
        "Its thread will have the result."
    )


def unavailable() -> str:
    """The answer when the job queue cannot take a command (its database does not answer)."""
    return "⚠️ devbot cannot take new work right now (its job queue is not answering). Try again in a minute."


def accepted(job: Job) -> str:
    """The immediate, ephemeral answer to a command that starts a job."""
    mode = " (dry run: nothing will be committed)" if job.dry_run else ""
    return f"👍 On it: backend plan for {code(job.slug)}{mode}. Follow the thread under my message."


def listing_started() -> str:
    """The immediate answer to ``list``."""
    return "🔎 Looking at the repository…"


def _stages(current: Stage | None, state: State) -> str:
    lines = []
    reached = True
    for step in Stage:
        if step == current:
            icon = {"running": "⏳", "failed": "❌", "done": "✅"}[state]
            reached = False
        elif reached and current is not None:
            icon = "✅"
        else:
            icon = "▫️"
        lines.append(f"{icon} {step.value}")
    return "\n".join(lines)


def parent(
    job: Job,
    current: Stage | None,
    state: State,
    name: str = "",
    outcome: Outcome | None = None,
    result_in: ResultPlace = "thread",
) -> str:
    """The channel message a job keeps up to date (``result_in``: where its result was posted)."""
    who = f"<@{escape(job.requester)}>" if job.requester else escape(job.requester_name)
    mvp = f"*{escape(name)}* ({code(job.slug)})" if name else code(job.slug)
    head = f"🛠️ Backend plan for {mvp}, requested by {who}"
    if job.dry_run:
        head += " — dry run"
    if state == "done" and outcome is not None:
        verdict = (
            "already up to date" if outcome.up_to_date else ("done (dry run)" if job.dry_run else "done")
        )
        return f"{head}\n✅ {verdict}: {_where(job, result_in)}."
    if state == "failed":
        return f"{head}\n{_stages(current, 'failed')}\n❌ failed: {_where(job, result_in)}."
    return f"{head}\n{_stages(current, 'running')}"


def _where(job: Job, result_in: ResultPlace) -> str:
    if result_in == "thread":
        return "see the thread"
    if result_in == "channel":
        return "Slack posted this message late, so the result is in the channel, before it"
    who = f"<@{escape(job.requester)}>" if job.requester else "the requester"
    return f"Slack refused the thread reply, so the result went to {who} alone"


def _pull_request(outcome: Outcome) -> list[str]:
    found = outcome.pull_request
    if found is not None:
        label = f"#{found.number} {found.title}"
        shown = link(found.url, label) if found.url else code(label)
        verb = "Opened a draft pull request" if found.opened else "Updated the pull request"
        return [f"📬 {verb}: {shown} into {code(outcome.base)}"]
    lines = []
    if outcome.pull_request_problem:
        lines.append(f"⚠️ The pull request could not be opened: {escape(outcome.pull_request_problem)}.")
    if outcome.links is not None:
        lines.append(
            f"📬 {link(outcome.links.pull_request, 'Open a pull request')} into {code(outcome.base)}"
        )
    return lines


def _links(outcome: Outcome) -> list[str]:
    if outcome.links is None:
        return ([f"Branch: {code(outcome.branch)}"] if outcome.commit else []) + _pull_request(outcome)
    return [
        f"🔀 Branch: {link(outcome.links.branch, outcome.branch)}",
        *_pull_request(outcome),
        "📄 " + " · ".join(link(url, path.rsplit("/", 1)[-1]) for path, url in outcome.links.files.items()),
    ]


def result(outcome: Outcome) -> str:
    """The thread reply of a finished job: the original summary, a digest and the links."""
    summary = cli_text.summary(escape(outcome.name), outcome.slug, outcome.orm, outcome.digest)
    summary = summary.replace(
        f"workspaces/{outcome.slug}/code/backend/", f"`workspaces/{outcome.slug}/code/backend/`"
    )
    summary = summary.replace(f"Next: /dev-frontend {outcome.slug}", f"Next: `/dev-frontend {outcome.slug}`")
    roles = ", ".join(escape(role) for role in outcome.digest.roles)
    lines = [summary, "", f"Roles: {roles}"]
    if outcome.dry_run:
        changed = ", ".join(code(path) for path in outcome.changed) or "nothing"
        lines.append(f"🧪 Dry run: nothing committed. Would change: {changed}.")
        if outcome.domain is not None:
            lines.append(reading(outcome.domain))
    elif outcome.up_to_date:
        lines.append(f"👌 Already up to date on {code(outcome.branch)}: nothing to commit.")
    else:
        lines.append(
            f"📝 Committed {code((outcome.commit or '')[:12])}: {len(outcome.changed)} files changed."
        )
    lines.extend(_links(outcome))
    return "\n".join(lines)


def reading(domain: DomainModel, limit: int = 15) -> str:
    """What devbot read from the workspace (the dry-run digest, like ``devbot inspect``)."""
    lines = ["*What I read:*"]
    for entity in domain.entities[:limit]:
        kinds = sorted({part.split("(")[-1].rstrip(")") for part in entity.source.split("; ") if "(" in part})
        mark = " _(inferred)_" if entity.origin == "inferred" else ""
        origin = escape(", ".join(kinds) or "the documents")
        lines.append(f"• {code(entity.name)}{mark}: {len(entity.attributes)} fields, from {origin}")
    if len(domain.entities) > limit:
        lines.append(f"…and {len(domain.entities) - limit} more entities.")
    lines.append(f"Relationships: {len(domain.relationships)} · stories: {len(domain.stories)}")
    stack = domain.stack
    lines.append(
        f"Stack: {escape(stack.orm)}{'' if stack.orm_stated else ' (default)'}, {escape(stack.database)}"
    )
    for question in domain.questions[:3]:
        lines.append(f"❓ {escape(question)}")
    return "\n".join(lines)


def failure(job: Job, failed: Failure) -> str:
    """The thread reply of a failed job: the cause in plain words and what to do next."""
    lines = [f"❌ {escape(failed.message)}"]
    if failed.suggestions:
        lines.append("Did you mean " + ", ".join(code(s) for s in failed.suggestions) + "?")
    if failed.hint:
        lines.append(f"👉 {escape(failed.hint[0].upper() + failed.hint[1:])}.")
    if failed.error_id:
        lines.append(
            f"This is a bug in devbot: error id {code(failed.error_id)} (the details are in its log)."
        )
    lines.append(f"Run id {code(job.run_id)}.")
    return "\n".join(lines)


def _cut_short_hint(stage: Stage | None) -> str:
    if stage is Stage.PUSHING:
        return "the push may or may not have happened: run the command again, a re-run is safe"
    return "nothing was pushed: run the command again"


def interrupted(stage: Stage | None) -> Failure:
    """What a job cut short by a shutdown tells the user."""
    return Failure(
        message="devbot was restarted while this plan was being made",
        hint=_cut_short_hint(stage),
        stage=stage,
    )


def lost(stage: Stage | None) -> Failure:
    """What a job tells whose worker died twice (with a database: killed, out of memory, its machine)."""
    return Failure(
        message="the worker running this plan stopped, twice",
        hint=_cut_short_hint(stage),
        stage=stage,
    )


def timed_out(stage: Stage | None, seconds: float) -> Failure:
    """What a job stopped at its deadline (its worker ended) tells the user."""
    where = f" while {stage.value}" if stage is not None else " before it began"
    return Failure(
        message=f"the job took longer than {seconds:g} s and was stopped{where}",
        hint=_cut_short_hint(stage),
        stage=stage,
    )


def listing(rows: Sequence[tuple[str, str]], base: str, limit: int = 40) -> str:
    """``/dev-backend list``: slug and plan state, one per line."""
    if not rows:
        return f"No MVPs under `workspaces/` on {code(base)} yet: start one with `/start-mvp <slug>`."
    lines = [f"*MVPs on {code(base)}* ({len(rows)}):"]
    for slug, state in rows[:limit]:
        lines.append(f"• {code(slug)}: {escape(state)}")
    if len(rows) > limit:
        lines.append(f"…and {len(rows) - limit} more.")
    return "\n".join(lines)
