"""The database rules the documents state, placed on their tables and checked before they are
written: every column a rule names must exist, and the statement must parse as PostgreSQL.

A rule that cannot be placed or does not parse becomes an open question; it is never written
half-right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pglast

from generators import naming
from generators.design.schema import Model, TableRule
from generators.model import Constraint

_WORD = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|::\s*\w+|[A-Za-z_][A-Za-z0-9_]*(?:\s*\()?")
_SQL_WORDS = frozenset(
    [
        "and",
        "or",
        "not",
        "null",
        "is",
        "true",
        "false",
        "between",
        "in",
        "like",
        "ilike",
        "with",
        "using",
        "gist",
        "where",
        "any",
        "all",
        "some",
        "exists",
        "distinct",
        "from",
        "case",
        "when",
        "then",
        "else",
        "end",
        "current_date",
        "current_time",
        "current_timestamp",
        "interval",
        "asc",
        "desc",
        "nulls",
        "first",
        "last",
        "collate",
        "at",
        "time",
        "zone",
        "similar",
        "to",
        "escape",
    ]
)


def _columns(expression: str, model: Model) -> dict[str, str] | None:
    """Each identifier of ``expression`` → the column it names (snake case), or None when one
    names no column of ``model``."""
    by_any = {c.name: c.column for c in model.columns} | {c.column: c.column for c in model.columns}
    found: dict[str, str] = {}
    for token in _WORD.findall(expression):
        if token[0] in "'\":" or token.endswith("(") or token.lower() in _SQL_WORDS:
            continue  # a literal, a cast, a function or an SQL word
        column = by_any.get(token) or by_any.get(naming.camel(token))
        if column is None:
            return None
        found[token] = column
    return found


def _rewrite(expression: str, columns: dict[str, str]) -> str:
    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        return columns.get(token, token)

    return _WORD.sub(swap, expression)


def _model_named(models: Iterable[Model], words: Iterable[str]) -> list[Model]:
    keys = {naming.key(naming.singular(w)) for w in words} | {naming.key(w) for w in words}
    return [m for m in models if naming.key(m.name) in keys or naming.key(m.table) in keys]


def _parses(statement: str) -> bool:
    try:
        pglast.parser.parse_sql_json(statement)
    except pglast.parser.ParseError:
        return False
    return True


def place(
    models: list[Model], constraints: Iterable[Constraint], fk_column: dict[tuple[str, str], str]
) -> list[str]:
    """Put each rule on its table; the questions about those that could not be placed."""
    questions: list[str] = []
    for rule in constraints:
        placed = _place(models, rule, fk_column)
        if placed is None:
            questions.append(
                f"The rule `{rule.expression}` ({rule.stated}) names no table or column of the data model as "
                "written: where does it apply?"
            )
            continue
        model, made = placed
        if not _parses(f"ALTER TABLE t ADD CONSTRAINT c {made.body};") and not _parses(
            f"CREATE UNIQUE INDEX i ON t {made.body};"
        ):
            questions.append(
                f"The rule `{rule.expression}` ({rule.stated}) is not valid PostgreSQL: how should it read?"
            )
            continue
        if all(r.body != made.body for r in model.rules):
            model.rules.append(made)
    return questions


def _place(
    models: list[Model], rule: Constraint, fk_column: dict[tuple[str, str], str]
) -> tuple[Model, TableRule] | None:
    if rule.kind == "unique_where":
        what, *per = rule.words or ("",)
        candidates = _model_named(models, what.split()[-1:])
        for model in candidates:
            columns = [fk_column.get((model.name, naming.key(word))) for word in per]
            mapped = _columns(rule.expression, model)
            if mapped is None or None in columns or not columns:
                continue
            body = f"({', '.join(str(c) for c in columns)}) WHERE {_rewrite(rule.expression, mapped)}"
            name = f"{model.table}_{'_'.join(str(c) for c in columns)}_key"
            return model, TableRule("unique_where", name[:63], body, rule.stated)
        return None
    candidates = (
        [m for m in models if m.name == rule.entity] if rule.entity else _model_named(models, rule.words)
    ) or ([] if rule.entity else models)
    fitting = [(m, mapped) for m in candidates if (mapped := _columns(rule.expression, m)) is not None]
    if len(fitting) != 1:
        return None
    model, mapped = fitting[0]
    expression = _rewrite(rule.expression, mapped)
    number = len(model.rules) + 1
    if rule.kind == "check":
        return model, TableRule(
            "check", f"{model.table}_check_{number}", f"CHECK ({expression})", rule.stated
        )
    return model, TableRule(
        "exclude", f"{model.table}_excl_{number}", f"EXCLUDE USING gist ({expression})", rule.stated
    )
