"""After a push: open the branch's draft pull request, or update the one that is open.

A forge that fails never fails the job: the branch is pushed by then, so the outcome carries why
the pull request could not be opened, and the reply falls back to the compare link.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.forge import body as body_mod
from bot.forge.client import DRAFT_PREFIX, ForgeError, ForgeProblem, Proposal, PullRequest, forge_for
from bot.jobs.job import Job, Outcome, PullRequestLink
from bot.settings import Settings

log = logging.getLogger("devbot.forge")


def _title(found: PullRequest, slug: str, ours: str) -> str:
    """Ours, unless a person changed the title since devbot last set it (or opened it by hand)."""
    last = body_mod.marked_title(found.body, slug)
    return ours if last is not None and found.title == last else found.title


def publish(settings: Settings, job: Job, outcome: Outcome, thread_link: Callable[[], str]) -> Outcome:
    """``outcome`` with the pull request opened or updated for its branch, or with why not.

    Nothing is asked of any forge without ``DEVBOT_FORGE_TOKEN``, on a dry run, or when the
    branch does not exist (a run with nothing to commit on a new branch).
    """
    token = settings.devbot_forge_token
    target = settings.forge_target
    if token is None or target is None or outcome.dry_run or outcome.commit is None:
        return outcome
    forge = forge_for(target, token.get_secret_value(), settings.devbot_forge_timeout)
    ours = body_mod.title(outcome, DRAFT_PREFIX[target.kind])
    asker = body_mod.Asker(name=job.requester_name or job.requester, thread=thread_link())
    text = body_mod.body(outcome, job, asker, ours)
    try:
        found = forge.find(outcome.branch)
        if found is None:
            try:
                made = forge.create(Proposal(head=outcome.branch, base=outcome.base, title=ours, body=text))
            except ForgeError as err:
                if err.problem is not ForgeProblem.DUPLICATE:
                    raise
                found = forge.find(outcome.branch)  # opened since we looked: update it
                if found is None:
                    raise ForgeError(
                        "the forge says a pull request is open for the branch but does not list it",
                        ForgeProblem.ANSWER,
                    ) from None
            else:
                log.info("run %s: opened pull request #%d", job.run_id, made.number)
                return outcome.model_copy(update={"pull_request": _link(made, opened=True)})
        updated = forge.update(found.number, _title(found, outcome.slug, ours), text)
    except ForgeError as err:
        log.warning("run %s: no pull request: %s", job.run_id, err)
        return outcome.model_copy(update={"pull_request_problem": str(err)})
    log.info("run %s: updated pull request #%d", job.run_id, updated.number)
    return outcome.model_copy(update={"pull_request": _link(updated, opened=False)})


def _link(found: PullRequest, opened: bool) -> PullRequestLink:
    url = found.url if found.url.startswith(("https://", "http://")) else ""
    return PullRequestLink(number=found.number, title=found.title, url=url, opened=opened)
