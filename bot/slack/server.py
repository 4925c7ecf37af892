"""``devbot serve``: Socket Mode when an app token is set, otherwise HTTP behind waitress.

The HTTP front answers ``GET /healthz`` and passes ``POST /slack/events`` to Bolt after two
guards: a missing or non-numeric timestamp is a 401 (Bolt would answer 500), and a body over
1 MB is a 413. Bolt's own log of a rejected request, which holds the whole body and its
``response_url``, is silenced.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import FrameType
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.errors import BadSetting
from bot.jobs.runner import Runner
from bot.settings import Settings
from bot.slack import app as app_mod
from bot.slack import reporter as slack_reporter

log = logging.getLogger("devbot.server")
MAX_BODY = 1024 * 1024
SHUTDOWN_GRACE = 30.0
StartResponse = Callable[..., Any]


@dataclass
class Service:
    """The parts of a running devbot."""

    settings: Settings
    runner: Runner
    bolt: App


def build(settings: Settings) -> Service:
    """Check the settings, then build the Web API client, the runner and the Bolt app."""
    if not settings.devbot_repo_url:
        raise BadSetting("set DEVBOT_REPO_URL to the workspaces repository (https, ssh or file URL)")
    if settings.slack_bot_token is None:
        raise BadSetting("set SLACK_BOT_TOKEN (the bot token, xoxb-…)")
    if not settings.socket_mode and settings.slack_signing_secret is None:
        raise BadSetting("set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)")
    client = app_mod.web_client(settings)
    runner = Runner(settings, slack_reporter.for_job)
    return Service(settings=settings, runner=runner, bolt=app_mod.create(settings, runner, client))


def _plain(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def wsgi(service: Service) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application: health check, guards, then Bolt."""
    bolt = SlackRequestHandler(service.bolt, path="/slack/events")

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/healthz" and method == "GET":
            return _plain(start_response, "200 OK", {"ok": True, "running": len(service.runner.running())})
        if path != "/slack/events" or method != "POST":
            return _plain(start_response, "404 Not Found", {"error": "not found"})
        if int(environ.get("CONTENT_LENGTH") or 0) > MAX_BODY:
            return _plain(start_response, "413 Payload Too Large", {"error": "too large"})
        stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        if not stamp.isascii() or not stamp.isdigit() or not environ.get("HTTP_X_SLACK_SIGNATURE"):
            return _plain(start_response, "401 Unauthorized", {"error": "invalid request"})
        return bolt(environ, start_response)

    return application


def http_server(service: Service, host: str, port: int) -> Any:
    """A waitress server for ``service`` (port 0 picks a free port: see ``effective_port``)."""
    # waitress logs a warning for every request that waits for a thread: a burst of commands
    # would write one line per request from the thread that reads the next ones.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return create_server(
        wsgi(service), host=host, port=port, threads=8, ident="devbot", clear_untrusted_proxy_headers=True
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
    """Run until SIGTERM or SIGINT; running jobs get a grace period, then are reported interrupted."""
    service = build(settings)
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        assert settings.slack_app_token is not None
        handler = SocketModeHandler(service.bolt, settings.slack_app_token.get_secret_value())
        done = threading.Event()
        _on_signals(done.set)
        handler.connect()  # type: ignore[no-untyped-call]
        log.info("devbot is serving /dev-backend over Socket Mode")
        done.wait()
        handler.close()  # type: ignore[no-untyped-call]
    else:
        server = http_server(service, host, port)
        _on_signals(server.close)
        log.info("devbot is serving /dev-backend on http://%s:%s/slack/events", host, server.effective_port)
        run_until_closed(server)
    service.runner.shutdown(SHUTDOWN_GRACE)
    log.info("devbot stopped")
