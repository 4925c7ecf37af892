"""Validations that passed, remembered as marker files shared by the worker processes.

Validating a plan's OpenAPI document is a pure function of its content and the validator's
version (both are in the key), so a worker never validates again what another already did.
"""

from __future__ import annotations

import os
from pathlib import Path


class DirectoryMemory:
    """A set of keys kept as empty files under ``root`` (safe to share between processes)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[-2:] / key

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._path(key).exists()

    def add(self, key: str) -> None:
        """Remember ``key``; a failure to write only costs a later re-validation."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o644)
            os.close(fd)
        except OSError:
            pass
