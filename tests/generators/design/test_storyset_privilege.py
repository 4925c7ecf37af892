"""Least privilege by construction, on the story set's five workspaces (written by others): no request
DTO carries a field the server owns, no role but the back office holds a write that neither a story
nor the architecture's authorization table grants, an endpoint the table names is granted to exactly
the roles its cells allow, sign-up takes no role, and the token carries the tenant where there is
one."""

from __future__ import annotations

import re

import pytest

from generators.design import database, routes, tenancy
from generators.design.routes import server_owned
from generators.generate import Generator
from generators.read import workspace
from tests.samples import STORYSET

pytestmark = pytest.mark.skipif(
    not (STORYSET / "workspaces").is_dir(), reason="the story set is beside the project"
)


def _workspaces() -> list[tuple[str, dict[str, bytes]]]:
    found = []
    for folder in sorted((STORYSET / "workspaces").iterdir()):
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        found.append((folder.name, files))
    return found


@pytest.mark.parametrize(("slug", "files"), _workspaces() if (STORYSET / "workspaces").is_dir() else [])
def test_the_api_grants_no_more_than_the_stories(slug: str, files: dict[str, bytes]) -> None:
    domain = workspace.read(slug, files)
    schema = database.build(domain)
    api = routes.build(domain, schema)
    dtos = {dto.name: {f.name for f in dto.fields} for dto in api.dtos()}
    for model in schema.models:
        owned = server_owned(model, schema)
        for prefix in ("Create", "Update"):
            carried = dtos.get(f"{prefix}{model.name}Dto", set()) & owned
            assert not carried, (slug, model.name, prefix, carried)
    assert not dtos["RegisterDto"] & {"role", "status", "isActive"}, slug
    if schema.tenant:
        assert not any(f.endswith(tenancy.claim(schema.tenant)) for f in dtos["RegisterDto"]), slug
    for endpoint in api.endpoints:
        if endpoint.method == "GET" or endpoint.public:
            continue
        others = set(endpoint.roles) - {api.admin_role}
        assert not others or endpoint.stories or endpoint.ruled or endpoint.kind == "auth", (
            slug,
            endpoint.method,
            endpoint.path,
        )


@pytest.mark.parametrize(("slug", "files"), _workspaces() if (STORYSET / "workspaces").is_dir() else [])
def test_an_endpoint_the_authorization_table_names_has_exactly_its_grants(
    slug: str, files: dict[str, bytes]
) -> None:
    domain = workspace.read(slug, files)
    schema = database.build(domain)
    api = routes.build(domain, schema)
    rows = {row.capability: row for row in domain.stack.access}
    assert rows, slug  # every story-set architecture has one
    ruled = [endpoint for endpoint in api.endpoints if endpoint.ruled]
    assert len(ruled) >= 20, slug
    for endpoint in ruled:
        allowed = {
            schema.role_of(re.sub(r"\(.*?\)", "", cell.role).strip())
            for capability in endpoint.ruled
            for cell in rows[capability].cells
            if cell.allowed and (endpoint.method == "GET" or not cell.qualifier.startswith("read"))
        } - {None}
        assert set(endpoint.roles) == allowed, (slug, endpoint.method, endpoint.path, endpoint.ruled)


@pytest.mark.parametrize(("slug", "files"), _workspaces() if (STORYSET / "workspaces").is_dir() else [])
def test_the_token_carries_the_tenant_and_the_stated_design(slug: str, files: dict[str, bytes]) -> None:
    domain = workspace.read(slug, files)
    schema = database.build(domain)
    plan = (
        Generator(node_checks=False).generate(slug, files).artifacts["code/backend/backend-plan.md"].decode()
    )
    token_row = next(line for line in plan.splitlines() if line.startswith("| Access token |"))
    if schema.tenant:
        assert f"`{tenancy.claim(schema.tenant)}`" in token_row, slug
    if domain.stack.problem_details:
        assert "application/problem+json" in plan, slug
    for claim in domain.stack.auth_design.claims:
        assert f"`{claim}`" in token_row, (slug, claim)
