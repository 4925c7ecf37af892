"""The project's sample workspaces, as test data."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSPACES = ROOT / "workspaces"
GOLDEN = Path(__file__).resolve().parent / "golden"
CORPUS = ROOT.parent / "shared" / "corpus"
STORYSET = ROOT.parent / "shared" / "storyset"
SLUGS = sorted(path.name for path in WORKSPACES.iterdir() if (path / "config.json").exists())


def files(slug: str) -> dict[str, bytes]:
    """Every file of a sample workspace, by workspace-relative path."""
    base = WORKSPACES / slug
    return {
        path.relative_to(base).as_posix(): path.read_bytes()
        for path in sorted(base.rglob("*"))
        if path.is_file() and "code/backend/" not in path.relative_to(base).as_posix()
    }


def copy_to(root: Path) -> Path:
    """Copy the samples under ``root/workspaces`` and return ``root``."""
    shutil.copytree(WORKSPACES, root / "workspaces")
    return root
