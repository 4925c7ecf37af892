"""Prisma's schema engine and Mermaid's parser, run under Node.js on generated text.

Both are JavaScript, so devbot runs them in one long-lived ``node`` process (``validate.mjs``)
that answers one JSON line per block: starting Node and loading Mermaid costs about 1.3 s, more
than the rest of a generation, so a worker's ``Generator`` keeps its process across jobs. Where
Node.js or the npm packages are missing the checks are not run, and the schema document says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from generators import check

SCRIPT = Path(__file__).with_name("validate.mjs")
PACKAGES = ("mermaid", "jsdom", "@prisma/prisma-schema-wasm", "@prisma/prisma-schema-wasm-6")


@dataclass(frozen=True)
class Block:
    """One block to check: ``kind`` is ``prisma`` or ``mermaid``; ``major`` the Prisma version."""

    id: str
    kind: str
    text: str
    major: int = 7


@dataclass(frozen=True)
class Verdict:
    """One validator's answer."""

    id: str
    ok: bool
    error: str = ""


def modules_root(stated: Path | None = None) -> Path | None:
    """The folder whose ``node_modules`` holds the validators (``stated``, else this checkout),
    or None when Node.js or a package is missing."""
    if shutil.which("node") is None:
        return None
    for root in ([stated] if stated else []) + [Path(__file__).resolve().parent.parent, Path.cwd()]:
        if all((root / "node_modules" / package / "package.json").is_file() for package in PACKAGES):
            return root
    return None


def blocks(label: str, artifacts: dict[str, str], prisma_major: int = 7) -> list[Block]:
    """Every Mermaid and Prisma block of a plan's documents."""
    found = []
    for path, text in artifacts.items():
        for kind in ("mermaid", "prisma"):
            for index, body in enumerate(check.fences(text, kind)):
                found.append(Block(f"{label}/{path}#{kind}{index}", kind, body, prisma_major))
    return found


class Validators:
    """A ``node validate.mjs`` process, started on first use and restarted if it dies."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def _started(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                ["node", str(SCRIPT), str(self.root)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                cwd=self.root,
            )
        return self._process

    def check(self, items: list[Block]) -> list[Verdict]:
        """One verdict per block, in order."""
        if not items:
            return []
        with self._lock:
            process = self._started()
            if process.stdin is None or process.stdout is None:
                raise RuntimeError("the Node validators have no pipes")
            try:
                for item in items:
                    line = {"id": item.id, "kind": item.kind, "text": item.text, "major": item.major}
                    process.stdin.write(json.dumps(line) + "\n")
                process.stdin.flush()
                answers = [process.stdout.readline() for _ in items]
            except (BrokenPipeError, OSError) as err:
                self.close()
                raise RuntimeError(f"the Node validators stopped: {err}") from err
            if not all(answers):
                self.close()
                raise RuntimeError("the Node validators stopped before answering")
        return [Verdict(**json.loads(answer)) for answer in answers]

    def close(self) -> None:
        """Stop the process."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            for pipe in (self._process.stdin, self._process.stdout):
                if pipe is not None:
                    pipe.close()
            self._process = None
