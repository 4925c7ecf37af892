"""Every machine-readable artifact checked by its ecosystem's own parser, as written.

OpenAPI: the YAML file parsed back with PyYAML, then openapi-spec-validator. SQL: pglast
(PostgreSQL's own parser). Graphs: ``graphlib``. Prisma and Mermaid are checked by their own Node
packages (see ``tests/js/validate.mjs``).
"""

from __future__ import annotations

import graphlib
import re
from collections.abc import Mapping, Sequence

import pglast
import yaml
from openapi_spec_validator import validate as validate_spec

from generators.errors import ArtifactInvalid

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, when there
_FENCE = re.compile(r"^```(?P<info>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def openapi(text: str, artifact: str = "openapi.yaml") -> None:
    """Raise ``ArtifactInvalid`` unless ``text``, read as YAML, is a valid OpenAPI 3.1 document."""
    try:
        document = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise ArtifactInvalid(artifact, f"not YAML: {str(err).splitlines()[0]}") from err
    if not isinstance(document, dict):
        raise ArtifactInvalid(artifact, "not a YAML mapping")
    try:
        validate_spec(document)
    except Exception as err:  # the validator raises several unrelated types
        raise ArtifactInvalid(artifact, str(err).splitlines()[0]) from err


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
