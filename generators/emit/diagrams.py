"""Mermaid diagrams of a plan: the ERD of the schema and the module dependency graph."""

from __future__ import annotations

import re

from generators.design.api import Api
from generators.design.schema import Schema


def _label(text: str) -> str:
    cleaned = re.sub(r'["\n\r{}<>]', " ", text).strip()
    return re.sub(r"\s+", " ", cleaned) or "has"


def _attribute_comment(text: str) -> str:
    return re.sub(r'["\n\r]', " ", text).strip()


def erd(schema: Schema) -> str:
    """An ``erDiagram`` of every table, column and foreign key."""
    lines = ["erDiagram"]
    for model in schema.models:
        for fk in model.fks:
            left = "|o" if fk.optional else "||"
            right = "o|" if fk.unique else "o{"
            lines.append(f'    {fk.target} {left}--{right} {model.name} : "{_label(fk.label or fk.nav)}"')
    fk_columns = {(model.name, fk.column) for model in schema.models for fk in model.fks}
    for model in schema.models:
        lines.append(f"    {model.name} {{")
        for column in model.columns:
            keys = [
                key
                for key, on in (
                    ("PK", column.pk),
                    ("FK", (model.name, column.name) in fk_columns),
                    ("UK", column.unique),
                )
                if on
            ]
            kind = column.enum or column.type.value
            line = f"        {kind}{'[]' if column.is_list else ''} {column.column}"
            if keys:
                line += " " + ", ".join(keys)
            comment = "nullable" if column.nullable else ""
            if column.enum:
                values = " | ".join(schema.enum(column.enum).values)
                comment = f"{values}{', nullable' if column.nullable else ''}"
            if comment:
                line += f' "{_attribute_comment(comment)}"'
            lines.append(line)
        lines.append("    }")
    return "\n".join(lines) + "\n"


def modules(api: Api) -> str:
    """A ``graph`` of module imports (an arrow points at the module imported)."""
    lines = ["graph TD"]
    for module in api.groups:
        lines.append(f"    m_{module.name}[{module.pascal}Module]")
    for module in api.groups:
        for dependency in module.dependencies:
            lines.append(f"    m_{module.name} --> m_{dependency}")
    return "\n".join(lines) + "\n"
