"""A document whose view did not change is not rendered again, and is the same document."""

from __future__ import annotations

from typing import Any

import pytest

from generators.emit import render
from generators.generate import generate
from generators.read.workspace import API_SPEC, BACKEND_PLAN, DATABASE_SCHEMA, PRD
from tests import samples


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates rendered from here on, with no view remembered before."""
    monkeypatch.setattr(render, "_views", {})
    names: list[str] = []
    real = render.render

    def spy(template: str, **context: Any) -> str:
        names.append(template)
        return real(template, **context)

    monkeypatch.setattr(render, "render", spy)
    return names


def _with_story(files: dict[str, bytes], story: str) -> dict[str, bytes]:
    return {**files, PRD: files[PRD] + f"\n- As an admin, I want to {story}, so it is done.\n".encode()}


def test_a_prd_edit_that_leaves_api_and_schema_alone_renders_only_what_changed(rendered: list[str]) -> None:
    files = samples.files("pawgroom")
    first = generate("pawgroom", files)
    assert sorted(rendered) == sorted(
        ["backend-plan.md.j2", "api-spec.md.j2", "database-schema.md.j2", "openapi.yaml.j2"]
    )
    rendered.clear()
    edited = generate("pawgroom", _with_story(files, "archive a note"))  # names no entity
    assert sorted(rendered) == ["backend-plan.md.j2", "openapi.yaml.j2"]
    assert edited.artifacts[BACKEND_PLAN] != first.artifacts[BACKEND_PLAN]
    for path in (API_SPEC, DATABASE_SCHEMA):
        assert edited.artifacts[path] == first.artifacts[path]
        golden = samples.GOLDEN / "pawgroom" / path.rsplit("/", 1)[-1]
        assert edited.artifacts[path] == golden.read_bytes()


def test_a_prd_edit_that_changes_the_api_renders_the_api_spec_again(rendered: list[str]) -> None:
    files = samples.files("pawgroom")
    first = generate("pawgroom", files)
    rendered.clear()
    edited = generate("pawgroom", _with_story(files, "export every pet as a report"))
    assert "api-spec.md.j2" in rendered
    assert edited.artifacts[API_SPEC] != first.artifacts[API_SPEC]
    assert "Stories: US-1.1, US-1.2, US-13." in edited.artifacts[API_SPEC].decode()  # the new story
    rendered.clear()
    assert generate("pawgroom", files).artifacts == first.artifacts  # the first views are still known
    assert "api-spec.md.j2" not in rendered


def test_views_are_kept_per_template_newest_first_and_bounded(rendered: list[str]) -> None:
    for number in range(render._VIEWS_KEPT + 3):
        generate("pawgroom", _with_story(samples.files("pawgroom"), f"export every pet as report {number}"))
    assert len(render._views["api-spec.md.j2"]) == render._VIEWS_KEPT
    rendered.clear()
    generate("pawgroom", _with_story(samples.files("pawgroom"), "export every pet as report 2"))
    assert "api-spec.md.j2" in rendered  # the oldest views were dropped
