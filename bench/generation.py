"""Generation time per sample and for the largest corpus document, in-process.

Run: ``make bench`` (or ``.venv/bin/python bench/generation.py``). Prints a Markdown table.
Each figure is the median of repeated runs after one warm-up run (templates compiled, the
OpenAPI meta-schema loaded). Generation is measured as a running worker does it (an OpenAPI
document that passed before is not validated again); the first validation of a document is
measured on its own.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators import validate  # noqa: E402
from generators.generate import generate  # noqa: E402
from tests import samples  # noqa: E402

RUNS = 15


def median_ms(action: Callable[[], object]) -> float:
    """Median wall time of ``action`` in milliseconds."""
    action()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cases() -> list[tuple[str, str, dict[str, bytes]]]:
    """(label, slug, files): every sample, and the largest corpus document as a PRD."""
    found = [(f"sample `{slug}`", slug, samples.files(slug)) for slug in samples.SLUGS]
    if samples.CORPUS.is_dir():
        largest = max(samples.CORPUS.glob("*.md"), key=lambda path: path.stat().st_size)
        if largest.name != "README.md":
            files = {
                "config.json": b'{"name": "Corpus"}',
                "product/prd/prd.md": largest.read_bytes(),
            }
            found.append((f"corpus `{largest.name}` ({largest.stat().st_size:,} B)", "corpus", files))
    return found


def main() -> None:
    """Print the table."""
    print(f"Python {platform.python_version()} on {platform.machine()}, {RUNS} runs each, median\n")
    print(
        "| Input | Generation, validation remembered (ms) | OpenAPI validation, first time (ms) | Endpoints |"
    )
    print("|---|---|---|---|")
    for label, slug, files in cases():
        result = generate(slug, files)
        document = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
        total = median_ms(lambda files=files, slug=slug: generate(slug, files))

        def first_time(document: dict[str, object] = document) -> None:
            validate.use_memory(validate._Bounded())  # forget, as a new process would
            validate.openapi(document)

        print(f"| {label} | {total:.0f} | {median_ms(first_time):.0f} | {result.digest.endpoints} |")


if __name__ == "__main__":
    main()
