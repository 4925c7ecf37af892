"""Every machine-readable artifact checked by its ecosystem's own parser before it is returned.

OpenAPI with openapi-spec-validator, SQL with pglast (PostgreSQL's own parser). Prisma and Mermaid
are checked by their own Node packages in the test suite (see ``tests/js/validate.mjs``).
"""

from __future__ import annotations

import re
from typing import Any

import pglast
from openapi_spec_validator import validate as validate_spec

from generators.errors import ArtifactInvalid

_FENCE = re.compile(r"^```(?P<info>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def openapi(document: dict[str, Any]) -> None:
    """Raise ``ArtifactInvalid`` unless ``document`` is a valid OpenAPI 3.1 document."""
    try:
        validate_spec(document)
    except Exception as err:  # the validator raises several unrelated types
        raise ArtifactInvalid("openapi.yaml", str(err).splitlines()[0]) from err


def sql(text: str, artifact: str = "database-schema.md") -> None:
    """Raise ``ArtifactInvalid`` unless PostgreSQL's parser accepts ``text``."""
    try:
        pglast.parse_sql(text)
    except pglast.parser.ParseError as err:
        raise ArtifactInvalid(artifact, f"SQL: {err}") from err


def fences(markdown_text: str, info: str) -> list[str]:
    """The bodies of the fenced blocks of language ``info`` in a generated document."""
    return [m["body"] for m in _FENCE.finditer(markdown_text) if m["info"] == info]


def dag(edges: dict[str, list[str]], artifact: str) -> None:
    """Raise ``ArtifactInvalid`` if ``edges`` (node → nodes it depends on) has a cycle."""
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            raise ArtifactInvalid(artifact, "cycle: " + " → ".join([*path, node]))
        state[node] = 1
        for target in edges.get(node, []):
            visit(target, [*path, node])
        state[node] = 2

    for node in sorted(edges):
        visit(node, [])
