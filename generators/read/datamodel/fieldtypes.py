"""Field types from what documents write: stated types first, then what names imply."""

from __future__ import annotations

import re

from generators import naming
from generators.model import Attribute, FieldType, Format

STATED: dict[str, FieldType] = {
    "uuid": FieldType.UUID,
    "guid": FieldType.UUID,
    "objectid": FieldType.STRING,
    "id": FieldType.UUID,
    "int": FieldType.INT,
    "integer": FieldType.INT,
    "int4": FieldType.INT,
    "smallint": FieldType.INT,
    "tinyint": FieldType.INT,
    "serial": FieldType.INT,
    "bigint": FieldType.BIGINT,
    "int8": FieldType.BIGINT,
    "long": FieldType.BIGINT,
    "bigserial": FieldType.BIGINT,
    "float": FieldType.FLOAT,
    "double": FieldType.FLOAT,
    "real": FieldType.FLOAT,
    "decimal": FieldType.DECIMAL,
    "numeric": FieldType.DECIMAL,
    "money": FieldType.DECIMAL,
    "currency": FieldType.DECIMAL,
    "bool": FieldType.BOOLEAN,
    "boolean": FieldType.BOOLEAN,
    "date": FieldType.DATE,
    "datetime": FieldType.DATETIME,
    "timestamp": FieldType.DATETIME,
    "timestamptz": FieldType.DATETIME,
    "time": FieldType.DATETIME,
    "instant": FieldType.DATETIME,
    "json": FieldType.JSON,
    "jsonb": FieldType.JSON,
    "object": FieldType.JSON,
    "map": FieldType.JSON,
    "enum": FieldType.ENUM,
    "text": FieldType.TEXT,
    "longtext": FieldType.TEXT,
    "string": FieldType.STRING,
    "str": FieldType.STRING,
    "varchar": FieldType.STRING,
    "char": FieldType.STRING,
    "email": FieldType.STRING,
    "url": FieldType.STRING,
    "phone": FieldType.STRING,
}

_MONEY_WORDS = {"price", "amount", "cost", "total", "fee", "balance", "salary", "budget", "rate"}
_ENUM_SPLIT = re.compile(r"\s*[|/]\s*")
_ENUM_VALUE = re.compile(r"^[A-Za-z][\w-]*$")


_ALTERNATIVES = re.compile(r"^[^\W\d_]{1,30}(?:\s+or\s+[^\W\d_]{1,30})+$")
_ENUM_LEAD = re.compile(r"^(?:enum|one of|values?|either)\s*[:(]?\s*", re.IGNORECASE)


def enum_values(comment: str) -> tuple[str, ...]:
    """Enum values stated in a comment: ``"pending | approved | rejected"``, ``"enum: A, B, C"``,
    ``"enum: a/b/c"``,
    ``"one of draft, live"``; the first clause only (``"A | B; default A"``)."""
    text = comment.strip().strip("\"'")
    lead = _ENUM_LEAD.match(text)
    text = text[lead.end() :] if lead else text
    text = re.split(r"[;.]\s|\s[-—–]\s|\s\(", text, maxsplit=1)[0].rstrip(")").strip()
    if "|" in text:
        parts = _ENUM_SPLIT.split(text)
    elif lead and "," in text:
        parts = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", text)
    elif lead and "/" in text:  # "enum: admin/manager/user"
        parts = text.split("/")
    elif _ALTERNATIVES.match(text):  # "講師 or 生徒", "guest or host": one word each, any script
        return tuple(dict.fromkeys(part.strip() for part in re.split(r"\s+or\s+", text)))
    else:
        return ()
    values = [part.strip().strip("`'\"") for part in parts]
    if len(values) < 2 or not all(_ENUM_VALUE.match(value) for value in values):
        return ()
    return tuple(dict.fromkeys(values))


def infer(raw_type: str, name: str, comment: str = "") -> tuple[FieldType, tuple[str, ...]]:
    """The field type and enum values of an attribute from its stated type, name and comment."""
    values = enum_values(comment)
    if values:
        return FieldType.ENUM, values
    base = re.sub(r"[\[\]()0-9, ]+", "", raw_type.lower())
    name_words = list(naming.words(name))
    stated = STATED.get(base)
    if stated is FieldType.UUID and base == "id" and name_words[-1:] != ["id"]:
        stated = FieldType.STRING
    if stated is not None and stated is not FieldType.STRING:
        return stated, ()
    if base in ("number", "num"):
        if _MONEY_WORDS & set(name_words):
            return FieldType.DECIMAL, ()
        return (FieldType.INT if name_words[-1:] in (["count"], ["quantity"]) else FieldType.FLOAT), ()
    if stated is None:
        return by_name(name), ()
    return FieldType.STRING, ()


def by_name(name: str) -> FieldType:
    """The type a field's name implies when no type is stated."""
    parts = list(naming.words(name))
    last = parts[-1] if parts else ""
    if last == "id" or (parts and parts[-1] == "uuid"):
        return FieldType.UUID
    if last in ("at", "timestamp") or name.endswith("At"):
        return FieldType.DATETIME
    if last in ("date", "day", "birthday", "dob"):
        return FieldType.DATE
    if (parts and parts[0] in ("is", "has", "can", "should")) or last in ("enabled", "active"):
        return FieldType.BOOLEAN
    if _MONEY_WORDS & set(parts):
        return FieldType.DECIMAL
    if last in ("count", "quantity", "qty", "age", "minutes", "duration", "position", "rank"):
        return FieldType.INT
    if last in ("description", "notes", "content", "body", "bio"):
        return FieldType.TEXT
    return FieldType.STRING


def field_format(name: str) -> Format:
    """A string format the name implies (validation rules and OpenAPI ``format``)."""
    parts = set(naming.words(name))
    if "email" in parts:
        return "email"
    if parts & {"url", "website", "link"}:
        return "url"
    if parts & {"phone", "mobile"}:
        return "phone"
    if "password" in parts:
        return "password"
    return ""


def attribute(
    name: str,
    raw: str,
    *,
    optional: bool = False,
    pk: bool = False,
    unique: bool = False,
    fk: bool = False,
    comment: str = "",
    values: tuple[str, ...] = (),
    is_list: bool = False,
    id_is_key: bool = True,
) -> Attribute:
    """An attribute as a document states it; the type is inferred from the stated type, the name
    and the comment, and ``id`` is the key unless ``id_is_key`` is false (ERDs mark keys)."""
    field_type, stated = infer(raw, name, comment)
    values = values or stated
    if values:
        field_type = FieldType.ENUM
    key = pk or (id_is_key and name in ("id", "_id"))
    return Attribute(
        name=naming.camel(name.lstrip("*")),
        raw_type=raw,
        type=field_type,
        pk=key,
        fk=fk,
        unique=unique and not key,
        optional=optional and not key,
        is_list=is_list,
        comment=comment.strip()[:200],
        enum_values=values,
        format=field_format(name),
    )
