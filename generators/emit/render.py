"""The one Jinja environment: templates are ours, workspace text only ever arrives as data."""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from generators import memo

_BREAKS = re.compile(r"\s*\n\s*")


@memo.of_text(8192)
def _one_line(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks folded."""
    return _one_line(str(value)).replace("|", "\\|")


def inline(value: object) -> str:
    """Text as one Markdown line (no line breaks, no stray heading or fence markers)."""
    return _one_line(str(value))


@cache
def environment() -> Environment:
    """The cached environment: StrictUndefined, trailing newline kept, no HTML escaping."""
    env = Environment(
        loader=PackageLoader("generators.emit", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - Markdown and YAML, not HTML: escaping would garble them
    )
    env.filters["cell"] = cell
    env.filters["inline"] = inline
    return env


def render(template: str, **context: Any) -> str:
    """Render one artifact's template."""
    text = environment().get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text)


_VIEWS_KEPT = 8  # per template: a few workspaces' last documents
_views: dict[str, list[tuple[object, str]]] = {}
_views_lock = threading.Lock()


def render_view(template: str, view: object) -> str:
    """Render ``template`` from ``view`` (as ``plan``), unless an equal view was rendered lately.

    A view holds all its document shows, compared by value: a PRD edit that leaves the API
    and the schema as they were leaves api-spec.md and database-schema.md unrendered.
    """
    with _views_lock:
        recent = _views.setdefault(template, [])
        for index, (seen, text) in enumerate(recent):
            if seen == view:
                recent.insert(0, recent.pop(index))
                return text
    text = render(template, plan=view)
    with _views_lock:
        recent.insert(0, (view, text))
        del recent[_VIEWS_KEPT:]
    return text
