"""Stories become the operations an engineer would write: one rule per test, on a workspace of its own.

The workspace is a book club, unlike the samples and the story set, so that each test checks a
rule of reading (a verb's readings, a state of the data model, a stated synonym) and not a word
list tuned to the development data.
"""

from __future__ import annotations

import json

import pytest

from generators.design import database, routes
from generators.design.api import Api, Endpoint
from generators.read import workspace

ERD = """
```mermaid
erDiagram
    USER ||--o{ MEETING : hosts
    CLUB ||--o{ MEETING : holds
    USER ||--o{ ATTENDANCE : "attends as"
    MEETING ||--o{ ATTENDANCE : "is attended by"
    CLUB ||--o{ BOOK : reads
    USER {
        uuid id PK
        string email UK
        string display_name
        string role "organizer | member"
    }
    CLUB {
        uuid id PK
        string name
    }
    MEETING {
        uuid id PK
        uuid club_id FK
        uuid host_id FK
        datetime starts_at
        string status "scheduled | cancelled | held"
    }
    ATTENDANCE {
        uuid id PK
        uuid meeting_id FK
        uuid user_id FK
        string status "registered | arrived | no_show"
    }
    BOOK {
        uuid id PK
        uuid club_id FK
        string title
        int position
    }
```
"""


def _api(stories: str, extra_architecture: str = "") -> Api:
    files = {
        "config.json": json.dumps({"name": "Book Club", "slug": "bookclub"}).encode(),
        "product/prd/prd.md": f"# Book Club PRD\n\n## User Stories\n\n{stories}\n".encode(),
        "code/architecture/architecture.md": (
            f"# Architecture\n\n{extra_architecture}\n## Data Model\n{ERD}".encode()
        ),
    }
    domain = workspace.read("bookclub", files)
    return routes.build(domain, database.build(domain))


def _serving(api: Api, story: str) -> list[Endpoint]:
    return [e for e in api.endpoints if story in e.stories]


def _paths(api: Api, story: str) -> set[str]:
    return {f"{e.method} {e.path}" for e in _serving(api, story)}


def test_a_verb_that_moves_a_status_becomes_a_transition_and_no_delete() -> None:
    """ "cancel a meeting": the ERD's status has `cancelled`, so an explicit transition, and a
    meeting kept in a status is never deleted."""
    api = _api("- **US-1** As an organizer, I want to cancel a meeting, so members stay home.")
    (cancel,) = _serving(api, "US-1")
    assert (cancel.method, cancel.path) == ("POST", "/meetings/:id/cancel")
    assert "`cancelled`" in cancel.note
    assert "organizer" in cancel.roles
    assert "member" not in cancel.roles
    assert not any(e.method == "DELETE" and e.path.startswith("/meetings") for e in api.endpoints)


def test_filler_words_never_name_an_endpoint() -> None:
    """ "only", "every", "keep" are not operations: nothing is named after them."""
    api = _api(
        "- **US-1** As a member, I want to see only the meetings of my club, so I plan my week.\n"
        "- **US-2** As an organizer, I want to keep every book in reading order, so nobody is lost.\n"
    )
    literal = {part for e in api.endpoints for part in e.path.split("/") if part and not part.startswith(":")}
    assert not literal & {"only", "every", "keep", "so", "a", "the"}
    assert _serving(api, "US-1"), "a wish to see meetings is a read"


def test_compound_stories_give_one_operation_per_clause() -> None:
    """ "check members in and mark meetings as held": the attendance and the transition."""
    api = _api(
        "- **US-1** As an organizer, I want to check members in and mark the meeting as held, "
        "so attendance is known.\n"
    )
    paths = _paths(api, "US-1")
    assert "POST /meetings/:id/mark-held" in paths
    assert "POST /attendances/:id/check-in" in paths


def test_a_synonym_stated_in_the_documents_names_the_entity() -> None:
    """ "'gathering' means a `Meeting`": a story about gatherings is served on meetings."""
    api = _api(
        "- **US-1** As an organizer, I want to cancel a gathering, so members stay home.\n",
        extra_architecture='In the app, "gathering" means a `Meeting`.\n',
    )
    assert _paths(api, "US-1") == {"POST /meetings/:id/cancel"}


def test_manage_means_the_whole_life_of_a_record() -> None:
    """ "manage books": list, create, change and remove them, for that role."""
    api = _api("- **US-1** As an organizer, I want to manage books, so the club has a list.")
    assert {"POST /books", "PATCH /books/:id", "DELETE /books/:id"} <= _paths(api, "US-1")


def test_reordering_is_one_put_of_the_order() -> None:
    api = _api("- **US-1** As an organizer, I want to reorder the books of a club, so we read in turn.")
    (endpoint,) = _serving(api, "US-1")
    assert endpoint.method == "PUT"
    assert endpoint.path.endswith("/books/order")


def test_invitations_are_an_invite_and_a_public_accept() -> None:
    api = _api("- **US-1** As an organizer, I want to invite a member by email, so they can join.")
    (invite,) = _serving(api, "US-1")
    assert (invite.method, invite.path, invite.status) == ("POST", "/users/invite", 202)
    accept = next(e for e in api.endpoints if e.path == "/auth/invitations/accept")
    assert accept.public


def test_exports_answer_csv() -> None:
    api = _api(
        "- **US-1** As an organizer, I want to export the meetings of a club as CSV, so I can archive them."
    )
    (export,) = _serving(api, "US-1")
    assert export.method == "GET"
    assert export.path.endswith("/export")
    assert export.content == "text/csv"


def test_my_records_are_the_callers_own() -> None:
    api = _api("- **US-1** As a member, I want to view my meetings, so I know where to go.")
    (mine,) = _serving(api, "US-1")
    assert mine.method == "GET"
    assert mine.path.startswith("/me/")


@pytest.mark.parametrize(
    "story",
    [
        "As a member, I want an email when a meeting is cancelled, so I do not travel for nothing.",
        "As a member, I want to receive a reminder the day before a meeting, so I remember it.",
    ],
)
def test_messages_the_system_sends_are_side_effects_not_endpoints(story: str) -> None:
    api = _api(f"- **US-1** {story}")
    assert not _serving(api, "US-1")
    (covered,) = [c for c in api.coverage if c.story.id == "US-1"]
    assert covered.need == "side effect"


def test_an_abbreviation_does_not_cut_a_story_in_two() -> None:
    """ "e.g." and "vs." stay inside the story; no phantom story follows."""
    api = _api(
        "- **US-1** As a member, I want to see the meetings of a club (e.g. this month's vs. last month's), "
        "so I can plan.\n"
    )
    assert [c.story.id for c in api.coverage] == ["US-1"]
    assert "last month" in api.coverage[0].story.action


def test_stories_in_split_columns_are_one_story_each() -> None:
    """A table whose columns hold "As a…", "I want to…" and "So that…" gives one story per row."""
    api = _api(
        "| ID | As a | I want to | So that |\n|---|---|---|---|\n"
        "| US-1 | organizer | cancel a meeting | members stay home |\n"
        "| US-2 | member | view my meetings | I know where to go |\n"
    )
    assert [(c.story.id, c.story.role) for c in api.coverage] == [("US-1", "organizer"), ("US-2", "member")]
    assert _paths(api, "US-1") == {"POST /meetings/:id/cancel"}


def test_another_persons_records_are_read_under_that_person() -> None:
    """ "my child's meetings" are not mine: they are listed under the child's user."""
    api = _api("- **US-1** As a member, I want to see my child's meetings, so I can drive them there.")
    assert _paths(api, "US-1") == {"GET /users/:id/meetings"}


def test_a_module_table_names_what_its_one_entity_is_called() -> None:
    """ "| gatherings | Monthly gatherings, venue bookings | Meeting |": a story about monthly
    gatherings is served on meetings."""
    api = _api(
        "- **US-1** As an organizer, I want to export the monthly gatherings of a club as CSV, to keep them.",
        extra_architecture=(
            "| Module | Does | Entities |\n|---|---|---|\n| gatherings | Monthly gatherings | Meeting |\n"
        ),
    )
    (export,) = _serving(api, "US-1")
    assert export.path.endswith("/meetings/export")


def test_criteria_under_a_range_of_stories_apply_to_each() -> None:
    """Criteria headed "US-1 – US-3" tell US-2 which status its verb sets."""
    api = _api(
        "- **US-1** As an organizer, I want to schedule a meeting, so members know.\n"
        "- **US-2** As an organizer, I want to close out a meeting, so it is on record.\n"
        "- **US-3** As a member, I want to view my meetings, so I know where to go.\n\n"
        "## Acceptance criteria\n\n**US-1 – US-3 – Meetings**\n"
        "- Closing out a meeting sets it to *Held*.\n"
    )
    (closing,) = _serving(api, "US-2")
    assert closing.path == "/meetings/:id/close-out"
    assert "`held`" in closing.note
