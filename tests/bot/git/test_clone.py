"""The git layer against real git: objects written in-process pass ``git fsck --strict``, reads
see what git sees, a partial clone's missing blobs come in one fetch, and paths devbot must not
write through are refused."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import gitobjects
from bot.errors import UnsafePath, UserError
from bot.git.clone import Clone, Identity
from bot.gitobjects import FILE, TREE, Damaged, Entry, _Remembered, in_order, parse_tree, tree_body

ME = Identity("devbot", "devbot@example.com")


def raw(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(
        ["git", "-c", "user.name=Human", "-c", "user.email=h@example.com", *args],
        cwd=cwd, input=stdin, capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    return raw(cwd, *args, stdin=stdin).decode().strip()


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare remote whose main has a workspace, a symlink and a file where a folder could be."""
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "--quiet", "--initial-branch=main")
    folder = work / "workspaces" / "notes"
    (folder / "product" / "prd").mkdir(parents=True)
    (folder / "config.json").write_text('{"name": "Notes"}')
    (folder / "product" / "prd" / "prd.md").write_text("# Notes\n")
    (folder / "big.md").write_text("x" * 5000)
    (work / "workspaces" / "linked").mkdir()
    (work / "workspaces" / "linked" / "code").symlink_to("/etc")
    (work / "workspaces" / "flat").mkdir()
    (work / "workspaces" / "flat" / "code").write_text("a file where a folder would go")
    for index in range(300):  # a wide folder, as a repository with many workspaces has
        (work / "workspaces" / f"w{index:03d}").mkdir()
        (work / "workspaces" / f"w{index:03d}" / "config.json").write_text("{}")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "start")
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(work), str(bare))
    git(bare, "config", "uploadpack.allowFilter", "true")
    git(bare, "repack", "-adq", "--write-bitmap-index")  # as forges serve: with reachability bitmaps
    return bare


def test_a_commit_written_in_process_is_one_git_accepts(remote: Path, tmp_path: Path) -> None:
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")
    base = clone.head("main")
    assert base == git(remote, "rev-parse", "main")
    changes = {
        "workspaces/notes/code/backend/plan.md": b"# Plan\n",
        "workspaces/notes/code/backend/api-spec.md": b"# API\n",
        "workspaces/notes/config.json": b'{"name": "Notes", "artifacts": []}',
        "workspaces/w150/code/a b.md": b"spaces are fine",
    }
    commit = clone.commit(base, changes, "Add plan\n\nRequested-by: someone\n", ME)
    for index in (clone.path / "objects" / "pack").glob("pack-*.idx"):
        git(clone.path, "verify-pack", str(index))  # the pack devbot wrote is one git reads
    git(clone.path, "fsck", "--strict", "--no-dangling")
    clone.push(commit, "dev-backend/notes", None)
    assert git(remote, "rev-parse", "dev-backend/notes") == commit
    git(remote, "fsck", "--strict", "--no-dangling")
    for path, data in changes.items():
        assert raw(remote, "show", f"dev-backend/notes:{path}") == data
    assert git(remote, "log", "-1", "--format=%an <%ae>|%s|%P", "dev-backend/notes") == (
        f"devbot <devbot@example.com>|Add plan|{base}"
    )
    changed = git(remote, "diff", "--name-only", "main", "dev-backend/notes").splitlines()
    assert sorted(changed) == sorted(changes)


def test_reads_match_git_and_refuse_links_and_oversized_files(remote: Path, tmp_path: Path) -> None:
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch()
    main = clone.head("main")
    assert main is not None
    files = clone.read_folder(main, "workspaces/notes", lambda path: path.endswith((".json", ".md")), 10_000)
    assert files == {
        "config.json": b'{"name": "Notes"}',
        "product/prd/prd.md": b"# Notes\n",
        "big.md": b"x" * 5000,
    }
    assert clone.read_folder(main, "workspaces/absent", lambda path: True, 10_000) == {}
    with pytest.raises(UserError, match="5,000 bytes, over the 1,024-byte limit"):
        clone.read_folder(main, "workspaces/notes", lambda path: True, 1024)
    with pytest.raises(UnsafePath, match="symbolic link"):
        clone.read_folder(main, "workspaces/linked", lambda path: True, 10_000)
    assert len(clone.subfolders(main, "workspaces")) == 303
    assert clone.existing(main, ["workspaces/notes/config.json", "workspaces/notes/nope.md"]) == {
        "workspaces/notes/config.json"
    }
    assert clone.branches() == ["main"]


def test_writing_through_a_link_or_a_file_is_refused(remote: Path, tmp_path: Path) -> None:
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")
    main = clone.head("main")
    assert main is not None
    with pytest.raises(UnsafePath, match="`workspaces/linked/code` is a link or file"):
        clone.commit(main, {"workspaces/linked/code/backend/plan.md": b"x"}, "m\n", ME)
    with pytest.raises(UnsafePath, match="`workspaces/flat/code` is a link or file"):
        clone.commit(main, {"workspaces/flat/code/plan.md": b"x"}, "m\n", ME)
    with pytest.raises(UnsafePath, match="`workspaces/linked/code` is not a regular file"):
        clone.commit(main, {"workspaces/linked/code": b"x"}, "m\n", ME)


def test_a_partial_clone_fetches_only_the_blobs_it_reads(
    remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Earlier tests read blobs with these shas: the process would still remember them.
    monkeypatch.setattr(gitobjects, "_BLOBS", _Remembered[bytes](2**20, len))
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")  # the first fetch is blobless
    main = clone.head("main")
    assert main is not None

    def missing() -> set[str]:
        listing = git(clone.path, "rev-list", "--objects", "--missing=print", main)
        return {line[1:] for line in listing.splitlines() if line.startswith("?")}

    wanted = {git(remote, "rev-parse", f"main:workspaces/notes/{path}") for path in ("config.json", "big.md")}
    before = missing()
    assert wanted <= before
    files = clone.read_folder(main, "workspaces/notes", lambda path: path != "product/prd/prd.md", 10_000)
    assert set(files) == {"config.json", "big.md"}
    assert missing() == before - wanted  # nothing else was fetched


def test_a_branch_name_that_could_escape_the_refs_is_refused(tmp_path: Path, remote: Path) -> None:
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")
    for name in ("../../config", "main/../../HEAD", "-x", "a..b", "main.lock"):
        with pytest.raises(UserError, match="not a branch name"):
            clone.head(name)
    assert clone.head("gone") is None


names = st.text(
    st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/"), min_size=1
).filter(lambda name: name not in (".", "..", ".git"))


@example({"a": True, "a.b": False, "a-c": True, "a0": False})  # "a/" sorts after "a.b", before "a0"
@settings(max_examples=60, deadline=None)
@given(st.dictionaries(names, st.booleans(), min_size=1, max_size=12))
def test_trees_are_in_the_order_git_writes_them(
    tmp_path_factory: pytest.TempPathFactory, kinds: dict[str, bool]
) -> None:
    """in_order sorts as git does (a folder as if its name ended with '/'); parse inverts it."""
    repo = tmp_path_factory.mktemp("order")
    git(repo, "init", "--quiet", "--bare")
    blob = bytes.fromhex(git(repo, "hash-object", "-w", "--stdin", stdin=b"x"))
    empty = bytes.fromhex(git(repo, "mktree", stdin=b""))
    entries = [
        Entry(TREE if folder else b"100644", name.encode(), empty if folder else blob)
        for name, folder in kinds.items()
    ]
    listing = "".join(
        f"{'040000 tree' if e.mode == TREE else '100644 blob'} {e.sha.hex()}\t{e.name.decode()}\0"
        for e in entries
    )
    expected = git(repo, "mktree", "-z", stdin=listing.encode())
    ours = tree_body(in_order(entries))
    assert git(repo, "hash-object", "-t", "tree", "--stdin", stdin=ours) == expected
    assert sorted(parse_tree(ours)) == sorted(entries)


def test_a_push_does_not_wait_for_a_clone_another_job_holds(remote: Path, tmp_path: Path) -> None:
    """Jobs for different slugs push at once: a push needs neither the clone's lock nor its refs."""
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")
    main = clone.head("main")
    assert main is not None
    commit = clone.commit(main, {"workspaces/notes/code/backend/plan.md": b"# Plan\n"}, "m\n", ME)
    other = Clone(remote.as_uri(), tmp_path / "cache", 30)  # the same cache, as another job has it
    done = threading.Event()
    with clone.locked():
        pusher = threading.Thread(target=lambda: (other.push(commit, "dev-backend/notes", None), done.set()))
        pusher.start()
        assert done.wait(20), "the push waited for the lock"
    pusher.join()
    assert git(remote, "rev-parse", "dev-backend/notes") == commit
    assert clone.head("dev-backend/notes") is None  # no ref written locally; the next fetch brings it
    clone.fetch("main", "dev-backend/notes")
    assert clone.head("dev-backend/notes") == commit


def test_remembered_trees_are_bounded_by_their_entries_oldest_dropped_first() -> None:
    """The process-wide tree memory keeps the most recently used trees up to its entry limit."""
    trees = _Remembered[tuple[Entry, ...]](10, len)
    small = tuple(Entry(FILE, b"f%d" % i, bytes(20)) for i in range(3))
    for name in (b"a", b"b"):
        trees.put(name * 20, small)  # 4 + 4 = 8 counted (entries plus one per tree)
    assert trees.get(b"a" * 20) == small  # used: now the newest
    trees.put(b"c" * 20, small)  # 12 > 10: the least recently used, b, goes
    assert trees.get(b"b" * 20) is None
    assert trees.get(b"a" * 20) == small
    assert trees.get(b"c" * 20) == small
    huge = tuple(Entry(FILE, b"g%d" % i, bytes(20)) for i in range(50))
    trees.put(b"d" * 20, huge)  # over the limit alone: kept, everything older dropped
    assert trees.get(b"d" * 20) == huge
    assert trees.get(b"a" * 20) is None


def test_tidy_repacks_the_packs_commits_leave_before_it_returns(remote: Path, tmp_path: Path) -> None:
    """Past git's 50 packs the clone is repacked in the foreground, although devbot's commits
    refer to blobs the partial clone never fetched; every object stays readable."""
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")
    base = clone.head("main")
    assert base is not None
    packs = clone.path / "objects" / "pack"
    clone.tidy()
    assert len(list(packs.glob("*.pack"))) == 1  # quick and nothing to do
    pushed = clone.commit(base, {"workspaces/notes/code/plan.md": b"plan"}, "m", ME)
    clone.push(pushed, "dev-backend/notes", None)
    clone.fetch("main", "dev-backend/notes")  # devbot's own commit, reachable, in a pack of its own
    commits = [
        clone.commit(pushed, {f"workspaces/notes/code/n{i}.md": b"%d" % i}, "m", ME) for i in range(50)
    ]
    assert len(list(packs.glob("*.pack"))) == 52
    clone.tidy()
    # Done before tidy returns (not left to a detached gc), and done at all: a partial clone
    # keeps the promised objects' pack apart from the one of devbot's own commits.
    assert len(list(packs.glob("*.pack"))) == 2
    git(clone.path, "fsck", "--connectivity-only", "--no-dangling")
    files = clone.read_folder(commits[-1], "workspaces/notes", lambda path: path.startswith("code/"), 10_000)
    assert files["code/n49.md"] == b"49"
    assert files["code/plan.md"] == b"plan"
    clone.push(commits[-1], "dev-backend/notes", pushed)  # an unpushed commit survives the repack
    assert git(remote, "rev-parse", "dev-backend/notes") == commits[-1]


def test_opened_pack_indexes_follow_repacks_and_a_clone_made_anew(remote: Path, tmp_path: Path) -> None:
    """The process keeps a clone's opened pack indexes between holds: packs a repack removes
    are forgotten, new ones opened, and a clone made anew starts afresh."""
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")
    main = clone.head("main")
    assert main is not None
    folder = clone.path / "objects" / "pack"

    def opened() -> set[str]:
        return {Path(entity.pack().path()).name for entity in gitobjects._PACKS[str(folder)].entities()}

    def on_disk() -> set[str]:
        return {path.name for path in folder.glob("pack-*.pack")}

    written = [clone.commit(main, {f"workspaces/notes/n{i}.md": b"%d" % i}, "m\n", ME) for i in range(3)]
    kept = gitobjects._PACKS[str(folder)]
    assert clone.read_folder(written[0], "workspaces/notes", lambda path: True, 10_000)["n0.md"] == b"0"
    assert opened() == on_disk()
    assert len(on_disk()) >= 4
    for commit in written:  # what a repack keeps: reachable objects
        git(clone.path, "update-ref", f"refs/heads/keep{commit[:8]}", commit)
    git(clone.path, "-c", "repack.writeBitmaps=false", "repack", "-a", "-d", "-q")
    assert clone.read_folder(written[2], "workspaces/notes", lambda path: True, 10_000)["n2.md"] == b"2"
    assert gitobjects._PACKS[str(folder)] is kept
    assert opened() == on_disk()
    clone._clone_anew()
    assert str(folder) not in gitobjects._PACKS
    clone.fetch("main")
    assert clone.subfolders(main, "workspaces")[:2] == ["flat", "linked"]
    assert gitobjects._PACKS[str(folder)] is not kept
    assert opened() == on_disk()


def test_blobs_read_or_written_are_not_read_from_the_clone_again(
    remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run reads its unchanged documents and its last artifacts from the process's memory,
    and the branch it wrote through the trees it wrote."""
    monkeypatch.setattr(gitobjects, "_BLOBS", _Remembered[bytes](2**20, len))
    reads: list[bytes] = []
    trees: list[bytes] = []
    read = gitobjects.Objects._read

    def counted(objects: gitobjects.Objects, sha: bytes, kind: bytes) -> bytes:
        (reads if kind == b"blob" else trees if kind == b"tree" else []).append(sha)
        return read(objects, sha, kind)

    monkeypatch.setattr(gitobjects.Objects, "_read", counted)
    clone = Clone(remote.as_uri(), tmp_path / "cache", 30)
    clone.fetch("main")
    main = clone.head("main")
    assert main is not None
    first = clone.read_folder(main, "workspaces/notes", lambda path: True, 10_000)
    assert len(reads) == 3
    assert clone.read_folder(main, "workspaces/notes", lambda path: True, 10_000) == first
    assert len(reads) == 3
    commit = clone.commit(main, {"workspaces/notes/plan.md": b"the plan"}, "m\n", ME)
    trees.clear()
    again = clone.read_folder(commit, "workspaces/notes", lambda path: True, 10_000)
    assert again == {**first, "plan.md": b"the plan"}
    assert len(reads) == 3
    assert trees == []


def test_a_malformed_tree_is_damage_not_a_shorter_listing() -> None:
    entries = [Entry(TREE, b"a dir", bytes(range(20))), Entry(FILE, b"f\xc3\xa9", b"\0" * 20)]
    body = tree_body(in_order(entries))
    assert parse_tree(body) == [entries[0], entries[1]]
    assert parse_tree(b"") == []
    for broken in (body[:-1], body + b"x", b"x" + body, body.replace(b"40000 ", b"4000x ", 1), body[:30]):
        with pytest.raises(Damaged):
            parse_tree(broken)
