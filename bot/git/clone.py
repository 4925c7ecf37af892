"""The one module that runs git (``bot.git.plumbing`` reads and writes objects through it).

A bare clone per repository, cached; fetch one at a time per clone; read a workspace from a
commit's objects and write commits on a temporary index (never a checkout, so a committed
symlink is seen as a link, not followed; no hooks); push with an explicit lease. Every git
process has a timeout, no prompt, no hooks and no ``ext::`` transport.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from git.cmd import Git
from git.exc import GitCommandError
from git.refs.remote import RemoteReference
from git.refs.symbolic import SymbolicReference
from git.repo import Repo

from bot import slugs
from bot.errors import BranchMoved, GitFailure, GitProblem, PushRejected, PushUnknown, UnsafePath, UserError
from bot.git.diagnose import explain, push_failure
from bot.git.plumbing import LINK, SUBMODULE, TREE, Entry, Identity, Missing, Plumbing
from bot.redact import redact

__all__ = ["Clone", "Identity"]

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
    "-c", "maintenance.auto=false",
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
# Credentials reach git through its environment, never its command line or the clone's config:
# a helper, itself configured through GIT_CONFIG_* variables, prints them from two variables.
_HELPER = (
    '!f() { test "$1" = get && printf "username=%s\\npassword=%s\\n" '
    '"$DEVBOT_GIT_USERNAME" "$DEVBOT_GIT_PASSWORD"; }; f'
)
_USERINFO = re.compile(
    r"^(?P<scheme>https?://)(?P<user>[^/@:]*)(?::(?P<password>[^/@]*))?@(?P<rest>.*)$", re.I
)
_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()
_HELD = threading.local()
T = TypeVar("T")


def _lock(path: Path) -> threading.RLock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path), threading.RLock())


class Clone:
    """The cached bare clone of one remote."""

    def __init__(self, url: str, cache_dir: Path, timeout: float, secrets: tuple[str, ...] = ()) -> None:
        self.url, self._credentials = _without_credentials(url)
        self.timeout = timeout
        self.secrets = (*secrets, *(v for v in self._credentials.values() if v))
        digest = hashlib.sha256(self.url.encode()).hexdigest()[:16]
        self.path = Path(cache_dir) / f"{digest}.git"
        self.fresh = False
        self._refs: Repo | None = None
        self._refspecs: tuple[str, ...] = ("+refs/heads/*:refs/remotes/origin/*",)
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
                    env={**_ENV, **self._credentials, **(env or {})},
                    strip_newline_in_stdout=False,
                )
            except GitCommandError as error:
                raise GitFailure(redact(f"git {_verb(args)} failed: {error}", self.secrets)) from None
        stderr = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
        if status != 0 and (status < 0 or "timed out" in stderr.lower() or "killed" in stderr.lower()):
            raise GitFailure(
                f"git {_verb(args)} timed out after {self.timeout:g} s: the repository is not answering",
                GitProblem.TIMEOUT,
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
                problem, message = explain(stderr)
                raise GitFailure(redact(message, self.secrets), problem)
            raise GitFailure(redact(f"git {_verb(args)} failed: {stderr.strip()[-300:]}", self.secrets))
        return out

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this clone for one process and one thread (re-entrant within that thread).

        Fetches, pushes and every read of objects or refs take turns: a fetch in another
        process may be adding a pack while it runs.
        """
        key = str(self.path)
        held: dict[str, int] = getattr(_HELD, "depth", {})
        _HELD.depth = held
        with _lock(self.path):
            if held.get(key):
                held[key] += 1
                try:
                    yield
                finally:
                    held[key] -= 1
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(key + ".lock", "a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                held[key] = 1
                try:
                    yield
                finally:
                    held[key] = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _valid(self) -> bool:
        return all((self.path / name).exists() for name in ("HEAD", "config", "objects", "refs"))

    def _clone_anew(self) -> None:
        _remove(self.path)
        self.path.mkdir(parents=True)
        _private(self.path)
        self._refs = None
        self.run("init", "--bare", "--quiet")
        # No configured fetch refspec: fetches name their refs, and a push then leaves the
        # remote-tracking refs alone, so pushes need not wait for the clone (see ``push``).
        self.run("config", "remote.origin.url", self.url)
        self.fresh = True

    def _stale_locks(self) -> Iterator[Path]:
        # Lock files git leaves when killed: refs, packed-refs, config, shallow, commit-graph.
        yield from self.path.glob("*.lock")
        for folder in ("refs", "logs", "objects/info"):
            yield from (self.path / folder).rglob("*.lock")

    def _fetch(self, refspecs: tuple[str, ...], objects: tuple[str, ...] = ()) -> None:
        # Any lock file inside the clone is stale: this process holds the clone's exclusive lock.
        for stale in list(self._stale_locks()):
            stale.unlink(missing_ok=True)
        # The first fetch is blobless (history and trees only; a job then reads the blobs of one
        # workspace); later fetches are complete, since they only bring what changed.
        partial = ("--filter=blob:none",) if self.fresh and not objects else ()
        wanted = objects or ("--prune", *refspecs)
        # Objects are asked for as git asks for a partial clone's missing ones: without
        # negotiation. Otherwise the client says it has the branch tips, and a server with
        # reachability bitmaps (a forge) rightly sends nothing for a blob those tips reach.
        negotiation = ("-c", "fetch.negotiationAlgorithm=noop") if objects else ()
        self.run(
            *negotiation, "fetch", "--no-tags", "--quiet", "--no-write-fetch-head", *partial,
            "origin", *wanted, remote=True,
        )  # fmt: skip
        if partial:
            self.fresh = False
            with contextlib.suppress(GitFailure):
                self.run("config", "--unset", "remote.origin.partialclonefilter")

    def fetch(self, *branches: str) -> None:
        """Bring the clone up to date with the remote's ``branches`` (all when none are named).

        Each named branch is fetched as a pattern (``main*``), so a branch the remote does not
        have is simply absent, and the remote advertises only those refs however many it has.
        A transfer cut off by the network is tried once more; a broken cache is cloned anew once.
        """
        names = [f"{_branch(branch)}*" for branch in branches] or ["*"]
        refspecs = tuple(f"+refs/heads/{name}:refs/remotes/origin/{name}" for name in names)
        with self.locked():
            self._refspecs = refspecs
            if not self._valid():
                self._clone_anew()
            else:
                self._upgrade()
            try:
                self._fetch(refspecs)
            except GitFailure as failure:
                if failure.problem is GitProblem.CUT:  # the network, once: the cache is sound
                    log.warning("fetch cut off in %s (%s): trying once more", self.path.name, failure)
                    self._fetch(refspecs)
                    return
                if failure.problem is not GitProblem.OTHER:
                    raise
                log.warning("fetch failed in %s (%s): cloning anew", self.path.name, failure)
                self._clone_anew()
                self._fetch(refspecs)

    def _upgrade(self) -> None:
        """Bring a cache made by an earlier devbot to today's settings."""
        config = (self.path / "config").read_text(errors="replace")
        if "\tfetch = " in config:
            self.run("config", "--unset-all", "remote.origin.fetch")
        if f"\turl = {self.url}\n" not in config:  # it kept credentials in its URL
            self.run("config", "remote.origin.url", self.url)
        _private(self.path)

    def _reading(self, read: Callable[[Plumbing], T]) -> T:
        """``read(plumbing)`` with the clone held; objects a partial clone lacks are fetched in one
        request, and a cache git cannot read is cloned anew, each once."""
        with self.locked():
            for attempt in range(3):
                try:
                    return read(Plumbing(self.run))
                except Missing as missing:
                    if attempt == 2:
                        raise GitFailure("the repository does not have every object devbot needs") from None
                    self._fetch((), tuple(sorted(missing.shas)))
                except GitFailure as failure:
                    if attempt == 2:
                        raise GitFailure(f"devbot's copy of the repository is damaged: {failure}") from None
                    log.warning("git could not read %s (%s): cloning anew", self.path.name, failure)
                    self._clone_anew()
                    self._fetch(self._refspecs)
        raise AssertionError("unreachable")

    def _repo(self) -> Repo:
        # Refs are read from their files on each call; the Repo starts no git process for them.
        if self._refs is None:
            self._refs = Repo(str(self.path))
        return self._refs

    def head(self, branch: str) -> str | None:
        """The commit the remote's ``branch`` pointed at on the last fetch, if it exists."""
        ref = f"refs/remotes/origin/{_branch(branch)}"
        with self.locked():
            try:
                sha = SymbolicReference.dereference_recursive(self._repo(), ref)
            except (ValueError, OSError):
                return None
        return sha if re.fullmatch(r"[0-9a-f]{40}", sha) else None

    def branches(self) -> list[str]:
        """The remote's branch names as of the last fetch."""
        with self.locked():
            refs = RemoteReference.iter_items(self._repo(), common_path="refs/remotes/origin")
            names = [ref.path.removeprefix("refs/remotes/origin/") for ref in refs]
        return [name for name in names if slugs.safe_branch(name) and name != "HEAD"]

    def subfolders(self, commit: str, folder: str) -> list[str]:
        """Names of the folders directly inside ``folder`` at ``commit``."""

        def read(git: Plumbing) -> list[str]:
            tree = git.folder(commit, folder)
            return [entry.path for entry in git.entries(tree) if entry.mode == TREE] if tree else []

        return self._reading(read)

    def existing(self, commit: str, paths: list[str]) -> set[str]:
        """Which of ``paths`` exist at ``commit``."""
        if not paths:
            return set()
        return self._reading(lambda git: {e.path for e in git.entries(commit, *paths)} & set(paths))

    def read_folder(
        self, commit: str, folder: str, wanted: Callable[[str], bool], max_bytes: int
    ) -> dict[str, bytes]:
        """Files below ``folder`` (relative to it) for which ``wanted(relative path)`` holds.

        Symlinks and submodules among them are refused; so is a file over ``max_bytes``.
        """

        def read(git: Plumbing) -> dict[str, bytes]:
            tree = git.folder(commit, folder)
            if tree is None:
                return {}
            chosen = _chosen(((e.path, e) for e in git.entries(tree, recursive=True)), wanted)
            absent = git.missing(tree) & {entry.sha for entry in chosen.values()}
            if absent:
                raise Missing(sorted(absent))
            sizes = git.sizes([entry.sha for entry in chosen.values()])
            for relative, entry in chosen.items():
                if sizes[entry.sha] > max_bytes:
                    size = sizes[entry.sha]
                    raise UserError(
                        f"`{relative}` is {size:,} bytes, over the {max_bytes:,}-byte limit per document"
                    )
            contents = git.blobs(sorted({entry.sha for entry in chosen.values()}))
            return {relative: contents[entry.sha] for relative, entry in chosen.items()}

        return self._reading(read)

    def commit(self, parent: str, changes: Mapping[str, bytes], message: str, identity: Identity) -> str:
        """A commit on top of ``parent`` with ``changes`` (repository path → bytes).

        Written on a temporary index (no working tree, no hooks); nothing points at it until it is
        pushed.
        """
        return self._reading(lambda git: git.commit(parent, changes, message, identity, int(time.time())))

    def tidy(self) -> None:
        """Repack once packs or loose objects pile up (git's own thresholds: 50 packs, 6,700
        loose objects); quick (a few ms) when they have not.

        Each commit devbot writes is a pack, and so is each fetch of a workspace's missing blobs.
        gc runs in the foreground, under the clone's lock: detached (git's default), it would
        delete packs while another job of this clone reads them. It repacks the whole clone, so
        a lower pack limit made every few jobs of a busy server wait for a repack. Without
        reachability bitmaps: git writes them for a bare repository, and in a partial clone,
        where a commit devbot wrote refers to blobs it never fetched, writing them fails and
        with it every repack. The runner calls this after a job, once its user has the answer.
        """
        with self.locked(), contextlib.suppress(GitFailure):
            self.run(
                "-c", "gc.auto=6700", "-c", "gc.autoDetach=false", "-c", "repack.writeBitmaps=false",
                "gc", "--auto", "--quiet",
            )  # fmt: skip

    def push(self, commit: str, branch: str, expected: str | None) -> None:
        """Push ``commit`` to ``branch`` if the remote still has ``expected`` there (``None``: absent).

        Pushes do not hold the clone: a push only reads objects (git reads a repository while
        another process adds a pack) and, with no fetch refspec configured, writes no ref here;
        the next fetch brings the branch back. So jobs for different slugs push at once.
        """
        lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
        args = ("push", "--porcelain", "--no-verify", lease, "origin", f"{commit}:refs/heads/{branch}")
        try:
            status, out, stderr = self._execute(args, None, None)
        except GitFailure as timed_out:  # the remote may have taken it before going quiet
            self._settle(commit, branch, timed_out)
            return
        if status != 0:
            report = out.decode("utf-8", "replace")
            error = push_failure(report, stderr, branch, lambda text: redact(text, self.secrets))
            if isinstance(error, BranchMoved | PushRejected):
                raise error  # the remote answered: it did not take the push
            self._settle(commit, branch, error)

    def _settle(self, commit: str, branch: str, error: GitFailure) -> None:
        """After a push whose answer was lost (a timeout, a dropped connection): return if the
        remote's ``branch`` is ``commit`` (the push arrived), raise ``error`` if it is not (nothing
        was pushed), and ``PushUnknown`` if the remote cannot be asked."""
        try:
            out = self.run("ls-remote", "origin", f"refs/heads/{branch}", remote=True)
        except GitFailure:
            raise PushUnknown(
                f"{error}; whether the push arrived is unknown (the repository did not answer after it)",
                error.problem,
            ) from None
        if out.split()[:1] == [commit.encode()]:
            log.warning("push of %s: its answer was lost (%s), but the branch has it", branch, error)
            return
        raise error


def _branch(name: str) -> str:
    """``name`` if it is safe in a ref path and an argument list (checked before any ref is read)."""
    if not slugs.safe_branch(name):
        raise UserError(f"`{name[:60]}` is not a branch name devbot accepts")
    return name


def _verb(args: tuple[str, ...]) -> str:
    """The git command of ``args`` (after any ``-c name=value``), for messages."""
    rest = list(args)
    while len(rest) > 2 and rest[0] == "-c":
        rest = rest[2:]
    return rest[0] if rest else "git"


def _chosen(entries: Iterator[tuple[str, Entry]], wanted: Callable[[str], bool]) -> dict[str, Entry]:
    """The wanted files among ``entries``; a link or a submodule among them is refused."""
    chosen: dict[str, Entry] = {}
    for relative, entry in entries:
        if not wanted(relative):
            continue
        if entry.mode == LINK:
            raise UnsafePath(
                f"`{relative}` is a symbolic link in the repository: devbot reads only regular files"
            )
        if entry.mode == SUBMODULE:
            raise UnsafePath(f"`{relative}` is a submodule: devbot reads only regular files")
        chosen[relative] = entry
    return chosen


def _remove(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    os.makedirs(path.parent, exist_ok=True)


def _without_credentials(url: str) -> tuple[str, dict[str, str]]:
    """An http(s) URL without its user and password, and the environment that gives them to git."""
    match = _USERINFO.match(url)
    if match is None:
        return url, {}
    credentials = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "credential.helper",
        "GIT_CONFIG_VALUE_0": _HELPER,
        "DEVBOT_GIT_USERNAME": unquote(match["user"]),
        "DEVBOT_GIT_PASSWORD": unquote(match["password"] or ""),
    }
    return match["scheme"] + match["rest"], credentials


def _private(path: Path) -> None:
    """The cache folder and the clone only for devbot's own user (0700; git writes files 0644 inside)."""
    for folder in (path.parent, path):
        with contextlib.suppress(OSError):
            folder.chmod(0o700)
