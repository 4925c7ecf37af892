"""Workspace text made safe to carry: line breaks made plain, control characters taken out.

Every document is read through ``document`` and every one-line value (a name) through ``line``
before anything else sees it, so no reader, template or emitter meets a character that ends a
line in one format and not in another (a lone CR, NEL, U+2028/2029 end a YAML comment or a
Markdown line; NUL, ESC, DEL and the C1 controls make a file unreadable or a terminal unsafe;
U+FFFE/U+FFFF are not characters at all). One ``str.translate`` pass: linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BREAKS = {"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
_CONTROLS = [
    *(chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0) if c != 0x85),
    *(chr(0xFDD0 + i) for i in range(32)),  # the noncharacters U+FDD0…U+FDEF
    *(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)),
]
_TABLE = str.maketrans({**_BREAKS, **dict.fromkeys(_CONTROLS)})
_RUNS_OF_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Cleaned:
    """A text as the readers get it, and how many control characters were taken out."""

    text: str
    removed: int


def document(text: str) -> Cleaned:
    """``text`` with CRLF, lone CR, NEL and U+2028/2029 as LF, and control characters removed."""
    plain = text.replace("\r\n", "\n")
    cleaned = plain.translate(_TABLE)
    removed = len(plain) - len(cleaned)
    return Cleaned(cleaned, removed)


def line(text: str) -> str:
    """A one-line value (a name): control characters removed, every run of space or line breaks one
    space, no space at either end."""
    return _RUNS_OF_SPACE.sub(" ", text.translate(_TABLE)).strip()


def is_one_line(text: str) -> bool:
    """Whether ``text`` holds no line break, tab or control character."""
    return "\n" not in text and "\t" not in text and text.translate(_TABLE) == text
