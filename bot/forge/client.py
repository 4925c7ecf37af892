"""The forges' pull-request APIs: one small interface, one implementation per forge, on urllib.

Each call is one HTTP request with the token in its ``Authorization`` header, a timeout and no
redirects (a redirect would carry the token to another address). Whatever goes wrong becomes a
``ForgeError`` whose message says why in words for the user and never holds the token.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from bot.forge.target import Target

_MAX_ANSWER = 8 * 1024 * 1024  # bytes of one answer read at most
_PAGES = 20  # pages of open pull requests looked through where the forge cannot filter by branch


class ForgeProblem(StrEnum):
    """Why a forge call failed."""

    TOKEN = "token"  # noqa: S105 - 401: the token was refused
    FORBIDDEN = "forbidden"  # 403: the token may not do this
    MISSING = "missing"  # 404: no such project, or the token cannot see it
    DUPLICATE = "duplicate"  # 409/422: an open pull request for the branch exists
    REFUSED = "refused"  # another 4xx
    SERVER = "server"  # 5xx
    UNREACHABLE = "unreachable"  # connection, DNS, TLS, timeout
    ANSWER = "answer"  # an answer that is not what the API documents


class ForgeError(Exception):
    """A forge call failed; the message is for the user."""

    def __init__(self, message: str, problem: ForgeProblem, status: int = 0, detail: str = "") -> None:
        self.problem = problem
        self.status = status
        self.detail = detail  # the forge's own words, when it gave any
        super().__init__(message)


@dataclass(frozen=True)
class PullRequest:
    """An open pull (merge) request as the forge shows it."""

    number: int
    title: str
    body: str
    url: str


@dataclass(frozen=True)
class Proposal:
    """What devbot asks for: a draft from ``head`` into ``base`` with this title and body."""

    head: str
    base: str
    title: str
    body: str


class Forge(Protocol):
    """The calls devbot makes on a forge."""

    def find(self, head: str) -> PullRequest | None:
        """The open pull request from branch ``head``, if any."""

    def create(self, proposal: Proposal) -> PullRequest:
        """Open a draft; ``ForgeError(DUPLICATE)`` when one is open for the branch already."""

    def update(self, number: int, title: str, body: str) -> PullRequest:
        """Replace an open pull request's title and body."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        del args, kwargs


_OPENER = urllib.request.build_opener(_NoRedirects)


def _detail(raw: bytes) -> str:
    try:
        answer = json.loads(raw)
    except ValueError:
        return ""
    if not isinstance(answer, dict):
        return ""
    parts = [str(answer.get("message") or answer.get("error") or "")]
    errors = answer.get("errors")
    if isinstance(errors, list):
        parts += [str(e.get("message", "")) if isinstance(e, dict) else str(e) for e in errors]
    return "; ".join(part for part in parts if part)[:300]


def _failure(status: int, detail: str, project: str) -> ForgeError:
    said = f": {detail}" if detail else ""
    if status == 401:
        return ForgeError(
            "the forge refused the token (HTTP 401): check DEVBOT_FORGE_TOKEN", ForgeProblem.TOKEN, status
        )
    if status == 403:
        return ForgeError(
            f"the token may not open pull requests in {project} (HTTP 403{said})",
            ForgeProblem.FORBIDDEN,
            status,
        )
    if status == 404:
        return ForgeError(
            f"the forge does not show the project {project} to this token (HTTP 404)",
            ForgeProblem.MISSING,
            status,
        )
    if status >= 500:
        return ForgeError(f"the forge failed (HTTP {status})", ForgeProblem.SERVER, status)
    if 300 <= status < 400:
        return ForgeError(
            f"the forge redirected (HTTP {status}): check DEVBOT_FORGE_API_URL", ForgeProblem.REFUSED, status
        )
    return ForgeError(
        f"the forge refused the request (HTTP {status}{said})", ForgeProblem.REFUSED, status, detail
    )


@dataclass(frozen=True)
class Http:
    """JSON over HTTP to one forge's API, with its token."""

    target: Target
    token: str
    scheme: str = "Bearer"
    timeout: float = 10.0

    def call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        """The decoded JSON answer of ``method path`` (``path`` is already quoted)."""
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(  # noqa: S310 - the API URL is the operator's setting
            self.target.api_url + path, data=data, method=method
        )
        request.add_header("Authorization", f"{self.scheme} {self.token}")
        request.add_header(
            "Accept", "application/vnd.github+json" if self.target.kind == "github" else "application/json"
        )
        request.add_header("User-Agent", "devbot")
        if self.target.kind == "github":
            request.add_header("X-GitHub-Api-Version", "2022-11-28")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                raw = response.read(_MAX_ANSWER)
        except urllib.error.HTTPError as err:
            raw = err.read(_MAX_ANSWER) if err.fp is not None else b""
            raise _failure(err.code, _detail(raw), self.target.project) from None
        except TimeoutError:
            raise ForgeError(
                f"the forge did not answer within {self.timeout:g} s", ForgeProblem.UNREACHABLE
            ) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError):
                raise ForgeError(
                    f"the forge did not answer within {self.timeout:g} s", ForgeProblem.UNREACHABLE
                ) from None
            raise ForgeError(
                f"the forge could not be reached ({type(reason).__name__})", ForgeProblem.UNREACHABLE
            ) from None
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise ForgeError(
                "the forge answered with something that is not JSON", ForgeProblem.ANSWER
            ) from None


def _field(answer: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(answer, dict) or key not in answer:
            raise ForgeError(f"the forge's answer has no {'.'.join(keys)}", ForgeProblem.ANSWER)
        answer = answer[key]
    return answer


def _pull(answer: Any, number: str, body: str, url: str) -> PullRequest:
    found = _field(answer, number)
    if not isinstance(found, int):
        raise ForgeError(f"the forge's answer has no {number}", ForgeProblem.ANSWER)
    return PullRequest(
        number=found,
        title=str(_field(answer, "title")),
        body=str(answer.get(body) or ""),
        url=str(_field(answer, url)),
    )


def _items(answer: Any) -> list[Any]:
    if not isinstance(answer, list):
        raise ForgeError("the forge's answer is not a list of pull requests", ForgeProblem.ANSWER)
    return answer


@dataclass(frozen=True)
class GitHub:
    """GitHub and GitHub Enterprise: ``/repos/{owner}/{repo}/pulls``."""

    http: Http

    @property
    def _pulls(self) -> str:
        return f"/repos/{quote(self.http.target.project, safe='/')}/pulls"

    def find(self, head: str) -> PullRequest | None:
        """The open pull request whose head is ``owner:head``."""
        query = urlencode({"head": f"{self.http.target.owner}:{head}", "state": "open"})
        found = _items(self.http.call("GET", f"{self._pulls}?{query}"))
        return _pull(found[0], "number", "body", "html_url") if found else None

    def create(self, proposal: Proposal) -> PullRequest:
        """A draft pull request; where the repository has no drafts, an ordinary one."""
        payload = {
            "title": proposal.title,
            "head": proposal.head,
            "base": proposal.base,
            "body": proposal.body,
            "draft": True,
        }
        try:
            return _pull(self.http.call("POST", self._pulls, payload), "number", "body", "html_url")
        except ForgeError as err:
            said = err.detail.lower()
            if err.status != 422:
                raise
            if "already exists" in said:
                raise ForgeError(str(err), ForgeProblem.DUPLICATE, err.status, err.detail) from None
            if "draft" not in said:
                raise
        payload["draft"] = False  # "Draft pull requests are not supported in this repository"
        return _pull(self.http.call("POST", self._pulls, payload), "number", "body", "html_url")

    def update(self, number: int, title: str, body: str) -> PullRequest:
        """``PATCH`` the title and body."""
        answer = self.http.call("PATCH", f"{self._pulls}/{number}", {"title": title, "body": body})
        return _pull(answer, "number", "body", "html_url")


@dataclass(frozen=True)
class GitLab:
    """GitLab's merge requests (v4 API); a draft is a title that starts with ``Draft:``."""

    http: Http

    @property
    def _requests(self) -> str:
        return f"/projects/{quote(self.http.target.project, safe='')}/merge_requests"

    def find(self, head: str) -> PullRequest | None:
        """The opened merge request whose source branch is ``head``."""
        query = urlencode({"source_branch": head, "state": "opened"})
        found = _items(self.http.call("GET", f"{self._requests}?{query}"))
        return _pull(found[0], "iid", "description", "web_url") if found else None

    def create(self, proposal: Proposal) -> PullRequest:
        """A draft merge request (409 when one is open for the branch)."""
        payload = {
            "source_branch": proposal.head,
            "target_branch": proposal.base,
            "title": proposal.title,
            "description": proposal.body,
        }
        try:
            return _pull(self.http.call("POST", self._requests, payload), "iid", "description", "web_url")
        except ForgeError as err:
            if err.status == 409:
                raise ForgeError(str(err), ForgeProblem.DUPLICATE, err.status, err.detail) from None
            raise

    def update(self, number: int, title: str, body: str) -> PullRequest:
        """``PUT`` the title and description."""
        answer = self.http.call("PUT", f"{self._requests}/{number}", {"title": title, "description": body})
        return _pull(answer, "iid", "description", "web_url")


@dataclass(frozen=True)
class Gitea:
    """Gitea and Forgejo: ``/repos/{owner}/{repo}/pulls``; a draft is a title that starts with ``WIP:``."""

    http: Http

    @property
    def _pulls(self) -> str:
        return f"/repos/{quote(self.http.target.project, safe='/')}/pulls"

    def find(self, head: str) -> PullRequest | None:
        """The open pull request from ``head`` in this repository (the API has no branch filter)."""
        for page in range(1, _PAGES + 1):
            query = urlencode({"state": "open", "page": page, "limit": 50})
            found = _items(self.http.call("GET", f"{self._pulls}?{query}"))
            for item in found:
                ref = item.get("head") if isinstance(item, dict) else None
                repo = ref.get("repo") if isinstance(ref, dict) else None
                full_name = repo.get("full_name") if isinstance(repo, dict) else None
                if (
                    isinstance(ref, dict)
                    and ref.get("ref") == head
                    and full_name in (None, self.http.target.project)
                ):
                    return _pull(item, "number", "body", "html_url")
            if len(found) < 50:
                return None
        return None

    def create(self, proposal: Proposal) -> PullRequest:
        """A pull request (409 when one is open for the branch)."""
        payload = {
            "head": proposal.head,
            "base": proposal.base,
            "title": proposal.title,
            "body": proposal.body,
        }
        try:
            return _pull(self.http.call("POST", self._pulls, payload), "number", "body", "html_url")
        except ForgeError as err:
            if err.status == 409:
                raise ForgeError(str(err), ForgeProblem.DUPLICATE, err.status, err.detail) from None
            raise

    def update(self, number: int, title: str, body: str) -> PullRequest:
        """``PATCH`` the title and body."""
        answer = self.http.call("PATCH", f"{self._pulls}/{number}", {"title": title, "body": body})
        return _pull(answer, "number", "body", "html_url")


DRAFT_PREFIX: dict[str, str] = {"github": "", "gitlab": "Draft: ", "gitea": "WIP: "}


def forge_for(target: Target, token: str, timeout: float) -> Forge:
    """The client of ``target``'s forge."""
    if target.kind == "github":
        return GitHub(Http(target, token, "Bearer", timeout))
    if target.kind == "gitlab":
        return GitLab(Http(target, token, "Bearer", timeout))
    return Gitea(Http(target, token, "token", timeout))
