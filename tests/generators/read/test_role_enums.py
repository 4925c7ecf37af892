"""Roles stated as an enum, in the forms real documents use: a one-line Prisma enum, a plain-text
field ``role (enum: a/b/c)``, and an enum declared on a line of its own (``Role: A, B, C.``)."""

from __future__ import annotations

import json

import pytest

from generators.read import workspace


def _roles(architecture: str) -> tuple[str, ...]:
    files = {
        "config.json": json.dumps({"name": "Club"}).encode(),
        "code/architecture/architecture.md": architecture.encode(),
    }
    return workspace.read("club", files).roles


PRISMA = """# Data

```prisma
model User {
  id    String @id
  email String @unique
  role  Role   @default(MEMBER) // MEMBER | OFFICER | ADMIN
}
model Net {
  id   String @id
  name String
}
enum Role { MEMBER OFFICER ADMIN }
```
"""

PLAIN = """Data model

4.1 User

id (PK, int)

username (str)

role (enum: admin/manager/operator; default operator)

created_at (datetime)
"""

DECLARED = """Database Schema
Core Models
User:

Employees and managers.
Shift:

Scheduled shifts.
Venue:

Where shifts happen.
Enums
Role: MANAGER, SERVER, BARTENDER.
RequestStatus: PENDING, APPROVED.
"""


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (PRISMA, ("member", "officer", "admin")),
        (PLAIN, ("admin", "manager", "operator")),
        (DECLARED, ("manager", "server", "bartender")),
    ],
)
def test_a_role_enum_names_the_roles(document: str, expected: tuple[str, ...]) -> None:
    assert _roles(document)[: len(expected)] == expected


def test_a_sentence_about_roles_is_not_an_enum() -> None:
    assert _roles("# Notes\n\nRole: the part a person plays, e.g. admin, member.\n") == ()
