"""The HTTP platform under Nest.js, and an architecture that builds the API without Nest.js."""

from __future__ import annotations

import pytest

from generators.read import stack


@pytest.mark.parametrize(
    ("text", "platform", "other"),
    [
        ("The API is Nest.js 11 on Fastify, with Prisma.", "fastify", ""),
        ("Nest.js with Prisma and PostgreSQL.", "express", ""),
        ("We chose Fastify over Nest.js for the first version.", "fastify", "chose Fastify over"),
        ("A React frontend and an Express + Prisma backend.", "express", "Express + Prisma backend"),
        ("Nest.js (no Fastify: the team knows Express).", "express", ""),
    ],
)
def test_the_platform_and_a_framework_other_than_nest(text: str, platform: str, other: str) -> None:
    chosen = stack.read(text)
    assert chosen.platform == platform
    assert (other in chosen.other_framework) if other else chosen.other_framework == ""
