"""Markdown read into a tree of sections and blocks."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators.read import markdown

LINES = [
    "# Title", "## Part", "### Deep", "#", "#hashtag", "####### seven", "#\tTabbed",
    "Plain text with **bold** and `code`.", "", "- item", "  - nested item", "1. ordered",
    "> quoted", "> # quoted heading", "```", "```ts", "~~~", "~~~ `odd` info", "``` `not` a fence",
    "````", "    indented code", "| a | b |", "|---|---|", "| 1 | 2 |", "Setext title", "===",
    "---", "- ```", "  ```", "  # inside an item", "<div>", "[ref]: https://example.com",
    "A [link][ref] here.", "***", "As a groomer, I want to see my day, so I plan it.",
    "<!-- source: a note -->", "<!-- opened", "-->", "<!-->", "  <!-- indented -->", "<!-- a --> <div>",
]  # fmt: skip


def test_sections_nest_by_heading_level() -> None:
    """A heading owns what follows until a heading of its level or higher; deeper ones are children."""
    root = markdown.parse("intro\n# A\ntext a\n## A1\n- item\n# B\n| x | y |\n|---|---|\n| 1 | 2 |\n")
    assert [b.kind for b in root.blocks] == ["paragraph"]
    assert [(s.title, s.level) for s in root.children] == [("A", 1), ("B", 1)]
    assert [(s.title, s.level) for s in root.children[0].children] == [("A1", 2)]
    assert root.children[1].blocks[0] == markdown.Table(header=("x", "y"), rows=(("1", "2"),))


def test_a_hash_line_inside_a_fence_is_code_not_a_heading() -> None:
    """Shell comments in a fenced block are not sections."""
    root = markdown.parse("# Setup\n```sh\n# install\nnpm ci\n```\n")
    assert [s.title for s in root.walk()] == ["", "Setup"]
    assert next(root.fences("sh")).text == "# install\nnpm ci\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=40))
@example(["```", "# inside", "# Title"])
def test_any_document_parses_into_a_tree_that_keeps_every_heading_outside_fences(lines: list[str]) -> None:
    """Whatever the lines, parsing ends, and every section is deeper than its parent."""
    root = markdown.parse("\n".join(lines) + "\n")
    for section in root.walk():
        assert all(child.level > section.level for child in section.children)
