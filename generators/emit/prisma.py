"""The Prisma schema of a plan (Prisma ORM 7+: the database URL lives in ``prisma.config.ts``)."""

from __future__ import annotations

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
        else:
            attrs.append(f"@default({column.default})")
    if column.unique:
        attrs.append("@unique")
    if column.column != column.name:
        attrs.append(f'@map("{column.column}")')
    if not column.enum and column.type in _NATIVE:
        attrs.append(_NATIVE[column.type])
    return column.name, base + suffix, " ".join(attrs)


def _relation_line(fk: ForeignKey) -> tuple[str, str, str]:
    kind = fk.target + ("?" if fk.optional else "")
    attrs = f'@relation("{fk.relation}", fields: [{fk.column}], references: [id], onDelete: {fk.on_delete})'
    return fk.nav, kind, attrs


def _model(model: Model, schema: Schema) -> str:
    composite = len(model.pk) > 1
    rows = [_column_line(column, composite) for column in model.columns]
    rows.extend(_relation_line(fk) for fk in model.fks)
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
    block.extend(f"  @@index([{column}])" for column in model.indexed())
    block.append(f'  @@map("{model.table}")')
    lines.append("")
    lines.extend(block)
    lines.append("}")
    return "\n".join(lines)


def render(schema: Schema) -> str:
    """The complete ``schema.prisma``."""
    parts = [
        'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}',
        'datasource db {\n  provider = "postgresql"\n}',
    ]
    for enum in schema.enums:
        width = max(len(member) for member, _ in enum.members)
        body = "\n".join(f'  {member.ljust(width)} @map("{value}")' for member, value in enum.members)
        parts.append(f'enum {enum.name} {{\n{body}\n\n  @@map("{naming.snake(enum.name)}")\n}}')
    parts.extend(_model(model, schema) for model in schema.models)
    return "\n\n".join(parts) + "\n"
