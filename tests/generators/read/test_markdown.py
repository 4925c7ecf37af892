"""Markdown parsed in parts (cut at top-level headings) gives the tree the whole text gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators.read import markdown
from tests import samples

LINES = [
    "# Title", "## Part", "### Deep", "#", "#hashtag", "####### seven", "#\tTabbed",
    "Plain text with **bold** and `code`.", "", "- item", "  - nested item", "1. ordered",
    "> quoted", "> # quoted heading", "```", "```ts", "~~~", "~~~ `odd` info", "``` `not` a fence",
    "````", "    indented code", "| a | b |", "|---|---|", "| 1 | 2 |", "Setext title", "===",
    "---", "- ```", "  ```", "  # inside an item", "<div>", "[ref]: https://example.com",
    "A [link][ref] here.", "***", "As a groomer, I want to see my day, so I plan it.",
    "<!-- source: a note -->", "<!-- opened", "-->", "<!-->", "  <!-- indented -->", "<!-- a --> <div>",
]  # fmt: skip


def _documents() -> list[tuple[str, str]]:
    found = [
        (f"{slug}/{path}", data.decode())
        for slug in samples.SLUGS
        for path, data in samples.files(slug).items()
        if path.endswith(".md")
    ]
    if samples.CORPUS.is_dir():
        found += [(path.name, path.read_text()) for path in sorted(samples.CORPUS.glob("*.md"))]
    return found


@pytest.mark.parametrize(("name", "text"), _documents(), ids=[name for name, _ in _documents()])
def test_every_sample_and_corpus_document_reads_the_same_in_parts(name: str, text: str) -> None:
    assert markdown.parse(text) == markdown.parse_whole(text), name


def test_a_prd_is_read_in_parts_so_an_edit_rereads_one_part() -> None:
    text = samples.files("pawgroom")["product/prd/prd.md"].decode()
    parts = markdown._parts(text)
    assert len(parts) == sum(line.startswith("#") for line in text.split("\n"))  # one per heading
    assert "".join(parts) == text
    edited = text + "\n- As an admin, I want to archive a note, so it stays.\n"
    assert markdown._parts(edited)[:-1] == parts[:-1]  # every other part is remembered


def test_a_comment_closed_on_its_line_does_not_make_a_document_read_whole() -> None:
    """Corpus documents open with ``<!-- source: … -->``; a comment left open could hold a heading."""
    assert len(markdown._parts("<!-- source: x -->\n# A\n\ntext\n## B\nmore\n")) == 3
    assert len(markdown._parts("<!-- opened\n# inside\n-->\n# after\n")) == 1


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30))
@example(["```", "# inside a fence", "```", "# after"])
@example(["~~~", "```", "# still inside", "~~~", "# after"])
@example(["``` `not` a fence", "# a heading"])
@example(["```", "# unclosed fence"])
@example(["- item", "  ```", "# after an indented fence"])
@example(["<div>", "# inside html"])
@example(["[ref]: https://example.com", "# Part", "A [link][ref] here."])
@example(["Setext title", "# Part", "==="])
@example(["<!-- opened", "# inside a comment", "-->", "# after"])
@example(["<!-- closed -->", "# a heading", "text"])
def test_any_document_reads_the_same_in_parts(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert markdown.parse(text) == markdown.parse_whole(text)
