"""Prisma's and Mermaid's own parsers, run under Node on generated text (one process per batch)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "js" / "validate.mjs"
ROOT = SCRIPT.parent.parent.parent


@dataclass(frozen=True)
class Verdict:
    """One validator's answer."""

    id: str
    ok: bool
    error: str = ""


def available() -> bool:
    """Whether node and the npm validators are installed (``make install`` does both)."""
    return shutil.which("node") is not None and (ROOT / "node_modules" / "mermaid").is_dir()


def blocks(label: str, artifacts: dict[str, bytes]) -> list[tuple[str, str, str]]:
    """(id, kind, text) of every Mermaid and Prisma block in a plan's artifacts."""
    from generators import check

    items = []
    for path, data in artifacts.items():
        text = data.decode()
        for kind in ("mermaid", "prisma"):
            for index, block in enumerate(check.fences(text, kind)):
                items.append((f"{label}/{path}#{kind}{index}", kind, block))
    return items


def check(items: list[tuple[str, str, str]]) -> list[Verdict]:
    """Validate (id, kind, text) items; kind is ``prisma`` or ``mermaid``."""
    lines = "\n".join(json.dumps({"id": i, "kind": k, "text": t}) for i, k, t in items)
    done = subprocess.run(
        ["node", str(SCRIPT)], input=lines, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"validator crashed: {done.stderr[-2000:]}")
    verdicts = [Verdict(**json.loads(line)) for line in done.stdout.splitlines() if line.strip()]
    assert len(verdicts) == len(items), done.stderr
    return verdicts
