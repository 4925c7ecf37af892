"""The worst case of reading hostile input: every case of ``tests/hostile/inputs.py`` at 100 KB and 2 MB.

Run: ``.venv/bin/python bench/hostile.py [--sizes 102400,2097152]``. Each generation runs in its own
process with a time limit, so one runaway case cannot stall the report; the process first plans a
small workspace, as a worker does at start, so the figure is the input's own cost (the Node
validators are off: their cost does not depend on the input's size). Targets: ≤ 1 s at 100 KB,
≤ 10 s at 2 MB, for any input. The figures in docs/performance.md are this script's output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile.inputs import CASES

LIMIT = 120.0
_CHILD = """
import json, sys, time
from tests.hostile.inputs import CASES
from generators.errors import DevbotError
from generators.generate import Generator
from generators.read.workspace import PRD
case = next(c for c in CASES if c.name == sys.argv[1])
files = {"config.json": b'{"name": "hostile"}', case.document: case.build(int(sys.argv[2])).encode()}
files.setdefault(PRD, b"# PRD\\n\\nAs a user, I want to add a note.\\n")
generator = Generator(node_checks=False)
# first-use costs (dictionaries, meta-schemas) paid first, as a worker pays them at start
warm_up = {"config.json": b'{"name": "w"}', PRD: b"# P\\n\\nAs a user, I want to add a note.\\n"}
generator.generate("warm-up", warm_up)
start = time.perf_counter()
try:
    generator.generate("hostile", files)
    outcome = "planned"
except DevbotError as err:
    outcome = type(err).__name__
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome}))
"""


def measure(name: str, size: int) -> tuple[float | None, str]:
    """Seconds to plan one case at ``size`` bytes in a fresh process (None past the limit)."""
    root = Path(__file__).resolve().parent.parent
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, name, str(size)],
            cwd=root, capture_output=True, text=True, timeout=LIMIT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, f"over {LIMIT:g} s"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return time.perf_counter() - started, f"crashed: {last[:80]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return float(result["seconds"]), str(result["outcome"])


def main() -> int:
    """Print one row per case and the worst case per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="102400,2097152", help="comma-separated sizes in bytes")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    worst: dict[int, tuple[float, str]] = {}
    print("| Case | " + " | ".join(f"{size // 1024} KB" for size in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for case in CASES:
        if args.only not in case.name:
            continue
        cells = []
        for size in sizes:
            seconds, outcome = measure(case.name, size)
            shown = f"{seconds:.2f} s" if seconds is not None else "—"
            cells.append(f"{shown} ({outcome})")
            value = seconds if seconds is not None else float("inf")
            if value > worst.get(size, (-1.0, ""))[0]:
                worst[size] = (value, case.name)
        print(f"| {case.name} | " + " | ".join(cells) + " |", flush=True)
    for size, (seconds, name) in worst.items():
        print(f"\nworst at {size // 1024} KB: {seconds:.2f} s ({name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
