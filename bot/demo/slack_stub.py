"""A local stand-in for the Slack Web API: for ``devbot demo`` and the tests.

It listens on loopback (port 0 by default), answers the methods devbot uses like Slack does,
records every call with its full body, and can be told to fail: ``fail("chat.postMessage",
"not_in_channel")`` or ``rate_limit("chat.update", retry_after=1)``. It also serves response
URLs (``response_url(name)``) and keeps what was posted to them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

from slack_sdk.signature import SignatureVerifier


@dataclass(frozen=True)
class Call:
    """One request the stub received."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Message:
    """A message as a Slack user would see it now (after edits), with its thread."""

    channel: str
    ts: str
    text: str
    thread: list[str] = field(default_factory=list)
    edits: int = 0


class SlackStub:
    """The stand-in server. Use as a context manager, or call ``start`` and ``stop``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.calls: list[Call] = []
        self.responses: dict[str, list[dict[str, Any]]] = {}
        self.messages: list[Message] = []
        self.ephemeral: list[tuple[str, str]] = []
        self._failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = {}
        self._hooks: list[Callable[[Call], None]] = []
        self._delays: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="slack-stub", daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the Web API (what ``SLACK_API_URL`` is set to)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/"

    def response_url(self, name: str) -> str:
        """A response URL served by the stub."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/commands/{name}"

    def start(self) -> SlackStub:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SlackStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with ``{"ok": false, "error": error}``."""
        with self._lock:
            for _ in range(times):
                self._failures.setdefault(method, []).append((200, {"ok": False, "error": error}, {}))

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP 429 and ``Retry-After``."""
        with self._lock:
            for _ in range(times):
                self._failures.setdefault(method, []).append(
                    (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})
                )

    def on_call(self, hook: Callable[[Call], None]) -> None:
        """Run ``hook`` on every call before answering it (to act at an exact moment of a job)."""
        self._hooks.append(hook)

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the next ``times`` answers to ``method`` for ``seconds`` (a slow or hung Slack)."""
        with self._lock:
            self._delays.setdefault(method, []).extend([seconds] * times)

    def called(self, method: str) -> list[Call]:
        """The calls of ``method``, in order."""
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def posted_to(self, name: str) -> list[dict[str, Any]]:
        """What was sent to the response URL ``name``."""
        return [call.params for call in self.called(f"response_url:{name}")]

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://devbot-demo.slack.com/", "team": "Demo", "user": "devbot",
                    "team_id": "T0DEMO", "user_id": "U0DEVBOT", "bot_id": "B0DEVBOT"}  # fmt: skip
        if method == "chat.postMessage":
            ts = f"{1700000000 + next(self._ts)}.000100"
            channel = str(params.get("channel", ""))
            text = str(params.get("text", ""))
            thread = params.get("thread_ts")
            if thread:
                parent = next((m for m in self.messages if m.ts == thread), None)
                if parent is not None:
                    parent.thread.append(text)
            else:
                self.messages.append(Message(channel=channel, ts=ts, text=text))
            return {"ok": True, "channel": channel, "ts": ts, "message": {"text": text, "ts": ts}}
        if method == "chat.update":
            message = next((m for m in self.messages if m.ts == params.get("ts")), None)
            if message is None:
                return {"ok": False, "error": "message_not_found"}
            message.text = str(params.get("text", ""))
            message.edits += 1
            return {"ok": True, "channel": message.channel, "ts": message.ts, "text": message.text}
        if method == "chat.getPermalink":
            message = next((m for m in self.messages if m.ts == params.get("message_ts")), None)
            if message is None:
                return {"ok": False, "error": "message_not_found"}
            stamp = message.ts.replace(".", "")
            link = f"https://devbot-demo.slack.com/archives/{message.channel}/p{stamp}"
            return {"ok": True, "channel": message.channel, "permalink": link}
        if method == "chat.postEphemeral":
            self.ephemeral.append((str(params.get("user", "")), str(params.get("text", ""))))
            return {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        return {"ok": False, "error": "unknown_method"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                del format, args

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                kind = self.headers.get("Content-Type", "")
                params: dict[str, Any] = json.loads(raw) if "json" in kind and raw else dict(parse_qsl(raw))
                for key in ("blocks", "attachments"):
                    if isinstance(params.get(key), str):
                        params[key] = json.loads(params[key])
                status: int = 200
                body: dict[str, Any] = {"ok": True}
                extra: dict[str, str] = {}
                if self.path.startswith("/commands/"):
                    method = "response_url:" + self.path.removeprefix("/commands/")
                else:
                    method = self.path.removeprefix("/api/")
                headers = {key.lower(): value for key, value in self.headers.items()}
                call = Call(method=method, params=params, headers=headers)
                for hook in list(stub._hooks):
                    hook(call)
                with stub._lock:
                    delays = stub._delays.get(method)
                    pause = delays.pop(0) if delays else 0.0
                if pause:
                    time.sleep(pause)
                with stub._lock:
                    stub.calls.append(call)
                    queued = stub._failures.get(method)
                    if queued:
                        status, body, extra = queued.pop(0)
                    elif not method.startswith("response_url:"):
                        body = stub._answer(method, params)
                payload = json.dumps(body).encode() if not method.startswith("response_url:") else b"ok"
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if payload != b"ok" else "text/plain")
                for key, value in extra.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    self.wfile.write(payload)

        return Handler


def slash_command(
    signing_secret: str,
    text: str,
    *,
    user_id: str = "U0ALICE",
    user_name: str = "alice",
    channel_id: str = "C0PRODUCT",
    trigger_id: str = "",
    response_url: str = "",
    timestamp: int | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A slash-command request body and headers, signed as Slack signs them."""
    body = urlencode(
        {
            "token": "unused",
            "team_id": "T0DEMO",
            "team_domain": "demo",
            "channel_id": channel_id,
            "channel_name": "product",
            "user_id": user_id,
            "user_name": user_name,
            "command": "/dev-backend",
            "text": text,
            "api_app_id": "A0DEVBOT",
            "response_url": response_url,
            "trigger_id": trigger_id or secrets.token_hex(8),
        }
    ).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=stamp, body=body.decode())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or "",
    }
    return body, headers
