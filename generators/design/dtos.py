"""DTOs from columns: TypeScript types, class-validator rules and OpenAPI schemas, side by side.

Keeping the three in one place is what makes api-spec.md and openapi.yaml say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from generators import naming
from generators.design.schema import Column, Model
from generators.model import FieldType

DtoKind = Literal["create", "update", "response", "query", "auth"]

_TS = {
    FieldType.STRING: "string",
    FieldType.TEXT: "string",
    FieldType.INT: "number",
    FieldType.BIGINT: "string",
    FieldType.FLOAT: "number",
    FieldType.DECIMAL: "string",
    FieldType.BOOLEAN: "boolean",
    FieldType.DATETIME: "string",
    FieldType.DATE: "string",
    FieldType.UUID: "string",
    FieldType.JSON: "Record<string, unknown>",
}
_MAX_STRING = 255
_MAX_TEXT = 10000
DECIMAL_PATTERN = r"^-?\d{1,10}(\.\d{1,2})?$"
_NON_NEGATIVE = {
    "price",
    "amount",
    "cost",
    "total",
    "fee",
    "quantity",
    "count",
    "minutes",
    "duration",
}


@dataclass(frozen=True)
class DtoField:
    """One field of a DTO."""

    name: str
    ts_type: str
    validators: tuple[str, ...]
    required: bool
    schema: dict[str, Any]
    description: str = ""


@dataclass(frozen=True)
class Dto:
    """A request or response body (or a query), named as in the Nest.js code."""

    name: str
    kind: DtoKind
    fields: tuple[DtoField, ...]
    base: str = ""

    def schema(self) -> dict[str, Any]:
        """The OpenAPI schema object of this DTO."""
        required = [f.name for f in self.fields if f.required]
        body: dict[str, Any] = {
            "type": "object",
            "properties": {f.name: f.schema for f in self.fields},
        }
        if required:
            body["required"] = required
        if self.kind != "response":
            body["additionalProperties"] = False
        return body


def _bounds(column: Column) -> list[str]:
    if _NON_NEGATIVE & set(naming.words(column.name)):
        return ["@Min(0)"]
    if column.name == "rating":
        return ["@Min(1)", "@Max(5)"]
    return []


def base_schema(column: Column) -> dict[str, Any]:
    """The OpenAPI schema of a column's value (not null, not a list)."""
    if column.enum:
        return {"$ref": f"#/components/schemas/{column.enum}"}
    schema: dict[str, Any]
    match column.type:
        case FieldType.UUID:
            schema = {"type": "string", "format": "uuid"}
        case FieldType.STRING:
            schema = {"type": "string", "maxLength": _MAX_STRING}
            if column.format in ("email", "url"):
                schema["format"] = "email" if column.format == "email" else "uri"
        case FieldType.TEXT:
            schema = {"type": "string", "maxLength": _MAX_TEXT}
        case FieldType.INT:
            schema = {"type": "integer", "format": "int32"}
            if "@Min(0)" in _bounds(column):
                schema["minimum"] = 0
            if column.name == "rating":
                schema.update(minimum=1, maximum=5)
        case FieldType.BIGINT:
            schema = {
                "type": "string",
                "pattern": r"^-?\d+$",
                "description": "64-bit integer as a string",
            }
        case FieldType.FLOAT:
            schema = {"type": "number"}
        case FieldType.DECIMAL:
            schema = {
                "type": "string",
                "pattern": DECIMAL_PATTERN,
                "description": "decimal as a string",
            }
        case FieldType.BOOLEAN:
            schema = {"type": "boolean"}
        case FieldType.DATETIME:
            schema = {"type": "string", "format": "date-time"}
        case FieldType.DATE:
            schema = {"type": "string", "format": "date"}
        case FieldType.JSON:
            schema = {"type": "object", "additionalProperties": True}
        case _:
            schema = {"type": "string"}
    return schema


def schema_of(column: Column, nullable: bool) -> dict[str, Any]:
    """The OpenAPI 3.1 schema of a column, as a list and nullable where it is."""
    schema = base_schema(column)
    if column.is_list:
        schema = {"type": "array", "items": schema}
    if nullable:
        if "$ref" in schema:
            return {"oneOf": [schema, {"type": "null"}]}
        schema = dict(schema)
        schema["type"] = [schema["type"], "null"]
    return schema


def validators(column: Column, optional: bool) -> tuple[str, ...]:
    """The class-validator decorators for a column in a request body."""
    each = "{ each: true }" if column.is_list else ""
    rules: list[str] = ["@IsOptional()"] if optional else []
    if column.is_list:
        rules.append("@IsArray()")
    if column.enum:
        rules.append(f"@IsEnum({column.enum}{', ' + each if each else ''})")
        return tuple(rules)
    match column.type:
        case FieldType.UUID:
            rules.append(f"@IsUUID('4'{', ' + each if each else ''})")
        case FieldType.STRING | FieldType.TEXT:
            if column.format == "email":
                rules.append("@IsEmail()")
            elif column.format == "url":
                rules.append("@IsUrl()")
            elif column.format == "phone":
                rules.append("@IsPhoneNumber()")
            else:
                rules.append(f"@IsString({each})")
            limit = _MAX_TEXT if column.type is FieldType.TEXT else _MAX_STRING
            rules.append(f"@MaxLength({limit}{', ' + each if each else ''})")
        case FieldType.INT:
            rules.append(f"@IsInt({each})")
            rules.extend(_bounds(column))
        case FieldType.BIGINT:
            rules.append("@IsNumberString({ no_symbols: true })")
        case FieldType.FLOAT:
            rules.append(f"@IsNumber({{}}{', ' + each if each else ''})")
            rules.extend(_bounds(column))
        case FieldType.DECIMAL:
            rules.append("@IsDecimal({ decimal_digits: '0,2' })")
        case FieldType.BOOLEAN:
            rules.append(f"@IsBoolean({each})")
        case FieldType.DATETIME:
            rules.append("@IsISO8601()")
        case FieldType.DATE:
            rules.append("@IsISO8601({ strict: true })")
        case FieldType.JSON:
            rules.append("@IsObject()")
    return tuple(rules)


def ts_type(column: Column) -> str:
    """The TypeScript type of a column's value in a DTO."""
    base = column.enum or _TS[column.type]
    return f"{base}[]" if column.is_list else base


def writable(model: Model) -> list[Column]:
    """Columns a client may set: not generated, not internal (passwords come in as ``password``)."""
    return [
        column
        for column in model.columns
        if not column.generated and not (column.internal and column.format != "password")
    ]


def _request_field(column: Column, optional: bool) -> DtoField:
    if column.format == "password":
        password = Column(name="password", type=FieldType.STRING, format="password")
        return DtoField(
            name="password",
            ts_type="string",
            validators=(
                *(("@IsOptional()",) if optional else ()),
                "@IsString()",
                "@MinLength(8)",
                "@MaxLength(128)",
            ),
            required=not optional,
            schema={
                **schema_of(password, False),
                "minLength": 8,
                "maxLength": 128,
                "writeOnly": True,
            },
            description="stored as an argon2id hash, never returned",
        )
    return DtoField(
        name=column.name,
        ts_type=ts_type(column),
        validators=validators(column, optional),
        required=not optional,
        schema=schema_of(column, column.nullable),
        description=column.comment if column.comment and not column.enum else "",
    )


def create_dto(model: Model, owned: frozenset[str] = frozenset()) -> Dto:
    """``CreateXDto``: what a client sends to create one (never the ``owned`` fields the server sets)."""
    fields = tuple(
        _request_field(column, column.nullable or bool(column.default))
        for column in writable(model)
        if (not column.pk or model.is_join) and column.name not in owned
    )
    return Dto(name=f"Create{model.name}Dto", kind="create", fields=fields)


def update_dto(model: Model, owned: frozenset[str] = frozenset()) -> Dto:
    """``UpdateXDto``: every field optional, none of the ``owned`` ones."""
    fields = tuple(
        _request_field(column, True)
        for column in writable(model)
        if not column.pk and column.name not in owned
    )
    return Dto(
        name=f"Update{model.name}Dto",
        kind="update",
        fields=fields,
        base=f"PartialType(Create{model.name}Dto)",
    )


def response_dto(model: Model) -> Dto:
    """``XResponseDto``: every column but internal ones."""
    fields = tuple(
        DtoField(
            name=column.name,
            ts_type=ts_type(column) + (" | null" if column.nullable else ""),
            validators=(),
            required=True,
            schema=schema_of(column, column.nullable),
        )
        for column in model.columns
        if not column.internal
    )
    return Dto(name=f"{model.name}ResponseDto", kind="response", fields=fields)


def filters(model: Model, tenant: str = "") -> list[Column]:
    """Columns a list endpoint filters on: foreign keys, enums and booleans (not the tenant's
    column: every query is filtered by the caller's tenant already)."""
    fk_columns = {fk.column for fk in model.fks if fk.target != tenant or model.name == tenant}
    return [
        column
        for column in model.columns
        if not column.internal
        and not column.is_list
        and (column.name in fk_columns or column.enum or column.type is FieldType.BOOLEAN)
    ]


def searchable(model: Model) -> list[Column]:
    """Text columns the ``q`` parameter searches (names, titles, descriptions)."""
    return [
        column
        for column in model.columns
        if column.type in (FieldType.STRING, FieldType.TEXT)
        and not column.internal
        and not column.enum
        and column.format not in ("password", "url")
        and not column.name.endswith("Id")
    ][:3]
