"""The corpus scored by its own scorer (``../shared/corpus/score.py``): floors that only rise.

Each labelled project becomes a workspace of its documents; the plans are generated in process and
the scorer's last line is read back.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generators.generate import Generator
from tests.samples import CORPUS

# the means over projects the scorer prints last, as reached so far
MUST_FLOOR = 0.97
PRECISION_FLOOR = 0.99
ROLES_FLOOR = 0.99


@pytest.fixture(scope="module")
def last_line(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("corpus")
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    generator = Generator(node_checks=True)  # every plan passes Prisma's and Mermaid's own parsers too
    for key, label in labels.items():
        files = {"config.json": json.dumps({"name": key, "slug": key}).encode()}
        if label["docs"].get("prd"):
            files["product/prd/prd.md"] = (CORPUS / label["docs"]["prd"]).read_bytes()
        if label["docs"].get("architecture"):
            files["code/architecture/architecture.md"] = (CORPUS / label["docs"]["architecture"]).read_bytes()
        for path, body in generator.generate(key, files).artifacts.items():
            target: Path = root / "workspaces" / key / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    generator.close()
    done = subprocess.run(
        [sys.executable, str(CORPUS / "score.py"), str(CORPUS / "labels.json"), str(root)],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _figure(line: str, name: str) -> float:
    found = re.search(rf"{name} ([\d.]+)%", line)
    assert found, line
    return float(found[1]) / 100


def test_pooled_figures_do_not_fall(last_line: str) -> None:
    """Must recall, precision and roles stay at or above what was reached."""
    assert _figure(last_line, "must recall") >= MUST_FLOOR, last_line
    assert _figure(last_line, "precision") >= PRECISION_FLOOR, last_line
    assert _figure(last_line, "roles") >= ROLES_FLOOR, last_line
