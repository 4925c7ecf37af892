"""config.json: validated, updated in place, every way of breaking it named."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from generators.errors import InvalidConfig
from generators.read import config

NOW = datetime(2026, 11, 28, 12, 5, 33, tzinfo=UTC)
ORIGINAL = (
    b'{\n  "name": "X",\n  "custom": {"keep": true},\n  "artifacts": ["a.md"],\n'
    b'  "updatedAt": "2026-01-01"\n}'
)


def test_update_keeps_keys_order_and_appends_once() -> None:
    """Unknown keys and order survive; artifacts are appended once; 2-space indent, newline."""
    first = config.updated(ORIGINAL, ["b.md", "a.md"], NOW)
    second = config.updated(first, ["b.md"], NOW)
    data = json.loads(second)
    assert list(data) == ["name", "custom", "artifacts", "updatedAt"]
    assert data["artifacts"] == ["a.md", "b.md"]
    assert data["custom"] == {"keep": True}
    assert data["updatedAt"] == "2026-11-28T12:05:33Z"
    assert second.endswith(b"}\n")
    assert b'\n  "name"' in second


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b"{nope", "not JSON"),
        (b"[1]", "JSON object, not list"),
        (b'{"name": "a", "name": "b"}', '"name" appears twice'),
        (b'{"name": "a", "artifacts": "x"}', "artifacts"),
        (b'{"slug": "a"}', "name"),
        (b'{"name": "\xff"}', "not UTF-8"),
    ],
)
def test_broken_configs_are_named(data: bytes, problem: str) -> None:
    """Each broken config gives an InvalidConfig naming the file and the problem."""
    with pytest.raises(InvalidConfig) as caught:
        config.parse(data)
    assert "config.json" in str(caught.value)
    assert problem in str(caught.value)
