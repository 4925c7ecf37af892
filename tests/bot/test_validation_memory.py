"""Validation memory shared by worker processes: remembered on disk, used by the validator."""

from __future__ import annotations

from pathlib import Path

from bot.validation_memory import DirectoryMemory
from generators import check
from generators.generate import generate
from tests import samples


def test_directory_memory_is_a_set_on_disk(tmp_path: Path) -> None:
    """Keys added are found again, by this object or another one on the same folder."""
    memory = DirectoryMemory(tmp_path / "validated")
    assert "document-ab12" not in memory
    memory.add("document-ab12")
    assert "document-ab12" in DirectoryMemory(tmp_path / "validated")
    assert 12 not in memory


def test_validator_records_what_passed_in_the_memory_it_is_given(tmp_path: Path) -> None:
    """After one generation the shared memory holds the document and its schemas."""
    memory = DirectoryMemory(tmp_path / "validated")
    check.use_memory(memory)
    try:
        generate("recipebox", samples.files("recipebox"))
        kinds = {path.name.split("-")[0] for path in (tmp_path / "validated").rglob("*") if path.is_file()}
        assert kinds == {"document", "schema"}
    finally:
        check.use_memory(check._Bounded())
