"""Mermaid ``erDiagram`` blocks: entities, attributes and relationships with their cardinality."""

from __future__ import annotations

import re

from generators import naming
from generators.model import Attribute, End
from generators.read.datamodel import fieldtypes
from generators.read.datamodel.collect import Collected

_LEFT: dict[str, End] = {"||": "one", "|o": "zero_or_one", "}o": "many", "}|": "one_or_more"}
_RIGHT: dict[str, End] = {"||": "one", "o|": "zero_or_one", "o{": "many", "|{": "one_or_more"}
_ALIASES: dict[str, End] = {
    "only one": "one",
    "1": "one",
    "zero or one": "zero_or_one",
    "one or zero": "zero_or_one",
    "zero or more": "many",
    "zero or many": "many",
    "many(0)": "many",
    "0+": "many",
    "one or more": "one_or_more",
    "one or many": "one_or_more",
    "many(1)": "one_or_more",
    "1+": "one_or_more",
}

_NAME = r'"[^"]+"|[A-Za-z_][\w-]*(?:\[[^\]]*\])?'
_SYMBOLIC = re.compile(
    rf"^(?P<a>{_NAME})\s*(?P<l>\|\||\|o|\}}o|\}}\|)(?P<line>--|\.\.)"
    rf"(?P<r>\|\||o\||o\{{|\|\{{)\s*(?P<b>{_NAME})\s*(?::\s*(?P<label>.*))?$"
)
_ALIAS_WORDS = "|".join(re.escape(alias) for alias in sorted(_ALIASES, key=len, reverse=True))
_WORDED = re.compile(
    rf"^(?P<a>{_NAME})\s+(?P<l>{_ALIAS_WORDS})\s+(?P<line>to|optionally to)\s+"
    rf"(?P<r>{_ALIAS_WORDS})\s+(?P<b>{_NAME})\s*(?::\s*(?P<label>.*))?$",
    re.IGNORECASE,
)
_BLOCK_OPEN = re.compile(rf"^(?P<name>{_NAME})\s*\{{\s*$")
_ATTRIBUTE = re.compile(
    r"^(?P<type>[A-Za-z_][\w.]*(?:\([^)]*\))?(?:\[\])?)\s+(?P<name>\*?[A-Za-z_][\w-]*)"
    r"(?:\s+(?P<keys>(?:PK|FK|UK)(?:\s*,\s*(?:PK|FK|UK))*))?"
    r'(?:\s+"(?P<comment>[^"]*)")?\s*$'
)


def _entity_name(token: str) -> str:
    token = token.strip()
    alias = re.search(r"\[\s*\"?([^\]\"]+)\"?\s*\]$", token)
    if alias:
        token = token[: alias.start()]
    return naming.pascal(token.strip('"'))


def attribute(raw_type: str, name: str, keys: str = "", comment: str = "") -> Attribute:
    """An attribute from what an ERD line states, its type refined by name and comment."""
    key_set = {key.strip() for key in keys.split(",") if key.strip()}
    lowered = comment.lower()
    optional = bool(re.search(r"\b(optional|nullable|null)\b", lowered)) and "not null" not in lowered
    return fieldtypes.attribute(
        name, raw_type.removesuffix("[]"), optional=optional, pk="PK" in key_set, fk="FK" in key_set,
        unique="UK" in key_set or bool(re.search(r"\bunique\b", lowered)), comment=comment,
        is_list=raw_type.endswith("[]"), id_is_key=False,
    ).model_copy(update={"raw_type": raw_type})  # fmt: skip


def parse(text: str, source: str, found: Collected) -> None:
    """Read one ``erDiagram`` block into ``found``."""
    current: str | None = None
    for raw_line in text.splitlines():
        line = raw_line.split("%%", 1)[0].strip()
        if not line or line == "erDiagram" or line.startswith(("title", "direction", "style")):
            continue
        if current is not None:
            if line == "}":
                current = None
                continue
            match = _ATTRIBUTE.match(line)
            if match:
                found.attribute(
                    current,
                    attribute(match["type"], match["name"], match["keys"] or "", match["comment"] or ""),
                    source,
                )
            continue
        opened = _BLOCK_OPEN.match(line)
        if opened:
            current = _entity_name(opened["name"])
            found.entity(current, source)
            continue
        rel = _SYMBOLIC.match(line)
        worded = None if rel else _WORDED.match(line)
        if rel:
            left_end, right_end = _LEFT[rel["l"]], _RIGHT[rel["r"]]
            identifying = rel["line"] == "--"
        elif worded:
            rel = worded
            left_end = _ALIASES[worded["l"].lower()]
            right_end = _ALIASES[worded["r"].lower()]
            identifying = worded["line"].lower() == "to"
        else:
            continue
        found.relate(
            _entity_name(rel["a"]),
            _entity_name(rel["b"]),
            left_end,
            right_end,
            (rel["label"] or "").strip().strip('"'),
            source,
            identifying,
        )
