"""Every reader runs in time linear in its input, on every hostile case of ``inputs.py``.

Measured as a ratio within one run (the same case at 16 KB and at 128 KB), not as an absolute time,
so a slower machine does not fail it: linear reading takes about 8× as long at 8× the size; a
quadratic reader takes 64×. ``bench/hostile.py`` reports the whole job at 100 KB and 2 MB.
"""

from __future__ import annotations

import contextlib
import time

import pytest

from generators.errors import DevbotError
from generators.read import workspace
from generators.read.workspace import PRD
from tests.hostile.inputs import CASES, Case

SMALL, LARGE = 16_000, 128_000
ALLOWED = 20.0  # 8× the size; room for noise, far below the 64× of a quadratic reader
FLOOR = 0.002  # seconds: below this a small run's time is noise


def _seconds(case: Case, size: int, runs: int) -> float:
    files = {"config.json": b'{"name": "hostile"}', case.document: case.build(size).encode()}
    files.setdefault(PRD, b"# PRD\n\nAs a user, I want to add a note.\n")
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with contextlib.suppress(DevbotError):  # a user error is an answer too
            workspace.read("hostile", files)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_reading_time_grows_linearly(case: Case) -> None:
    small = _seconds(case, SMALL, runs=3)
    large = _seconds(case, LARGE, runs=2)
    assert large <= ALLOWED * max(small, FLOOR), f"{small * 1000:.1f} ms → {large * 1000:.1f} ms"
