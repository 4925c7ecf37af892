"""`devbot generate` in separate processes writes the same bytes (fresh hash seeds, nothing shared)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generators.read.workspace import ARTIFACTS
from tests import samples

# Randomness injected into rendering, the way a nondeterministic helper would leak into the output:
# the comparison below must see it in every artifact.
_RANDOMISED = (
    "import uuid; from generators.emit import render, yamldoc; "
    "cell, inline, dump = render.cell, render.inline, yamldoc.dump; "
    "render.cell = lambda v: cell(v) + uuid.uuid4().hex; "
    "render.inline = lambda v: inline(v) + uuid.uuid4().hex; "
    "yamldoc.dump = lambda t: dump(t) + '# ' + uuid.uuid4().hex + chr(10); "
)


def _generate_in_a_new_process(slug: str, root: Path, prelude: str = "") -> dict[str, bytes]:
    """The artifacts of ``devbot generate slug`` run in a fresh Python process on a fresh copy."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(samples.ROOT / "workspaces" / slug, root / "workspaces" / slug)
    shutil.rmtree(root / "workspaces" / slug / "code" / "backend", ignore_errors=True)
    code = prelude + "import sys; from bot.cli.main import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run(
        [sys.executable, "-c", code, "generate", slug, "--root", str(root)], check=True, capture_output=True
    )
    folder = root / "workspaces" / slug
    return {path: (folder / path).read_bytes() for path in ARTIFACTS}


@pytest.mark.parametrize("slug", samples.SLUGS)
def test_two_processes_write_identical_bytes(slug: str, tmp_path: Path) -> None:
    """Every artifact is byte-identical across two fresh processes."""
    first = _generate_in_a_new_process(slug, tmp_path / "one")
    second = _generate_in_a_new_process(slug, tmp_path / "two")
    assert first == second


def test_the_comparison_sees_randomness_in_every_artifact(tmp_path: Path) -> None:
    """With randomness injected into rendering, all four artifacts differ: the test above can fail."""
    first = _generate_in_a_new_process("pawgroom", tmp_path / "one", _RANDOMISED)
    second = _generate_in_a_new_process("pawgroom", tmp_path / "two", _RANDOMISED)
    assert [path for path in ARTIFACTS if first[path] != second[path]] == list(ARTIFACTS)
