"""A commit's files read, and a commit written, with git's plumbing commands in the cached clone.

Reading goes through the object database (``ls-tree``, ``cat-file``), never a checkout, so a
committed symlink is seen as a link, not followed. A partial clone lacks blobs it never read:
they are found without fetching (``rev-list --missing=print``) and the caller fetches them in one
request. A commit is written on a temporary index (no working tree, no hooks): only the changed
paths are touched, and a path that would go through a link or a file is refused.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.errors import UnsafePath

TREE = "040000"
LINK = "120000"
SUBMODULE = "160000"
REGULAR = ("100644", "100755")

Run = Callable[..., bytes]
"""``run(*args, stdin=None, env=None)``: a git command in the clone, its stdout (raises on failure)."""


@dataclass(frozen=True)
class Entry:
    """One entry of a tree, as ``git ls-tree -l`` lists it."""

    mode: str
    sha: str
    path: str


@dataclass(frozen=True)
class Identity:
    """Who devbot's commits are by."""

    name: str
    email: str


class Missing(Exception):
    """Objects a job needs that this partial clone does not have yet."""

    def __init__(self, shas: list[str]) -> None:
        self.shas = shas
        super().__init__(f"{len(shas)} object(s) missing")


class Plumbing:
    """Reads and writes in one clone through ``run``; the caller holds the clone while it does."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def entries(self, treeish: str, *paths: str, recursive: bool = False) -> list[Entry]:
        """Entries of ``treeish`` matching ``paths``: every file below them when ``recursive``, else
        the entries themselves and the folders on the way to them (their siblings may come too).
        Sizes are not asked for (-1): in a partial clone that would fetch each missing blob."""
        flags = ("-r",) if recursive else ("-t",)
        out = self.run("ls-tree", "-z", "--full-tree", *flags, treeish, "--", *paths)
        found = []
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, _kind, sha = meta.decode().split()
            found.append(Entry(mode, sha, path.decode("utf-8", "replace")))
        return found

    def folder(self, commit: str, folder: str) -> str | None:
        """The tree of ``folder`` at ``commit``, or None when it is absent or not a folder."""
        found = [entry for entry in self.entries(commit, folder) if entry.path == folder]
        return found[0].sha if found and found[0].mode == TREE else None

    def missing(self, tree: str) -> set[str]:
        """Objects below ``tree`` this clone does not have (found without fetching them)."""
        out = self.run("rev-list", "--objects", "--missing=print", tree)
        return {line[1:].decode() for line in out.splitlines() if line.startswith(b"?")}

    def sizes(self, shas: list[str]) -> dict[str, int]:
        """The sizes of present objects, from their headers (contents not read)."""
        if not shas:
            return {}
        out = self.run("cat-file", "--batch-check", stdin="".join(f"{sha}\n" for sha in shas).encode())
        found = {}
        for line in out.decode().splitlines():
            sha, _kind, size = line.split()
            found[sha] = int(size)
        return found

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of ``shas`` (all present: ask ``missing`` first), read in one process."""
        if not shas:
            return {}
        out = self.run("cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
        contents: dict[str, bytes] = {}
        position = 0
        for sha in shas:
            header_end = out.index(b"\n", position)
            name, kind, size = out[position:header_end].decode().split()
            if name != sha or kind != "blob":
                raise UnsafePath(f"object {sha} is a {kind}, not a file")
            start = header_end + 1
            contents[sha] = out[start : start + int(size)]
            position = start + int(size) + 1
        return contents

    def _check_writable(self, parent: str, paths: list[str]) -> None:
        """Refuse a change whose path goes through a link or a file, or replaces a non-file."""
        ancestors = sorted(
            {"/".join(p.split("/")[:depth]) for p in paths for depth in range(1, p.count("/") + 1)}
        )
        for entry in self.entries(parent, *ancestors, *paths):
            if entry.path in ancestors and entry.mode != TREE:
                raise UnsafePath(f"`{entry.path}` is a link or file where devbot writes a folder")
            if entry.path in paths and entry.mode not in REGULAR:
                raise UnsafePath(f"`{entry.path}` is not a regular file: devbot writes only regular files")

    def commit(
        self, parent: str, changes: Mapping[str, bytes], message: str, identity: Identity, when: int
    ) -> str:
        """A commit on top of ``parent`` with ``changes`` (repository path → bytes); nothing points at it."""
        paths = sorted(changes)
        self._check_writable(parent, paths)
        shas = {
            path: self.run("hash-object", "-w", "--stdin", stdin=changes[path]).decode().strip()
            for path in paths
        }
        with _temporary_index() as index:
            env = {"GIT_INDEX_FILE": index}
            self.run("read-tree", parent, env=env)
            listing = "".join(f"100644 {shas[path]}\t{path}\n" for path in paths)
            self.run("update-index", "--index-info", stdin=listing.encode(), env=env)
            # A partial clone lacks blobs of files it never read: their trees still name them.
            tree = self.run("write-tree", "--missing-ok", env=env).decode().strip()
        stamp = f"{when} +0000"
        person = {
            f"GIT_{role}_{part}": value
            for role in ("AUTHOR", "COMMITTER")
            for part, value in (("NAME", identity.name), ("EMAIL", identity.email), ("DATE", stamp))
        }
        return (
            self.run("commit-tree", tree, "-p", parent, stdin=message.encode(), env=person).decode().strip()
        )


class _temporary_index:  # noqa: N801 - used as a context manager, like tempfile's
    """A path for a temporary index file, removed afterwards."""

    def __enter__(self) -> str:
        handle, self.path = tempfile.mkstemp(prefix="devbot-index-")
        os.close(handle)
        os.unlink(self.path)  # git writes it; an empty file is not a valid index
        return self.path

    def __exit__(self, *exc: object) -> None:
        for leftover in (self.path, self.path + ".lock"):
            if os.path.exists(leftover):
                os.unlink(leftover)
