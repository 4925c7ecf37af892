"""The one module that talks to git.

A bare clone per repository, cached; fetch one at a time per clone; read a workspace from a
commit's objects (never a checkout, so a committed symlink is seen as a link, not followed);
write commits with plumbing (no index of the whole repository, no hooks); push with an
explicit lease. Every git call has a timeout, no prompt, no hooks and no ``ext::`` transport.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from git.cmd import Git
from git.exc import GitCommandError

from bot.errors import UnsafePath, UserError
from bot.git_errors import BranchMoved, GitFailure, PushRejected, explain
from bot.redact import redact

log = logging.getLogger("devbot.git")

_SAFE_CONFIG = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "protocol.ext.allow=never",
    "-c", "core.symlinks=false",
    "-c", "submodule.recurse=false",
    "-c", "http.lowSpeedLimit=1000",
    "-c", "http.lowSpeedTime=30",
    "-c", "credential.interactive=false",
    "-c", "gc.auto=0",
)  # fmt: skip
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "/bin/false",
    "SSH_ASKPASS": "/bin/false",
    "GIT_SSH_COMMAND": (
        "ssh -o BatchMode=yes -o ConnectTimeout=20 -o ServerAliveInterval=15 -o ServerAliveCountMax=2"
    ),
    "GIT_CONFIG_NOSYSTEM": "1",
}
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


@dataclass(frozen=True)
class Identity:
    """Who devbot's commits are by."""

    name: str
    email: str


@dataclass(frozen=True)
class Entry:
    """One file of a tree listing."""

    mode: str
    sha: str
    path: str


def _lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path), threading.Lock())


class Clone:
    """The cached bare clone of one remote."""

    def __init__(self, url: str, cache_dir: Path, timeout: float, secrets: tuple[str, ...] = ()) -> None:
        self.url = url
        self.timeout = timeout
        self.secrets = secrets
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        self.path = Path(cache_dir) / f"{digest}.git"
        self.fresh = False
        self._git = Git(str(self.path.parent))

    def _execute(
        self, args: tuple[str, ...], stdin: bytes | None, env: Mapping[str, str] | None
    ) -> tuple[int, bytes, str]:
        argv = ["git", *_SAFE_CONFIG, "-C", str(self.path), *args]
        with tempfile.TemporaryFile() as handle:
            handle.write(stdin or b"")
            handle.seek(0)
            try:
                status, out, err = self._git.execute(
                    argv,
                    istream=handle if stdin is not None else None,
                    with_extended_output=True,
                    with_exceptions=False,
                    stdout_as_string=False,
                    kill_after_timeout=self.timeout,
                    env={**_ENV, **(env or {})},
                    strip_newline_in_stdout=False,
                )
            except GitCommandError as error:
                raise GitFailure(redact(f"git {args[0]} failed: {error}", self.secrets)) from None
        stderr = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
        if status != 0 and (status < 0 or "timed out" in stderr.lower() or "killed" in stderr.lower()):
            raise GitFailure(
                f"git {args[0]} timed out after {self.timeout:g} s: the repository is not answering",
                "timeout",
            )
        return int(status), bytes(out), stderr

    def run(
        self,
        *args: str,
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
        remote: bool = False,
    ) -> bytes:
        """Run ``git -C <clone> <args>``; ``GitFailure`` (redacted) when it fails or hangs."""
        status, out, stderr = self._execute(args, stdin, env)
        if status != 0:
            if remote:
                kind, message = explain(stderr)
                raise GitFailure(redact(message, self.secrets), kind)
            raise GitFailure(redact(f"git {args[0]} failed: {stderr.strip()[-300:]}", self.secrets))
        return out

    def text(self, *args: str) -> str:
        """``run`` decoded, trailing newline removed."""
        return self.run(*args).decode("utf-8", "replace").rstrip("\n")

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this clone for one process and one thread (fetches and pushes take turns)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(self.path), open(str(self.path) + ".lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _valid(self) -> bool:
        if not (self.path / "HEAD").exists():
            return False
        try:
            self.run("rev-parse", "--git-dir")
        except GitFailure:
            return False
        return True

    def _clone_anew(self) -> None:
        _remove(self.path)
        self.path.mkdir(parents=True)
        self.run("init", "--bare", "--quiet")
        self.run("remote", "add", "origin", self.url)
        self.fresh = True

    def _fetch(self) -> None:
        # Any lock file inside the clone is stale: this process holds the clone's exclusive lock.
        for stale in self.path.rglob("*.lock"):
            stale.unlink(missing_ok=True)
        # The first fetch is blobless (history and trees only; a job then reads the blobs of one
        # workspace); later fetches are complete, since they only bring what changed.
        partial = ("--filter=blob:none",) if self.fresh else ()
        refspec = "+refs/heads/*:refs/remotes/origin/*"
        self.run("fetch", "--prune", "--no-tags", "--quiet", *partial, "origin", refspec, remote=True)
        if partial:
            with contextlib.suppress(GitFailure):
                self.run("config", "--unset", "remote.origin.partialclonefilter")

    def fetch(self) -> None:
        """Bring the clone up to date with the remote; a broken cache is cloned anew once."""
        with self.locked():
            if not self._valid():
                self._clone_anew()
            try:
                self._fetch()
            except GitFailure as failure:
                if failure.kind != "other":
                    raise
                log.warning("fetch failed in %s (%s): cloning anew", self.path.name, failure)
                self._clone_anew()
                self._fetch()

    def head(self, branch: str) -> str | None:
        """The commit the remote's ``branch`` pointed at on the last fetch, if it exists."""
        try:
            return self.text("rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{branch}^{{commit}}")
        except GitFailure:
            return None

    def branches(self) -> list[str]:
        """The remote's branch names as of the last fetch."""
        listing = self.text("for-each-ref", "--format=%(refname:lstrip=3)", "refs/remotes/origin/")
        return [name for name in listing.splitlines() if name and name != "HEAD"]

    def entries(self, commit: str, folder: str) -> list[Entry]:
        """Every file below ``folder`` at ``commit`` (recursive, with sizes)."""
        raw = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
        found = []
        for record in raw.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, _kind, sha = meta.decode().split()
            found.append(Entry(mode=mode, sha=sha, path=path.decode()))
        return found

    def sizes(self, shas: list[str]) -> dict[str, int]:
        """Object sizes, from their headers (one ``cat-file --batch-check``)."""
        if not shas:
            return {}
        lines = self.run("cat-file", "--batch-check", stdin=("\n".join(shas) + "\n").encode()).decode()
        return {
            parts[0]: int(parts[2])
            for parts in (line.split() for line in lines.splitlines())
            if len(parts) == 3
        }

    def prefetch(self, folder: str, shas: list[str]) -> None:
        """In a partial clone, fetch a folder's blobs in one request the first time it is read.

        Without this git fetches each missing blob on its own when it is read. Later fetches are
        complete, so a folder read once stays complete.
        """
        marker = self.path / "devbot-complete" / hashlib.sha256(folder.encode()).hexdigest()[:24]
        if not shas or marker.exists():
            return
        if any((self.path / "objects" / "pack").glob("*.promisor")):
            args = ("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "origin", *shas)
            with self.locked(), contextlib.suppress(GitFailure):  # one fetch at a time per clone
                self.run(*args, remote=True)
        marker.parent.mkdir(exist_ok=True)
        marker.touch()

    def subfolders(self, commit: str, folder: str) -> list[str]:
        """Names of the folders directly inside ``folder`` at ``commit``."""
        raw = self.run(
            "ls-tree", "-d", "-z", "--full-tree", "--name-only", commit, "--", folder.rstrip("/") + "/"
        )
        return [item.decode().rsplit("/", 1)[-1] for item in raw.split(b"\0") if item]

    def existing(self, commit: str, paths: list[str]) -> set[str]:
        """Which of ``paths`` exist at ``commit`` (one ``cat-file --batch-check``)."""
        if not paths:
            return set()
        query = "".join(f"{commit}:{path}\n" for path in paths).encode()
        answers = self.run("cat-file", "--batch-check", stdin=query).decode().splitlines()
        return {path for path, answer in zip(paths, answers, strict=True) if not answer.endswith("missing")}

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of ``shas`` through one ``cat-file --batch``."""
        if not shas:
            return {}
        raw = self.run("cat-file", "--batch", stdin=("\n".join(shas) + "\n").encode())
        contents: dict[str, bytes] = {}
        position = 0
        for sha in shas:
            end = raw.index(b"\n", position)
            header = raw[position:end].decode().split()
            size = int(header[2])
            contents[sha] = raw[end + 1 : end + 1 + size]
            position = end + 1 + size + 1
        return contents

    def read_folder(
        self, commit: str, folder: str, wanted: Callable[[str], bool], max_bytes: int
    ) -> dict[str, bytes]:
        """Files below ``folder`` (relative to it) for which ``wanted(relative path)`` holds.

        Symlinks and submodules among them are refused; so is a file over ``max_bytes``.
        """
        prefix = folder.rstrip("/") + "/"
        chosen: dict[str, Entry] = {}
        for entry in self.entries(commit, prefix):
            relative = entry.path[len(prefix) :]
            if not wanted(relative):
                continue
            if entry.mode == "120000":
                raise UnsafePath(
                    f"`{relative}` is a symbolic link in the repository: devbot reads only regular files"
                )
            if entry.mode == "160000":
                raise UnsafePath(f"`{relative}` is a submodule: devbot reads only regular files")
            chosen[relative] = entry
        wanted_shas = [entry.sha for entry in chosen.values()]
        self.prefetch(prefix, wanted_shas)
        sizes = self.sizes(wanted_shas)
        for relative, entry in chosen.items():
            size = sizes.get(entry.sha, 0)
            if size > max_bytes:
                raise UserError(
                    f"`{relative}` is {size:,} bytes, over the {max_bytes:,}-byte limit per document"
                )
        contents = self.blobs(wanted_shas)
        return {relative: contents[entry.sha] for relative, entry in chosen.items()}

    def _check_outputs(self, parent: str, paths: list[str]) -> None:
        """Refuse to write where the parent has a link, a submodule or a file in the way."""
        folders = {"/".join(path.split("/")[:i]) for path in paths for i in range(1, path.count("/") + 1)}
        listing = self.run("ls-tree", "-z", "--full-tree", parent, "--", *sorted(folders | set(paths)))
        for record in listing.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, where = meta.split()[0].decode(), name.decode()
            if where in folders and mode != "040000":
                raise UnsafePath(f"`{where}` is a link or file where devbot writes a folder: not overwritten")
            if where in paths and mode not in ("100644", "100755"):
                raise UnsafePath(f"`{where}` is not a regular file in the repository: not overwritten")

    def commit(self, parent: str, changes: Mapping[str, bytes], message: str, identity: Identity) -> str:
        """A commit on top of ``parent`` with ``changes`` (repository path → bytes).

        One ``git fast-import`` writes the blobs, the trees and the commit (no index, no hooks);
        the commit is reachable only from a private ref until it is pushed.
        """
        paths = sorted(changes)
        self._check_outputs(parent, paths)
        ref = f"refs/devbot/{hashlib.sha256(message.encode()).hexdigest()[:16]}"
        when = int(time.time())
        encoded = message.encode()
        stream = [
            f"commit {ref}\nmark :1\n".encode(),
            f"author {identity.name} <{identity.email}> {when} +0000\n".encode(),
            f"committer {identity.name} <{identity.email}> {when} +0000\n".encode(),
            b"data %d\n%s\nfrom %s\n" % (len(encoded), encoded, parent.encode()),
        ]
        for path in paths:
            data = changes[path]
            quoted = json.dumps(path) if any(c in path for c in ' "\n\\') else path
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (quoted.encode(), len(data), data))
        self.run("fast-import", "--quiet", "--force", stdin=b"".join(stream) + b"\n")
        commit = self.text("rev-parse", "--verify", f"{ref}^{{commit}}")
        self.run("update-ref", "-d", ref)
        return commit

    def push(self, commit: str, branch: str, expected: str | None) -> None:
        """Push ``commit`` to ``branch`` if the remote still has ``expected`` there (``None``: absent)."""
        lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
        args = ("push", "--porcelain", "--no-verify", lease, "origin", f"{commit}:refs/heads/{branch}")
        with self.locked():
            status, out, stderr = self._execute(args, None, None)
        if status == 0:
            return
        report = out.decode("utf-8", "replace")
        if "[rejected]" in report and (
            "stale info" in report or "fetch first" in report or "non-fast" in report
        ):
            raise BranchMoved(f"`{branch}` moved on the remote while devbot worked")
        if "[remote rejected]" in report or "remote:" in stderr:
            reason = re.search(r"\[remote rejected\] \((?P<why>[^)]*)\)", report)
            said = [
                line[7:].strip()
                for line in stderr.splitlines()
                if line.startswith("remote:") and line[7:].strip()
            ]
            words = "; ".join([*(said[-3:]), *([reason["why"]] if reason else [])]) or "no reason given"
            raise PushRejected(redact(words[:500], self.secrets))
        kind, message = explain(stderr)
        raise GitFailure(redact(message, self.secrets), kind)


def _remove(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    os.makedirs(path.parent, exist_ok=True)
