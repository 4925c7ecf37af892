"""``devbot demo``: the generator on a bundled sample, in a temporary copy, offline."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bot import cli

SAMPLES = Path(__file__).resolve().parent.parent / "workspaces"
DEMO_SLUG = "pawgroom"


def main() -> int:
    """Copy the samples to a temporary folder, generate one plan there, show what was written."""
    with tempfile.TemporaryDirectory(prefix="devbot-demo-") as temporary:
        root = Path(temporary)
        shutil.copytree(SAMPLES, root / "workspaces")
        print(f"$ devbot generate {DEMO_SLUG} --root {root}\n")
        status = cli.main(["generate", DEMO_SLUG, "--root", str(root)])
        if status:
            return status
        output = root / "workspaces" / DEMO_SLUG / "code" / "backend"
        for path in sorted(output.iterdir()):
            text = path.read_text(encoding="utf-8")
            print(f"\n──── {path.relative_to(root)} ({len(text.splitlines())} lines) ────")
            print("\n".join(text.splitlines()[:12]))
            print("…")
    return 0
