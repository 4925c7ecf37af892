"""Names across spellings."""

from __future__ import annotations

import pytest

from generators import naming


@pytest.mark.parametrize(
    ("raw", "pascal", "table", "route"),
    [
        ("APPOINTMENT_SLOTS", "AppointmentSlot", "appointment_slots", "appointment-slots"),
        ("appointmentSlot", "AppointmentSlot", "appointment_slots", "appointment-slots"),
        ("Category", "Category", "categories", "categories"),
        ("address", "Address", "addresses", "addresses"),
        ("person", "Person", "people", "people"),
        ("status", "Status", "statuses", "statuses"),
    ],
)
def test_spellings(raw: str, pascal: str, table: str, route: str) -> None:
    """Every spelling of an entity gives one class, table and route name."""
    assert naming.pascal(raw) == pascal
    assert naming.table(raw) == table
    assert naming.route(raw) == route


def test_fields() -> None:
    """Column and field names convert both ways."""
    assert naming.camel("client_id") == "clientId"
    assert naming.snake("clientId") == "client_id"
    assert naming.constant("in progress") == "IN_PROGRESS"
    assert naming.constant("1st") == "V_1_ST"
    assert naming.article("appointment") == "an"
    assert naming.count(1, "relation") == "1 relation"
    assert naming.count(2, "relation") == "2 relations"
