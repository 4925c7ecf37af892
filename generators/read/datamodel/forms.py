"""Every way a document states its data model, read into one ``Collected``.

Fenced blocks by language (Mermaid ERD and class diagrams, Prisma, SQL, TypeScript, Swift,
Kotlin, JSON records, ASCII trees), then Markdown structures (field tables, field bullets,
inline lists, conceptual lists and relationship lines). Relationship phrases run last, over
the entities all documents named.
"""

from __future__ import annotations

import re

from generators.read.datamodel import classes, code, erd, plain, structure
from generators.read.datamodel.collect import Collected
from generators.read.markdown import Fence, Section

_SQL = re.compile(r"\bcreate\s+table\b", re.IGNORECASE)
_PRISMA = re.compile(r"^\s*model\s+\w+\s*\{", re.MULTILINE)
_JSON_TITLE = re.compile(
    r"^\W*(?:example|sample|ejemplo|contoh|예시)?\s*(?P<name>.*?)\s*"
    r"(?:example|record|object|json|document|template|collection)?$",
    re.IGNORECASE,
)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _fence(fence: Fence, section: Section, path: str, found: Collected) -> None:
    info, text, first = fence.info.lower(), fence.text, _first_line(fence.text)
    if first.startswith("erDiagram"):
        erd.parse(text, f"{path} (Mermaid erDiagram)", found)
    elif first.startswith("classDiagram"):
        code.class_diagram(text, f"{path} (Mermaid classDiagram)", found)
    elif info == "prisma" or (_PRISMA.search(text) and "@id" in text):
        code.prisma(text, f"{path} (Prisma schema)", found)
    elif info in ("sql", "postgresql", "mysql", "sqlite", "psql") or _SQL.search(text):
        code.sql(text, f"{path} (SQL)", found)
    elif info in ("ts", "typescript", "tsx", "js", "javascript"):
        code.typescript(text, f"{path} (TypeScript)", found)
    elif info == "swift":
        code.swift(text, f"{path} (Swift)", found)
    elif info in ("kotlin", "kt"):
        code.kotlin(text, f"{path} (Kotlin)", found)
    elif info == "java":
        classes.java(text, f"{path} (Java)", found)
    elif info in ("python", "py", "python3"):
        classes.python(text, f"{path} (Python)", found)
    elif info in ("go", "golang"):
        classes.go(text, f"{path} (Go)", found)
    elif info in ("json", "jsonc"):
        title = structure.entity_title(section.title)
        match = _JSON_TITLE.match(title or "")
        name = match["name"] if match and match["name"] else ""
        if not (name and code.json_record(text, name, f"{path} (JSON example)", found)):
            # a fence left open swallows the rest: headings and records, one after another
            _records_in(text, name, f"{path} (JSON example)", found)


MAX_RECORD = 20_000  # characters: a record, not a data dump
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+)$")
_COLLECTION = re.compile(r"collection\W{0,20}?(?P<path>/[\w/{}]*)", re.IGNORECASE)
_SEGMENT = re.compile(r"/(?P<name>[A-Za-z_]\w*)(?=/|$)")


def _records_in(text: str, name: str, source: str, found: Collected) -> None:
    """JSON records inside a fence that also holds what follows it (its closing fence missing):
    the first is ``name``'s, each next one takes its name from the heading or the ``Collection:
    /path`` line before it (the path's last collection: ``/threads/{id}/messages`` → messages)."""
    budget = 2 * len(text) + MAX_RECORD  # characters scanned for records: linear in the text
    position = 0
    while position < len(text) and budget > 0:
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        line = text[position:end].strip()
        short = len(line) <= 400  # a heading or a collection line; longer lines are data
        heading = _HEADING.match(line) if short else None
        collection = _COLLECTION.search(line) if short else None
        if heading is not None:
            title = structure.entity_title(re.sub(r"[*_`]", "", heading["title"]))
            match = _JSON_TITLE.match(title or "")
            name = match["name"] if match and match["name"] else ""
        elif collection is not None and not name:
            segments = _SEGMENT.findall(collection["path"])
            name = segments[-1] if segments else ""
        elif line.startswith("{") and name:
            start = position + text[position:end].index("{")
            close = code.object_end(text, start, min(MAX_RECORD, budget))
            budget -= (close if close is not None else min(len(text), start + MAX_RECORD)) - start
            if close is not None:
                code.json_record(text[start : close + 1], name, source, found)
                name = ""
                end = max(end, close)
        position = end + 1


_TRANSIENT = re.compile(
    r"not persisted|runtime|transient|in[- ]memory|view ?models?|no persist", re.IGNORECASE
)


def document(root: Section, path: str, found: Collected) -> None:
    """Read every data-model form in one parsed document (sections about runtime-only state skipped)."""
    for section in root.walk():
        if _TRANSIENT.search(section.title):
            continue
        for block in section.blocks:
            if isinstance(block, Fence):
                _fence(block, section, path, found)
    structure.trees(root, f"{path} (ASCII tree)", found)
    structure.tables(root, f"{path} (field table)", found)
    structure.bullets(root, f"{path} (field list)", found)
    structure.inline(root, f"{path} (inline field list)", found)
    structure.concepts(root, f"{path} (entity list)", found)
    plain.field_lines(root, f"{path} (plain-text field list)", found)
    plain.definitions(root, f"{path} (model definitions)", found)


def relationships(root: Section, path: str, found: Collected) -> None:
    """Relationships stated in words, between entities any document named."""
    structure.phrases(root, f"{path} (prose)", found)
