"""The schema is the architect's ERD: the generated DDL applied to a real PostgreSQL holds every
table, column, type, key, unique, enum and default the ERD states, and nothing it does not.

Run over the samples and, where it sits beside the project, the story set's five workspaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from generators import check
from generators.generate import Generator
from tests import samples
from tests.generators import erd_oracle


def _workspaces() -> list[Path]:
    found = [samples.WORKSPACES / slug for slug in samples.SLUGS]
    if (samples.STORYSET / "workspaces").is_dir():
        found += sorted((samples.STORYSET / "workspaces").iterdir())
    return found


def _files(base: Path) -> dict[str, bytes]:
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and "code/backend/" not in p.relative_to(base).as_posix()
    }


# Columns a plan may add to a table the ERD states, each said in the schema's notes: the sign-in
# columns of the user table where the ERD lacks them.
_AUTH_COLUMNS = {"email", "password_hash", "role", "refresh_token_hash"}


@pytest.fixture(scope="module")
def generator() -> Iterator[Generator]:
    """A worker's generator: Prisma (6 or 7, as named) and Mermaid checked where Node is installed."""
    made = Generator(node_checks=True)
    yield made
    made.close()


@pytest.mark.parametrize("workspace", _workspaces(), ids=lambda p: p.name)
def test_the_ddl_applied_to_postgresql_is_the_erd(
    workspace: Path, postgres_url: str, generator: Generator
) -> None:
    result = generator.generate(workspace.name, _files(workspace))
    schema_md = result.artifacts["code/backend/database-schema.md"].decode()
    (ddl,) = check.fences(schema_md, "sql")
    with psycopg.connect(postgres_url) as conn:
        conn.execute(ddl)  # type: ignore[arg-type]  # the generated DDL, as written
    database = erd_oracle.read_database(postgres_url)
    documents = sorted((workspace / "code/architecture").glob("*.md"))
    lines = [line for document in documents for line in erd_oracle.stated(document.read_text())]
    problems = erd_oracle.differences(lines, database, {})
    user_table = next(
        (t for t in database.columns if t in ("users", "user_accounts", "accounts", "members")), "users"
    )
    added = [
        p
        for p in problems
        if p.startswith(f"{user_table}.") and p.split(":")[0].split(".")[1] in _AUTH_COLUMNS
    ]
    remaining = [p for p in problems if p not in added]
    assert remaining == [], "\n".join(remaining)
    for column in {p.split(":")[0].split(".")[1] for p in added}:
        assert column in schema_md, f"{column} is added to {user_table} without a word in the schema"
