"""The corpus evaluation as a table: recall per case, what was found, missing and extra.

Run: ``.venv/bin/python bench/corpus_eval.py`` (needs ../shared/corpus). The figures in
docs/extraction.md are this script's output.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus.evaluate import all_scores
from tests.samples import CORPUS


def main() -> int:
    """Print the table; exit 1 when the corpus is missing."""
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    scores = all_scores()
    print("| Case | Expected | Recall | Entities read | Missing | Beyond the expectations |")
    print("|---|---|---|---|---|---|")
    for s in scores:
        inferred = " (inferred)" if any(e.origin == "inferred" for e in s.result.domain.entities) else ""
        print(
            f"| {s.case.name} | {len(s.case.entities)} | {s.recall:.0%} | {len(s.found)}{inferred} | "
            f"{', '.join(s.missing) or '—'} | {', '.join(s.extra) or '—'} |"
        )
    expected = sum(len(s.case.entities) for s in scores)
    found = sum(len(s.case.entities) - len(s.missing) for s in scores)
    print(f"\nOverall recall: {found}/{expected} = {found / expected:.0%} over {len(scores)} cases.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
