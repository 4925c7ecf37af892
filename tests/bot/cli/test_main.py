"""`devbot generate` on a folder: writes, re-runs, dry runs and user errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.cli import main as cli
from generators.generate import ARTIFACTS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_generate_writes_artifacts_config_and_prints_the_summary(
    repo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The four artifacts land in code/backend/, config.json lists them, the summary is printed."""
    status, out, err = run(capsys, "generate", "pawgroom", "--root", str(repo_root))
    assert (status, err) == (0, "")
    base = repo_root / "workspaces" / "pawgroom"
    for path in ARTIFACTS:
        assert (base / path).stat().st_size > 1000
    config = json.loads((base / "config.json").read_text())
    assert config["artifacts"][-4:] == list(ARTIFACTS)
    assert config["owner"] == "maria@pawgroom.example"
    assert config["tags"] == ["marketplace", "pets"]
    assert "✅ Backend plan complete for PawGroom" in out
    assert "📁 Output: workspaces/pawgroom/code/backend/" in out
    assert "Tech stack: Nest.js + TypeScript + PostgreSQL + Prisma" in out
    assert "Next: /dev-frontend pawgroom" in out


def test_second_run_touches_nothing(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Generating twice changes nothing: config.json keeps its updatedAt and mtime."""
    run(capsys, "generate", "teamtasks", "--root", str(repo_root))
    config = repo_root / "workspaces" / "teamtasks" / "config.json"
    before = (config.read_bytes(), os.stat(config).st_mtime_ns)
    status, out, _ = run(capsys, "generate", "teamtasks", "--root", str(repo_root))
    assert status == 0
    assert "Already up to date" in out
    assert (config.read_bytes(), os.stat(config).st_mtime_ns) == before


def test_typeorm_architecture_and_orm_override(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """TeamTasks chooses TypeORM; --orm prisma overrides it and says so."""
    _, out, _ = run(capsys, "generate", "teamtasks", "--root", str(repo_root), "--dry-run")
    assert "PostgreSQL + TypeORM" in out
    run(capsys, "generate", "teamtasks", "--root", str(repo_root), "--orm", "prisma")
    plan = (repo_root / "workspaces/teamtasks/code/backend/backend-plan.md").read_text()
    assert "although the architecture chooses typeorm" in plan


def test_dry_run_writes_nothing(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--dry-run lists what would change and leaves the folder as it was."""
    base = repo_root / "workspaces" / "recipebox"
    before = sorted(p.as_posix() for p in base.rglob("*"))
    config = (base / "config.json").read_bytes()
    status, out, _ = run(capsys, "generate", "recipebox", "--root", str(repo_root), "--dry-run")
    assert status == 0
    assert "new     workspaces/recipebox/code/backend/backend-plan.md" in out
    assert "changed workspaces/recipebox/config.json" in out
    assert sorted(p.as_posix() for p in base.rglob("*")) == before
    assert (base / "config.json").read_bytes() == config


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("nope", "MVP `nope` not found: run `/start-mvp nope` first"),
        ("../etc", "is not a valid MVP slug"),
        ("-rf", "is not a valid MVP slug"),
        ("Pets", "is not a valid MVP slug"),
    ],
)
def test_user_errors_are_one_line_and_write_nothing(
    repo_root: Path, capsys: pytest.CaptureFixture[str], slug: str, message: str
) -> None:
    """A user error: one line on stderr, exit 1, nothing written."""
    status, out, err = run(capsys, "generate", "--root", str(repo_root), "--", slug)
    assert status == 1
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not list(repo_root.glob("workspaces/*/code/backend"))


def test_broken_config_names_the_problem(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A config.json with duplicate keys is refused and nothing is written."""
    config = repo_root / "workspaces" / "pawgroom" / "config.json"
    config.write_text('{"name": "A", "name": "B"}')
    status, _, err = run(capsys, "generate", "pawgroom", "--root", str(repo_root))
    assert status == 1
    assert '"name" appears twice' in err
    assert not (repo_root / "workspaces/pawgroom/code/backend").exists()


def test_symlinked_input_or_output_is_refused(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A symlink among the inputs or at the output path is refused; its target is untouched."""
    secret = repo_root / "secret.txt"
    secret.write_text("keep")
    base = repo_root / "workspaces" / "pawgroom"
    (base / "code" / "architecture" / "erd.md").unlink()
    (base / "code" / "architecture" / "erd.md").symlink_to(secret)
    status, _, err = run(capsys, "generate", "pawgroom", "--root", str(repo_root))
    assert status == 1
    assert "symbolic link" in err
    (base / "code" / "architecture" / "erd.md").unlink()
    (base / "code" / "backend").symlink_to(repo_root)
    status, _, err = run(capsys, "generate", "pawgroom", "--root", str(repo_root))
    assert status == 1
    assert "symbolic link" in err
    assert secret.read_text() == "keep"
    assert not (repo_root / "backend-plan.md").exists()


def test_inspect_prints_entities_sources_roles_and_stack(capsys: pytest.CaptureFixture[str]) -> None:
    """devbot inspect on a workspace folder shows what was read, where, and how sure it is."""
    from tests.samples import WORKSPACES

    status, out, _ = run(capsys, "inspect", str(WORKSPACES / "teamtasks"))
    assert status == 0
    assert "Task (stated) — found in code/architecture/architecture.md (Mermaid erDiagram)" in out
    assert "status: enum = todo | in_progress | done" in out
    assert "Roles:\n  owner (stated) — " in out
    assert "  project manager (stated) — " in out
    assert "Stack: typeorm, PostgreSQL" in out
