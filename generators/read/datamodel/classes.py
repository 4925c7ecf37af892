"""Data models stated as Java, Python and Go classes: JPA entities and plain classes, dataclasses,
Pydantic, SQLAlchemy and Django models, Go structs. Each reader writes what it finds into a
``Collected``; a field whose type is another model of the block is a relationship.

Every reader runs in time linear in the text: classes are found by one forward scan that never
returns into a body it has read (a body is at most ``MAX_BODY`` characters), fields line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generators import naming
from generators.model import End
from generators.read.datamodel import fieldtypes
from generators.read.datamodel.collect import Collected

MAX_BODY = 20_000
_NOT_DATA = re.compile(
    r"(?:View|Service|Manager|Controller|Provider|Repository|Repo|Handler|Config|Configuration|Dto|DTO|"
    r"Request|Response|Application|App|Test|Tests|Exception|Error|Mapper|Factory|Util|Utils|Client|"
    r"Serializer|Form|Admin|Schema|Settings|Router|Middleware)$"
)


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    """The type as written, without optionality: ``List<Order>``, ``list[Order]``, ``[]Order``."""
    optional: bool = False
    pk: bool = False
    unique: bool = False
    target: str = ""
    """A model the field refers to by a constructor argument (``ForeignKey(User)``)."""
    many: bool = False


@dataclass(frozen=True)
class _Class:
    name: str
    fields: tuple[_Field, ...]
    values: tuple[str, ...] = ()
    """An enum's values (its fields then mean nothing)."""


def _bodies(text: str, header: re.Pattern[str]) -> Iterator[tuple[re.Match[str], str]]:
    """(header, body between its braces) of each class, scanning forward only."""
    position = 0
    while True:
        match = header.search(text, position)
        if match is None:
            return
        depth, index, limit = 1, match.end(), min(len(text), match.end() + MAX_BODY)
        while index < limit and depth:
            char = text[index]
            depth += (char == "{") - (char == "}")
            index += 1
        yield match, text[match.end() : index - 1 if depth == 0 else index]
        position = index


def _record(found: Collected, classes: list[_Class], source: str, types: dict[str, str]) -> None:
    """Write the classes into ``found``: fields, enums as values, references as relationships."""
    enums = {naming.key(c.name): c.values for c in classes if c.values}
    models = {naming.key(c.name) for c in classes if not c.values and c.fields} | found.keys()
    # (owner, target) of each single reference: a list on the other side is the same relationship
    single = {
        (naming.key(c.name), naming.key(_element(f.target or f.type)[0]))
        for c in classes
        for f in c.fields
        if not f.many and not _element(f.type)[1]
    }
    for cls in classes:
        if cls.values or not cls.fields or _NOT_DATA.search(cls.name):
            continue
        found.entity(cls.name, source)
        for field in cls.fields:
            inner, many = _element(field.type)
            target = field.target or (inner if naming.key(inner) in models else "")
            if target and naming.key(target) != naming.key(cls.name):
                if (many or field.many) and (naming.key(target), naming.key(cls.name)) in single:
                    continue  # "orders" on Customer is Order.customer seen from the other side
                if many or field.many:
                    found.relate(cls.name, target, "one", "many", field.name, source)
                else:
                    end: End = "zero_or_one" if field.optional else "one"
                    found.relate(target, cls.name, end, "many", field.name, source)
                continue
            values = enums.get(naming.key(inner), ())
            raw = "enum" if values else types.get(inner.lower(), "json" if many else "")
            found.attribute(
                cls.name,
                fieldtypes.attribute(
                    field.name,
                    raw,
                    optional=field.optional,
                    pk=field.pk,
                    unique=field.unique,
                    values=values,
                    is_list=many and raw != "json",
                ),
                source,
            )


_GENERIC = re.compile(r"^(?:List|Set|Collection|Iterable|Sequence|list|set|tuple|Tuple|Mapped)\[(.+)\]$")
_JAVA_GENERIC = re.compile(r"^(?:List|Set|Collection|Iterable|ArrayList|HashSet)<(.+)>$")


def _element(type_name: str) -> tuple[str, bool]:
    """(the element type, whether it is many) of ``List<X>``, ``list[X]``, ``[]X``, ``X[]``."""
    name = type_name.strip().strip("\"'").lstrip("*")
    for pattern in (_GENERIC, _JAVA_GENERIC):
        match = pattern.match(name)
        if match:
            inner = match.group(1).strip().strip("\"'")
            if name.startswith("Mapped["):
                return _element(inner)
            return inner.split(",")[0].strip().lstrip("*"), True
    if name.startswith("[]"):
        return name[2:].lstrip("*"), True
    if name.endswith("[]"):
        return name[:-2], True
    return name, False


# Java ----------------------------------------------------------------------------------------

_JAVA_CLASS = re.compile(
    r"(?:^|\n)[ \t]*(?:@\w+(?:\([^)\n]{0,200}\))?\s+){0,6}(?:public\s+|protected\s+|private\s+)?"
    r"(?:abstract\s+|final\s+|static\s+)*(?P<kind>class|record|enum)\s+(?P<name>[A-Z]\w{0,60})"
    r"(?P<rest>[^{\n]{0,300})\{"
)
_JAVA_FIELD = re.compile(
    r"^(?:private|protected|public)\s+(?:final\s+|static\s+|transient\s+)*"
    r"(?P<type>[\w.]+(?:<[\w.<>, ?]{1,100}>)?(?:\[\])?)\s+(?P<name>\w+)\s*(?:=[^;]*)?;"
)
_JAVA_TYPES = {
    "string": "string", "long": "bigint", "integer": "int", "int": "int", "short": "int", "double": "float",
    "float": "float", "bigdecimal": "decimal", "boolean": "boolean", "localdatetime": "datetime",
    "offsetdatetime": "datetime", "zoneddatetime": "datetime", "instant": "datetime", "date": "datetime",
    "timestamp": "datetime", "localdate": "date", "uuid": "uuid", "map": "json", "jsonnode": "json",
}  # fmt: skip


def java(text: str, source: str, found: Collected) -> None:
    """JPA entities and plain Java classes and records with typed fields; Java enums as values."""
    classes: list[_Class] = []
    for header, body in _bodies(text, _JAVA_CLASS):
        if header["kind"] == "enum":
            values = re.findall(r"\b([A-Z][A-Z0-9_]*)\b\s*(?:\([^)]*\))?\s*[,;}]?", body.split(";")[0])
            classes.append(_Class(header["name"], (), tuple(dict.fromkeys(values))))
            continue
        if header["kind"] == "record":
            components = header["rest"].strip().lstrip("(").rsplit(")", 1)[0]
            fields = tuple(
                _Field(name=part.split()[-1], type=" ".join(part.split()[:-1]))
                for part in components.split(",")
                if len(part.split()) >= 2
            )
            classes.append(_Class(header["name"], fields))
            continue
        classes.append(_Class(header["name"], tuple(_java_fields(body))))
    _record(found, classes, source, _JAVA_TYPES)


_INLINE_ANNOTATIONS = re.compile(r"^(?:@\w+(?:\([^()]{0,200}\))?\s+)+(?=(?:private|protected|public)\b)")


def _java_fields(body: str) -> Iterator[_Field]:
    annotations: list[str] = []
    depth = 0
    for line in body.splitlines():
        stripped = line.strip()
        inline = _INLINE_ANNOTATIONS.match(stripped)
        if inline and depth == 0:  # "@Id private UUID id;": the annotations, then the field
            annotations.append(inline.group(0))
            stripped = stripped[inline.end() :]
        if depth == 0 and stripped.startswith("@"):
            annotations.append(stripped)
        elif depth == 0 and (match := _JAVA_FIELD.match(stripped)):
            said = " ".join(annotations)
            yield _Field(
                name=match["name"],
                type=match["type"],
                optional="nullable = true" in said.replace("=", " = ").replace("  ", " ")
                or "@Nullable" in said,
                pk="@Id" in said,
                unique="unique = true" in said.replace("=", " = ").replace("  ", " "),
                many="@OneToMany" in said or "@ManyToMany" in said,
            )
            annotations = []
        elif stripped:
            annotations = []
        depth += stripped.count("{") - stripped.count("}")
        depth = max(depth, 0)


# Python --------------------------------------------------------------------------------------

_PY_CLASS = re.compile(r"^class\s+(?P<name>[A-Z]\w{0,60})\s*(?:\((?P<bases>[^)]{0,200})\))?\s*:")
_PY_ANNOTATED = re.compile(r"^(?P<name>[a-z_]\w*)\s*:\s*(?P<type>[^=#]{1,200}?)\s*(?:=\s*(?P<value>.*))?$")
_PY_ASSIGNED = re.compile(
    r"^(?P<name>[a-z_]\w*)\s*=\s*(?:models\.|db\.|sa\.|orm\.)?(?P<ctor>\w+)\((?P<args>.{0,300})\)\s*$"
)
_PY_TYPES = {
    "str": "string", "int": "int", "float": "float", "decimal": "decimal", "bool": "boolean",
    "datetime": "datetime", "datetime.datetime": "datetime", "date": "date", "datetime.date": "date",
    "uuid": "uuid", "uuid.uuid": "uuid", "dict": "json", "any": "json", "emailstr": "string",
    "httpurl": "string", "anyurl": "string", "text": "text",
    # Django and SQLAlchemy column classes
    "charfield": "string", "textfield": "text", "emailfield": "string", "slugfield": "string",
    "urlfield": "string", "integerfield": "int", "positiveintegerfield": "int", "smallintegerfield": "int",
    "bigintegerfield": "bigint", "decimalfield": "decimal", "floatfield": "float", "booleanfield": "boolean",
    "datetimefield": "datetime", "datefield": "date", "uuidfield": "uuid", "jsonfield": "json",
    "string": "string", "integer": "int", "biginteger": "bigint", "numeric": "decimal", "boolean": "boolean",
    "datetime_": "datetime", "json": "json", "jsonb": "json", "autofield": "int", "bigautofield": "bigint",
}  # fmt: skip
_PY_REFERENCES = {"foreignkey": False, "onetoonefield": False, "manytomanyfield": True, "relationship": False}
_PY_ENUM_BASES = re.compile(r"\b(?:Enum|StrEnum|IntEnum|TextChoices|IntegerChoices)\b")


def python(text: str, source: str, found: Collected) -> None:
    """Dataclasses, Pydantic, SQLAlchemy and Django models with their fields; enums as values."""
    classes: list[_Class] = []
    current: tuple[str, bool] | None = None
    fields: list[_Field] = []
    values: list[str] = []
    indent: int | None = None

    def close() -> None:
        if current is not None:
            name, is_enum = current
            classes.append(_Class(name, () if is_enum else tuple(fields), tuple(values) if is_enum else ()))

    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "@", '"""', "'''")):
            continue
        header = _PY_CLASS.match(line)
        if header:
            close()
            current = (header["name"], bool(_PY_ENUM_BASES.search(header["bases"] or "")))
            fields, values, indent = [], [], None
            continue
        if current is None:
            continue
        width = len(line) - len(line.lstrip())
        if width == 0:
            close()
            current = None
            continue
        if indent is None:
            indent = width
        if width != indent:
            continue  # a method's body, or a nested class
        member = _py_member(line.strip(), current[1])
        if isinstance(member, _Field):
            fields.append(member)
        elif member:
            values.append(member)
    close()
    _record(found, classes, source, _PY_TYPES)


def _py_member(line: str, is_enum: bool) -> _Field | str | None:
    """A field of a model, an enum's value, or nothing (a method, a Meta class)."""
    if line.startswith(("def ", "async def ", "class ", "return", "pass")):
        return None
    if is_enum:
        value = re.match(r"^([A-Za-z_]\w*)\s*=", line)
        return value.group(1) if value else None
    assigned = _PY_ASSIGNED.match(line)
    if assigned is not None and ("Field" in assigned["ctor"] or assigned["ctor"] in _COLUMNS):
        return _py_column(assigned["name"], assigned["ctor"], assigned["args"])
    annotated = _PY_ANNOTATED.match(line)
    if annotated is None or annotated["name"] in ("model_config", "objects"):
        return None
    raw = annotated["type"].strip()
    optional = bool(re.search(r"Optional\[|\|\s*None|None\s*\|", raw))
    raw = re.sub(r"^Optional\[(.+)\]$", r"\1", raw)
    raw = re.sub(r"\s*\|\s*None|None\s*\|\s*", "", raw).strip()
    if raw.startswith("Mapped[") and raw.endswith("]"):
        raw = raw[7:-1].strip()
        optional = optional or raw.startswith("Optional[")
        raw = re.sub(r"^Optional\[(.+)\]$", r"\1", raw)
    default: str = annotated["value"] or ""
    return _Field(
        name=annotated["name"],
        type=raw.strip("\"'"),
        optional=optional or "nullable=True" in default,
        pk="primary_key=True" in default,
        unique="unique=True" in default,
    )


_COLUMNS = frozenset(
    ("Column", "ForeignKey", "OneToOneField", "ManyToManyField", "relationship", "mapped_column")
)


def _py_column(name: str, ctor: str, args: str) -> _Field | None:
    """``models.CharField(max_length=80)``, ``ForeignKey(User, …)``, ``Column(String, …)``."""
    lowered = ctor.lower()
    first = args.split(",")[0].strip().strip("\"'")
    if lowered in _PY_REFERENCES:
        target = first.split(".")[-1] if first and first[0].isupper() else ""
        if not target:
            return None
        return _Field(
            name=name, type=target, target=target, many=_PY_REFERENCES[lowered], optional="null=True" in args
        )
    if lowered == "column":
        kind = re.match(r"(\w+)", first)
        reference = re.search(r"ForeignKey\(\s*[\"'](\w+)\.", args)
        if reference:
            return _Field(name=name, type="uuid", optional="nullable=True" in args)
        return _Field(
            name=name,
            type=kind.group(1) if kind else "",
            optional="nullable=True" in args,
            pk="primary_key=True" in args,
            unique="unique=True" in args,
        )
    return _Field(
        name=name,
        type=ctor,
        optional="null=True" in args or "blank=True" in args,
        pk="primary_key=True" in args,
        unique="unique=True" in args,
    )


# Go ------------------------------------------------------------------------------------------

_GO_STRUCT = re.compile(r"type\s+(?P<name>[A-Z]\w{0,60})\s+struct\s*\{")
_GO_FIELD = re.compile(r"^(?P<name>[A-Z]\w*)\s+(?P<type>[\w.*\[\]{}]+)(?:\s+`(?P<tags>[^`]{0,300})`)?")
_GO_TYPES = {
    "string": "string", "int": "int", "int32": "int", "int16": "int", "uint": "int", "uint32": "int",
    "int64": "bigint", "uint64": "bigint", "float64": "float", "float32": "float", "bool": "boolean",
    "time.time": "datetime", "uuid.uuid": "uuid", "decimal.decimal": "decimal", "json.rawmessage": "json",
    "datatypes.json": "json",
}  # fmt: skip


def go(text: str, source: str, found: Collected) -> None:
    """Go structs with their fields, named by their JSON tags where they have one."""
    classes: list[_Class] = []
    for header, body in _bodies(text, _GO_STRUCT):
        fields = []
        for line in body.splitlines():
            match = _GO_FIELD.match(line.strip())
            if match is None:
                continue
            tags = match["tags"] or ""
            tagged = re.search(r'json:"([\w-]+)', tags)
            name = naming.camel(tagged.group(1)) if tagged else naming.camel(naming.snake(match["name"]))
            fields.append(
                _Field(
                    name=name,
                    type=match["type"],
                    optional=match["type"].startswith("*") or "omitempty" in tags,
                    pk="primaryKey" in tags or "primary_key" in tags,
                    unique="unique" in tags,
                )
            )
        classes.append(_Class(header["name"], tuple(fields)))
    _record(found, classes, source, _GO_TYPES)
