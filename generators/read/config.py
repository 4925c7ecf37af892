"""``config.json``: read it as the documented schema, write it back keeping what users added.

The model validates; the raw dict (in file order) is what gets written back, so keys that no
command documents and their order survive every update.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generators.errors import InvalidConfig


class WorkspaceConfig(BaseModel):
    """The documented keys of ``config.json``; unknown keys are kept."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str = Field(min_length=1)
    slug: str = ""
    brief: str = ""
    created_at: str = Field("", alias="createdAt")
    updated_at: str = Field("", alias="updatedAt")
    status: str = ""
    phases: dict[str, str] = Field(default_factory=dict)
    artifacts: list[str] = Field(default_factory=list)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidConfig(f'the key "{key}" appears twice')
        result[key] = value
    return result


def parse_raw(data: bytes) -> dict[str, Any]:
    """``config.json`` as a dict in file order; every way it can be broken named plainly."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise InvalidConfig("it starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidConfig(f"it is not UTF-8 text (byte {err.start})") from None
    if not text.strip():
        raise InvalidConfig("it is empty")
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise InvalidConfig(f"it is not JSON ({err.msg} at line {err.lineno})") from None
    except RecursionError:
        raise InvalidConfig("it nests too deeply to be a workspace's configuration") from None
    if not isinstance(raw, dict):
        raise InvalidConfig(f"it must be a JSON object, not {type(raw).__name__}")
    return raw


def parse(data: bytes) -> WorkspaceConfig:
    """Validate ``config.json`` against the documented schema."""
    return _validated(parse_raw(data))


def _validated(raw: dict[str, Any]) -> WorkspaceConfig:
    try:
        return WorkspaceConfig.model_validate(raw)
    except ValidationError as err:
        problems = []
        for error in err.errors():
            where = ".".join(str(part) for part in error["loc"])
            problems.append(f"{where}: {error['msg'].lower()}")
        raise InvalidConfig("; ".join(problems)) from None


def timestamp(now: datetime) -> str:
    """ISO 8601 UTC with seconds and ``Z``: ``2026-11-28T12:05:33Z``."""
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def updated(data: bytes, artifacts: Sequence[str], now: datetime) -> bytes:
    """``config.json`` with ``artifacts`` appended once each and ``updatedAt`` set to ``now``."""
    raw = parse_raw(data)
    _validated(raw)
    listed = list(raw.get("artifacts") or [])
    for path in artifacts:
        if path not in listed:
            listed.append(path)
    raw["artifacts"] = listed
    raw["updatedAt"] = timestamp(now)
    return (json.dumps(raw, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
