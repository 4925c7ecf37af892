"""Every machine-readable artifact checked by its ecosystem's own parser before it is returned.

OpenAPI with openapi-spec-validator, SQL with pglast (PostgreSQL's own parser). Prisma and Mermaid
are checked by their own Node packages in the test suite (see ``tests/js/validate.mjs``).
"""

from __future__ import annotations

import abc
import hashlib
import json
import re
import threading
from functools import lru_cache
from importlib.metadata import version
from typing import Any, Protocol

import jsonschema_rs
import pathable.accessors
import pathable.protocols
import pglast
from openapi_schema_validator import OAS31Validator
from openapi_schema_validator._specifications import REGISTRY  # the OpenAPI meta-schemas it checks with
from openapi_spec_validator import validate as validate_spec
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from generators.errors import ArtifactInvalid


class _Subscriptable(abc.ABC):  # noqa: B024 - an ABC for its subclass hook alone
    """pathable's ``Subscriptable`` protocol as an ABC: the same answer, remembered per class.

    openapi-spec-validator walks a document through pathable, which asks of every node
    ``isinstance(node, Subscriptable)``, a runtime-checkable Protocol. On Python 3.11 each such
    check collects the protocol's members again (python/cpython#74690; faster from 3.12): half
    of a first validation. ``__subclasshook__`` is the protocol's own rule (each method defined
    along the class's MRO, and not set to None), and ``ABCMeta`` remembers its answer per class.
    """

    @classmethod
    def __subclasshook__(cls, other: type) -> bool:
        for method in ("__contains__", "__getitem__", "__len__"):
            owner = next((base for base in other.__mro__ if method in base.__dict__), None)
            if owner is None or owner.__dict__[method] is None:
                return NotImplemented  # type: ignore[no-any-return]
        return True


_PATHABLE = vars(pathable.accessors)
if _PATHABLE.get("Subscriptable") is pathable.protocols.Subscriptable:  # else pathable changed: leave it
    _PATHABLE["Subscriptable"] = _Subscriptable

_FENCE = re.compile(r"^```(?P<info>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


class Memory(Protocol):
    """Where validations that passed are remembered (in memory by default; the bot may share one)."""

    def __contains__(self, key: object) -> bool: ...

    def add(self, key: str) -> None: ...


class _Bounded(set[str]):
    """An in-process memory that forgets everything when it gets large."""

    def add(self, key: str) -> None:
        if len(self) >= 20_000:
            self.clear()
        super().add(key)


_VERSION = f"oasv{version('openapi-spec-validator')}"
_OAS31 = "https://spec.openapis.org/oas/3.1/"
_memory: Memory = _Bounded()
_LOCK = threading.Lock()


def use_memory(memory: Memory) -> None:
    """Remember validations in ``memory`` from now on (for example one shared by worker processes)."""
    global _memory
    _memory = memory


def _key(kind: str, value: Any) -> str:
    return _key_of(kind, json.dumps(value, sort_keys=True, default=str))


def _key_of(kind: str, text: str) -> str:
    return f"{kind}-{hashlib.sha256(f'{_VERSION}:{text}'.encode()).hexdigest()}"


def _dialect() -> Any:
    """The OpenAPI 3.1 schema dialect's meta-schema, compiled by jsonschema-rs (Rust)."""
    resources = [(uri, REGISTRY[uri].contents) for uri in REGISTRY if uri.startswith(_OAS31)]
    return jsonschema_rs.validator_for(
        OAS31Validator.META_SCHEMA, registry=jsonschema_rs.Registry(resources), validate_formats=True
    )


def _known(key: str) -> bool:
    with _LOCK:
        return key in _memory


def _remember(key: str) -> None:
    with _LOCK:
        _memory.add(key)


_DIALECT = _dialect()


class _RememberingSchemaValidator(keywords.OpenAPIV31SchemaValidator):
    """The library's check of a schema against the OpenAPI 3.1 dialect, done once per distinct schema.

    The check is a pure function of the schema's content, and plans repeat most schemas (within
    a document and from one run to the next), so a schema that passed is not checked again.
    Failures are never remembered.
    """

    def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
        try:
            text = json.dumps(schema_value, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return super()._validate_schema_meta(schema, schema_value)
        key = _key_of("schema", text)
        if _known(key):
            return None
        # The same meta-schema, compiled: a schema it accepts is valid. A schema it refuses, or
        # one with a regular expression (ECMA-262 for it, Python's re for the library), goes
        # to the library, whose answer and error message stand.
        if '"pattern' not in text and _DIALECT.is_valid(schema_value):
            error = None
        else:
            error = super()._validate_schema_meta(schema, schema_value)
        if error is None:
            _remember(key)
        return error


class _SpecValidator(OpenAPIV31SpecValidator):
    """OpenAPI 3.1 validation with the remembering schema check."""


_SpecValidator.keyword_validators = {
    **OpenAPIV31SpecValidator.keyword_validators,
    "schema": _RememberingSchemaValidator,
}


def openapi(document: dict[str, Any], text: str | None = None) -> None:
    """Raise ``ArtifactInvalid`` unless ``document`` is a valid OpenAPI 3.1 document.

    A document that passed before (same content) is not validated again: the validation is a
    pure function of the document, and re-runs often produce the same API. ``text``, the
    document as written (YAML), names it in that memory when given; its JSON otherwise.
    """
    key = _key_of("document", text) if text is not None else _key("document", document)
    if _known(key):
        return
    try:
        validate_spec(document, cls=_SpecValidator)
    except Exception as err:  # the validator raises several unrelated types
        raise ArtifactInvalid("openapi.yaml", str(err).splitlines()[0]) from err
    _remember(key)


def sql(text: str, artifact: str = "database-schema.md") -> None:
    """Raise ``ArtifactInvalid`` unless PostgreSQL's parser accepts ``text``."""
    error = _sql_error(text)
    if error is not None:
        raise ArtifactInvalid(artifact, f"SQL: {error}")


@lru_cache(maxsize=64)
def _sql_error(text: str) -> str | None:
    """PostgreSQL's parser's objection to ``text``, if any (the DDL is often the last run's)."""
    try:
        pglast.parser.parse_sql_json(text)  # the parser's own output: no Python AST is built
    except pglast.parser.ParseError as err:
        return str(err)
    return None


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
