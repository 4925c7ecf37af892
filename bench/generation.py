"""Generation time per sample and for the largest corpus document, in-process.

Run: ``make bench`` (or ``.venv/bin/python bench/generation.py``). Prints a Markdown table.
Each figure is the median of repeated runs after one warm-up run (templates compiled, the
OpenAPI meta-schemas loaded). Generation is measured twice: as a worker does it when the API did
not change (the OpenAPI document passed before, so it is not validated again), and with nothing
remembered (the first plan of a workspace, or any change to its API); the first validation of
the OpenAPI document is also shown on its own.
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
        "| Input | Generation, validations remembered (ms) | Generation, nothing remembered (ms) "
        "| of which OpenAPI validation (ms) | Endpoints |"
    )
    print("|---|---|---|---|---|")
    for label, slug, files in cases():
        result = generate(slug, files)
        document = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
        warm = median_ms(lambda files=files, slug=slug: generate(slug, files))

        def first_time(files: dict[str, bytes] = files, slug: str = slug) -> None:
            validate.use_memory(validate._Bounded())  # forget, as a new process would
            generate(slug, files)

        def first_validation(document: dict[str, object] = document) -> None:
            validate.use_memory(validate._Bounded())
            validate.openapi(document)

        cold, validation = median_ms(first_time), median_ms(first_validation)
        print(f"| {label} | {warm:.0f} | {cold:.0f} | {validation:.0f} | {result.digest.endpoints} |")


if __name__ == "__main__":
    main()
