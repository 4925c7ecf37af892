"""Every machine-readable artifact checked by its ecosystem's own parser before it is returned.

OpenAPI with openapi-spec-validator, SQL with pglast (PostgreSQL's own parser). Prisma and Mermaid
are checked by their own Node packages in the test suite (see ``tests/js/validate.mjs``).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from typing import Any

import pglast
from openapi_spec_validator import validate as validate_spec
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from generators.errors import ArtifactInvalid

_FENCE = re.compile(r"^```(?P<info>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


_REMEMBERED = 20_000
_META_OK: set[str] = set()
_DOCUMENTS_OK: set[str] = set()
_META_LOCK = threading.Lock()


def _remember(memory: set[str], key: str) -> None:
    with _META_LOCK:
        if len(memory) >= _REMEMBERED:
            memory.clear()
        memory.add(key)


class _RememberingSchemaValidator(keywords.OpenAPIV31SchemaValidator):
    """The library's check of a schema against the OpenAPI 3.1 dialect, done once per distinct schema.

    The check is a pure function of the schema's content, and plans repeat most schemas (within
    a document and from one run to the next), so a schema that passed is not checked again.
    Failures are never remembered.
    """

    def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
        try:
            key = json.dumps(schema_value, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return super()._validate_schema_meta(schema, schema_value)
        with _META_LOCK:
            if key in _META_OK:
                return None
        error = super()._validate_schema_meta(schema, schema_value)
        if error is None:
            _remember(_META_OK, key)
        return error


class _SpecValidator(OpenAPIV31SpecValidator):
    """OpenAPI 3.1 validation with the remembering schema check."""


_SpecValidator.keyword_validators = {
    **OpenAPIV31SpecValidator.keyword_validators,
    "schema": _RememberingSchemaValidator,
}


def openapi(document: dict[str, Any]) -> None:
    """Raise ``ArtifactInvalid`` unless ``document`` is a valid OpenAPI 3.1 document.

    A document that passed before (same content) is not validated again: the validation is a
    pure function of the document, and re-runs often produce the same API.
    """
    key = hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
    with _META_LOCK:
        if key in _DOCUMENTS_OK:
            return
    try:
        validate_spec(document, cls=_SpecValidator)
    except Exception as err:  # the validator raises several unrelated types
        raise ArtifactInvalid("openapi.yaml", str(err).splitlines()[0]) from err
    _remember(_DOCUMENTS_OK, key)


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
