"""Data models written as plain text, line by line, without Markdown structure.

Two forms, both read from the lines of a section's paragraphs (a list, table or code block
between them breaks the run):

- **Field lines under a title line**: ``4.1 User`` (or ``User``, ``Supply (Поставка)``), then one
  field per line, ``username (PK, str)``, ``user_id (FK → User.username) — who created it``,
  ``status (enum): paid, issued``, or several on one line, ``created_at (datetime), issued_at``.
- **Definition lines of model names**: ``Restaurant:`` alone on its line, then what it holds in
  prose, at least three of them after a line that says they are models (``Core Models``,
  ``Database Schema``, in any section).

Each line is matched by patterns without nested quantifiers over the same characters, and split
at commas by one scan: linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from generators.read.datamodel import fieldtypes
from generators.read.datamodel.collect import Collected
from generators.read.datamodel.structure import about_the_model, field_attribute
from generators.read.markdown import BulletList, Paragraph, Section

MAX_LINE = 400  # a field or title line is short; longer lines are prose
_NAME = r"[a-z][a-z0-9_]*|[a-z]+(?:[A-Z][a-z0-9]*)+"
_FIELD = re.compile(rf"^(?P<name>{_NAME})\s*(?:\((?P<paren>[^()]*)\))?\s*(?:[—–:-]\s*(?P<rest>.*))?$")
_LISTED = re.compile(rf"^(?P<name>{_NAME})\s*(?:\((?P<paren>[^()]*)\))?$")
_TITLE = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?P<name>[A-Z][A-Za-z0-9]*|[a-z][a-z0-9]*_[a-z0-9_]+)\s*(?:\([^()]*\))?$"
)
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")
_DEFINED = re.compile(r"^(?P<name>[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*):$")
_ENUMS = re.compile(r"enum", re.IGNORECASE)


@dataclass(frozen=True)
class _Field:
    name: str
    stated: str
    notes: str


@dataclass
class _Block:
    entity: str
    fields: list[_Field] = field(default_factory=list)

    def convincing(self) -> bool:
        """Two fields or more, and something only a data model says (a key, a type, an id)."""
        names = {f.name for f in self.fields}
        keyed = "id" in names or any(n.endswith(("_id", "_at", "Id", "At")) for n in names)
        return len(self.fields) >= 2 and (keyed or sum(bool(f.stated) for f in self.fields) >= 2)


def _lines(section: Section) -> Iterator[str | None]:
    """The section's paragraph and list-item lines in order (plain text often reads as a list:
    ``4) Data model``); ``None`` where a table or code block breaks them."""
    for block in section.blocks:
        if isinstance(block, Paragraph):
            texts = [block.text]
        elif isinstance(block, BulletList):
            texts = [item.text for item in block.items]
        else:
            yield None
            continue
        for text in texts:
            for line in text.splitlines():
                if line.strip():
                    yield unicodedata.normalize("NFKC", line.strip()) if len(line) <= MAX_LINE else ""


def _stated(paren: str) -> str:
    """The type a parenthetical states (``PK, str`` → ``str``; ``Decimal/Float`` → ``Decimal``)."""
    for part in re.split(r"[,;/]", paren):
        word = part.strip().split(" ", 1)[0]
        if word.lower() in fieldtypes.STATED:
            return word
    return ""


def _keyed(fields: list[_Field]) -> bool:
    return any(f.stated or re.search(r"\b(?:pk|fk)\b", f.notes, re.IGNORECASE) for f in fields)


def _commas(line: str) -> list[str]:
    """``line`` split at the commas outside parentheses (one scan)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(line):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            parts.append(line[start:index].strip())
            start = index + 1
    parts.append(line[start:].strip())
    return [part for part in parts if part]


def _fields(line: str) -> list[_Field] | None:
    """The fields one line states, or ``None`` when it is not a field line."""
    single = _FIELD.match(line)
    if single is not None:
        paren, rest = single["paren"] or "", single["rest"] or ""
        if not paren and not rest:
            return None  # a bare word is prose or a title, not a field
        return [_Field(single["name"], _stated(paren), f"{paren} {rest}".strip())]
    parts = _commas(line.rstrip(",").strip())
    listed = [_LISTED.match(part) for part in parts]
    if len(parts) < 2 or not all(listed):
        return None
    return [
        _Field(match["name"], _stated(match["paren"] or ""), match["paren"] or "")
        for match in listed
        if match is not None
    ]


def _field_blocks(lines: Iterator[str | None]) -> Iterator[_Block]:
    current: _Block | None = None
    for line in lines:
        fields = _fields(line) if line else None
        if fields is not None and current is not None:
            current.fields.extend(fields)
            continue
        # a line that states a type or a key is a field (of no title seen), never a title
        title = _TITLE.match(line) if line and not (fields and _keyed(fields)) else None
        if line is None or title is not None or _NUMBERED.match(line):
            if current is not None:
                yield current
            current = _Block(title["name"]) if title is not None else None
    if current is not None:
        yield current


def field_lines(root: Section, source: str, found: Collected) -> None:
    """Title lines followed by field lines (``4.1 User`` then ``username (PK, str)``)."""
    for section in root.walk():
        for block in _field_blocks(_lines(section)):
            if not block.convincing():
                continue
            for item in block.fields:
                found.attribute(block.entity, field_attribute(item.name, item.stated, item.notes), source)


def definitions(root: Section, source: str, found: Collected) -> None:
    """Model names defined one per line (``Restaurant:`` then prose), after a line about models."""
    for section in root.walk():
        in_models = about_the_model(section.title) and not _ENUMS.search(section.title)
        names: list[str] = []
        for line in _lines(section):
            if not line:
                continue
            defined = _DEFINED.match(line)
            if defined is not None:
                if in_models:
                    names.append(defined["name"])
            elif len(line.split()) <= 4 and not line.endswith((".", ",", ";")):
                # a short line standing alone is the title of what follows
                about = about_the_model(line) and not _ENUMS.search(line)
                if len(names) >= 3 and not about:
                    break
                if not about:
                    names = []
                in_models = about
        if len(names) >= 3:
            for name in names:
                found.entity(name, source)
