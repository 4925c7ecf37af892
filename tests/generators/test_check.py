"""The checks run on the artifacts as written, with each ecosystem's own parser."""

from __future__ import annotations

import pytest
import yaml

from generators import check
from generators.errors import ArtifactInvalid
from generators.generate import generate
from generators.read.workspace import OPENAPI
from tests import samples


def test_the_openapi_file_is_checked_as_written() -> None:
    """The YAML text is parsed back before validation: a valid tree in broken YAML is refused."""
    text = generate("pawgroom", samples.files("pawgroom")).artifacts[OPENAPI].decode()
    check.openapi(text)
    with pytest.raises(ArtifactInvalid, match="not YAML"):
        check.openapi(text.replace("paths:", "paths: [", 1))
    with pytest.raises(ArtifactInvalid):
        check.openapi(yaml.safe_dump({"openapi": "3.1.0", "info": {}, "paths": {}}))
    with pytest.raises(ArtifactInvalid, match="mapping"):
        check.openapi("- just a list\n")


def test_sql_is_checked_by_postgresqls_parser() -> None:
    """A statement PostgreSQL would not parse is refused, with the parser's reason."""
    check.sql('CREATE TABLE "a" ("id" UUID NOT NULL);')
    with pytest.raises(ArtifactInvalid, match="SQL"):
        check.sql("CREATE TABLE (")


def test_graphs_are_ordered_and_cycles_or_unknown_nodes_refused() -> None:
    """Dependencies come first; a cycle or a dependency on nothing is a bug."""
    assert check.dag({"app": ["db"], "db": []}, "graph") == ["db", "app"]
    with pytest.raises(ArtifactInvalid, match="cycle"):
        check.dag({"a": ["b"], "b": ["a"]}, "graph")
    with pytest.raises(ArtifactInvalid, match="does not exist"):
        check.dag({"a": ["ghost"]}, "graph")


def test_fences_finds_blocks_by_language() -> None:
    """Only blocks of the language asked for."""
    text = "x\n```sql\nSELECT 1;\n```\n```prisma\nmodel A {}\n```\n"
    assert check.fences(text, "sql") == ["SELECT 1;\n"]


def test_a_checker_that_remembers_still_refuses_what_is_broken() -> None:
    """Documents and schemas that passed are remembered, failures never: a broken variant of a
    remembered document, or a remembered schema made invalid, is still refused; the memory is bounded."""
    text = generate("pawgroom", samples.files("pawgroom")).artifacts[OPENAPI].decode()
    checker = check.OpenApiChecker(size=50)
    checker.check(text)
    checker.check(text)
    broken_schema = text.replace("type: object", "type: objet", 1)
    with pytest.raises(ArtifactInvalid):
        checker.check(broken_schema)
    with pytest.raises(ArtifactInvalid):
        checker.check(broken_schema)  # a failure is not remembered as a pass
    with pytest.raises(ArtifactInvalid):
        checker.check(text.replace("openapi: 3.1.0", "openapi: 9.9.9", 1))
    assert len(checker._passed) <= 50
