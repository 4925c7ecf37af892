"""A lookup table's listed values are its seed rows, never its columns."""

from __future__ import annotations

from generators.generate import Generator
from generators.read import workspace

_PRD = """# Budget app

## Data model

### Expenses
- id (uuid)
- amount (decimal)
- category_id (FK)

### Categories
- Food
- Public transport
- Utilities

### Accounts
- name
- iban
"""


def _files() -> dict[str, bytes]:
    return {"config.json": b'{"name": "Budget"}', "product/prd/prd.md": _PRD.encode()}


def test_listed_values_are_seed_rows_of_a_name_column() -> None:
    domain = workspace.read("budget", _files())
    category = next(e for e in domain.entities if e.name == "Category")
    assert [a.name for a in category.attributes] == ["name"]
    assert category.seeds == ("Food", "Public transport", "Utilities")
    account = next(e for e in domain.entities if e.name == "Account")
    assert {a.name for a in account.attributes} == {"name", "iban"}  # fields, not values
    assert account.seeds == ()


def test_the_schema_seeds_them() -> None:
    schema = (
        Generator(node_checks=False).generate("budget", _files()).artifacts["code/backend/database-schema.md"]
    )
    text = schema.decode()
    assert "`categories`: `Food`, `Public transport`, `Utilities` (upsert on `name`" in text
    assert "`public_transport`" not in text
