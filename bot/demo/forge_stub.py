"""A local stand-in for a forge's pull-request API (GitHub, GitLab or Gitea): for ``devbot demo``
and the tests.

It listens on loopback, keeps its pull (merge) requests like the forge does, checks the token on
every request (401 otherwise), records every request, and answers any request devbot has no
reason to make with a 404 that it also keeps in ``unexpected``. It can be told to fail
(``fail(502)``), to hang (``delay(3)``), or to have someone open the branch's pull request just
before devbot's create arrives (``race()``), as happens when two runs cross.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, urlsplit

Kind = Literal["github", "gitlab", "gitea"]
_PREFIX: dict[Kind, str] = {"github": "", "gitlab": "/api/v4", "gitea": "/api/v1"}
_SCHEME: dict[Kind, str] = {"github": "Bearer", "gitlab": "Bearer", "gitea": "token"}


@dataclass(frozen=True)
class Request:
    """One request the stand-in received."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]


@dataclass
class Pull:
    """A pull (merge) request as the forge keeps it."""

    number: int
    head: str
    base: str
    title: str
    body: str
    draft: bool
    open: bool = True
    edits: int = 0


@dataclass
class _Plan:
    failures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)
    race: int = 0


class ForgeStub:
    """The stand-in server for one project. Use as a context manager."""

    def __init__(
        self,
        kind: Kind = "github",
        project: str = "acme/mvps",
        token: str = "forge-test-token",  # noqa: S107 - the stand-in's own throwaway token
        web: str = "https://github.com/acme/mvps",
    ) -> None:
        self.kind = kind
        self.project = project
        self.token = token
        self.web = web.rstrip("/")
        self.requests: list[Request] = []
        self.unexpected: list[Request] = []
        self.pulls: list[Pull] = []
        self._plan = _Plan()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="forge-stub", daemon=True)

    @property
    def url(self) -> str:
        """The API base URL (what ``DEVBOT_FORGE_API_URL`` is set to)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{_PREFIX[self.kind]}"

    def __enter__(self) -> ForgeStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, status: int, times: int = 1, message: str = "") -> None:
        """Answer the next ``times`` requests with ``status``."""
        with self._lock:
            self._plan.failures += [(status, {"message": message or f"stand-in failure {status}"})] * times

    def delay(self, seconds: float, times: int = 1) -> None:
        """Hold the next ``times`` answers for ``seconds`` (a forge that hangs)."""
        with self._lock:
            self._plan.delays += [seconds] * times

    def race(self) -> None:
        """Just before the next create, someone else opens a pull request from the same branch."""
        with self._lock:
            self._plan.race += 1

    def open_pull(self, head: str, base: str, title: str, body: str = "", draft: bool = False) -> Pull:
        """A pull request opened by a person."""
        with self._lock:
            return self._add(head, base, title, body, draft)

    def _add(self, head: str, base: str, title: str, body: str, draft: bool) -> Pull:
        pull = Pull(len(self.pulls) + 1, head, base, title, body, draft)
        self.pulls.append(pull)
        return pull

    def _page(self, pull: Pull) -> str:
        return {
            "github": f"{self.web}/pull/{pull.number}",
            "gitlab": f"{self.web}/-/merge_requests/{pull.number}",
            "gitea": f"{self.web}/pulls/{pull.number}",
        }[self.kind]

    def _json(self, pull: Pull) -> dict[str, Any]:
        if self.kind == "gitlab":
            return {"iid": pull.number, "id": 1000 + pull.number, "title": pull.title,
                    "description": pull.body, "web_url": self._page(pull), "source_branch": pull.head,
                    "target_branch": pull.base, "state": "opened" if pull.open else "closed",
                    "draft": pull.title.startswith("Draft:")}  # fmt: skip
        return {"number": pull.number, "title": pull.title, "body": pull.body, "html_url": self._page(pull),
                "state": "open" if pull.open else "closed", "draft": pull.draft,
                "head": {"ref": pull.head, "repo": {"full_name": self.project}},
                "base": {"ref": pull.base}}  # fmt: skip

    def _duplicate(self, head: str) -> tuple[int, dict[str, Any]]:
        if self.kind == "github":
            owner = self.project.split("/")[0]
            said = f"A pull request already exists for {owner}:{head}."
            error = {"resource": "PullRequest", "code": "custom", "message": said}
            return 422, {"message": "Validation Failed", "errors": [error]}
        if self.kind == "gitlab":
            return 409, {"message": ["Another open merge request already exists for this source branch: !1"]}
        return 409, {"message": "pull request already exists for these targets"}

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any] | None:
        """The answer to a request devbot may make, or None for any other."""
        if self.kind == "gitlab":
            base = f"{_PREFIX['gitlab']}/projects/{quote(self.project, safe='')}/merge_requests"
            head_key, base_key, text_key = "source_branch", "target_branch", "description"
            listing = method == "GET" and path == base and query.get("state") == "opened"
            update_method = "PUT"
        else:
            base = f"{_PREFIX[self.kind]}/repos/{self.project}/pulls"
            head_key, base_key, text_key = "head", "base", "body"
            listing = method == "GET" and path == base and query.get("state") == "open"
            update_method = "PATCH"
        if listing:
            found = [pull for pull in self.pulls if pull.open]
            if self.kind == "github":
                found = [p for p in found if f"{self.project.split('/')[0]}:{p.head}" == query.get("head")]
            elif self.kind == "gitlab":
                found = [p for p in found if p.head == query.get("source_branch")]
            else:
                size, page = int(query.get("limit", "30")), int(query.get("page", "1"))
                found = found[(page - 1) * size : page * size]
            return 200, [self._json(pull) for pull in found]
        if method == "POST" and path == base and isinstance(body, dict):
            head, into, title = body.get(head_key), body.get(base_key), body.get("title")
            if not (isinstance(head, str) and isinstance(into, str) and isinstance(title, str) and title):
                return 422, {"message": "head, base and title are required"}
            if self._plan.race:
                self._plan.race -= 1
                self._add(head, into, "Opened by someone else", "", False)
            if any(pull.open and pull.head == head for pull in self.pulls):
                return self._duplicate(head)
            draft = bool(body.get("draft")) if self.kind == "github" else False
            pull = self._add(head, into, title, str(body.get(text_key) or ""), draft)
            return 201, self._json(pull)
        number = re.fullmatch(re.escape(base) + r"/(\d+)", path)
        if method == update_method and number and isinstance(body, dict):
            edited = next((p for p in self.pulls if p.number == int(number[1])), None)
            if edited is None:
                return 404, {"message": "Not Found"}
            pull = edited
            pull.title = str(body.get("title", pull.title))
            pull.body = str(body.get(text_key, pull.body))
            pull.edits += 1
            return 200, self._json(pull)
        return None

    def _answer(self, request: Request) -> tuple[int, Any]:
        with self._lock:
            self.requests.append(request)
            if request.headers.get("authorization") != f"{_SCHEME[self.kind]} {self.token}":
                return 401, {"message": "Bad credentials"}
            if self._plan.failures:
                return self._plan.failures.pop(0)
            answer = self._route(request.method, request.path, request.query, request.body)
            if answer is None:
                self.unexpected.append(request)
                return 404, {"message": "the stand-in does not expect this request"}
            return answer

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                del format, args

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                parts = urlsplit(self.path)
                request = Request(
                    method=self.command,
                    path=parts.path,
                    query=dict(parse_qsl(parts.query)),
                    body=body,
                    headers={key.lower(): value for key, value in self.headers.items()},
                )
                with stub._lock:
                    pause = stub._plan.delays.pop(0) if stub._plan.delays else 0.0
                if pause:
                    time.sleep(pause)
                status, answer = stub._answer(request)
                payload = json.dumps(answer).encode()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve  # noqa: N815 - http.server's names

        return Handler
