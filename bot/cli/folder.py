"""A workspace in a folder on disk: read its inputs, write the plan's files, never via symlinks."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from bot import slugs
from bot.errors import UnsafePath, UserError
from generators.read import workspace

MAX_INPUT_BYTES = 2 * 1024 * 1024


def _inside(root: Path, relative: str) -> Path:
    path = root / relative
    current = root
    for part in Path(relative).parts:
        if part in ("..", "") or os.path.isabs(part):
            raise UnsafePath(f"`{relative}` leaves the workspace")
        current = current / part
        if current.is_symlink():
            raise UnsafePath(f"`{relative}` is a symbolic link: devbot reads and writes only regular files")
    return path


def workspace_dir(root: Path, slug: str) -> Path:
    """``root/workspaces/<slug>``, the slug checked first."""
    return Path(root) / "workspaces" / slugs.check(slug)


def read(root: Path, slug: str) -> dict[str, bytes]:
    """The workspace files the generators read, by workspace-relative path."""
    base = workspace_dir(root, slug)
    if not base.is_dir():
        return {}
    if base.is_symlink() or base.parent.is_symlink():
        raise UnsafePath(f"`workspaces/{slug}` is a symbolic link")
    return read_dir(base)


def read_file(path: Path) -> bytes:
    """One regular file, within the size cap."""
    if path.is_symlink():
        raise UnsafePath(f"`{path.name}` is a symbolic link: devbot reads only regular files")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise UserError(f"`{path.name}` is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


def read_dir(base: Path) -> dict[str, bytes]:
    """The files the generators read below a workspace folder ``base``."""
    files: dict[str, bytes] = {}
    for path in sorted(base.rglob("*")):
        relative = path.relative_to(base).as_posix()
        if not workspace.wanted(relative):
            continue
        _inside(base, relative)
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise UserError(f"`{relative}` is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
        files[relative] = path.read_bytes()
    return files


def write(root: Path, slug: str, changes: Mapping[str, bytes]) -> list[str]:
    """Write ``changes`` atomically (temporary file, then rename); the paths written."""
    base = workspace_dir(root, slug)
    for relative in changes:
        _inside(base, relative)
    written = []
    for relative, data in sorted(changes.items()):
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _inside(base, relative)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".devbot-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(relative)
    return written
