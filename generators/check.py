"""Every machine-readable artifact checked by its ecosystem's own parser, as written.

OpenAPI: the YAML file parsed back with PyYAML, then openapi-spec-validator. SQL: pglast
(PostgreSQL's own parser). Graphs: ``graphlib``. Prisma and Mermaid are checked by their own Node
packages (``generators/nodecheck.py``).
"""

from __future__ import annotations

import graphlib
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import pglast
import yaml
from openapi_spec_validator import validate as validate_spec
from openapi_spec_validator.validation.keywords import KeywordValidator, OpenAPIV31SchemaValidator
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from generators.errors import ArtifactInvalid

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, when there
_FENCE = re.compile(r"^```(?P<info>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


class OpenApiChecker:
    """openapi-spec-validator, with a bounded memory of what already passed.

    The validation is a pure function of the document, and most of its time goes to checking
    each schema object against the OpenAPI 3.1 dialect. A worker validates one plan after
    another, and consecutive plans repeat most schemas (and often the whole document), so this
    object remembers the digests of documents and schemas that passed (never failures), at most
    ``size`` of them, the oldest forgotten first: 200 → about 20 ms a job (docs/performance.md).
    """

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self._passed: OrderedDict[str, None] = OrderedDict()
        self._validator = self._remembering_validator()

    def _known(self, key: str) -> bool:
        if key in self._passed:
            self._passed.move_to_end(key)
            return True
        return False

    def _remember(self, key: str) -> None:
        self._passed[key] = None
        while len(self._passed) > self.size:
            self._passed.popitem(last=False)

    def _remembering_validator(self) -> type[OpenAPIV31SpecValidator]:
        checker = self

        class Schema(OpenAPIV31SchemaValidator):
            def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
                key = "schema:" + _digest(schema_value)
                if checker._known(key):
                    return None
                error = super()._validate_schema_meta(schema, schema_value)
                if error is None:
                    checker._remember(key)
                return error

        class Spec(OpenAPIV31SpecValidator):
            keyword_validators: dict[str, type[KeywordValidator]] = {  # noqa: RUF012 - the library's own type
                **OpenAPIV31SpecValidator.keyword_validators,
                "schema": Schema,
            }

        return Spec

    def check(self, text: str, artifact: str = "openapi.yaml") -> None:
        """Raise ``ArtifactInvalid`` unless ``text``, read as YAML, is a valid OpenAPI 3.1 document."""
        key = "document:" + hashlib.sha256(text.encode()).hexdigest()
        if self._known(key):
            return
        document = _yaml_mapping(text, artifact)
        try:
            validate_spec(document, cls=self._validator)
        except Exception as err:  # the validator raises several unrelated types
            raise ArtifactInvalid(artifact, str(err).splitlines()[0]) from err
        self._remember(key)


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _yaml_mapping(text: str, artifact: str) -> dict[str, Any]:
    try:
        document = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise ArtifactInvalid(artifact, f"not YAML: {str(err).splitlines()[0]}") from err
    if not isinstance(document, dict):
        raise ArtifactInvalid(artifact, "not a YAML mapping")
    return document


def openapi(text: str, artifact: str = "openapi.yaml") -> None:
    """Raise ``ArtifactInvalid`` unless ``text``, read as YAML, is a valid OpenAPI 3.1 document."""
    OpenApiChecker(size=0).check(text, artifact)


def sql(text: str, artifact: str = "database-schema.md") -> None:
    """Raise ``ArtifactInvalid`` unless PostgreSQL's parser accepts ``text``."""
    try:
        pglast.parser.parse_sql_json(text)  # the parser's own output: no Python AST is built
    except pglast.parser.ParseError as err:
        raise ArtifactInvalid(artifact, f"SQL: {err}") from None


def fences(markdown_text: str, info: str) -> list[str]:
    """The bodies of the fenced blocks of language ``info`` in a generated document."""
    return [m["body"] for m in _FENCE.finditer(markdown_text) if m["info"] == info]


def dag(edges: Mapping[str, Sequence[str]], artifact: str) -> list[str]:
    """The nodes of ``edges`` (node → nodes it depends on) in dependency order; a cycle or a
    dependency on a node that does not exist is a bug."""
    for node, targets in edges.items():
        unknown = [target for target in targets if target not in edges]
        if unknown:
            raise ArtifactInvalid(artifact, f"{node} depends on {unknown[0]}, which does not exist")
    try:
        return list(graphlib.TopologicalSorter(edges).static_order())
    except graphlib.CycleError as err:
        raise ArtifactInvalid(artifact, "cycle: " + " → ".join(str(node) for node in err.args[1])) from None
