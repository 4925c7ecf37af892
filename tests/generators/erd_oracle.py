"""What a Mermaid ERD states, read independently of devbot's readers, and what a live PostgreSQL
database holds; their differences are what the schema got wrong.

The ERD side reads only the canonical form the upstream commands write (``type name [PK, FK, UK]
["comment"]`` inside ``ENTITY { … }``); the database side is read from the catalogue after the
generated DDL has been applied, so nothing here trusts the generator's own view of its output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import psycopg

from generators import naming

_BLOCK = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*\{\s*$")
_LINE = re.compile(
    r"^\s*(?P<type>[A-Za-z_][\w]*(?:\([^)]*\))?(?P<list>\[\])?)\s+(?P<name>[A-Za-z_]\w*)"
    r'(?:\s+(?P<keys>(?:PK|FK|UK)(?:\s*,\s*(?:PK|FK|UK))*))?(?:\s+"(?P<comment>[^"]*)")?\s*$'
)
_TYPES = {
    "uuid": {"uuid"}, "int": {"integer"}, "integer": {"integer"}, "smallint": {"smallint"},
    "bigint": {"bigint"}, "decimal": {"numeric"}, "numeric": {"numeric"}, "boolean": {"boolean"},
    "bool": {"boolean"}, "date": {"date"}, "datetime": {"timestamp with time zone"},
    "timestamp": {"timestamp with time zone"}, "timestamptz": {"timestamp with time zone"},
    "text": {"text", "character varying"}, "string": {"character varying", "text"},
    "varchar": {"character varying", "text"}, "json": {"jsonb", "json"}, "jsonb": {"jsonb"},
    "time": {"time without time zone"}, "point": {"point"}, "tsvector": {"tsvector"}, "inet": {"inet"},
    "enum": {"USER-DEFINED"}, "float": {"double precision", "real"},
}  # fmt: skip


@dataclass
class Stated:
    """One ERD attribute line."""

    entity: str
    type: str
    name: str
    keys: frozenset[str]
    comment: str

    @property
    def column(self) -> str:
        return naming.snake(self.name)

    @property
    def table(self) -> str:
        return naming.table(naming.pascal(self.entity))


def stated(markdown: str) -> list[Stated]:
    """Every attribute line of every ``erDiagram`` block of ``markdown``."""
    lines: list[Stated] = []
    inside, entity = False, ""
    for line in markdown.splitlines():
        if line.strip().startswith("erDiagram"):
            inside = True
            continue
        if inside and line.strip().startswith("```"):
            inside = False
            continue
        if not inside:
            continue
        opened = _BLOCK.match(line)
        if opened:
            entity = opened[1]
            continue
        if line.strip() == "}":
            entity = ""
            continue
        found = _LINE.match(line) if entity else None
        if found:
            keys = frozenset(k.strip() for k in (found["keys"] or "").split(",") if k.strip())
            lines.append(Stated(entity, found["type"], found["name"], keys, found["comment"] or ""))
    return lines


@dataclass
class Database:
    """The catalogue of the database the DDL was applied to."""

    columns: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)
    keys: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    references: dict[tuple[str, str], str] = field(default_factory=dict)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)


_KEYS = """
SELECT tc.table_name, tc.constraint_type, array_agg(kcu.column_name::text ORDER BY kcu.ordinal_position)
FROM information_schema.table_constraints tc
JOIN information_schema.key_column_usage kcu
  ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
WHERE tc.table_schema = 'public' AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
GROUP BY tc.table_name, tc.constraint_type, tc.constraint_name
"""
_REFERENCES = """
SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text
FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
WHERE c.contype = 'f'
"""


def read_database(url: str) -> Database:
    """Tables, columns, keys, foreign keys and enum types of the ``public`` schema at ``url``."""
    found = Database()
    with psycopg.connect(url) as conn:
        for table, column, nullable, data_type, udt, length, precision, scale, default in conn.execute(
            "SELECT table_name, column_name, is_nullable, data_type, udt_name, character_maximum_length,"
            " numeric_precision, numeric_scale, column_default FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        ):
            found.columns.setdefault(table, {})[column] = {
                "nullable": nullable == "YES", "type": data_type, "udt": udt, "length": length,
                "precision": precision, "scale": scale, "default": default or "",
            }  # fmt: skip
        for table, kind, columns in conn.execute(_KEYS):
            found.keys.setdefault(table, {}).setdefault(kind, []).append(tuple(columns))
        for table, column, target in conn.execute(_REFERENCES):
            found.references[(table.strip('"'), column)] = target.strip('"')
        for name, labels in conn.execute(
            "SELECT t.typname::text, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_type t"
            " JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname"
        ):
            found.enums[name] = tuple(labels)
    return found


_NULLABLE = re.compile(r"\b(?:nullable|optional|null)\b", re.I)
_DEFAULT = re.compile(r"\bdefaults?(?:\s+to)?\s+([\w./+-]+(?:\(\))?)", re.I)
_PRECISION = re.compile(r"\b(?:numeric|decimal)\s*\((\d+)\s*,\s*(\d+)\)", re.I)
_TOGETHER = re.compile(r"\bunique\s+(?:together\s+)?(with|per)\s+(\w+(?:\s*,\s*\w+)*)", re.I)
_TARGET = re.compile(r"(?:→|->)\s*([A-Za-z_]\w*)\.")


def _enum_values(comment: str) -> tuple[str, ...]:
    first = re.split(r";\s|\.\s|\s\(", comment, maxsplit=1)[0]
    if first.lower().startswith("enum:"):
        return tuple(v.strip() for v in first[5:].split(","))
    if "|" in first:
        values = tuple(v.strip() for v in first.split("|"))
        if all(re.fullmatch(r"[A-Za-z][\w-]*", v) for v in values):
            return values
    return ()


def differences(lines: list[Stated], db: Database, tables: dict[str, str]) -> list[str]:
    """What the database does not hold as the ERD states it, one line per difference.

    ``tables`` maps each ERD entity to its table (the naming convention is the generator's)."""
    problems: list[str] = []
    by_table: dict[str, list[Stated]] = {}
    for line in lines:
        by_table.setdefault(tables.get(line.entity, line.table), []).append(line)
    for table, attributes in by_table.items():
        where = f"{table}"
        columns = db.columns.get(table)
        if columns is None:
            problems.append(f"{where}: table missing")
            continue
        keys = db.keys.get(table, {})
        stated_pk = tuple(a.column for a in attributes if "PK" in a.keys)
        actual_pk = (keys.get("PRIMARY KEY") or [()])[0]
        if stated_pk and set(stated_pk) != set(actual_pk):
            problems.append(f"{where}: primary key {actual_pk} where the ERD says {stated_pk}")
        uniques = {frozenset(u) for u in keys.get("UNIQUE", [])}
        for a in attributes:
            at = f"{table}.{a.column}"
            got = columns.get(a.column)
            if got is None:
                problems.append(f"{at}: column missing")
                continue
            family = _TYPES.get(re.sub(r"\(.*|\[\]", "", a.type.lower()))
            if a.type.endswith("[]"):
                family = {"ARRAY"}
            if _enum_values(a.comment) and "PK" not in a.keys:
                family = _TYPES["enum"]  # values listed in the comment: an enum type, whatever the type says
            if got["udt"] == "citext":
                family = {"USER-DEFINED"}  # an extension's type
            if family is not None and got["type"] not in family:
                problems.append(f"{at}: {got['type']} where the ERD says {a.type}")
            precision = _PRECISION.search(a.type) or _PRECISION.search(a.comment)
            if precision and (got["precision"], got["scale"]) != (int(precision[1]), int(precision[2])):
                problems.append(
                    f"{at}: NUMERIC({got['precision']},{got['scale']}) where the ERD says {precision[0]}"
                )
            if re.search(r"\bcitext\b", a.comment, re.I) and got["udt"] != "citext":
                problems.append(f"{at}: {got['udt']} where the ERD says citext")
            if "PK" not in a.keys:
                nullable = bool(_NULLABLE.search(a.comment)) and not re.search(r"not null", a.comment, re.I)
                if nullable != got["nullable"]:
                    problems.append(
                        f"{at}: {'NULL' if got['nullable'] else 'NOT NULL'} where the ERD says otherwise"
                    )
            if "UK" in a.keys and frozenset({a.column}) not in uniques and (a.column,) != actual_pk:
                problems.append(f"{at}: not UNIQUE where the ERD says UK")
            if "FK" in a.keys:
                target = db.references.get((table, a.column))
                if target is None:
                    problems.append(f"{at}: no foreign key where the ERD says FK")
                named = _TARGET.search(a.comment)
                if named and target is not None and target != named[1]:
                    problems.append(f"{at}: references {target} where the ERD says {named[1]}")
                stem = naming.key(re.sub(r"_?id$", "", a.column))
                entities = {naming.key(naming.pascal(t)): t for t in db.columns}
                if not named and target is not None and stem in entities and entities[stem] != target:
                    problems.append(f"{at}: references {target} where its name says {entities[stem]}")
            together = _TOGETHER.search(re.sub(r",?\s*\be\.g\..*", "", a.comment))
            if together:
                named = {naming.snake(n) for n in re.split(r"\s*,\s*|\s+and\s+", together[2])}
                wanted = [u for u in uniques if a.column in u and len(u) > 1]
                if together[1].lower() != "per":
                    wanted = [u for u in wanted if named <= u]
                if not wanted:
                    problems.append(f"{at}: no UNIQUE over it and {together[2]} as the ERD says")
                if frozenset({a.column}) in uniques:
                    problems.append(
                        f"{at}: UNIQUE alone where the ERD says unique {together[1]} {together[2]}"
                    )
            values = _enum_values(a.comment)
            if values and "PK" not in a.keys:
                labels = db.enums.get(str(got["udt"]))
                if labels != values:
                    problems.append(f"{at}: enum {labels} where the ERD says {values}")
            default = _DEFAULT.search(a.comment)
            if default and default[1].lower() not in str(got["default"]).lower().replace(
                "current_timestamp", "now()"
            ):
                problems.append(f"{at}: default {got['default']!r} where the ERD says {default[1]}")
        stated_columns = {a.column for a in attributes}
        for extra in sorted(set(columns) - stated_columns):
            problems.append(f"{table}.{extra}: column the ERD does not have")
    return problems
