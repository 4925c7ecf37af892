"""The one Jinja environment: templates are ours, workspace text only ever arrives as data."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

_BREAKS = re.compile(r"\s*\n\s*")


@lru_cache(maxsize=8192)
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
        loader=PackageLoader("generators", "templates"),
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
