"""Markdown as a tree of sections, read with markdown-it-py (CommonMark plus tables).

A section owns the blocks between its heading and the next heading of the same or a higher
level; deeper headings become its children. Text inside fenced blocks is never a heading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's plain text (inline markup removed, line breaks kept)."""

    text: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class ListItem:
    """One item: its own text and any nested items."""

    text: str
    children: tuple[ListItem, ...] = ()
    lead: str = ""
    """The item's leading bold phrase, if it starts with one: ``**Habit Reminders** (…)``."""


@dataclass(frozen=True)
class BulletList:
    """A bullet or numbered list."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class Table:
    """A pipe table: header cells and rows of cells, as plain text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Fence:
    """A fenced or indented code block with its info string (``mermaid``, ``prisma``…)."""

    info: str
    text: str
    kind: Literal["fence"] = "fence"


Block = Paragraph | BulletList | Table | Fence


@dataclass(frozen=True)
class Section:
    """A heading (level 0 for the document root), its blocks and its sub-sections.

    Immutable, like every block: ``parse`` hands the same tree to every reader of the same text.
    """

    title: str
    level: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all_blocks(self) -> Iterator[Block]:
        """Every block of this section and its sub-sections, in document order."""
        for section in self.walk():
            yield from section.blocks

    def fences(self, *infos: str) -> Iterator[Fence]:
        """Fenced blocks below this section whose language is one of ``infos`` (any if none)."""
        for block in self.all_blocks():
            if isinstance(block, Fence) and (not infos or block.info.lower() in infos):
                yield block


def _lead(token: Token) -> str:
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if not children or children[0].type != "strong_open":
        return ""
    words = []
    for child in children[1:]:
        if child.type == "strong_close":
            break
        words.append(child.content)
    return "".join(words).strip()


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


class _Builder:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def list_items(self, close: str) -> tuple[ListItem, ...]:
        items: list[ListItem] = []
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == close:
                break
            if token.type == "list_item_open":
                items.append(self.list_item())
        return tuple(items)

    def list_item(self) -> ListItem:
        texts: list[str] = []
        children: list[ListItem] = []
        lead = ""
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == "list_item_close":
                break
            if token.type == "inline":
                if not texts:
                    lead = _lead(token)
                texts.append(_inline_text(token))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                children.extend(self.list_items(token.type.replace("_open", "_close")))
            elif token.type in ("fence", "code_block"):
                texts.append(token.content.rstrip("\n"))
        return ListItem(text="\n".join(t for t in texts if t), children=tuple(children), lead=lead)

    def table(self) -> Table:
        header: list[str] = []
        rows: list[tuple[str, ...]] = []
        row: list[str] = []
        in_head = False
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == "table_close":
                break
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif token.type == "inline":
                row.append(_inline_text(token))
        return Table(header=tuple(header), rows=tuple(rows))

    def paragraph(self) -> Paragraph:
        text = ""
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == "paragraph_close":
                break
            if token.type == "inline":
                text = _inline_text(token)
        return Paragraph(text=text)


@dataclass
class _Open:
    """A section while its document is read."""

    title: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)

    def close(self) -> Section:
        return Section(self.title, self.level, tuple(self.blocks), tuple(c.close() for c in self.children))


Flat = tuple[tuple[str, int, tuple[Block, ...]], ...]
"""Sections in document order as (title, level, blocks), the root (``""``, 0) first."""


def _flat(text: str) -> Flat:
    """The document's sections, flat, in order."""
    tokens = _PARSER.parse(text)
    builder = _Builder(tokens)
    sections: list[tuple[str, int, list[Block]]] = [("", 0, [])]
    while builder.pos < len(tokens):
        token = builder.next()
        blocks = sections[-1][2]
        if token.type == "heading_open":
            title = _inline_text(builder.next())
            builder.next()  # heading_close
            sections.append((title, int(token.tag[1:]), []))
        elif token.type == "paragraph_open":
            blocks.append(builder.paragraph())
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            close = token.type.replace("_open", "_close")
            items = builder.list_items(close)
            blocks.append(BulletList(items=items, ordered=token.type == "ordered_list_open"))
        elif token.type == "table_open":
            blocks.append(builder.table())
        elif token.type in ("fence", "code_block"):
            info = token.info.strip().split(" ")[0] if token.info else ""
            blocks.append(Fence(info=info, text=token.content))
    return tuple((title, level, tuple(blocks)) for title, level, blocks in sections)


def _tree(flat: Flat) -> Section:
    """Sections nested by level: a heading owns what follows until one of its level or higher."""
    root = _Open(title="", level=0, blocks=list(flat[0][2]))
    stack = [root]
    for title, level, blocks in flat[1:]:
        while stack[-1].level >= level:
            stack.pop()
        section = _Open(title=title, level=level, blocks=list(blocks))
        stack[-1].children.append(section)
        stack.append(section)
    return root.close()


def parse(text: str) -> Section:
    """Parse Markdown into a section tree whose root (level 0) holds any text before a heading."""
    return _tree(_flat(text))


def first_heading(root: Section, level: int = 1) -> str | None:
    """The title of the first heading of ``level``, if any."""
    for section in root.walk():
        if section.level == level:
            return section.title
    return None


def iter_texts(section: Section) -> Iterator[str]:
    """Every paragraph, list item (nested ones too) and table cell text below ``section``."""

    def items(list_items: tuple[ListItem, ...]) -> Iterator[str]:
        for item in list_items:
            yield item.text
            yield from items(item.children)

    for block in section.all_blocks():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, BulletList):
            yield from items(block.items)
        elif isinstance(block, Table):
            for row in block.rows:
                yield from row
