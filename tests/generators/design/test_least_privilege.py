"""The API grants what the stories need and no more: sign-up cannot choose its powers, clients
never set who made a record or the state it starts in, and only the back office may do the rest."""

from __future__ import annotations

from generators.design import database, routes
from generators.design.api import Api
from generators.read import workspace
from tests import samples


def _api(slug: str) -> Api:
    domain = workspace.read(slug, samples.files(slug))
    return routes.build(domain, database.build(domain))


def _fields(api: Api, dto: str) -> dict[str, bool]:
    found = next(d for d in api.dtos() if d.name == dto)
    return {f.name: f.required for f in found.fields}


def test_sign_up_takes_no_role_status_flag_or_organisation() -> None:
    for slug in samples.SLUGS:
        register = _fields(_api(slug), "RegisterDto")
        assert not {"role", "status", "isVerified", "isActive"} & set(register), slug
        assert not [name for name in register if name.endswith("Id")], slug


def test_login_always_requires_the_password() -> None:
    assert _fields(_api("pawgroom"), "LoginDto") == {"email": True, "password": True}


def test_clients_never_set_who_made_a_record_or_its_first_state() -> None:
    api = _api("pawgroom")
    create = _fields(api, "CreateAppointmentDto")
    assert "ownerId" not in create  # the caller, from the token
    assert "status" not in create  # starts at the ERD's first state
    assert "groomerId" in create  # the other person: the client chooses
    assert "ownerId" not in _fields(api, "UpdateAppointmentDto")


def test_plain_crud_is_the_back_office_unless_a_story_grants_it() -> None:
    api = _api("pawgroom")
    by_route = {(e.method, e.path): e.roles for e in api.endpoints}
    assert by_route[("GET", "/users")] == ("admin",)
    assert by_route[("PATCH", "/users/:id")] == ("admin",)
    assert "pet_owner" in by_route[("POST", "/appointments/:id/cancel")]


def test_without_an_admin_role_the_one_who_manages_accounts_runs_the_back_office() -> None:
    """The host books and seats all evening (most writes), but the manager invites and deactivates
    staff: the manager, not the host, gets the back office (and the users' PATCH)."""
    import json

    prd = (
        "# Tables\n\n## User stories\n"
        "- As a host, I want to create a reservation, so that guests get a table.\n"
        "- As a host, I want to cancel a reservation, so that the table is free.\n"
        "- As a host, I want to seat a reservation, so that the floor is current.\n"
        "- As a manager, I want to invite hosts, so that they can sign in.\n"
    )
    erd = (
        "```mermaid\nerDiagram\n  USER ||--o{ RESERVATION : takes\n"
        '  USER {\n    uuid id PK\n    string email\n    enum role "host | manager"\n  }\n'
        '  RESERVATION {\n    uuid id PK\n    string status "booked | seated | cancelled"\n  }\n```\n'
    )
    files = {
        "config.json": json.dumps({"name": "Tables"}).encode(),
        "product/prd/prd.md": prd.encode(),
        "code/architecture/architecture.md": ("# Arch\n\n" + erd).encode(),
    }
    domain = workspace.read("tables", files)
    api = routes.build(domain, database.build(domain))
    assert api.admin_role == "manager"
    patch = next(e for e in api.endpoints if e.method == "PATCH" and e.path == "/users/:id")
    assert patch.roles == ("manager",)
