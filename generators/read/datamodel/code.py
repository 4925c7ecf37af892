"""Data models stated as code: Prisma, SQL ``CREATE TABLE``, TypeScript, Swift, Kotlin, JSON examples
and Mermaid class diagrams. Each reader writes what it finds into a ``Collected``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from generators import naming
from generators.model import End
from generators.read.datamodel import fieldtypes
from generators.read.datamodel.collect import Collected

_NOT_DATA = re.compile(
    r"(View|ViewModel|Service|Manager|Controller|Provider|Repository|Store|Delegate|Client|"
    r"Module|Helper|Handler|Config|Props|State|Dto|DTO|Request|Response|App)$"
)


_attribute = fieldtypes.attribute


def _is_reference(type_name: str, models: set[str]) -> bool:
    return naming.key(type_name) in models


def _enum_values(body: str) -> tuple[str, ...]:
    """The values of a Prisma ``enum`` body, one per line or several on one (``{ A B C }``), without
    comments and attributes (``@map("a")``, ``@@schema``)."""
    plain = re.sub(r"//[^\n]*", " ", body)
    plain = re.sub(r"@@?\w+(?:\([^()\n]*\))?", " ", plain)
    return tuple(re.findall(r"[A-Za-z_]\w*", plain))


def prisma(text: str, source: str, found: Collected) -> None:
    """``model`` and ``enum`` blocks of a Prisma schema."""
    enums = {
        match["name"]: _enum_values(match["body"])
        for match in re.finditer(r"\benum\s+(?P<name>\w+)\s*\{(?P<body>[^}]*)\}", text)
    }
    blocks = list(re.finditer(r"\bmodel\s+(?P<name>\w+)\s*\{(?P<body>[^}]*)\}", text))
    models = {naming.key(block["name"]) for block in blocks} | found.keys()
    for block in blocks:
        entity = block["name"]
        found.entity(entity, source)
        for line in block["body"].splitlines():
            match = re.match(
                r"^\s*(?P<field>[A-Za-z_]\w*)\s+(?P<type>\w+)(?P<mod>\[\]|\?)?\s*(?P<attrs>.*)$", line
            )
            if not match or line.strip().startswith("@@"):
                continue
            kind, attrs = match["type"], match["attrs"]
            if _is_reference(kind, models):
                if match["mod"] != "[]" and "fields:" in attrs:
                    end: End = "zero_or_one" if match["mod"] == "?" else "one"
                    found.relate(kind, entity, end, "many", match["field"], source)
                continue
            values = tuple(v.lower() for v in enums.get(kind, ()))
            found.attribute(
                entity,
                _attribute(
                    match["field"],
                    "enum" if values else kind,
                    optional=match["mod"] == "?",
                    pk="@id" in attrs,
                    unique="@unique" in attrs,
                    values=values,
                    is_list=match["mod"] == "[]",
                ),
                source,
            )


def _split_top(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def sql(text: str, source: str, found: Collected) -> None:
    """``CREATE TABLE`` statements in any common dialect (PostgreSQL, MySQL, SQLite)."""
    pattern = (
        r"create\s+table\s+(?:if\s+not\s+exists\s+)?"
        r"[`\"\[]?(?:\w+[`\"\]]?\.)?[`\"\[]?(?P<name>\w+)[`\"\]]?\s*\("
    )
    for match in re.finditer(pattern, text, re.IGNORECASE):
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        table = match["name"]
        found.entity(table, source)
        for item in _split_top(text[match.end() : end - 1]):
            _sql_item(table, item, source, found)


def _sql_item(table: str, item: str, source: str, found: Collected) -> None:
    lowered = item.lower()
    reference = re.search(
        r"foreign\s+key\s*\(\s*[`\"]?(\w+)[`\"]?\s*\)\s*references\s+[`\"]?(\w+)", item, re.I
    )
    if reference:
        found.attribute(table, _attribute(reference.group(1), "uuid", fk=True), source)
        found.relate(reference.group(2), table, "one", "many", "", source)
        return
    if lowered.startswith(("primary key", "unique", "constraint", "check", "index", "key ", "foreign key")):
        return
    column = re.match(
        r"^[`\"\[]?(?P<name>\w+)[`\"\]]?\s+(?P<type>[A-Za-z]+(?:\s*\([^)]*\))?(?:\[\])?)(?P<rest>.*)$", item
    )
    if not column:
        return
    rest = column["rest"].lower()
    values = (
        tuple(re.findall(r"'([^']+)'", column["rest"])) if re.search(r"\bcheck\b.*\bin\s*\(", rest) else ()
    )
    kind = column["type"].lower()
    if kind.startswith("enum"):
        values = tuple(re.findall(r"'([^']+)'", column["type"] + column["rest"]))
    references = re.search(r"references\s+[`\"]?(\w+)", column["rest"], re.IGNORECASE)
    found.attribute(
        table,
        _attribute(
            column["name"],
            kind,
            optional="not null" not in rest and "primary key" not in rest,
            pk="primary key" in rest,
            unique=" unique" in f" {rest}",
            fk=references is not None,
            values=values,
        ),
        source,
    )
    if references:
        optional = "not null" not in rest
        found.relate(references.group(1), table, "zero_or_one" if optional else "one", "many", "", source)


_TS_BLOCK = re.compile(
    # possessive quantifiers: a heritage list followed by spaces and no "{" is given up at once
    # (it was cubic: `class A extends B` and 2,000 spaces took 20 s)
    r"(?:export\s+)?(?:interface|class|type)\s+(?P<name>[A-Z]\w*+)(?:<[^>]*+>)?"
    r"(?:\s+extends\s+[\w<>][\w<>, ]*+)?(?:\s+implements\s+[\w<>][\w<>, ]*+)?"
    r"\s*+=?\s*+\{(?P<body>[^{}]*+(?:\{[^{}]*+\}[^{}]*+)*+)\}",
)


def typescript(text: str, source: str, found: Collected) -> None:
    """``interface``, ``type`` and ``class`` declarations with typed properties."""
    blocks = [b for b in _TS_BLOCK.finditer(text) if not _NOT_DATA.search(b["name"])]
    models = {naming.key(b["name"]) for b in blocks} | found.keys()
    for block in blocks:
        fields = list(
            re.finditer(
                r"^\s*(?:readonly\s+|public\s+|private\s+)?(?P<name>[a-zA-Z_]\w*)(?P<opt>\?|!)?\s*:\s*(?P<type>[^;=\n]+)",
                block["body"],
                re.MULTILINE,
            )
        )
        fields = [f for f in fields if "(" not in f["type"] and "=>" not in f["type"]]
        if len(fields) < 2:
            continue
        entity = block["name"]
        found.entity(entity, source)
        for field in fields:
            raw = field["type"].strip().rstrip(",")
            optional = field["opt"] == "?" or bool(re.search(r"\|\s*(null|undefined)\b", raw))
            raw = re.sub(r"\|\s*(null|undefined)\b", "", raw).strip()
            is_list = raw.endswith("[]") or raw.startswith("Array<")
            base = re.sub(r"^Array<(.+)>$", r"\1", raw).removesuffix("[]").strip()
            if _is_reference(base, models) and naming.key(base) != naming.key(entity):
                if is_list:
                    found.relate(entity, base, "one", "many", field["name"], source)
                else:
                    found.relate(
                        base, entity, "zero_or_one" if optional else "one", "many", field["name"], source
                    )
                continue
            values = tuple(re.findall(r"['\"]([^'\"]+)['\"]", base)) if "|" in base else ()
            kind = {"Date": "datetime", "number": "number"}.get(base, base)
            found.attribute(
                entity,
                _attribute(field["name"], kind, optional=optional, values=values, is_list=is_list),
                source,
            )


_SWIFT_TYPE = re.compile(
    r"(?P<model>@Model\s+(?:final\s+)?)?(?:final\s+)?(?P<kind>class|struct)\s+(?P<name>[A-Z]\w*)"
    r"(?:\s*:\s*(?P<inherits>[\w, ]+))?\s*\{",
)


def swift(text: str, source: str, found: Collected) -> None:
    """Swift ``@Model`` classes and data structs (not views, services or managers)."""
    enums = {
        match["name"]: tuple(
            v.strip() for v in re.findall(r"case\s+([\w, ]+)", match["body"]) for v in v.split(",")
        )
        for match in re.finditer(r"enum\s+(?P<name>\w+)[^{]*\{(?P<body>[^}]*)\}", text)
    }
    declared = list(_SWIFT_TYPE.finditer(text))
    data = []
    for match in declared:
        inherits = match["inherits"] or ""
        if _NOT_DATA.search(match["name"]) or "View" in inherits or "ObservableObject" in inherits:
            continue
        body_start = match.end()
        depth, end = 1, body_start
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        body = text[body_start : end - 1]
        properties = re.findall(
            r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public\s+|private\s+)?(?:var|let)\s+(\w+)\s*:\s*([\[\]\w?:. ]+?)\s*(?:=.*)?(?://\s*(.*))?$",
            body,
            re.MULTILINE,
        )
        if match["model"] or (len(properties) >= 2 and "func " not in body[:200]):
            data.append((match["name"], properties))
    models = {naming.key(name) for name, _ in data} | found.keys()
    for name, properties in data:
        found.entity(name, source)
        for prop, raw, comment in properties:
            raw = raw.strip()
            optional = raw.endswith("?")
            base = raw.rstrip("?").strip()
            is_list = base.startswith("[") and base.endswith("]") and ":" not in base
            base = base.strip("[]")
            if _is_reference(base, models):
                if is_list:
                    found.relate(name, base, "one", "many", prop, source)
                else:
                    found.relate(base, name, "zero_or_one" if optional else "one", "many", prop, source)
                continue
            values = enums.get(base, ())
            kind = {"Date": "datetime", "Double": "float", "UUID": "uuid"}.get(base, base)
            found.attribute(
                name,
                _attribute(
                    prop,
                    "enum" if values else kind,
                    optional=optional,
                    values=values,
                    is_list=is_list,
                    comment=comment or "",
                ),
                source,
            )


def _kotlin_classes(text: str) -> Iterator[tuple[str, str]]:
    """(name, constructor body) of each ``data class Name(…)``: the body ends at the first ``)``,
    or the next class, found by a scan that never goes back (a regex over the body would rescan
    the rest of the text from every unclosed header)."""
    headers = list(re.finditer(r"data\s+class\s+(?P<name>[A-Z]\w*)\s*\(", text))
    close = -1
    for index, header in enumerate(headers):
        if close < header.end():
            close = text.find(")", header.end())
            if close == -1:
                return
        following = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        yield header["name"], text[header.end() : min(close, following)]


def kotlin(text: str, source: str, found: Collected) -> None:
    """Kotlin ``data class`` declarations."""
    blocks = list(_kotlin_classes(text))
    models = {naming.key(name) for name, _ in blocks} | found.keys()
    for entity, body in blocks:
        found.entity(entity, source)
        for prop in re.finditer(r"(?:val|var)\s+(\w+)\s*:\s*([\w<>?.]+)", body):
            name, raw = prop.group(1), prop.group(2)
            optional = raw.endswith("?")
            base = raw.rstrip("?")
            is_list = base.startswith("List<")
            base = re.sub(r"^List<(.+)>$", r"\1", base)
            if _is_reference(base, models):
                found.relate(
                    entity if is_list else base, base if is_list else entity, "one", "many", name, source
                )
                continue
            kind = {"LocalDateTime": "datetime", "Instant": "datetime", "LocalDate": "date"}.get(base, base)
            found.attribute(entity, _attribute(name, kind, optional=optional, is_list=is_list), source)


def object_end(text: str, start: int, limit: int = 20_000) -> int | None:
    """The index of the ``}`` that closes the JSON object opened at ``start`` (strings respected),
    or ``None`` when it is not closed within ``limit`` characters."""
    depth, in_string, escaped = 0, False, False
    for index in range(start, min(len(text), start + limit)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index if char == "}" else None
    return None


def json_record(text: str, entity: str, source: str, found: Collected) -> bool:
    """A JSON example of one record (or a list of them) named ``entity``; whether it was one."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than any record
        return False
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value = value[0]
    if not isinstance(value, dict) or len(value) < 2 or not any(k in value for k in ("id", "_id", "uuid")):
        return False
    found.entity(entity, source)
    for key, item in value.items():
        kind = {bool: "boolean", int: "int", float: "float", dict: "json", list: "json"}.get(
            type(item), "string"
        )
        if isinstance(item, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", item):
            kind = "datetime"
        found.attribute(entity, _attribute(key, kind, optional=item is None), source)
    return True


_CLASS_BLOCK = re.compile(r"^\s*class\s+(?P<name>\w+)\s*\{(?P<body>[^}]*)\}", re.MULTILINE)
_CLASS_RELATION = re.compile(
    r"^\s*(?P<a>\w+)\s*(?:\"(?P<ca>[^\"]*)\")?\s*(?P<arrow>[<*o]?[|]?(?:--|\.\.)[|]?[>*o]?)\s*(?:\"(?P<cb>[^\"]*)\")?"
    r"\s*(?P<b>\w+)\s*(?::\s*(?P<label>.*))?$",
    re.MULTILINE,
)


def _many(card: str | None) -> bool:
    text = (card or "").strip().lower()
    return "*" in text or "n" in text or (".." in text and not text.endswith("1"))


def class_diagram(text: str, source: str, found: Collected) -> None:
    """A Mermaid ``classDiagram``: classes with typed members, associations with multiplicities."""
    for block in _CLASS_BLOCK.finditer(text):
        entity = block["name"]
        found.entity(entity, source)
        for line in block["body"].splitlines():
            member = re.match(
                r"^\s*[+\-#~]?\s*(?:(?P<t1>[\w\[\]<>]+)\s+(?P<n1>\w+)|(?P<n2>\w+)\s*:\s*(?P<t2>[\w\[\]<>]+))\s*$",
                line,
            )
            if member and "(" not in line:
                name = member["n1"] or member["n2"]
                kind = member["t1"] or member["t2"]
                found.attribute(entity, _attribute(name, kind), source)
    for rel in _CLASS_RELATION.finditer(text):
        if "<|" in rel["arrow"] or "|>" in rel["arrow"] or rel["a"] in ("class", "classDiagram"):
            continue
        many_a, many_b = _many(rel["ca"]), _many(rel["cb"])
        if many_a and many_b:
            found.relate(rel["a"], rel["b"], "many", "many", rel["label"] or "", source)
        elif many_a:
            found.relate(rel["b"], rel["a"], "one", "many", rel["label"] or "", source)
        else:
            found.relate(
                rel["a"],
                rel["b"],
                "one",
                "many" if many_b or not rel["cb"] else "one",
                rel["label"] or "",
                source,
            )
