"""Build benchmark repositories: a one-workspace repo and a big one (2,000 workspaces, 5,000 commits).

``git fast-import`` writes the history in one stream, so the big repository takes seconds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "workspaces"
SOURCE = "pawgroom"


def _sample_files() -> dict[str, bytes]:
    base = SAMPLES / SOURCE
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and "code/backend" not in p.as_posix()
    }


def _blob(stream: list[bytes], mark: int, data: bytes) -> None:
    stream.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")


def build(path: Path, workspaces: int, commits: int) -> Path:
    """A bare repository at ``path`` with ``workspaces`` copies of the sample and ``commits`` commits."""
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "config", "uploadpack.allowFilter", "true"], check=True)
    subprocess.run(["git", "-C", str(path), "config", "uploadpack.allowAnySHA1InWant", "true"], check=True)
    files = _sample_files()
    stream: list[bytes] = []
    marks: dict[str, int] = {}
    mark = 1
    for relative, data in files.items():
        marks[relative] = mark
        _blob(stream, mark, data)
        mark += 1
    first_commit_files = []
    for index in range(workspaces):
        slug = f"ws-{index:04d}" if index else SOURCE
        for relative, data in files.items():
            if relative == "config.json":
                config = data.replace(b'"slug": "pawgroom"', b'"slug": "%s"' % slug.encode())
                _blob(stream, mark, config)
                first_commit_files.append((f"workspaces/{slug}/{relative}", mark))
                mark += 1
            else:
                first_commit_files.append((f"workspaces/{slug}/{relative}", marks[relative]))
    stamp = 1_700_000_000
    commit_lines = [b"commit refs/heads/main\nmark :%d\n" % mark]
    mark += 1
    commit_lines.append(b"committer Bench <bench@example.com> %d +0000\ndata 8\nworkspac\n" % stamp)
    commit_lines.extend(b"M 100644 :%d %s\n" % (m, p.encode()) for p, m in first_commit_files)
    stream.append(b"".join(commit_lines) + b"\n")
    for number in range(1, commits):
        slug = f"ws-{number % max(1, workspaces - 1) + 1:04d}" if workspaces > 1 else SOURCE
        note = b"note %d\n" % number
        stream.append(
            b"commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\ndata 6\nnote\n\n"
            b"M 100644 inline workspaces/%s/NOTES.md\ndata %d\n%s\n"
            % (stamp + number, slug.encode(), len(note), note)
        )
    subprocess.run(["git", "-C", str(path), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(path), "repack", "-adq"], check=True)
    return path
