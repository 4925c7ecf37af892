"""The Bolt app: ``/dev-backend`` acknowledged at once, the work handed to the job queue.

Nothing on the ack path touches git or Slack: parse, check the allow-lists, hand a ``Job`` to
the queue (which drops a replayed trigger and holds the slug), answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.errors import UserError
from bot.jobs import pipeline
from bot.jobs.job import Job
from bot.jobs.queue import Admitted, JobQueue, QueueUnavailable
from bot.settings import Settings
from bot.slack import commands
from bot.slack import text as slack_text

COMMAND = "/dev-backend"
log = logging.getLogger("devbot.app")


def web_client(settings: Settings) -> WebClient:
    """The Web API client: Slack's or the configured stand-in; retries only 429s (never a post twice)."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=int(max(1, settings.devbot_slack_timeout)),
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def _refusal(settings: Settings, command: dict[str, Any]) -> str | None:
    if settings.devbot_allowed_channels and command.get("channel_id") not in settings.devbot_allowed_channels:
        return slack_text.not_allowed("channel")
    if settings.devbot_allowed_users and command.get("user_id") not in settings.devbot_allowed_users:
        return slack_text.not_allowed("user")
    return None


def _list_task(settings: Settings, respond: Respond, base: str) -> Callable[[], None]:
    def task() -> None:
        try:
            rows = pipeline.listing(settings, base)
            text = slack_text.listing(rows, base)
        except UserError as err:
            text = slack_text.failure(Job(slug="list"), pipeline.failure_of(err))
        try:
            respond(text=text, response_type="ephemeral", replace_original=True)
        except Exception as err:  # no or dead response_url: nobody left to tell
            log.warning("list: could not answer: %s", type(err).__name__)

    return task


def create(settings: Settings, queue: JobQueue, client: WebClient) -> App:
    """The Bolt app with the ``/dev-backend`` listener."""
    bolt_logger = logging.getLogger("devbot.bolt")
    bolt_logger.setLevel(logging.WARNING)  # Bolt logs a rejected request's whole body at INFO
    app = App(
        client=client,
        signing_secret=(
            settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
        ),
        request_verification_enabled=not settings.socket_mode,
        # The listener only parses, checks and queues a job, so it runs on the request thread and
        # the ack leaves when it returns; Bolt's asynchronous runner would poll for the ack every 10 ms.
        process_before_response=True,
        logger=bolt_logger,
    )

    @app.command(COMMAND)
    def dev_backend(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        refusal = _refusal(settings, command)
        if refusal is not None:
            ack(text=refusal, response_type="ephemeral")
            return
        try:
            parsed = commands.parse(str(command.get("text", "")))
        except UserError as err:
            ack(text=slack_text.usage_error(str(err)), response_type="ephemeral")
            return
        if parsed.action == "help":
            ack(text=slack_text.help_text(), response_type="ephemeral")
            return
        if parsed.action == "list":
            ack(text=slack_text.listing_started(), response_type="ephemeral")
            queue.background(_list_task(settings, respond, settings.devbot_base_branch))
            return
        response_url = command.get("response_url")
        job = Job(
            slug=parsed.slug,
            dry_run=parsed.dry_run,
            base=parsed.base,
            orm=parsed.orm,
            requester=str(command.get("user_id", "")),
            requester_name=str(command.get("user_name", "")),
            channel=str(command.get("channel_id", "")),
            response_url=str(response_url or ""),
            trigger_id=str(command.get("trigger_id", "")),
        )
        try:
            admission = queue.submit(job)
        except QueueUnavailable:
            log.warning("run %s: the job queue is unavailable", job.run_id)
            ack(text=slack_text.unavailable(), response_type="ephemeral")
            return
        if admission.status is Admitted.DUPLICATE:
            log.info("replayed trigger ignored")
            ack()
        elif admission.status is Admitted.BUSY and admission.holder is not None:
            ack(text=slack_text.already_running(admission.holder), response_type="ephemeral")
        else:
            ack(text=slack_text.accepted(job), response_type="ephemeral")

    return app
