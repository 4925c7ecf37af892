"""Mermaid ``erDiagram`` blocks: entities, attributes and relationships with their cardinality."""

from __future__ import annotations

import re

from generators import naming
from generators.model import Attribute, End, FieldType
from generators.read import constraints
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


_UNIQUE_WITH = re.compile(
    r"\bunique\s+(?:together\s+)?(?:with|per|within|in|for\s+each|across)\s+(?:the\s+|each\s+|a\s+)?"
    r"(?P<names>[A-Za-z_]\w{0,60}(?:\s*(?:,|\band\b|\+)\s*[A-Za-z_]\w{0,60}){0,4})",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(r",?\s*\b(?:e\.g|i\.e|eg|ie|for\s+example)\b.*", re.IGNORECASE)
_UNIQUE = re.compile(r"\bunique\b", re.IGNORECASE)
_NULLABLE = re.compile(r"\b(?:optional|nullable|null)\b", re.IGNORECASE)
_NOT_NULL = re.compile(r"\bnot\s+null\b|\bnon-?null(?:able)?\b", re.IGNORECASE)
_DEFAULT = re.compile(
    r"\bdefaults?(?:\s+(?:to|is|value))?\s*[:=]?\s*"
    r"(?P<value>'[^'\n]{0,80}'|\"[^\"\n]{0,80}\"|[\w.+-]{1,80}(?:/[\w.+-]{1,80})*(?:\(\))?)",
    re.IGNORECASE,
)
_REFERENCES = re.compile(
    r"(?:\bFK\s*)?(?:→|->|=>|\breferences\b|\brefs?\b)\s*`?(?P<table>[A-Za-z_]\w{0,60})(?:\.\w{1,60})?",
    re.IGNORECASE,
)
_PRECISION = re.compile(r"\b(?:numeric|decimal)\s*\(\s*(\d{1,2})\s*(?:,\s*(\d{1,2})\s*)?\)", re.IGNORECASE)
_LENGTH = re.compile(
    r"^(?P<kind>varchar|character\s+varying|char|character)\s*\(\s*(?P<n>\d{1,5})\s*\)$", re.I
)
_NATIVE = {"smallint": "SMALLINT", "int2": "SMALLINT", "citext": "CITEXT", "inet": "INET", "cidr": "CIDR",
           "time": "TIME", "point": "POINT", "tsvector": "TSVECTOR", "bytea": "BYTEA", "interval": "INTERVAL",
           "real": "REAL"}  # fmt: skip
_STRINGS = (FieldType.STRING, FieldType.TEXT)


def _db_type(raw_type: str, field_type: FieldType, comment: str) -> str:
    """The exact PostgreSQL type the line states, where it says more than the portable type."""
    base = raw_type.strip().lower().removesuffix("[]")
    length = _LENGTH.match(base)
    if length:
        return (
            "CHAR" if length["kind"].startswith("char") and "var" not in length["kind"] else "VARCHAR"
        ) + (f"({length['n']})")
    precision = _PRECISION.search(base) or (
        _PRECISION.search(comment) if field_type in (FieldType.DECIMAL, FieldType.FLOAT) else None
    )
    if precision:
        return f"NUMERIC({precision[1]},{precision[2] or 0})"
    if base in _NATIVE:
        return _NATIVE[base]
    lowered = comment.lower()
    if field_type in _STRINGS:
        for word in ("citext", "inet"):
            if re.search(rf"\b{word}\b", lowered):
                return _NATIVE[word]
    return ""


def _names(text: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"\s*(?:,|\band\b|\+)\s*", text) if part)


def attribute(raw_type: str, name: str, keys: str = "", comment: str = "") -> Attribute:
    """An attribute from what an ERD line states: type, keys, nullability, default, the table a
    foreign key names, what it is unique together with, and the exact database type."""
    key_set = {key.strip().upper() for key in keys.split(",") if key.strip()}
    comment = comment[:500]
    unique_with = _UNIQUE_WITH.search(_EXAMPLE.sub("", comment))  # "unique per term, e.g. 10-HIS-B"
    alone_unique = "UK" in key_set or (unique_with is None and bool(_UNIQUE.search(comment)))
    optional = bool(_NULLABLE.search(comment)) and not _NOT_NULL.search(comment)
    found = fieldtypes.attribute(
        name, raw_type.removesuffix("[]"), optional=optional, pk="PK" in key_set, fk="FK" in key_set,
        unique=alone_unique, comment=comment, is_list=raw_type.endswith("[]"), id_is_key=False,
    )  # fmt: skip
    default = _DEFAULT.search(comment)
    references = _REFERENCES.search(comment) if "FK" in key_set else None
    return found.model_copy(
        update={
            "raw_type": raw_type,
            "db_type": _db_type(raw_type, found.type, comment),
            "default": default["value"].strip("'\"") if default else "",
            "references": references["table"] if references else "",
            "unique_with": _names(unique_with["names"]) if unique_with else (),
        }
    )


_KNOWN_TYPES = frozenset(fieldtypes.STATED) | frozenset(_NATIVE) | {
    "number", "num", "float4", "float8", "double precision", "timestamp with time zone", "jsonb", "array",
}  # fmt: skip


_NUMBERS = (FieldType.INT, FieldType.BIGINT, FieldType.FLOAT, FieldType.DECIMAL)


def _problem(found: Collected, source: str, line: str, why: str) -> None:
    if len(found.problems) < 50:
        shown = line if len(line) <= 120 else line[:117] + "…"
        found.problems.append(f"{source}: the ERD line `{shown}` {why}")


def _check(found: Collected, source: str, line: str, match: re.Match[str], entity: str) -> None:
    """Name what an attribute line states that cannot be planned as written."""
    base = re.sub(r"\(.*|\[\]$", "", match["type"]).lower()
    if base not in _KNOWN_TYPES and not found.has(match["type"]):
        _problem(found, source, line, f"has the type `{match['type']}`, which devbot does not know: "
                 f"`{entity}.{match['name']}` is planned from its name; which type is it?")  # fmt: skip
    keys = [key.strip().upper() for key in (match["keys"] or "").split(",") if key.strip()]
    if len(keys) != len(set(keys)):
        _problem(found, source, line, "repeats a key marker; it is read once.")


def parse(text: str, source: str, found: Collected) -> None:
    """Read one ``erDiagram`` block into ``found``; a line that cannot be read is named in
    ``found.problems`` and the rest is still read."""
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
                _check(found, source, line, match, current)
                keys, comment = match["keys"] or "", match["comment"] or ""
                stated = attribute(match["type"], match["name"], keys, comment)
                found.attribute(current, stated, source, exact=True)
                numeric = stated.type in _NUMBERS and not stated.is_list
                found.constraints.extend(
                    constraints.of_comment(
                        current, naming.snake(stated.name), stated.comment, numeric, source
                    )
                )
            else:
                _problem(
                    found, source, line, 'could not be read as `type name [PK, FK, UK] "comment"`: left out.'
                )
            continue
        opened = _BLOCK_OPEN.match(line)
        if opened:
            current = _entity_name(opened["name"])
            found.declare(current, source)
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
