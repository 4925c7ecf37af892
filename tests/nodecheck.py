"""The Node validators (Prisma's schema engine, Mermaid's parser) for the tests: the product's own."""

from __future__ import annotations

from generators import nodecheck
from generators.nodecheck import Block, Verdict

__all__ = ["Block", "Verdict", "available", "blocks", "check"]


def available() -> bool:
    """Whether node and the npm validators are installed (``make install`` does both)."""
    return nodecheck.modules_root() is not None


def blocks(label: str, artifacts: dict[str, bytes], prisma_major: int = 7) -> list[nodecheck.Block]:
    """Every Mermaid and Prisma block in a plan's artifacts."""
    return nodecheck.blocks(label, {path: data.decode() for path, data in artifacts.items()}, prisma_major)


def check(items: list[nodecheck.Block]) -> list[Verdict]:
    """Validate the blocks in one Node process."""
    root = nodecheck.modules_root()
    assert root is not None, "run `make install`: node and the npm validators are missing"
    validators = nodecheck.Validators(root)
    try:
        return validators.check(items)
    finally:
        validators.close()
