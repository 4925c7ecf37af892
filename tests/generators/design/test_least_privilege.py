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
