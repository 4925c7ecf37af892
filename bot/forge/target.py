"""Which forge hosts the repository, where its API answers and which project devbot opens pull
requests in: told by the settings, else by the remote's (or the browse) URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from bot.git import links

ForgeKind = Literal["github", "gitlab", "gitea"]
KINDS: tuple[ForgeKind, ...] = ("github", "gitlab", "gitea")


@dataclass(frozen=True)
class Target:
    """A forge's API and the project (``owner/repo``; GitLab: the full project path) on it."""

    kind: ForgeKind
    api_url: str
    project: str

    @property
    def owner(self) -> str:
        """The project's owner (GitHub, Gitea): its first path segment."""
        return self.project.split("/", 1)[0]


class NoTarget(ValueError):
    """The settings do not tell which forge or project; the message says which setting to set."""


def _default_api(kind: ForgeKind, host: str) -> str:
    if kind == "github":
        return (
            "https://api.github.com" if host in ("github.com", "www.github.com") else f"https://{host}/api/v3"
        )
    if kind == "gitlab":
        return f"https://{host}/api/v4"
    return f"https://{host}/api/v1"


def _located(repo_url: str, web_url: str) -> tuple[str, str] | None:
    found = links.host_and_path(repo_url)
    if found is None and web_url:
        parts = urlsplit(web_url)
        if parts.hostname:
            found = parts.hostname, parts.path
    if found is None:
        return None
    host, path = found
    return host.lower(), path.strip("/").removesuffix(".git")


def resolve(kind: ForgeKind | None, api_url: str, repo_url: str, web_url: str) -> Target:
    """The forge target of these settings (``DEVBOT_FORGE``, ``DEVBOT_FORGE_API_URL``,
    ``DEVBOT_REPO_URL``, ``DEVBOT_WEB_URL``), or ``NoTarget`` saying what is missing."""
    located = _located(repo_url, web_url)
    if located is None:
        raise NoTarget(
            "cannot tell the project from DEVBOT_REPO_URL: set DEVBOT_WEB_URL to the repository's page"
        )
    host, path = located
    told = links.forge_of(host)
    if kind is None:
        if told is None or told == "bitbucket":
            raise NoTarget(f"cannot tell which forge {host} is: set it to github, gitlab or gitea")
        kind = told
    segments = [part for part in path.split("/") if part]
    if len(segments) < 2 or (kind != "gitlab" and len(segments) != 2):
        raise NoTarget(f"cannot tell the project from {path!r}: expected owner/repository")
    return Target(
        kind=kind, api_url=(api_url or _default_api(kind, host)).rstrip("/"), project="/".join(segments)
    )
