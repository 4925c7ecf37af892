"""TypeORM entity classes of a plan, for architectures that choose TypeORM."""

from __future__ import annotations

import re

from generators import naming
from generators.design.schema import Column, Model, Schema
from generators.model import FieldType

_COLUMN_TYPES = {
    FieldType.STRING: ("varchar", "string", ", length: 255"),
    FieldType.TEXT: ("text", "string", ""),
    FieldType.INT: ("integer", "number", ""),
    FieldType.BIGINT: ("bigint", "string", ""),
    FieldType.FLOAT: ("double precision", "number", ""),
    FieldType.DECIMAL: ("numeric", "string", ", precision: 12, scale: 2"),
    FieldType.BOOLEAN: ("boolean", "boolean", ""),
    FieldType.DATETIME: ("timestamptz", "Date", ""),
    FieldType.DATE: ("date", "string", ""),
    FieldType.UUID: ("uuid", "string", ""),
    FieldType.JSON: ("jsonb", "Record<string, unknown>", ""),
}
_ON_DELETE = {"Cascade": "CASCADE", "Restrict": "RESTRICT", "SetNull": "SET NULL"}


def _column(column: Column, schema: Schema) -> list[str]:
    name = f"name: '{column.column}'"
    if column.enum:
        enum = schema.enum(column.enum)
        db, ts, extra = "enum", column.enum, f", enum: {column.enum}, enumName: '{enum.db_name}'"
    else:
        db, ts, extra = _COLUMN_TYPES[column.type]
        if column.db_type:
            db, extra = _exact(column.db_type)
    if column.is_list:
        extra += ", array: true"
        ts += "[]"
    if column.nullable:
        extra += ", nullable: true"
    if column.unique:
        extra += ", unique: true"
    if column.default:
        if column.enum:
            value = f"{column.enum}.{naming.constant(column.default)}"
        elif column.type in (FieldType.STRING, FieldType.TEXT):
            value = "'" + column.default.replace("\\", "\\\\").replace("'", "\\'") + "'"
        else:
            value = column.default
        extra += f", default: {value}"
    optional = " | null" if column.nullable else ""
    if column.pk and column.generated == "uuid":
        decorator = f"@PrimaryGeneratedColumn('uuid', {{ {name} }})"
    elif column.pk and column.generated == "autoincrement":
        decorator = f"@PrimaryGeneratedColumn('increment', {{ {name} }})"
    elif column.pk:
        decorator = f"@PrimaryColumn({{ {name}, type: '{db}' }})"
    elif column.generated == "now":
        decorator = f"@CreateDateColumn({{ {name}, type: 'timestamptz' }})"
    elif column.generated == "updatedAt":
        decorator = f"@UpdateDateColumn({{ {name}, type: 'timestamptz' }})"
    else:
        decorator = f"@Column({{ {name}, type: '{db}'{extra} }})"
    if column.internal:
        decorator += "\n  // never serialised: excluded from every response DTO"
    return [f"  {decorator}", f"  {column.name}!: {ts}{optional};"]


_SIZED = re.compile(r"^(NUMERIC|VARCHAR|CHAR)\((\d+)(?:,(\d+))?\)$")


def _exact(db_type: str) -> tuple[str, str]:
    """(TypeORM column type, extra options) of an exact PostgreSQL type: ``NUMERIC(8,2)``."""
    sized = _SIZED.match(db_type)
    if sized is None:
        return db_type.lower(), ""
    if sized[1] == "NUMERIC":
        return "numeric", f", precision: {sized[2]}, scale: {sized[3] or 0}"
    return sized[1].lower(), f", length: {sized[2]}"


def render_model(model: Model, schema: Schema) -> str:
    """One entity class."""
    lines = [f"@Entity({{ name: '{model.table}' }})"]
    lines.extend(f"@Unique([{', '.join(repr(n) for n in names)}])" for names in model.uniques)
    lines.extend(f"@Index(['{column}'])" for column in model.indexed())
    lines.append(f"export class {model.name} {{")
    body: list[list[str]] = [_column(column, schema) for column in model.columns]
    for fk in model.fks:
        var = naming.camel(fk.target)
        relation = "OneToOne" if fk.unique else "ManyToOne"
        options = f"{{ onDelete: '{_ON_DELETE[fk.on_delete]}'{', nullable: true' if fk.optional else ''} }}"
        body.append(
            [
                f"  @{relation}(() => {fk.target}, ({var}) => {var}.{fk.back}, {options})",
                f"  @JoinColumn({{ name: '{model.col(fk.column).column}' }})",
                f"  {fk.nav}!: {fk.target}{' | null' if fk.optional else ''};",
            ]
        )
    for other in schema.models:
        for fk in other.fks:
            if fk.target != model.name:
                continue
            var = naming.camel(other.name)
            if fk.unique:
                body.append(
                    [
                        f"  @OneToOne(() => {other.name}, ({var}) => {var}.{fk.nav})",
                        f"  {fk.back}?: {other.name} | null;",
                    ]
                )
            else:
                body.append(
                    [
                        f"  @OneToMany(() => {other.name}, ({var}) => {var}.{fk.nav})",
                        f"  {fk.back}!: {other.name}[];",
                    ]
                )
    lines.append("\n\n".join("\n".join(part) for part in body))
    lines.append("}")
    return "\n".join(lines)


def _file(model: Model) -> str:
    return naming.snake(model.name).replace("_", "-") + ".entity"


def _imports(model: Model, schema: Schema, body: str) -> str:
    decorators = sorted(
        name
        for name in (
            "Column", "CreateDateColumn", "Entity", "Index", "JoinColumn", "ManyToOne", "OneToMany",
            "OneToOne", "PrimaryColumn", "PrimaryGeneratedColumn", "Unique", "UpdateDateColumn",
        )
        if f"@{name}(" in body
    )  # fmt: skip
    lines = ["import { " + ", ".join(decorators) + " } from 'typeorm';"]
    enums = sorted({c.enum for c in model.columns if c.enum})
    if enums:
        lines.append("import { " + ", ".join(enums) + " } from '../../../database/enums';")
    related = sorted(
        {fk.target for fk in model.fks}
        | {m.name for m in schema.models for fk in m.fks if fk.target == model.name}
    )
    for name in related:
        if name != model.name:
            other = schema.model(name)
            lines.append(f"import {{ {name} }} from '../../{naming.route(name)}/entities/{_file(other)}';")
    return "\n".join(lines)


def render(schema: Schema) -> list[tuple[str, str]]:
    """(file path under ``src``, TypeScript source) for every entity and enum."""
    enums = "\n\n".join(
        f"export enum {enum.name} {{\n"
        + "\n".join(f"  {member} = '{value}'," for member, value in enum.members)
        + "\n}"
        for enum in schema.enums
    )
    files = [("database/enums.ts", enums + "\n")]
    for model in schema.models:
        body = render_model(model, schema)
        files.append(
            (
                f"modules/{naming.route(model.name)}/entities/{_file(model)}.ts",
                _imports(model, schema, body) + "\n\n" + body + "\n",
            )
        )
    return files
