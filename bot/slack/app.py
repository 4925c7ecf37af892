"""The Bolt app: ``/dev-backend`` acknowledged at once, the work handed to the runner.

Nothing on the ack path touches git or the network: parse, check the allow-lists, drop a
replayed request, hand a ``Job`` to the runner, answer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.errors import UserError
from bot.jobs import pipeline
from bot.jobs.job import Job
from bot.jobs.runner import Runner
from bot.settings import Settings
from bot.slack import commands
from bot.slack import text as slack_text

COMMAND = "/dev-backend"
REPLAY_WINDOW = 600.0
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


class _Replays:
    """Trigger ids seen in the signature window: a replayed request starts no second job."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_time(self, trigger_id: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            # Oldest first (insertion order), so forgetting stops at the first id still in the
            # window: the ack path does not walk every id of the last ten minutes.
            while self._seen:
                oldest, seen = next(iter(self._seen.items()))
                if now - seen <= REPLAY_WINDOW:
                    break
                del self._seen[oldest]
            if not trigger_id:
                return True
            if trigger_id in self._seen:
                return False
            self._seen[trigger_id] = now
            return True


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


def create(settings: Settings, runner: Runner, client: WebClient) -> App:
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
    replays = _Replays()

    @app.command(COMMAND)
    def dev_backend(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        refusal = _refusal(settings, command)
        if refusal is not None:
            ack(text=refusal, response_type="ephemeral")
            return
        if not replays.first_time(str(command.get("trigger_id", ""))):
            log.info("replayed trigger ignored")
            ack()
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
            runner.background(_list_task(settings, respond, settings.devbot_base_branch))
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
        busy = runner.submit(job)
        if busy is not None:
            ack(text=slack_text.already_running(busy), response_type="ephemeral")
            return
        ack(text=slack_text.accepted(job), response_type="ephemeral")

    return app
