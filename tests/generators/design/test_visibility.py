"""What the documents hide from some roles, carried into the reads' scopes and the plan."""

from __future__ import annotations

import pytest

from generators.design import database, routes
from generators.design.api import Api, role_label
from generators.read import workspace
from tests.samples import STORYSET


def _api(slug: str, extra: str = "") -> Api:
    """The API of a story-set workspace, its PRD with ``extra`` lines at the end."""
    folder = STORYSET / "workspaces" / slug
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    files["product/prd/prd.md"] += extra.encode()
    domain = workspace.read(slug, files)
    return routes.build(domain, database.build(domain))


@pytest.mark.skipif(not (STORYSET / "workspaces").is_dir(), reason="the story set is beside the project")
def test_drafts_are_left_out_of_the_reads_of_the_roles_they_are_hidden_from() -> None:
    api = _api("school-course-platform")
    assert "A student never reads an `Assignment` whose `status` is `DRAFT`" in " ".join(api.visibility)
    listing = next(e for e in api.endpoints if (e.method, e.path) == ("GET", "/me/assignments"))
    scopes = {role_label(g.role): g.scope for g in listing.grants}
    assert "not draft" in scopes["student"]
    grades = next(e for e in api.endpoints if (e.method, e.path) == ("GET", "/me/grades"))
    scopes = {role_label(g.role): g.scope for g in grades.grants}
    assert "not draft" in scopes["student"]
    assert "not draft" in scopes["guardian"]
    assert "not draft" not in scopes.get("school admin", "")  # the back office reads everything


@pytest.mark.skipif(not (STORYSET / "workspaces").is_dir(), reason="the story set is beside the project")
def test_a_field_only_some_roles_may_see_is_left_out_for_the_others() -> None:
    api = _api("fleet-maintenance-tracker", "\n\n- Only fleet managers may see a driver's licence number.\n")
    lines = [line for line in api.visibility if "licence" in line.lower()]
    assert lines, api.visibility
    assert "fleet manager" not in lines[0].split("(")[0]
    assert "driver" in lines[0]
    assert "mechanic" in lines[0]


@pytest.mark.skipif(not (STORYSET / "workspaces").is_dir(), reason="the story set is beside the project")
def test_a_statement_naming_nothing_of_the_plan_changes_nothing() -> None:
    assert _api("fleet-maintenance-tracker", "\n\n- Sunsets are invisible to penguins.\n").visibility == []
