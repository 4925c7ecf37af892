"""Careless or hostile documents end in a plan or a user error, quickly: never a crash or a stall."""

from __future__ import annotations

import time

import pytest

from generators.errors import InvalidConfig
from generators.generate import generate

CONFIG = b'{"name": "x"}'


def test_a_config_nested_a_thousand_deep_is_a_user_error_not_a_crash() -> None:
    nested = b'{"name": "x", "a": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    with pytest.raises(InvalidConfig, match="nests too deeply"):
        generate("x", {"config.json": nested, "product/prd/prd.md": b"# P\n"})


def test_a_json_example_nested_a_thousand_deep_is_skipped() -> None:
    example = b'{"a":' * 1000 + b"1" + b"}" * 1000
    files = {
        "config.json": CONFIG,
        "code/architecture/architecture.md": b"# A\n```json\n" + example + b"\n```\n",
    }
    assert generate("x", files).artifacts


def test_a_typescript_heritage_list_followed_by_spaces_is_read_in_linear_time() -> None:
    """`class A extends B` and 200,000 spaces: 20 s for 2,000 spaces before, cubic in the length."""
    body = b"# A\n```ts\nclass A extends B" + b" " * 200_000 + b"\n```\n"
    started = time.monotonic()
    generate("x", {"config.json": CONFIG, "code/architecture/architecture.md": body})
    assert time.monotonic() - started < 10
