"""Generation time per sample and for the largest corpus document.

Run: ``make bench`` (or ``.venv/bin/python bench/generation.py``). Prints a Markdown table.
Each figure is a median of repeated runs:

- **re-run after a PRD edit**: in one warm process, each run appends a new story to the PRD
  first, as the job bench's human commit does, so every run reads a new document and plans
  anew, with what a worker remembers from the runs before (parsed sections, rendered documents
  whose view did not change, validations that passed);
- **first plan in a new worker**: a new process that has only generated the warm-up workspace,
  as a worker does when it starts, generates the workspace once; nothing of it is remembered,
  and its OpenAPI document is validated (the memory workers share on disk is not used);
- the first validation of the OpenAPI document, on its own.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators import validate  # noqa: E402
from generators.generate import generate  # noqa: E402
from generators.read.workspace import PRD  # noqa: E402
from tests import samples  # noqa: E402

RUNS = 15
NEW_WORKERS = 7  # each a process of its own: about a second apiece
STORY = "\n- As an admin, I want to archive note {number}, so the list stays short.\n"

# Run in a new process: the worker's start (its warm-up generation), then one timed plan.
_FIRST_PLAN = """
import json, sys, time
sys.path.insert(0, {root!r})
from bot.jobs.runner import _WARM_UP
from generators.generate import generate
generate("warm-up", _WARM_UP)
files = {{path: data.encode("latin-1") for path, data in json.load(sys.stdin).items()}}
start = time.perf_counter()
generate({slug!r}, files)
print((time.perf_counter() - start) * 1000)
"""


def median_ms(action: Callable[[int], object], runs: int = RUNS) -> float:
    """Median wall time of ``action(run)`` in milliseconds, after one untimed run."""
    action(-1)
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def first_plan_ms(slug: str, files: dict[str, bytes]) -> float:
    """Median time of the first plan of ``files`` in new worker-like processes."""
    script = _FIRST_PLAN.format(root=str(ROOT), slug=slug)
    payload = json.dumps({path: data.decode("latin-1") for path, data in files.items()})
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", script], input=payload, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(NEW_WORKERS)
    ]
    return statistics.median(times)


def cases() -> list[tuple[str, str, dict[str, bytes]]]:
    """(label, slug, files): every sample, and the largest corpus document as a PRD."""
    found = [(f"sample `{slug}`", slug, samples.files(slug)) for slug in samples.SLUGS]
    if samples.CORPUS.is_dir():
        largest = max(samples.CORPUS.glob("*.md"), key=lambda path: path.stat().st_size)
        if largest.name != "README.md":
            files = {
                "config.json": b'{"name": "Corpus"}',
                PRD: largest.read_bytes(),
            }
            found.append((f"corpus `{largest.name}` ({largest.stat().st_size:,} B)", "corpus", files))
    return found


def main() -> None:
    """Print the table."""
    print(f"Python {platform.python_version()} on {platform.machine()}, median of {RUNS} runs ", end="")
    print(f"({NEW_WORKERS} new processes for a first plan)\n")
    print(
        "| Input | Re-run after a PRD edit (ms) | First plan in a new worker (ms) "
        "| First OpenAPI validation alone (ms) | Endpoints |"
    )
    print("|---|---|---|---|---|")
    for label, slug, files in cases():
        result = generate(slug, files)
        document = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])

        def rerun(run: int, files: dict[str, bytes] = files, slug: str = slug) -> None:
            edited = {**files, PRD: files[PRD] + STORY.format(number=run + 2).encode()}
            generate(slug, edited)

        def first_validation(run: int, document: dict[str, object] = document) -> None:
            validate.use_memory(validate._Bounded())  # forget, as a new process would
            validate.openapi(document)

        edited_ms, validation_ms = median_ms(rerun), median_ms(first_validation)
        first_ms = first_plan_ms(slug, files)
        print(
            f"| {label} | {edited_ms:.0f} | {first_ms:.0f} | {validation_ms:.0f} "
            f"| {result.digest.endpoints} |"
        )


if __name__ == "__main__":
    main()
