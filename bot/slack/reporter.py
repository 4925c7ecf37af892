"""A job's conversation in Slack: one channel message kept up to date, the result in its thread.

Where the bot cannot post in the channel (a private channel or DM it is not in), the
conversation goes to the command's ``response_url`` instead (at most 5 posts in 30 minutes,
so progress is not sent there, only the start and the end).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.jobs.job import Failure, Job, Outcome, Stage
from bot.settings import Settings
from bot.slack import text as slack_text
from bot.slack.app import web_client
from bot.slack.text import ResultPlace

log = logging.getLogger("devbot.slack")
_FALLBACK_ERRORS = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
SETTLE = 0.25  # seconds a stage must last to be shown


class _Edits:
    """The channel message's calls, in order, off the job's path: the post first, then edits.

    A job moves through its stages faster than Slack answers, so only the newest edit waits,
    and a stage is shown only if the job is still in it after ``settle`` seconds: the message
    always ends in the job's last state, a quick job costs two calls, and fewer calls count
    against Slack's rate limit and the job's CPU.
    """

    def __init__(self, send: Callable[[str], None], settle: float) -> None:
        self.send = send
        self.settle = settle
        self.first: Callable[[], None] | None = None
        self.pending: str | None = None
        self.closed = False
        self.ready = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="devbot-slack-edits", daemon=True)
        self.thread.start()

    def before(self, task: Callable[[], None]) -> None:
        """Run ``task`` on this thread before any edit (the channel message's post)."""
        with self.ready:
            self.first = task
            self.ready.notify()

    def put(self, text: str, last: bool = False) -> None:
        with self.ready:
            self.pending = text
            self.closed = self.closed or last
            self.ready.notify()

    def _next(self) -> tuple[Callable[[], None] | None, str | None, bool]:
        with self.ready:
            self.ready.wait_for(lambda: self.first is not None or self.pending is not None or self.closed)
            if self.first is not None:
                task, self.first = self.first, None
                return task, None, False
            if not self.closed:
                self.ready.wait_for(lambda: self.closed or self.first is not None, timeout=self.settle)
            text, self.pending = self.pending, None
            return None, text, self.closed and text is None

    def _run(self) -> None:
        while True:
            task, text, done = self._next()
            if done:
                return
            if task is not None:
                task()
            elif text is not None:
                self.send(text)

    def wait(self, timeout: float) -> None:
        """Wait until every edit has left (for tests and shutdown)."""
        self.thread.join(timeout)


class SlackReporter:
    """Reports one job in Slack."""

    def __init__(
        self, client: WebClient, job: Job, webhook_timeout: float = 10.0, settle: float = SETTLE
    ) -> None:
        self.client = client
        self.job = job
        self.channel = job.channel
        self.ts: str | None = None
        self.fallback = False
        self.current: Stage | None = None
        self.webhook_timeout = webhook_timeout
        self.posted = threading.Event()
        self.posted.set()  # nothing to wait for until ``started`` posts
        self.edits = _Edits(self._update, settle)

    def _respond(self, text: str, in_channel: bool) -> None:
        if not self.job.response_url:
            log.warning(
                "run %s: no way to reach the user (no channel access, no response_url)", self.job.run_id
            )
            return
        hook = WebhookClient(self.job.response_url, timeout=int(self.webhook_timeout))
        try:
            response = hook.send(
                text=text,
                blocks=slack_text.section(text),
                response_type="in_channel" if in_channel else "ephemeral",
                replace_original=False,
            )
            if response.status_code >= 400:
                log.warning("run %s: response_url answered %s", self.job.run_id, response.status_code)
        except Exception as err:  # a network error must not fail the job
            log.warning("run %s: response_url failed: %s", self.job.run_id, type(err).__name__)

    def _update(self, text: str) -> None:
        if self.ts is None or self.fallback or not text:
            return
        try:
            self.client.chat_update(
                channel=self.channel, ts=self.ts, text=text, blocks=slack_text.section(text)
            )
        except SlackApiError as err:
            log.warning("run %s: chat.update failed: %s", self.job.run_id, err.response.get("error"))
        except Exception as err:  # timeouts and network errors: progress is not worth failing the job
            log.warning("run %s: chat.update failed: %s", self.job.run_id, type(err).__name__)

    def _reply(self, text: str) -> ResultPlace:
        """Post the result in the thread, or where the conversation can go; where it went."""
        # The client retries 429s, so the post may take a few of its timeouts.
        self.posted.wait(timeout=3 * self.webhook_timeout)
        if self.fallback or self.ts is None:
            self._respond(text, in_channel=True)
            # In the channel, through the response_url: the conversation lives there, or the channel
            # message is still being posted (rate-limited) and will show below the result.
            return "thread" if self.fallback else "channel"
        try:
            self.client.chat_postMessage(
                channel=self.channel, thread_ts=self.ts, text=text, blocks=slack_text.section(text)
            )
        except SlackApiError as err:  # rate-limited past the retries, or refused
            log.warning("run %s: thread reply failed: %s", self.job.run_id, err.response.get("error"))
            self._respond(text, in_channel=False)
            return "requester"
        except TimeoutError:
            # Sent, and its answer lost: Slack almost always posted it, and posting it again (here or
            # to the response_url) would say everything twice.
            log.warning("run %s: thread reply timed out: not posted again", self.job.run_id)
        except Exception as err:  # not sent (connection refused, DNS): the response_url reaches the user
            log.warning("run %s: thread reply failed: %s", self.job.run_id, type(err).__name__)
            self._respond(text, in_channel=False)
            return "requester"
        return "thread"

    def handle(self) -> dict[str, str]:
        """The channel message this reporter keeps up to date."""
        return {"channel": self.channel, "ts": self.ts or "", "fallback": "1" if self.fallback else ""}

    def thread_link(self) -> str:
        """The channel message's permalink (``chat.getPermalink``); empty where there is none."""
        self.posted.wait(timeout=3 * self.webhook_timeout)
        if self.fallback or self.ts is None:
            return ""
        try:
            response = self.client.chat_getPermalink(channel=self.channel, message_ts=self.ts)
            link = str(response.get("permalink") or "")
        except Exception as err:  # a link is a nicety: never worth failing the job
            log.warning("run %s: chat.getPermalink failed: %s", self.job.run_id, type(err).__name__)
            return ""
        return link if link.startswith("https://") else ""

    def close(self) -> None:
        """Wait (bounded) until the last edit of the channel message has left."""
        self.edits.wait(timeout=max(5.0, 3 * self.webhook_timeout))

    def started(self, job: Job) -> None:
        """Post the channel message (while the job goes on), or use the response_url where the
        bot may not post; a re-run of a job whose message exists keeps that message."""
        if self.ts is not None or self.fallback:
            if not self.fallback:
                self.edits.put(slack_text.parent(job, None, "running"))
            return
        self.posted.clear()
        self.edits.before(lambda: self._post(job))

    def _post(self, job: Job) -> None:
        try:
            self._post_parent(job)
        finally:
            self.posted.set()

    def _post_parent(self, job: Job) -> None:
        text = slack_text.parent(job, None, "running")
        try:
            response = self.client.chat_postMessage(
                channel=self.channel, text=text, blocks=slack_text.section(text)
            )
            self.ts = str(response["ts"])
            self.channel = str(response.get("channel") or self.channel)
        except (SlackApiError, OSError) as err:
            error = str(err.response.get("error")) if isinstance(err, SlackApiError) else type(err).__name__
            log.info("run %s: cannot post in %s (%s): using response_url", job.run_id, self.channel, error)
            self.fallback = True
            if error not in _FALLBACK_ERRORS:
                log.warning("run %s: chat.postMessage failed: %s", job.run_id, error)
            self._respond(text, in_channel=True)

    def stage(self, job: Job, stage: Stage) -> None:
        """Edit the channel message to show the new stage (sent in the background)."""
        self.current = stage
        if not self.fallback:
            self.edits.put(slack_text.parent(job, stage, "running"))

    def finished(self, job: Job, outcome: Outcome) -> None:
        """Reply in the thread with the summary and links; mark the message done."""
        place = self._reply(slack_text.result(outcome))
        self.edits.put(slack_text.parent(job, None, "done", outcome.name, outcome, place), last=True)

    def failed(self, job: Job, failure: Failure) -> None:
        """Reply in the thread with the cause; mark the message failed."""
        place = self._reply(slack_text.failure(job, failure))
        stage = failure.stage or self.current
        self.edits.put(slack_text.parent(job, stage, "failed", result_in=place), last=True)


def for_job(settings: Settings, job: Job, handle: dict[str, str]) -> SlackReporter:
    """A Slack reporter for ``job`` (picklable: workers build their own), continuing ``handle``."""
    reporter = SlackReporter(web_client(settings), job, webhook_timeout=settings.devbot_slack_timeout)
    if handle.get("ts"):
        reporter.channel, reporter.ts = handle["channel"], handle["ts"]
    reporter.fallback = bool(handle.get("fallback"))
    return reporter
