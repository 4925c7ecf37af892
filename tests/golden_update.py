"""Regenerate the golden files on purpose: ``make golden`` (review the diff before committing)."""

from __future__ import annotations

from generators.generate import generate
from tests import samples


def main() -> None:
    """Write every sample's artifacts under ``tests/golden/<slug>/``."""
    for slug in samples.SLUGS:
        result = generate(slug, samples.files(slug))
        for path, data in result.artifacts.items():
            target = samples.GOLDEN / slug / path.rsplit("/", 1)[-1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target.relative_to(samples.ROOT)}")


if __name__ == "__main__":
    main()
