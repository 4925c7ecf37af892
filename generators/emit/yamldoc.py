"""A small block-style YAML writer for JSON-like trees (the OpenAPI document).

PyYAML's representer spends most of a plan's rendering time on a tree of plain dicts, lists and
scalars; this writer covers exactly that case. Strings are written plain only when YAML cannot
read them as anything else, and double-quoted (JSON escaping, which YAML accepts) otherwise.
The tests check that PyYAML reads every document back equal to the tree. Keys and strings repeat
across a document and from one plan to the next, so their YAML form is remembered.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

_UNPRINTABLE = re.compile("[\x7f-\x9f\ufeff\ufffe\uffff]")
_PLAIN = re.compile(r"^[A-Za-z_/$][A-Za-z0-9_ ./$#{}()\-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_WIDTH = 100


def _quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return _text(str(value))


@lru_cache(maxsize=8192)
def _text(text: str) -> str:
    if (
        _PLAIN.fullmatch(text)
        and text.lower() not in _RESERVED
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and len(text) <= _WIDTH
    ):
        return text
    return _quoted(text)


@lru_cache(maxsize=8192, typed=True)
def _key(key: Any) -> str:
    text = str(key)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and " " not in text and "{" not in text:
        return text
    return _quoted(text)


def _lines(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and item:
                out.append(f"{pad}{_key(key)}:")
                _lines(item, indent + 2, out)
            elif isinstance(item, list) and item:
                out.append(f"{pad}{_key(key)}:")
                _lines(item, indent, out)
            else:
                out.append(f"{pad}{_key(key)}: {_empty(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                nested: list[str] = []
                _lines(item, indent + 2, nested)
                out.append(f"{pad}- {nested[0].lstrip()}")
                out.extend(nested[1:])
            elif isinstance(item, list) and item:
                nested = []
                _lines(item, indent + 2, nested)
                out.append(f"{pad}- {nested[0].lstrip()}")
                out.extend(nested[1:])
            else:
                out.append(f"{pad}- {_empty(item)}")


def _empty(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def dump(tree: dict[str, Any]) -> str:
    """``tree`` as block-style YAML, ending with a newline.

    Remembered for the last few trees: a re-run whose API did not change writes the same
    document, and a tree's ``repr`` (types, values and key order) is a third of writing it.
    """
    key = repr(tree)
    with _DUMPED_LOCK:
        if key in _DUMPED:
            _DUMPED.move_to_end(key)
            return _DUMPED[key]
    out: list[str] = []
    _lines(tree, 0, out)
    text = "\n".join(out) + "\n"
    with _DUMPED_LOCK:
        _DUMPED[key] = text
        while len(_DUMPED) > 16:
            _DUMPED.popitem(last=False)
    return text


_DUMPED: OrderedDict[str, str] = OrderedDict()
_DUMPED_LOCK = threading.Lock()
