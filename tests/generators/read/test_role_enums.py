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


def _prd_roles(prd: str) -> tuple[str, ...]:
    files = {"config.json": json.dumps({"name": "App"}).encode(), "product/prd/prd.md": prd.encode()}
    return workspace.read("app", files).roles


def test_a_tab_separated_role_table_in_plain_text_names_the_roles() -> None:
    prd = (
        "📌 Roller (Roles)\n"
        "Rol Adı\tAçıklama\n"
        "Customer\tHizmet alan son kullanıcı.\n"
        "Business Owner\tİşletmeyi yönetir.\n"
        "Admin\tSistemi yönetir.\n"
        "✅ Use Case Listesi\n"
    )
    assert _prd_roles(prd) == ("customer", "business owner", "admin")


def test_a_role_heading_that_contains_the_word_does_not_hide_its_siblings() -> None:
    prd = (
        "# Pets\n\n## User roles\n\n### Owner\n- Creates pets\n\n### Sitter\n- Completes tasks\n\n"
        "### Dual-role users\n- Someone can be both\n"
    )
    assert _prd_roles(prd) == ("owner", "sitter")
