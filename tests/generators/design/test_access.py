"""The architecture's authorization table: read in its forms, and made the API's grants."""

from __future__ import annotations

import pytest

from generators.design import capabilities, database, routes
from generators.design.api import Api, role_label
from generators.model import AccessRow
from generators.read import access as access_reader
from generators.read import markdown, workspace
from tests.samples import STORYSET


def _rows(text: str) -> tuple[AccessRow, ...]:
    return access_reader.read(markdown.parse(text))[0]


def test_marks_and_the_conditions_beside_them_are_read() -> None:
    rows = _rows(
        "## Authorization\n\n| Capability | Member (buyer/seller) | Agent | Admin |\n|---|---|---|---|\n"
        "| Create/manage own listings | ✅ (owner) | – | no |\n"
        "| Report queue | ❌ | yes | ✔ |\n"
        "| Parts catalogue | - | read | Y |\n"
    )
    assert [row.capability for row in rows] == [
        "Create/manage own listings",
        "Report queue",
        "Parts catalogue",
    ]
    first = {cell.role: (cell.allowed, cell.qualifier) for cell in rows[0].cells}
    assert first == {"Member (buyer/seller)": (True, "owner"), "Agent": (False, ""), "Admin": (False, "")}
    assert [cell.allowed for cell in rows[1].cells] == [False, True, True]
    assert [(cell.allowed, cell.qualifier) for cell in rows[2].cells] == [
        (False, ""),
        (True, "read"),
        (True, ""),
    ]


def test_roles_down_the_rows_are_read_across() -> None:
    rows = _rows("| Role | Browse | Refund |\n|---|---|---|\n| Customer | ✓ | ✗ |\n| Support | ✓ | ✓ |\n")
    assert [(row.capability, [(c.role, c.allowed) for c in row.cells]) for row in rows] == [
        ("Browse", [("Customer", True), ("Support", True)]),
        ("Refund", [("Customer", False), ("Support", True)]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "| Risk | Impact | Mitigation |\n|---|---|---|\n| Spikes | High | Load test |\n",
        "| Entity | Field | Type |\n|---|---|---|\n| User | email | string |\n",
        "| Capability | A | B |\n|---|---|---|\n| Nothing | – | – |\n",  # allows nothing: not a grant table
    ],
)
def test_other_tables_are_not_authorization_tables(text: str) -> None:
    assert _rows(text) == ()


def test_a_capability_is_cut_into_verbs_and_objects() -> None:
    class Names:
        def exact(self, obj: object) -> bool:
            return obj in (["courses"], ["materials"], ["assignments"], ["users"])

        def acts(self, word: str) -> bool:
            return word in ("grade", "return")

    cut = capabilities.items("Create/publish/archive own courses, materials, assignments", Names())
    assert [(item.verbs, item.words, item.own) for item in cut] == [
        (("create", "publish", "archive"), ("courses",), True),
        (("create", "publish", "archive"), ("materials",), True),
        (("create", "publish", "archive"), ("assignments",), True),
    ]
    cut = capabilities.items("Approve/decline enrolments, grade, return", Names())
    assert [(item.verbs, item.words) for item in cut] == [
        (("approve", "decline"), ("enrolments",)),
        ((), ("grade",)),
        ((), ("return",)),
    ]
    cut = capabilities.items("Import, invite, archive users", Names())
    assert [(item.verbs, item.words, item.then) for item in cut] == [
        (("import",), (), ("users",)),
        (("invite",), (), ("users",)),
        (("archive",), ("users",), ()),
    ]


def _api(slug: str) -> tuple[Api, database.Schema]:
    folder = STORYSET / "workspaces" / slug
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    domain = workspace.read(slug, files)
    schema = database.build(domain)
    return routes.build(domain, schema), schema


def _grants(api: Api, method: str, path: str) -> dict[str, str]:
    """Role (as people write it) → the scope of its grant ("" for every record)."""
    endpoint = next(e for e in api.endpoints if (e.method, e.path) == (method, path))
    scopes = {grant.role: grant.scope for grant in endpoint.grants}
    return {role_label(role): scopes.get(role, "") for role in endpoint.roles}


@pytest.mark.skipif(not (STORYSET / "workspaces").is_dir(), reason="the story set is beside the project")
def test_the_school_table_decides_who_teaches_and_who_decides() -> None:
    api, _ = _api("school-course-platform")
    # "Decide extension requests": course teachers only, not the school admin
    assert _grants(api, "POST", "/extension-requests/:id/approve") == {"teacher": "course teachers"}
    # "Create/publish/archive own courses": the course's teachers and the school admin
    assert _grants(api, "POST", "/courses/:id/publish") == {"teacher": "course teachers", "school admin": ""}
    # "Import, invite, archive users; guardian links; terms": the school admin alone
    assert _grants(api, "POST", "/users/invite") == {"school admin": ""}
    assert _grants(api, "PATCH", "/terms/:id") == {"school admin": ""}
    # "join courses" makes an enrolment, never a course-teacher link
    assert "student" in _grants(api, "POST", "/courses/:id/enrolments")
    assert not any(e.path == "/courses/:id/course-teachers" and "STUDENT" in e.roles for e in api.endpoints)


@pytest.mark.skipif(not (STORYSET / "workspaces").is_dir(), reason="the story set is beside the project")
def test_the_marketplace_table_keeps_moderation_with_staff_and_personas_are_members() -> None:
    api, schema = _api("secondhand-marketplace")
    assert schema.role_of("buyer") == schema.role_of("seller") == "MEMBER"
    assert _grants(api, "POST", "/listings/:id/remove") == {"support agent": "", "admin": ""}
    assert _grants(api, "POST", "/users/:id/suspend") == {"admin": ""}
    assert _grants(api, "PATCH", "/listings/:id") == {"member": "own"}
    assert _grants(api, "POST", "/offers/:id/withdraw") == {"member": "verified"}
    # a buyer's story ("see my purchases") is served to members
    assert "member" in _grants(api, "GET", "/me/orders")
