"""The OpenAPI check: the compiled dialect agrees with the library on every schema devbot writes,
and a schema it cannot vouch for still gets the library's own verdict and message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS31Validator
from openapi_schema_validator.validators import check_openapi_schema

from generators import check
from generators.errors import ArtifactInvalid
from generators.generate import generate
from tests import samples


def _library_accepts(schema: Any) -> bool:
    try:
        check_openapi_schema(OAS31Validator, schema)
    except Exception:
        return False
    return True


def _schemas(node: Any) -> Iterator[Any]:
    """Every schema object of an OpenAPI document: components and inline ones."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schema" or (key == "schemas" and isinstance(value, dict)):
                yield from (value.values() if key == "schemas" else [value])
            yield from _schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _schemas(item)


def test_the_compiled_dialect_agrees_with_the_library_on_every_generated_schema() -> None:
    seen = 0
    for slug in samples.SLUGS:
        result = generate(slug, samples.files(slug))
        document = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
        for schema in _schemas(document):
            assert check._DIALECT.is_valid(schema)
            assert _library_accepts(schema)
            seen += 1
    assert seen > 100


BROKEN = [
    {"type": 5},
    {"properties": []},
    {"minLength": -1},
    {"type": "array", "items": {"type": "nope"}},
    {"properties": {"a": {"properties": {"b": {"type": 1}}}}},
    {"discriminator": {"propertyName": 3}},
    {"pattern": "["},
    {"pattern": "(?<name>a)"},  # ECMA-262 accepts it, the library's Python regex does not
]


@pytest.mark.parametrize("schema", BROKEN, ids=[str(s)[:40] for s in BROKEN])
def test_a_broken_schema_is_refused_as_the_library_refuses_it(
    schema: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check, "_memory", set())  # nothing remembered from other tests
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Broken": schema}},
    }
    assert not _library_accepts(schema)
    with pytest.raises(ArtifactInvalid):
        check.openapi(document)


def test_a_document_is_remembered_by_its_yaml_when_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validated once per text; a broken document is refused whatever text names it."""
    monkeypatch.setattr(check, "_memory", set())
    calls: list[object] = []
    real = check.validate_spec

    def spy(document: Any, **options: Any) -> None:
        calls.append(document)
        real(document, **options)

    monkeypatch.setattr(check, "validate_spec", spy)
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    text = yaml.safe_dump(document, sort_keys=False)
    check.openapi(document, text)
    check.openapi(document, text)
    assert len(calls) == 1
    broken = {"openapi": "3.1.0", "info": {}, "paths": {}}
    with pytest.raises(ArtifactInvalid):
        check.openapi(broken, yaml.safe_dump(broken, sort_keys=False))
    assert len(calls) == 2


class _Keys:
    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: object) -> object:
        return key

    def __len__(self) -> int:
        return 0


class _NoLength(_Keys):
    __len__ = None  # type: ignore[assignment]


class _OnlyItems:
    def __getitem__(self, key: object) -> object:
        return key


@pytest.mark.parametrize(
    "value",
    [{}, {"a": 1}, [], [1], "text", b"bytes", (1,), range(3), 1, 1.5, True, None, {1}, frozenset(),
     _Keys(), _NoLength(), _OnlyItems(), object()],
    ids=lambda value: type(value).__name__,
)  # fmt: skip
def test_the_quick_subscriptable_check_answers_as_pathables_protocol(value: object) -> None:
    """The ABC put in place of pathable's runtime-checkable protocol agrees with it."""
    import pathable.accessors
    import pathable.protocols

    assert pathable.accessors.Subscriptable is check._Subscriptable  # type: ignore[attr-defined]
    assert isinstance(value, check._Subscriptable) == isinstance(value, pathable.protocols.Subscriptable)
