"""The git layer against real git: commits devbot writes pass ``git fsck --strict``, reads see what
git sees, a partial clone's missing blobs come in one fetch, and paths devbot must not write
through are refused."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from bot.errors import UnsafePath, UserError
from bot.git.clone import Clone, Identity

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


def test_a_commit_devbot_writes_is_one_git_accepts(remote: Path, tmp_path: Path) -> None:
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


def test_a_partial_clone_fetches_only_the_blobs_it_reads(remote: Path, tmp_path: Path) -> None:
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


def test_tidy_repacks_once_packs_pile_up_before_it_returns(remote: Path, tmp_path: Path) -> None:
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
    clone.fetch("main", "dev-backend/notes")
    commits = []
    for i in range(51):  # each fetch of missing blobs leaves a pack: so does each repack here
        commits.append(clone.commit(pushed, {f"workspaces/notes/code/n{i}.md": b"%d" % i}, "m", ME))
        git(clone.path, "update-ref", f"refs/keep/{i}", commits[-1])  # reachable: repack packs it alone
        git(clone.path, "-c", "repack.writeBitmaps=false", "repack", "-d", "-q")
    assert len(list(packs.glob("*.pack"))) > 50
    clone.tidy()
    # Done before tidy returns (not left to a detached gc), and done at all: a partial clone
    # keeps the promised objects' pack apart from the one of devbot's own commits.
    assert len(list(packs.glob("*.pack"))) <= 2
    git(clone.path, "fsck", "--connectivity-only", "--no-dangling")
    files = clone.read_folder(commits[-1], "workspaces/notes", lambda path: path.startswith("code/"), 10_000)
    assert files["code/n50.md"] == b"50"
    assert files["code/plan.md"] == b"plan"
    clone.push(commits[-1], "dev-backend/notes", pushed)  # an unpushed commit survives the repack
    assert git(remote, "rev-parse", "dev-backend/notes") == commits[-1]


def test_a_fetch_cut_off_by_the_network_is_tried_again_without_recloning(
    remote: Path, tmp_path: Path
) -> None:
    """The remote's upload-pack dies in the middle of the first transfer (as a dropped connection
    would): the fetch is tried once more and works, and the cache is kept, not cloned anew."""
    import os

    marker = tmp_path / "cut-once"
    hook = tmp_path / "pack-objects-hook"
    hook.write_text(f'#!/bin/sh\nif [ ! -e "{marker}" ]; then touch "{marker}"; exit 1; fi\nexec "$@"\n')
    hook.chmod(0o755)
    clone = Clone(remote.as_uri(), tmp_path / "cache", timeout=30)
    clone.fetch("main")
    first = (clone.path / "objects").stat().st_ino
    work = tmp_path / "work"
    (work / "workspaces" / "notes" / "more.md").write_text("more\n")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "more")
    git(work, "push", "--quiet", str(remote), "HEAD:main")
    with Path(os.environ["GIT_CONFIG_GLOBAL"]).open("a") as config:
        config.write(f"[uploadpack]\n\tpackObjectsHook = {hook}\n")
    clone.fetch("main")
    assert marker.exists(), "the first transfer was cut"
    assert clone.head("main") == git(work, "rev-parse", "HEAD")
    assert (clone.path / "objects").stat().st_ino == first, "the cache was kept"
