"""Lookup tables stated by their values: "### Categories" then "- Food", "- Public transport".

The values are the rows the table starts with (its seed), never its columns.
"""

from __future__ import annotations

import re
import unicodedata

from generators import naming
from generators.naming import vocabulary
from generators.read.markdown import ListItem

_VALUE = re.compile(r"^[^\W\d_][^\W_]*(?:[ '’&-][^\W_]+){0,3}$")
_COLUMN_WORDS = vocabulary(
    "id name title description email phone status type code label slug created updated deleted date "
    "amount price quantity notes color colour icon order position sort active"
)


def values(items: tuple[ListItem, ...]) -> list[str]:
    """The rows of a lookup table listed as bullets: plain values ("Food", "Public transport"),
    none of them a column's name, a type or a key; [] for a list of fields."""
    found = []
    for item in items:
        first = item.text.splitlines()[0] if item.text else ""
        line = unicodedata.normalize("NFKC", first).strip().rstrip(".")
        if not _VALUE.match(line) or item.children:
            return []
        found.append(line)
    words = {naming.key(word) for value in found for word in value.split()}
    if len(found) < 2 or words & _COLUMN_WORDS or not any(v[:1].isupper() or " " in v for v in found):
        return []
    return found
