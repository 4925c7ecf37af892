"""``devbot serve``: Socket Mode when an app token is set, otherwise HTTP behind waitress.

The HTTP front answers ``GET /healthz`` and passes ``POST /slack/events`` to Bolt only once the
request is known to come from Slack: a body over 1 MB is refused while it is read (waitress's
limit, so nothing larger is ever spooled to disk), the signature is checked on the raw bytes
before anything parses them (401), and a signed body that is not a Slack payload is a 400.
Each refusal is one log line, without the body (it holds a ``response_url``, a capability).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from waitress.server import create_server

from bot.errors import BadSetting
from bot.jobs.queue import JobQueue
from bot.jobs.runner import Runner
from bot.settings import Settings
from bot.slack import app as app_mod
from bot.slack import reporter as slack_reporter

log = logging.getLogger("devbot.server")
MAX_BODY = 1024 * 1024
SIGNATURE_WINDOW = 300  # seconds, as Slack and Bolt allow
SHUTDOWN_GRACE = 30.0
StartResponse = Callable[..., Any]


@dataclass
class Service:
    """The parts of a running devbot."""

    settings: Settings
    queue: JobQueue
    bolt: App


_REFUSED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


def check_settings(settings: Settings) -> None:
    """Refuse to start without a repository, a bot token or a way to verify requests."""
    if not settings.devbot_repo_url:
        raise BadSetting("set DEVBOT_REPO_URL to the workspaces repository (https, ssh or file URL)")
    if settings.slack_bot_token is None:
        raise BadSetting("set SLACK_BOT_TOKEN (the bot token, xoxb-…)")
    if not settings.socket_mode and settings.slack_signing_secret is None:
        raise BadSetting("set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)")
    if settings.devbot_database_url is not None:
        from bot.jobs.postgres import schema

        schema.check(settings.devbot_database_url.get_secret_value())


def wait_for_slack(client: WebClient, stopping: threading.Event, delays: Iterator[float]) -> bool:
    """Ask Slack who the token is until it answers: ``BadSetting`` if it refuses the token, False if
    ``stopping`` is set first. A Slack that is down or slow is asked again after each of ``delays``."""
    for delay in delays:
        try:
            client.auth_test()
            return True
        except SlackApiError as err:
            problem = str(err.response.get("error") or err.response.status_code)
            if problem in _REFUSED:
                raise BadSetting(
                    f"Slack refused SLACK_BOT_TOKEN ({problem}): set a valid bot token"
                ) from None
        except OSError as err:  # unreachable, timed out, connection reset
            problem = type(err).__name__
        log.warning("Slack is not answering at start (%s): trying again in %g s", problem, delay)
        if stopping.wait(delay):
            return False
    return False


def backoff(first: float = 1.0, most: float = 60.0) -> Iterator[float]:
    """1, 2, 4 … seconds, then every ``most`` seconds, for ever."""
    delay = first
    while True:
        yield delay
        delay = min(delay * 2, most)


def build(settings: Settings, client: WebClient | None = None) -> Service:
    """Check the settings, then build the Web API client, the job queue and the Bolt app."""
    check_settings(settings)
    client = client or app_mod.web_client(settings)
    queue = job_queue(settings)
    return Service(settings=settings, queue=queue, bolt=app_mod.create(settings, queue, client))


def job_queue(settings: Settings) -> JobQueue:
    """PostgreSQL's queue when ``DEVBOT_DATABASE_URL`` is set, else the embedded runner."""
    if settings.devbot_database_url is None:
        return Runner(settings, slack_reporter.for_job)
    from bot.jobs.postgres.queue import PostgresQueue

    return PostgresQueue(settings)


def _plain(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def _body(environ: dict[str, Any]) -> bytes:
    """The request body, at most ``MAX_BODY`` bytes (waitress has refused anything longer)."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return bytes(environ["wsgi.input"].read(min(length, MAX_BODY))) if length > 0 else b""


def _signed(body: bytes, stamp: str, signature: str, secret: bytes) -> bool:
    """Slack's signature over the raw bytes, from the last five minutes (any bytes, even not UTF-8)."""
    if not (stamp.isascii() and stamp.isdigit()) or abs(time.time() - int(stamp)) > SIGNATURE_WINDOW:
        return False
    expected = "v0=" + hmac.new(secret, b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def _slack_payload(body: bytes, content_type: str) -> bool:
    """Whether a signed body is what Slack sends: UTF-8 form fields (a JSON ``payload``) or JSON."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            return isinstance(json.loads(text), dict)
        fields = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
        return "payload" not in fields or isinstance(json.loads(fields["payload"][0]), dict)
    except (UnicodeDecodeError, ValueError):
        return False


def _health(service: Service, start_response: StartResponse) -> Iterable[bytes]:
    """200 with the number of jobs queued or running; 503 when the job queue cannot take one."""
    if service.queue.healthy():
        try:
            return _plain(start_response, "200 OK", {"ok": True, "running": len(service.queue.running())})
        except Exception as err:  # the database went away between the two questions
            log.warning("health check: %s", type(err).__name__)
    return _plain(start_response, "503 Service Unavailable", {"ok": False, "error": "job queue unavailable"})


def wsgi(service: Service) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application: health check, guards, then Bolt."""
    bolt = SlackRequestHandler(service.bolt, path="/slack/events")
    secret = service.settings.slack_signing_secret
    key = secret.get_secret_value().encode() if secret is not None else b""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/healthz" and method == "GET":
            return _health(service, start_response)
        if path != "/slack/events" or method != "POST":
            return _plain(start_response, "404 Not Found", {"error": "not found"})
        if int(environ.get("CONTENT_LENGTH") or 0) > MAX_BODY:
            log.info("refused a request from %s: body over %d bytes", environ.get("REMOTE_ADDR"), MAX_BODY)
            return _plain(start_response, "413 Payload Too Large", {"error": "too large"})
        body = _body(environ)
        stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not key or not _signed(body, stamp, signature, key):
            log.info("refused a request from %s: not signed by Slack", environ.get("REMOTE_ADDR"))
            return _plain(start_response, "401 Unauthorized", {"error": "invalid request"})
        if not _slack_payload(body, environ.get("CONTENT_TYPE", "")):
            log.info("refused a signed request from %s: not a Slack payload", environ.get("REMOTE_ADDR"))
            return _plain(start_response, "400 Bad Request", {"error": "malformed request"})
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return bolt(environ, start_response)

    return application


def http_server(service: Service, host: str, port: int) -> Any:
    """A waitress server for ``service`` (port 0 picks a free port: see ``effective_port``)."""
    # waitress logs a warning for every request that waits for a thread: a burst of commands
    # would write one line per request from the thread that reads the next ones.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return create_server(
        wsgi(service),
        host=host,
        port=port,
        threads=8,
        ident="devbot",
        clear_untrusted_proxy_headers=True,
        max_request_body_size=MAX_BODY,  # refused while reading: a larger body is never spooled
    )


def run_until_closed(server: Any) -> None:
    """Serve until ``server.close()`` is called from another thread (which may race the loop)."""
    with contextlib.suppress(OSError):
        server.run()


def _on_signals(stop: Callable[[], None]) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        del frame
        log.info("signal %s: shutting down", signum)
        threading.Thread(target=stop, daemon=True).start()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def serve(settings: Settings, host: str, port: int) -> None:
    """Run until SIGTERM or SIGINT; running jobs get a grace period, then are reported interrupted.

    Before anything starts, the settings are checked and Slack is asked whether it knows the token:
    a refused token is a ``BadSetting``; a Slack that is down is asked again with a growing delay.
    """
    check_settings(settings)
    client = app_mod.web_client(settings)
    stopping = threading.Event()
    _on_signals(stopping.set)
    if not wait_for_slack(client, stopping, backoff()):
        return
    service = build(settings, client)
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        assert settings.slack_app_token is not None
        handler = SocketModeHandler(service.bolt, settings.slack_app_token.get_secret_value())
        handler.connect()  # type: ignore[no-untyped-call]
        log.info("devbot is serving /dev-backend over Socket Mode")
        stopping.wait()
        handler.close()  # type: ignore[no-untyped-call]
    else:
        server = http_server(service, host, port)
        _on_signals(server.close)
        log.info("devbot is serving /dev-backend on http://%s:%s/slack/events", host, server.effective_port)
        run_until_closed(server)
    service.queue.shutdown(SHUTDOWN_GRACE)
    log.info("devbot stopped")
