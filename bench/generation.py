"""Generation time: a fresh ``devbot generate`` process on a 10-entity workspace, and in-process
generation of every sample (and of the largest corpus document, when the corpus is there).

Run: ``.venv/bin/python bench/generation.py`` (``make bench`` runs it). Nothing is remembered
between runs (devbot keeps no caches), so every in-process run does the same work; the first run
in a process also pays the libraries' first-use costs (lemminflect's dictionaries, the OpenAPI
meta-schemas, the Jinja templates), which is what a fresh process shows.
"""

from __future__ import annotations

import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.generate import generate  # noqa: E402
from tests import samples  # noqa: E402

ENTITIES = (
    "Clinic",
    "Owner",
    "Pet",
    "Vet",
    "Service",
    "Appointment",
    "Invoice",
    "Payment",
    "Review",
    "Reminder",
)
RUNS = 5


def ten_entities() -> dict[str, bytes]:
    """A workspace with a 10-entity ERD chain and a story per entity."""
    lines = ["erDiagram"]
    for parent, child in itertools.pairwise(ENTITIES):
        lines.append(f"  {parent.upper()} ||--o{{ {child.upper()} : has")
    for name in ENTITIES:
        status = '    string status "draft | active | closed"\n' if name in ("Appointment", "Invoice") else ""
        lines.append(
            f"  {name.upper()} {{\n    uuid id PK\n    string name\n{status}    datetime created_at\n  }}"
        )
    stories = "\n".join(
        f"| US-{i} | manager | create {name.lower()}s and see them in a list | keep track | S |"
        for i, name in enumerate(ENTITIES, start=1)
    )
    return {
        "config.json": json.dumps({"name": "Ten", "slug": "ten"}).encode(),
        "code/architecture/architecture.md": ("# Ten\n\n```mermaid\n" + "\n".join(lines) + "\n```\n")
        .encode(),
        "product/prd/prd.md": (
            "# Ten\n\n## User Stories\n\n"
            "| ID | As a… | I want to… | So I can… | Size |\n|---|---|---|---|---|\n"
            + stories + "\n"
        ).encode(),
    }  # fmt: skip


def fresh_process(files: dict[str, bytes]) -> list[float]:
    """Seconds of ``devbot generate`` in a new process each time (imports included)."""
    times = []
    with tempfile.TemporaryDirectory(prefix="devbot-gen-") as temporary:
        folder = Path(temporary) / "workspaces" / "ten"
        for path, data in files.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
        for _ in range(RUNS):
            started = time.perf_counter()
            subprocess.run(
                [str(ROOT / ".venv" / "bin" / "devbot"), "generate", "ten", "--root", temporary, "--dry-run"],
                check=True, capture_output=True,
            )  # fmt: skip
            times.append(time.perf_counter() - started)
    return times


def in_process(slug: str, files: dict[str, bytes]) -> list[float]:
    """Seconds of ``generate`` in this (warm) process."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        generate(slug, files)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    """Print one row per measurement."""
    rows = [("Fresh `devbot generate`, 10-entity workspace", fresh_process(ten_entities()), "≤ 1 s")]
    for slug in samples.SLUGS:
        rows.append(
            (f"In-process generate, sample `{slug}`", in_process(slug, samples.files(slug)), "reported")
        )
    if samples.CORPUS.is_dir():
        largest = max(samples.CORPUS.glob("*.md"), key=lambda path: path.stat().st_size)
        files = {"config.json": b'{"name": "corpus"}', "product/prd/prd.md": largest.read_bytes()}
        rows.append(
            (
                f"In-process generate, largest corpus document ({largest.name})",
                in_process("c", files),
                "reported",
            )
        )
    print("| Measurement | Median | Range | Target |")
    print("|---|---|---|---|")
    for name, times, target in rows:
        print(
            f"| {name} | {statistics.median(times):.2f} s | {min(times):.2f}–{max(times):.2f} s | {target} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
