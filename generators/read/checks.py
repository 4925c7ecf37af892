"""What the documents ask to verify: their Definition of Done and non-functional requirements.

Items of a section whose heading says so (in the languages documents are written in), one per
bullet, numbered line or table row, as written, so the plan's testing strategy can carry them:
"20 parallel bookings of one slot yield one appointment", "p95 < 400 ms for availability".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generators.read.markdown import BulletList, Paragraph, Section, Table

MAX_ITEMS = 20
MAX_LENGTH = 300
_SECTIONS = re.compile(
    r"definition of done|done when|\bdod\b|non[- ]?functional|\bnfrs?\b|performance|quality attributes?|"
    r"\bslos?\b|\bslas?\b|reliability|acceptance (?:criteria|tests?) (?:for the|of the) (?:mvp|release)|"
    r"requisitos no funcionales|requisitos não funcionais|exigences non fonctionnelles|"
    r"nicht-funktionale|kebutuhan non-?fungsional|gereksinimler.*fonksiyonel olmayan|"
    r"нефункциональные|非功能|非機能|비기능|yêu cầu phi chức năng",
    re.IGNORECASE,
)


def _items(section: Section) -> Iterator[str]:
    for block in section.blocks:
        if isinstance(block, BulletList):
            yield from (item.text.splitlines()[0] for item in block.items if item.text)
        elif isinstance(block, Table):
            yield from (" — ".join(cell for cell in row if cell.strip()) for row in block.rows)
        elif isinstance(block, Paragraph):
            yield from (line for line in block.text.splitlines() if re.match(r"^\s*\d+[.)]\s", line))


def read(documents: list[tuple[str, Section]]) -> tuple[str, ...]:
    """The checks the documents ask for, in order, each once, at most ``MAX_ITEMS``."""
    found: dict[str, None] = {}
    for _, root in documents:
        for section in root.walk():
            if not _SECTIONS.search(section.title):
                continue
            for part in (section, *section.children):
                for item in _items(part):
                    text = " ".join(item.split()).strip(" -*")
                    if 8 <= len(text) <= MAX_LENGTH:
                        found.setdefault(text, None)
                    if len(found) >= MAX_ITEMS:
                        return tuple(found)
    return tuple(found)
