"""A clone's objects read and written in this process (gitdb): trees, blobs, commits.

No git process runs here, so a job spends its git time only in the fetch and the push. A
missing object is an answer (``Missing``, with every sha that was missing), never a lazy fetch:
the caller fetches them in one request, with its timeout. ``bot.git.clone`` is the only user and
holds the clone's lock around every use, since a fetch in another process may be adding a pack.

An object's sha names its content, and a pack's name the pack's bytes, so the process keeps
what it has read across jobs and clones: parsed trees, recent blobs and opened pack indexes.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from gitdb import OStream
from gitdb.base import OInfo
from gitdb.db import LooseObjectDB, PackedDB
from gitdb.exc import BadObject
from gitdb.pack import PackEntity

TREE = b"40000"
FILE = b"100644"
REGULAR = (b"100644", b"100755")
LINK = b"120000"
SUBMODULE = b"160000"
T = TypeVar("T")
V = TypeVar("V")


class Missing(Exception):
    """Objects this clone does not have (a partial clone fetches them on demand)."""

    def __init__(self, shas: list[str]) -> None:
        self.shas = shas
        super().__init__(f"{len(shas)} object(s) missing")


class Damaged(Exception):
    """An object that cannot be read or is not what its parent says."""


class Blocked(Exception):
    """A path devbot would write through or over is not a folder or a regular file."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"`{path}` {reason}")


@dataclass(frozen=True)
class Identity:
    """Who devbot's commits are by."""

    name: str
    email: str


class Entry(NamedTuple):
    """One entry of a tree object."""

    mode: bytes
    name: bytes
    sha: bytes  # 20 raw bytes

    @property
    def key(self) -> bytes:
        """Git's order: a folder sorts as if its name ended with '/'."""
        return self.name + b"/" if self.mode == TREE else self.name


_ENTRY = re.compile(rb"([0-7]+) ([^\0]*)\0(.{20})", re.DOTALL)
_NEW = tuple.__new__


def parse_tree(data: bytes) -> list[Entry]:
    """The entries of a tree object's body (the regular expression's C loop: a 2,000-entry tree
    in a third of the time of a Python one)."""
    found = _ENTRY.findall(data)
    # Each match begins where the last ended only if together they cover the body exactly.
    if sum(len(mode) + len(name) for mode, name, _ in found) + 22 * len(found) != len(data):
        raise Damaged("a tree object is truncated or malformed")
    return [_NEW(Entry, parts) for parts in found]


def in_order(entries: list[Entry]) -> tuple[Entry, ...]:
    """``entries`` in git's order."""
    return tuple(sorted(entries, key=lambda entry: entry.key))


def tree_body(ordered: tuple[Entry, ...]) -> bytes:
    """A tree object's body from entries already in git's order (``in_order``)."""
    return b"".join(b"%s %s\0%s" % entry for entry in ordered)


@contextmanager
def _object(sha: bytes) -> Iterator[None]:
    """gitdb's errors for one object, as ``Missing`` or ``Damaged``."""
    try:
        yield
    except BadObject:
        raise Missing([sha.hex()]) from None
    except (zlib.error, ValueError, OSError, AssertionError, IndexError) as error:
        raise Damaged(f"object {sha.hex()} cannot be read: {error}") from None


def _every(shas: list[bytes], read: Callable[[bytes], T]) -> dict[bytes, T]:
    found: dict[bytes, T] = {}
    missing: list[str] = []
    for sha in dict.fromkeys(shas):
        try:
            found[sha] = read(sha)
        except Missing:
            missing.append(sha.hex())
    if missing:
        raise Missing(missing)
    return found


class _Remembered(Generic[V]):
    """Values by sha, most recently used kept, up to a total weight (each value's weight plus
    one). Content-addressed, so safe across clones and lock releases."""

    def __init__(self, limit: int, weight: Callable[[V], int]) -> None:
        self.limit = limit
        self.weight = weight
        self.size = 0
        self.values: OrderedDict[bytes, V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, sha: bytes) -> V | None:
        with self.lock:
            value = self.values.get(sha)
            if value is not None:
                self.values.move_to_end(sha)
            return value

    def put(self, sha: bytes, value: V) -> None:
        with self.lock:
            if sha in self.values:
                return
            self.values[sha] = value
            self.size += self.weight(value) + 1
            while self.size > self.limit and len(self.values) > 1:
                _, dropped = self.values.popitem(last=False)
                self.size -= self.weight(dropped) + 1


# A repository of 2,000 workspaces has a 2,000-entry ``workspaces`` tree that each job would
# otherwise parse three times (read the inputs, read the branch, write the commit). An entry
# takes about 220 bytes: some 11 MB per worker at most.
_TREES = _Remembered[tuple[Entry, ...]](50_000, len)
# A re-run reads the documents that did not change, and the artifacts its last run wrote.
_BLOBS = _Remembered[bytes](16 * 2**20, len)
_PACKS: dict[str, PackedDB] = {}
_PACKS_LOCK = threading.Lock()


def _packs(folder: Path) -> PackedDB:
    """The packs in ``folder`` as they are now. The process keeps the indexes it has opened
    (reading one's fan-out table costs as much as a lookup in every pack); only packs added
    since are opened, and removed ones are forgotten."""
    with _PACKS_LOCK:
        packs = _PACKS.get(str(folder))
        if packs is None:
            packs = _PACKS[str(folder)] = PackedDB(str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    packs.update_cache(force=True)
    return packs


def forget(objects: Path) -> None:
    """Forget the opened pack indexes of ``objects`` (its clone is being made anew)."""
    with _PACKS_LOCK:
        _PACKS.pop(str(objects / "pack"), None)


class Objects:
    """The object database of one clone (``<clone>/objects``)."""

    def __init__(self, objects: Path) -> None:
        """The objects as they are now (made again for each hold of the clone)."""
        self.objects = objects
        self.packs = _packs(objects / "pack")
        self.loose = LooseObjectDB(str(objects))  # remembers which files exist: not kept
        self._pending: dict[bytes, tuple[bytes, bytes]] = {}
        self._written_trees: dict[bytes, tuple[Entry, ...]] = {}

    def _find(self, sha: bytes, read: Callable[[PackedDB | LooseObjectDB], T]) -> T:
        with _object(sha):
            try:
                return read(self.packs)
            except BadObject:
                return read(self.loose)

    def _read(self, sha: bytes, kind: bytes) -> bytes:
        stream = self._find(sha, lambda db: db.stream(sha))
        if stream.type != kind:
            raise Damaged(f"{sha.hex()} is a {stream.type.decode()}, not a {kind.decode()}")
        with _object(sha):
            return bytes(stream.read())

    def _size(self, sha: bytes) -> int:
        blob = _BLOBS.get(sha)
        if blob is not None:
            return len(blob)
        info: OInfo = self._find(sha, lambda db: db.info(sha))
        return int(info.size)

    def _blob(self, sha: bytes) -> bytes:
        blob = _BLOBS.get(sha)
        if blob is None:
            blob = self._read(sha, b"blob")
            _BLOBS.put(sha, blob)
        return blob

    def sizes(self, shas: list[bytes]) -> dict[bytes, int]:
        """Objects' sizes from their headers (contents not read); ``Missing`` names every absent one."""
        return _every(shas, self._size)

    def blobs(self, shas: list[bytes]) -> dict[bytes, bytes]:
        """The contents of ``shas``; ``Missing`` names every one that is not here."""
        return _every(shas, self._blob)

    def tree(self, sha: bytes) -> tuple[Entry, ...]:
        """A tree's entries (remembered by the process: a tree's sha names its content)."""
        entries = _TREES.get(sha)
        if entries is None:
            entries = tuple(parse_tree(self._read(sha, b"tree")))
            _TREES.put(sha, entries)
        return entries

    def root(self, commit: str) -> bytes:
        """The root tree of ``commit`` (40 hex digits)."""
        header = self._read(bytes.fromhex(commit), b"commit").split(b"\n", 1)[0]
        if not header.startswith(b"tree ") or len(header) != 45:
            raise Damaged(f"commit {commit} has no tree")
        return bytes.fromhex(header[5:].decode())

    def lookup(self, tree: bytes, path: str) -> Entry | None:
        """The entry at ``path`` (``a/b/c``) below ``tree``, if there is one."""
        found: Entry | None = Entry(TREE, b"", tree)
        for part in path.strip("/").split("/"):
            if found is None or found.mode != TREE:
                return None
            name = part.encode()
            found = next((entry for entry in self.tree(found.sha) if entry.name == name), None)
        return found

    def walk(self, tree: bytes, prefix: str = "") -> Iterator[tuple[str, Entry]]:
        """Every non-folder entry below ``tree``, with its path (``prefix`` + relative path)."""
        for entry in self.tree(tree):
            path = prefix + entry.name.decode("utf-8", "surrogateescape")
            if entry.mode == TREE:
                yield from self.walk(entry.sha, path + "/")
            else:
                yield path, entry

    def write(self, kind: bytes, data: bytes) -> bytes:
        """An object's sha; the object is stored by the next ``flush``."""
        sha = hashlib.sha1(b"%s %d\0%s" % (kind, len(data), data)).digest()  # noqa: S324 - git's ids
        self._pending[sha] = (kind, data)
        return sha

    def flush(self) -> None:
        """Store the objects written since the last flush as one pack and its index.

        One pack is two files however many objects a commit has (a loose object is a file and
        often a folder each). The pack is complete before its index appears, as git does it.
        """
        if not self._pending:
            return
        folder = self.objects / "pack"
        folder.mkdir(parents=True, exist_ok=True)
        streams = [
            OStream(sha, kind, len(data), BytesIO(data)) for sha, (kind, data) in self._pending.items()
        ]
        with (
            tempfile.NamedTemporaryFile(dir=folder, prefix="tmp_pack_devbot_", delete=False) as pack,
            tempfile.NamedTemporaryFile(dir=folder, prefix="tmp_idx_devbot_", delete=False) as index,
        ):
            try:
                name, _ = PackEntity.write_pack(streams, pack.write, index.write, len(streams))
            except BaseException:
                os.unlink(pack.name)
                os.unlink(index.name)
                raise
        base = folder / f"pack-{name.hex()}"
        for temporary, suffix in ((pack.name, ".pack"), (index.name, ".idx")):
            os.chmod(temporary, 0o444)
            os.replace(temporary, base.with_suffix(suffix))
        for sha, (kind, data) in self._pending.items():
            if kind == b"blob":
                _BLOBS.put(sha, data)  # the next run compares its artifacts with these
        for sha, entries in self._written_trees.items():
            _TREES.put(sha, entries)  # and reads its branch through these
        self._pending.clear()
        self._written_trees.clear()
        self.packs.update_cache(force=True)

    def replace(self, tree: bytes | None, files: Mapping[str, bytes], where: str = "") -> bytes:
        """A new tree: ``tree`` with ``files`` (path below it → content) written as regular files.

        Refuses to write through a link, a submodule or a file, or over anything but a regular
        file. Only the trees on the changed paths are written; the rest are shared.
        """
        entries = {entry.name: entry for entry in self.tree(tree)} if tree is not None else {}
        here: dict[bytes, bytes] = {}
        below: dict[bytes, dict[str, bytes]] = {}
        for path, data in files.items():
            head, _, rest = path.partition("/")
            if rest:
                below.setdefault(head.encode(), {})[rest] = data
            else:
                here[head.encode()] = data
        for name, data in here.items():
            old = entries.get(name)
            if old is not None and old.mode not in REGULAR:
                raise Blocked(
                    where + name.decode(), "is not a regular file in the repository: not overwritten"
                )
            mode = old.mode if old is not None else FILE
            entries[name] = Entry(mode, name, self.write(b"blob", data))
        for name, nested in below.items():
            old = entries.get(name)
            if old is not None and old.mode != TREE:
                raise Blocked(
                    where + name.decode(), "is a link or file where devbot writes a folder: not overwritten"
                )
            base = old.sha if old is not None else None
            entries[name] = Entry(TREE, name, self.replace(base, nested, f"{where}{name.decode()}/"))
        ordered = in_order(list(entries.values()))
        sha = self.write(b"tree", tree_body(ordered))
        self._written_trees[sha] = ordered
        return sha

    def commit(self, tree: bytes, parent: str, message: str, identity: Identity, when: int) -> str:
        """Store a commit of ``tree`` on ``parent``, with every object written before it; its sha."""
        person = f"{identity.name} <{identity.email}> {when} +0000".encode()
        body = b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\n%s" % (
            tree.hex().encode(),
            parent.encode(),
            person,
            person,
            message.encode(),
        )
        sha = self.write(b"commit", body)
        self.flush()
        return sha.hex()
