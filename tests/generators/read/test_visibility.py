"""Statements of who may see what, read as written."""

from __future__ import annotations

import pytest

from generators.read import markdown, visibility


def _read(text: str) -> list[tuple[str, str, str, str]]:
    found = visibility.read([("prd", markdown.parse(text))])
    return [(rule.kind, rule.subject, rule.state, rule.roles) for rule in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- Draft assignments are invisible to students; publishing notifies them.",
            ("hidden", "Draft assignments", "", "students"),
        ),
        ("Invite only courses are not shown to students.", ("hidden", "Invite only courses", "", "students")),
        (
            "- Grades are *Draft* (visible to teachers only) until released.",
            ("only", "Grades", "Draft", "teachers"),
        ),
        ("Teachers only see courses they teach.", ("limited", "courses they teach", "", "Teachers")),
        ("Guardians can only see linked children.", ("limited", "linked children", "", "Guardians")),
        (
            "Only coordinators may see a child's date of birth.",
            ("only", "a child's date of birth", "", "coordinators"),
        ),
        (
            "Medical notes are hidden from volunteers and members.",
            ("hidden", "Medical notes", "", "volunteers and members"),
        ),
    ],
)
def test_a_statement_is_kept_as_written(text: str, expected: tuple[str, str, str, str]) -> None:
    assert _read(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The only way to book is online.",
        "Availability is shown on the home page.",
        "Members can see the catalogue.",
    ],
)
def test_sentences_that_restrict_nothing_are_left(text: str) -> None:
    assert _read(text) == []
