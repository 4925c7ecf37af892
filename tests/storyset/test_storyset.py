"""The story set: five workspaces written by others, scored story by story with its own scorer.

The floors are the figures reached so far; they only rise. A change that serves fewer stories,
or adds an endpoint named after no resource, fails here before it reaches a reviewer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generators.generate import Generator
from tests.samples import STORYSET

SERVED_FLOOR = 111  # of 116 stories that need an endpoint (95.7%)
SUSPECTS_CEILING = 0


def _workspace_files(base: Path) -> dict[str, bytes]:
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("storyset")
    generator = Generator(node_checks=True)
    for workspace in sorted((STORYSET / "workspaces").iterdir()):
        result = generator.generate(workspace.name, _workspace_files(workspace))
        for path, body in result.artifacts.items():
            target = root / "workspaces" / workspace.name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    generator.close()
    out = root / "score.json"
    subprocess.run(
        [
            sys.executable,
            str(STORYSET / "score.py"),
            str(STORYSET / "labels.json"),
            str(root),
            "--json",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def test_stories_served_do_not_fall(scored: dict[str, dict[str, int]]) -> None:
    """At least the floor of the stories that need an endpoint are fully served."""
    total = scored["total"]
    assert total["served"] >= SERVED_FLOOR, f"served {total['served']}/{total['needing']}"


def test_no_new_endpoints_named_after_no_resource(scored: dict[str, dict[str, int]]) -> None:
    """Suspect endpoints (a literal segment that names nothing of the workspace) stay at the ceiling."""
    assert scored["total"]["suspect_endpoints"] <= SUSPECTS_CEILING
