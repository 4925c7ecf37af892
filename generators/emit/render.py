"""The four documents, rendered by one Jinja environment; workspace text only ever arrives as data."""

from __future__ import annotations

import re

from jinja2 import Environment, PackageLoader, StrictUndefined

from generators.emit.context import Context

_BREAKS = re.compile(r"\s*\n\s*")
_BLANK_RUNS = re.compile(r"\n{3,}")
TEMPLATES = {
    "code/backend/backend-plan.md": "backend-plan.md.j2",
    "code/backend/api-spec.md": "api-spec.md.j2",
    "code/backend/database-schema.md": "database-schema.md.j2",
    "code/backend/openapi.yaml": "openapi.yaml.j2",
}


def _one_line(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks folded."""
    return _one_line(str(value)).replace("|", "\\|")


def inline(value: object) -> str:
    """Text as one Markdown line (no line breaks, no stray heading or fence markers)."""
    return _one_line(str(value))


class Templates:
    """The one Jinja environment (StrictUndefined, trailing newline kept, no HTML escaping).

    Jinja keeps the templates it compiled in its environment, so an object that lives across
    jobs (a worker's) compiles the four templates once: about 100 ms a job (docs/performance.md).
    """

    def __init__(self) -> None:
        env = Environment(
            loader=PackageLoader("generators.emit", "templates"),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # noqa: S701 - Markdown and YAML, not HTML: escaping would garble them
            cache_size=len(TEMPLATES),
            auto_reload=False,
        )
        env.filters["cell"] = cell
        env.filters["inline"] = inline
        self.env = env

    def documents(self, context: Context) -> dict[str, str]:
        """Every artifact (workspace-relative path → text), rendered from ``context``."""
        rendered = {}
        for path, template in TEMPLATES.items():
            text = self.env.get_template(template).render(plan=context)
            rendered[path] = _BLANK_RUNS.sub("\n\n", text)
        return rendered
