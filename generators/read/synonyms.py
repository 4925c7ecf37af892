"""Words the documents say mean an entity: "'Booking' in the UI always means `Reservation`".

A sentence that names exactly one entity (in backticks or as written in the data model) and
quotes a short word, with a linking phrase between them (means, refers to, is called, also known
as, aka, =), says the word is another name of the entity. Linear in the text: one pass per line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generators import naming
from generators.model import Synonym
from generators.read.markdown import Section, iter_texts

_QUOTED = re.compile(r"[\"“”'‘’*]{1,2}([^\"“”'‘’*\n]{1,40}?)[\"“”'‘’*]{1,2}")
_LINK = re.compile(
    r"\b(?:means?|refers?\s+to|is\s+called|are\s+called|called|also\s+known\s+as|aka|same\s+as|i\.e\.)\b|=",
    re.I,
)
_IDENTIFIER = re.compile(r"`?\b([A-Z][A-Za-z0-9]{1,60})\b`?")


def find(documents: Iterable[tuple[str, Section]], entities: Iterable[str]) -> tuple[Synonym, ...]:
    """The synonyms stated in ``documents`` for ``entities`` (entity names as in the data model)."""
    names = set(entities)
    found: dict[str, Synonym] = {}
    for path, root in documents:
        for text in iter_texts(root):
            for line in text.splitlines():
                if len(line) > 600 or not _LINK.search(line):
                    continue
                named = {m.group(1) for m in _IDENTIFIER.finditer(line)} & names
                if len(named) != 1:
                    continue
                entity = named.pop()
                for quoted in _QUOTED.finditer(line):
                    word = quoted.group(1).strip()
                    if word and word != entity and len(word.split()) <= 3 and word.lower() not in found:
                        found[word.lower()] = Synonym(word=word.lower(), entity=entity, source=path)
    return tuple(found.values())


def from_tables(documents: Iterable[tuple[str, str]], entities: Iterable[str]) -> tuple[Synonym, ...]:
    """Names a table row gives the one entity it is about: in "| inspections | Walk-around checks,
    compliance export | Inspection |" the plural noun phrases of the row ("walk-around checks")
    are what the documents call an Inspection. A row naming two entities says nothing of the kind.
    Linear: one pass per line, raw Markdown (path, text)."""
    names = {naming.key(name): name for name in entities}
    found: dict[str, Synonym] = {}
    for path, text in documents:
        for line in text.splitlines():
            if not line.lstrip().startswith("|") or len(line) > 600:
                continue
            cells = [cell.strip(" `*") for cell in line.strip().strip("|").split("|")]
            named = {names[naming.key(cell)] for cell in cells if naming.key(cell) in names}
            if len(named) != 1:
                continue
            entity = named.pop()
            for cell in cells:
                for phrase in cell.split(","):
                    word = phrase.strip(" .").lower()
                    head = word.split()[-1] if word.split() else ""
                    plural_head = head.endswith("s") and naming.singular(head) != head
                    if (
                        plural_head and 1 < len(word.split()) <= 3 and _letters(word)
                        and naming.key(head) not in names and word not in found
                    ):  # fmt: skip
                        found[word] = Synonym(word=word, entity=entity, source=path)
    return tuple(found.values())


def _letters(phrase: str) -> bool:
    return phrase.replace(" ", "").replace("-", "").isalpha()
