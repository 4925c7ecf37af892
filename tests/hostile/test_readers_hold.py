"""Careless or hostile documents end in a plan or a user error, quickly: never a crash or a stall."""

from __future__ import annotations

import json
import time

import pytest
import yaml

from generators.errors import InvalidConfig, ModelTooLarge
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


CONTROLS = ["\r", "\x85", "\u2028", "\u2029", "\x00", "\x1b", "\x7f", "\x9b", "\ufffe", "\uffff"]


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_control_character_in_the_name_reaches_no_artifact(control: str) -> None:
    """A name can't end a YAML comment, add a key, or make a file unreadable: it is one plain line,
    and the plan says it was changed."""
    name = f"Paw{control}evil: yes\ninfo: {{title: pwned}}"
    files = {
        "config.json": json.dumps({"name": name}).encode(),
        "product/prd/prd.md": b"# P\n\n- As a member, I want to create a note, so I remember.\n",
    }
    result = generate("x", files)
    for path, data in result.artifacts.items():
        written = data.decode() if isinstance(data, bytes) else data
        leaked = {c for c in CONTROLS if c in written}
        assert not leaked, f"{path} holds {leaked}"
    openapi = yaml.safe_load(next(v for k, v in result.artifacts.items() if k.endswith("openapi.yaml")))
    assert set(openapi) == {"openapi", "info", "servers", "tags", "paths", "components"}
    assert "\n" not in openapi["info"]["title"]
    assert result.name.startswith("Paw")
    assert "\n" not in result.name
    assert any("name in `config.json`" in note for note in result.domain.assumptions)


def test_control_characters_in_a_document_are_left_out_and_named() -> None:
    """NUL, ESC and U+FFFE in a PRD are removed (the plan says how many); a lone CR is a line break,
    so the story after it is read."""
    prd = (
        "# P\n\n## User stories\n\n- As a member, I want to create a \x00note\x1b[31m, so I remember.\r"
        "- As a member, I want to archive a\ufffe project, so it is out of the way.\r"
    )
    files = {"config.json": CONFIG, "product/prd/prd.md": prd.encode()}
    result = generate("x", files)
    stories = [story.action for story in result.domain.stories]
    assert len(stories) == 2, stories
    for path, data in result.artifacts.items():
        written = data.decode() if isinstance(data, bytes) else data
        assert not {"\x00", "\x1b", "\ufffe", "\r"} & set(written), path
    assert any("held 3 control characters" in note for note in result.domain.assumptions)


def test_a_model_far_beyond_an_mvp_is_a_user_error_not_minutes_of_work() -> None:
    """200 entities: the validators' time grows faster than the model, so the plan is refused in
    seconds, with what to do."""
    blocks = "\n".join(f"  E{n} {{\n    uuid id PK\n  }}" for n in range(200))
    architecture = f"# A\n\n```mermaid\nerDiagram\n{blocks}\n```\n".encode()
    started = time.monotonic()
    with pytest.raises(ModelTooLarge, match="200 entities; one plan covers at most 150"):
        generate("x", {"config.json": CONFIG, "code/architecture/architecture.md": architecture})
    assert time.monotonic() - started < 10
