"""The Prisma schema of a plan, for the Prisma major version the architecture names (7 by default)."""

from __future__ import annotations

import json
import re

from generators import naming
from generators.design.schema import Column, ForeignKey, Model, Schema
from generators.model import FieldType

_SCALAR = {
    FieldType.STRING: "String",
    FieldType.TEXT: "String",
    FieldType.INT: "Int",
    FieldType.BIGINT: "BigInt",
    FieldType.FLOAT: "Float",
    FieldType.DECIMAL: "Decimal",
    FieldType.BOOLEAN: "Boolean",
    FieldType.DATETIME: "DateTime",
    FieldType.DATE: "DateTime",
    FieldType.UUID: "String",
    FieldType.JSON: "Json",
}
_NATIVE = {
    FieldType.TEXT: "@db.Text",
    FieldType.DECIMAL: "@db.Decimal(12, 2)",
    FieldType.DATE: "@db.Date",
    FieldType.UUID: "@db.Uuid",
    FieldType.STRING: "@db.VarChar(255)",
    FieldType.DATETIME: "@db.Timestamptz(3)",
}


def _column_line(column: Column, composite: bool) -> tuple[str, str, str]:
    base = column.enum or _SCALAR[column.type]
    suffix = "[]" if column.is_list else ("?" if column.nullable else "")
    attrs: list[str] = []
    if column.pk and not composite:
        attrs.append("@id")
    if column.generated == "uuid":
        attrs.append("@default(uuid())")
    elif column.generated == "autoincrement":
        attrs.append("@default(autoincrement())")
    elif column.generated == "now":
        attrs.append("@default(now())")
    elif column.generated == "updatedAt":
        attrs.append("@updatedAt")
    elif column.default:
        if column.enum:
            attrs.append(f"@default({naming.constant(column.default)})")
        elif column.type in (FieldType.STRING, FieldType.TEXT):
            attrs.append(f"@default({json.dumps(column.default)})")
        else:
            attrs.append(f"@default({column.default})")
    if column.unique:
        attrs.append("@unique")
    if column.column != column.name:
        attrs.append(f'@map("{column.column}")')
    native = _native(column)
    if native.startswith("Unsupported"):
        base, native = native, ""
    if native:
        attrs.append(native)
    return column.name, base + suffix, " ".join(attrs)


_EXACT = {"SMALLINT": "@db.SmallInt", "CITEXT": "@db.Citext", "INET": "@db.Inet", "TIME": "@db.Time(6)",
          "REAL": "@db.Real", "BYTEA": "@db.ByteA"}  # fmt: skip
_SIZED = re.compile(r"^(NUMERIC|VARCHAR|CHAR)\((\d+)(?:,(\d+))?\)$")


def _native(column: Column) -> str:
    """The ``@db.`` attribute of the column's exact type, or ``Unsupported("…")`` for a type
    Prisma cannot map (point, tsvector)."""
    if column.enum:
        return ""
    if column.db_type:
        sized = _SIZED.match(column.db_type)
        if sized:
            kind = {"NUMERIC": "Decimal", "VARCHAR": "VarChar", "CHAR": "Char"}[sized[1]]
            return f"@db.{kind}({sized[2]}, {sized[3]})" if sized[3] else f"@db.{kind}({sized[2]})"
        if column.db_type in _EXACT:
            return _EXACT[column.db_type]
        return f'Unsupported("{column.db_type.lower()}")'
    return _NATIVE.get(column.type, "")


def _relation_line(fk: ForeignKey, schema: Schema) -> tuple[str, str, str]:
    kind = fk.target + ("?" if fk.optional else "")
    key = schema.model(fk.target).pk[0].name
    attrs = (
        f'@relation("{fk.relation}", fields: [{fk.column}], references: [{key}], onDelete: {fk.on_delete})'
    )
    return fk.nav, kind, attrs


def _model(model: Model, schema: Schema) -> str:
    composite = len(model.pk) > 1
    rows = [_column_line(column, composite) for column in model.columns]
    rows.extend(_relation_line(fk, schema) for fk in model.fks)
    for other in schema.models:
        for fk in other.fks:
            if fk.target == model.name:
                kind = other.name + ("?" if fk.unique else "[]")
                rows.append((fk.back, kind, f'@relation("{fk.relation}")'))
    name_width = max(len(r[0]) for r in rows)
    kind_width = max(len(r[1]) for r in rows)
    lines = [f"model {model.name} {{"]
    for name, kind, attrs in rows:
        line = f"  {name.ljust(name_width)} {kind.ljust(kind_width)} {attrs}".rstrip()
        lines.append(line)
    block: list[str] = []
    if composite:
        block.append(f"  @@id([{', '.join(c.name for c in model.pk)}])")
    block.extend(f"  @@unique([{', '.join(names)}])" for names in model.uniques)
    block.extend(f"  @@index([{column}])" for column in model.indexed())
    block.append(f'  @@map("{model.table}")')
    lines.append("")
    lines.extend(block)
    lines.append("}")
    return "\n".join(lines)


def render(schema: Schema, major: int = 7) -> str:
    """The complete ``schema.prisma`` for Prisma ``major``: from 7 the connection URL lives in
    ``prisma.config.ts``; before, the datasource names it."""
    if major >= 7:
        parts = [
            'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}',
            'datasource db {\n  provider = "postgresql"\n}',
        ]
    else:
        parts = [
            'generator client {\n  provider = "prisma-client-js"\n}',
            'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}',
        ]
    for enum in schema.enums:
        width = max(len(member) for member, _ in enum.members)
        body = "\n".join(f'  {member.ljust(width)} @map("{value}")' for member, value in enum.members)
        parts.append(f'enum {enum.name} {{\n{body}\n\n  @@map("{naming.snake(enum.name)}")\n}}')
    parts.extend(_model(model, schema) for model in schema.models)
    return "\n\n".join(parts) + "\n"
