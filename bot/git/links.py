"""Browse links to a branch, its files and the pull-request page, from the remote's URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit

Forge = Literal["github", "gitlab", "bitbucket", "gitea"]


@dataclass(frozen=True)
class Web:
    """A repository's browse URL and the kind of forge that serves it."""

    base: str
    forge: Forge

    def branch(self, branch: str) -> str:
        """The page of a branch."""
        ref = quote(branch, safe="/")
        return {
            "github": f"{self.base}/tree/{ref}",
            "gitlab": f"{self.base}/-/tree/{ref}",
            "bitbucket": f"{self.base}/branch/{ref}",
            "gitea": f"{self.base}/src/branch/{ref}",
        }[self.forge]

    def file(self, branch: str, path: str) -> str:
        """The page of a file on a branch."""
        ref, where = quote(branch, safe="/"), quote(path, safe="/")
        return {
            "github": f"{self.base}/blob/{ref}/{where}",
            "gitlab": f"{self.base}/-/blob/{ref}/{where}",
            "bitbucket": f"{self.base}/src/{ref}/{where}",
            "gitea": f"{self.base}/src/branch/{ref}/{where}",
        }[self.forge]

    def pull_request(self, base: str, branch: str) -> str:
        """The page that opens a pull (merge) request from ``branch`` into ``base``."""
        head, into = quote(branch, safe="/"), quote(base, safe="/")
        return {
            "github": f"{self.base}/compare/{into}...{head}?expand=1",
            "gitlab": f"{self.base}/-/merge_requests/new"
            f"?merge_request%5Bsource_branch%5D={quote(branch, safe='')}"
            f"&merge_request%5Btarget_branch%5D={quote(base, safe='')}",
            "bitbucket": f"{self.base}/pull-requests/new"
            f"?source={quote(branch, safe='')}&dest={quote(base, safe='')}",
            "gitea": f"{self.base}/compare/{into}...{head}",
        }[self.forge]


def forge_of(host: str) -> Forge | None:
    """The kind of forge a host name tells (github.com, gitlab.example.com, codeberg.org…)."""
    host = host.lower()
    if host == "github.com" or host.startswith("github."):
        return "github"
    if "gitlab" in host:
        return "gitlab"
    if "bitbucket" in host:
        return "bitbucket"
    if "gitea" in host or "forgejo" in host or host == "codeberg.org":
        return "gitea"
    return None


_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")


def host_and_path(url: str) -> tuple[str, str] | None:
    """The host and the repository path of a remote URL (https, ssh or scp form); None for others."""
    if "://" in url:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http", "ssh", "git") or not parts.hostname:
            return None
        return parts.hostname, parts.path.strip("/")
    scp = _SCP.match(url)
    if scp:
        return scp["host"], scp["path"].strip("/")
    return None


def web_for(remote_url: str, web_url: str = "") -> Web | None:
    """The browse location of a repository, or ``None`` when it cannot be told (a file URL)."""
    if web_url:
        parts = urlsplit(web_url.rstrip("/"))
        clean = f"{parts.scheme}://{parts.hostname}{':' + str(parts.port) if parts.port else ''}{parts.path}"
        return Web(base=clean.rstrip("/"), forge=forge_of(parts.hostname or "") or "github")
    found = host_and_path(remote_url)
    if found is None:
        return None
    host, path = found
    forge = forge_of(host)
    if forge is None:
        return None
    path = path.removesuffix(".git")
    if forge == "bitbucket" and path.startswith("scm/"):
        path = path[4:]
    return Web(base=f"https://{host}/{path}", forge=forge)
