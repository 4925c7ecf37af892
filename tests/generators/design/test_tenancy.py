"""A tenant (a clinic, an organisation): the token carries its id, clients never send it, and
every query of its data filters on the caller's."""

from __future__ import annotations

import json

import yaml

from generators.design import database, routes
from generators.generate import Generator
from generators.read import workspace

ERD = """
```mermaid
erDiagram
  CLINIC ||--o{ USER : employs
  CLINIC ||--o{ PET : cares_for
  CLINIC ||--o{ APPOINTMENT : books
  PET ||--o{ VACCINATION : receives
  PET ||--o{ APPOINTMENT : has
  CLINIC { uuid id PK
    string name }
  USER { uuid id PK
    uuid clinicId FK
    string email }
  PET { uuid id PK
    uuid clinicId FK
    string name
    string species }
  APPOINTMENT { uuid id PK
    uuid clinicId FK
    uuid petId FK
    datetime startsAt }
  VACCINATION { uuid id PK
    uuid petId FK
    string vaccine }
```
"""
PRD = """# Vetly

## User stories
- As a receptionist, I want to register a pet, so that we can book it.
- As a receptionist, I want to book an appointment for a pet, so that the vet sees it.
- As a vet, I want to record a vaccination, so that the history is complete.
"""


def _files(architecture: str) -> dict[str, bytes]:
    return {
        "config.json": json.dumps({"name": "Vetly"}).encode(),
        "product/prd/prd.md": PRD.encode(),
        "code/architecture/architecture.md": architecture.encode(),
    }


def test_the_tenant_is_the_record_every_user_belongs_to_and_no_client_sends_its_id() -> None:
    domain = workspace.read("vetly", _files("# Architecture\n" + ERD))
    schema = database.build(domain)
    assert schema.tenant == "Clinic"
    api = routes.build(domain, schema)
    request_fields = {f.name for d in api.dtos() if d.name.startswith(("Create", "Update")) for f in d.fields}
    assert "clinicId" not in request_fields
    assert "petId" in request_fields, "other references are still the client's to choose"


def test_the_plan_scopes_every_query_and_the_token_carries_the_tenant() -> None:
    result = Generator(node_checks=False).generate("vetly", _files("# Architecture\n" + ERD))
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    assert "claims `sub`, `role`, `clinicId`" in plan
    assert "**Tenant scoping:**" in plan
    assert "`vaccinations` via `pets`" in plan
    assert "page through pets of the caller's clinic" in plan
    document = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
    parameters = [p["name"] for p in document["paths"]["/pets"]["get"].get("parameters", []) if "name" in p]
    assert "clinicId" not in parameters


def test_a_claim_the_architecture_names_picks_the_tenant() -> None:
    erd = ERD.replace("CLINIC ||--o{ USER : employs", "CLINIC |o--o{ USER : employs")
    said = "# Architecture\n\nThe access token carries `sub`, `role` and `clinicId`.\n" + erd
    assert database.build(workspace.read("vetly", _files(said))).tenant == "Clinic"


def test_a_parent_that_is_not_a_tenant_is_not_one() -> None:
    erd = ERD.replace("CLINIC", "BRANCH").replace("clinicId", "branchId")
    assert database.build(workspace.read("vetly", _files("# Architecture\n" + erd))).tenant == ""


def test_the_matrix_says_whose_records_each_grant_reaches() -> None:
    result = Generator(node_checks=False).generate("vetly", _files("# Architecture\n" + ERD))
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    matrix = plan.split("Role × endpoint matrix")[1].split("\n## ")[0]
    rows = {line.split("|")[1].strip(): line for line in matrix.splitlines() if line.startswith("| `")}
    assert "✅ own" in rows["`GET /auth/me`"]
    assert "✅ tenant" in rows["`GET /pets`"]
    assert "✅ tenant" in rows["`GET /vaccinations`"], "through its pet"
    assert "*tenant* (the caller's clinic's)" in matrix
