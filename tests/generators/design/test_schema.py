"""The relational schema: foreign keys, join tables, self-relations, enums, the sign-in user."""

from __future__ import annotations

from generators.design import database, routes, schema
from generators.read import workspace
from tests import samples


def build(slug: str) -> schema.Schema:
    return database.build(workspace.read(slug, samples.files(slug)))


def test_two_relationships_between_one_pair_get_their_own_columns_and_names() -> None:
    """Owner and groomer are both users: two FKs, two distinct back-relations."""
    appointment = build("pawgroom").model("Appointment")
    to_user = [(fk.column, fk.nav, fk.back) for fk in appointment.fks if fk.target == "User"]
    assert to_user == [
        ("ownerId", "owner", "ownerAppointments"),
        ("groomerId", "groomer", "groomerAppointments"),
    ]


def test_one_to_one_is_unique_and_delete_rules_follow_optionality() -> None:
    """A review belongs to one appointment (unique FK); optional FKs set null on delete."""
    built = build("pawgroom")
    (review_fk,) = built.model("Review").fks
    assert (review_fk.unique, review_fk.back, review_fk.on_delete) == (True, "review", "Restrict")
    task = build("teamtasks").model("Task")
    parent = next(fk for fk in task.fks if fk.column == "parentId")
    assert (parent.target, parent.optional, parent.on_delete, parent.back) == (
        "Task",
        True,
        "SetNull",
        "children",
    )


def test_direct_many_to_many_gets_a_join_table_and_explicit_join_entity_stays() -> None:
    """Task }o--o{ Label becomes task_labels; ProjectMember stays an entity with its module."""
    built = build("teamtasks")
    join = built.model("TaskLabel")
    assert join.is_join
    assert [c.name for c in join.pk] == ["taskId", "labelId"]
    assert {fk.on_delete for fk in join.fks} == {"Cascade"}
    planned = routes.build(workspace.read("teamtasks", samples.files("teamtasks")), built)
    paths = {(e.method, e.path) for e in planned.endpoints}
    assert ("PUT", "/tasks/:id/labels/:labelId") in paths
    assert ("GET", "/project-members") in paths


def test_roles_are_the_erds_own_values_else_the_prds_plus_admin() -> None:
    """Where the ERD lists the roles they are kept exactly (no invented admin); else the PRD's
    roles, plus admin when none of them runs the back office."""
    assert build("pawgroom").roles == ("pet_owner", "groomer", "admin")
    teamtasks = build("teamtasks")
    assert teamtasks.roles == ("owner", "project_manager", "member")
    assert any("No role the ERD lists is an administrator" in note for note in teamtasks.notes)
    recipebox = build("recipebox")
    user = recipebox.model("User")
    assert {"email", "passwordHash", "role"} <= {c.name for c in user.columns}
    assert "Added `email` (unique) to User to sign users in." in recipebox.notes


def test_story_actions_become_endpoints_with_their_roles() -> None:
    """ "cancel an appointment" → POST /appointments/:id/cancel for pet owners, setting status."""
    domain = workspace.read("pawgroom", samples.files("pawgroom"))
    planned = routes.build(domain, database.build(domain))
    cancel = next(e for e in planned.endpoints if e.path == "/appointments/:id/cancel")
    assert cancel.roles == ("pet_owner", "admin")
    assert cancel.stories == ("US-1.5",)
    assert "`cancelled`" in cancel.note
    assert planned.unmapped == []
