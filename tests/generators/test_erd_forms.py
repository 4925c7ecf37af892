"""Every ERD form the upstream format uses, read and written exactly (one form per test), and
random valid ERDs whose DDL PostgreSQL accepts and holds as stated (Hypothesis).
"""

from __future__ import annotations

import json

import pglast
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators import check
from generators.design import database
from generators.emit import prisma, sql
from generators.generate import generate
from generators.read import workspace
from tests import postgres
from tests.generators import erd_oracle


def _architecture(erd: str, prose: str) -> str:
    return f"# Architecture\n\n{prose}\n```mermaid\nerDiagram\n{erd}\n```\n"


def _files(erd: str, architecture: str = "") -> dict[str, bytes]:
    return {
        "config.json": json.dumps({"name": "Shifts", "slug": "shifts"}).encode(),
        "code/architecture/architecture.md": _architecture(erd, architecture).encode(),
    }


def _schema(erd: str, architecture: str = "") -> database.Schema:
    return database.build(workspace.read("shifts", _files(erd, architecture)))


VOLUNTEERS = """
    ORGANIZATION ||--o{ USER : employs
    USER ||--|| VOLUNTEER_PROFILE : "has"
    USER ||--o{ SIGNUP : makes
    SHIFT ||--o{ SIGNUP : "filled by"
    ORGANIZATION ||--o{ SHIFT : runs
    USER }o--o{ SKILL : has
    USER {
        uuid id PK
        uuid organization_id FK
        varchar email UK "citext"
        enum role "COORDINATOR | VOLUNTEER"
        boolean is_active "default true"
        inet last_ip "nullable"
        timestamptz created_at
    }
    VOLUNTEER_PROFILE {
        uuid user_id PK, FK "→ users.id"
        date date_of_birth
    }
    ORGANIZATION {
        uuid id PK
        varchar name "unique"
        numeric(10,2) hourly_rate "default 0"
    }
    SHIFT {
        uuid id PK
        uuid organization_id FK
        varchar name "unique per organization"
        int capacity "default 10"
        varchar status "DRAFT | PUBLISHED | CANCELLED"
        timestamptz created_at
    }
    SIGNUP {
        uuid shift_id PK, FK
        uuid user_id PK, FK
        int attempt_count "default 0"
        timestamptz created_at
    }
"""


def test_composite_primary_keys_are_kept_and_are_the_foreign_keys() -> None:
    signup = _schema(VOLUNTEERS).model("Signup")
    assert [c.name for c in signup.pk] == ["shiftId", "userId"]
    assert not any(c.generated for c in signup.pk)
    assert {(fk.column, fk.target) for fk in signup.fks} == {("shiftId", "Shift"), ("userId", "User")}
    assert [c.name for c in signup.columns] == ["shiftId", "userId", "attemptCount", "createdAt"]


def test_a_shared_primary_key_stays_the_foreign_key() -> None:
    profile = _schema(VOLUNTEERS).model("VolunteerProfile")
    assert [(c.name, c.generated) for c in profile.pk] == [("userId", "")]
    assert [(fk.column, fk.target) for fk in profile.fks] == [("userId", "User")]
    assert not profile.has("id")


def test_unique_per_a_parent_is_a_composite_unique() -> None:
    shift = _schema(VOLUNTEERS).model("Shift")
    assert shift.uniques == [("organizationId", "name")]
    assert not shift.col("name").unique


def test_enums_keep_the_erds_values_and_case_and_no_role_is_invented() -> None:
    built = _schema(VOLUNTEERS)
    assert built.roles == ("COORDINATOR", "VOLUNTEER")
    assert built.enum("ShiftStatus").values == ("DRAFT", "PUBLISHED", "CANCELLED")


def test_defaults_are_as_stated() -> None:
    built = _schema(VOLUNTEERS)
    assert built.model("User").col("isActive").default == "true"
    assert built.model("Shift").col("capacity").default == "10"
    assert built.model("Signup").col("attemptCount").default == "0"
    assert built.model("Organization").col("hourlyRate").default == "0"


def test_exact_types_are_kept() -> None:
    built = _schema(VOLUNTEERS)
    assert built.model("Organization").col("hourlyRate").db_type == "NUMERIC(10,2)"
    assert built.model("User").col("email").db_type == "CITEXT"
    assert built.model("User").col("lastIp").db_type == "INET"
    ddl = sql.render(built)
    assert 'CREATE EXTENSION IF NOT EXISTS "citext";' in ddl


def test_a_foreign_key_goes_where_its_comment_says() -> None:
    """Two relations between one pair: the comments name the tables, whatever the order of lines."""
    built = _schema(
        """
    SERVICE_CATEGORY ||--o{ SERVICE : groups
    SPECIALTY ||--o{ SERVICE : "is required by"
    SERVICE {
        uuid id PK
        uuid required_specialty_id FK "→ specialties.id"
        uuid category_id FK "→ service_categories.id"
    }
    SPECIALTY {
        uuid id PK
    }
    SERVICE_CATEGORY {
        uuid id PK
    }
"""
    )
    fks = {(fk.column, fk.target) for fk in built.model("Service").fks}
    assert fks == {("requiredSpecialtyId", "Specialty"), ("categoryId", "ServiceCategory")}


def test_other_sources_add_nothing_to_an_entity_the_erd_states() -> None:
    """A module table listing "cancel, hold, complete" beside an ERD entity adds no columns."""
    built = _schema(
        "    SHIFT {\n        uuid id PK\n        varchar name\n    }",
        architecture=(
            "| Module | Does | Entities |\n|---|---|---|\n| shifts | Cancel, hold, complete | Shift |\n"
        ),
    )
    assert [c.name for c in built.model("Shift").columns] == ["id", "name"]


def test_prisma_6_names_the_url_in_the_datasource_and_7_does_not() -> None:
    erd = "    SHIFT {\n        uuid id PK\n    }"
    six = generate("shifts", _files(erd, "We use Prisma 6 with PostgreSQL 15.")).artifacts
    seven = generate("shifts", _files(erd, "We use Prisma with PostgreSQL.")).artifacts
    six_schema = check.fences(six["code/backend/database-schema.md"].decode(), "prisma")[0]
    seven_schema = check.fences(seven["code/backend/database-schema.md"].decode(), "prisma")[0]
    assert 'url      = env("DATABASE_URL")' in six_schema
    assert "url" not in seven_schema.split("datasource", 1)[1].split("}", 1)[0]
    assert "PostgreSQL 15 with Prisma 6" in six["code/backend/database-schema.md"].decode()


def test_the_volunteers_ddl_applies_and_is_the_erd(postgres_url: str) -> None:
    built = _schema(VOLUNTEERS)
    with psycopg.connect(postgres_url) as conn:
        conn.execute(sql.render(built))  # type: ignore[arg-type]
    lines = erd_oracle.stated(f"```mermaid\nerDiagram\n{VOLUNTEERS}\n```")
    problems = erd_oracle.differences(lines, erd_oracle.read_database(postgres_url), {})
    assert [p for p in problems if not p.startswith("users.password_hash") and "refresh_token" not in p] == []
    assert "@@unique([organizationId, name])" in prisma.render(built)


# -- random valid ERDs ------------------------------------------------------------------------

_TYPES = ["uuid", "int", "smallint", "bigint", "decimal", "numeric(8,2)", "boolean", "date", "datetime",
          "timestamptz", "text", "varchar", "varchar(80)", "jsonb", "time", "inet"]  # fmt: skip
_NAMES = st.sampled_from(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"])


@st.composite
def erds(draw: st.DrawFn) -> str:
    """A valid canonical ERD: entities with typed attributes, comments for nullability, defaults
    and enums, relations (self, two between one pair, composite-key join entities)."""
    names = draw(st.lists(_NAMES, min_size=2, max_size=4, unique=True))
    entities = [name.upper() for name in names]
    lines: list[str] = []
    blocks: dict[str, list[str]] = {e: ["uuid id PK"] for e in entities}
    for index, entity in enumerate(entities):
        for number in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(_TYPES))
            comment = draw(
                st.sampled_from(["", "nullable", "default 0", "default true", "LOW | HIGH", "unique"])
            )
            if comment == "default 0" and kind not in (
                "int",
                "smallint",
                "bigint",
                "decimal",
                "numeric(8,2)",
            ):
                comment = ""
            if comment == "default true" and kind != "boolean":
                comment = ""
            if comment == "LOW | HIGH":
                kind = "varchar"
            if comment == "unique" and kind in ("jsonb", "boolean"):
                comment = ""
            blocks[entity].append(f"{kind} field_{number}" + (f' "{comment}"' if comment else ""))
        if index and draw(st.booleans()):
            parent = entities[draw(st.integers(0, index - 1))]
            optional = draw(st.booleans())
            lines.append(f"    {parent} {'|o' if optional else '||'}--o{{ {entity} : owns")
            blocks[entity].append(f"uuid {parent.lower()}_id FK" + (' "nullable"' if optional else ""))
        if draw(st.booleans()):
            lines.append(f'    {entity} |o--o{{ {entity} : "parent of"')
            blocks[entity].append('uuid parent_id FK "nullable"')
    if len(entities) > 1 and draw(st.booleans()):  # two relations between one pair
        parent, child = entities[0], entities[-1]
        lines += [f"    {parent} ||--o{{ {child} : creates", f"    {parent} |o--o{{ {child} : reviews"]
        blocks[child] += ["uuid created_by_id FK", 'uuid reviewed_by_id FK "nullable"']
    if len(entities) > 1 and draw(st.booleans()):  # a key shared with its parent
        lines.append(f"    {entities[0]} ||--|| PROFILE : has")
        blocks["PROFILE"] = [f"uuid {entities[0].lower()}_id PK, FK", 'text bio "nullable"']
    if len(entities) > 1 and draw(st.booleans()):
        left, right = entities[0], entities[1]
        lines += [f"    {left} ||--o{{ LINK : has", f"    {right} ||--o{{ LINK : has"]
        blocks["LINK"] = [
            f"uuid {left.lower()}_id PK, FK",
            f"uuid {right.lower()}_id PK, FK",
            "timestamptz created_at",
        ]
    for entity, attributes in blocks.items():
        lines.append(f"    {entity} {{")
        lines.extend(f"        {attribute}" for attribute in attributes)
        lines.append("    }")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scratch_admin(postgres_admin: str) -> str:
    return postgres_admin


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(erd=erds())
def test_random_erds_give_ddl_postgresql_accepts_as_stated(erd: str, scratch_admin: str) -> None:
    built = _schema(erd)
    ddl = sql.render(built)
    check.sql(ddl)
    with postgres.database(scratch_admin) as url:
        with psycopg.connect(url) as conn:
            conn.execute(ddl)  # type: ignore[arg-type]
        found = erd_oracle.read_database(url)
    lines = erd_oracle.stated(f"```mermaid\nerDiagram\n{erd}\n```")
    problems = erd_oracle.differences(lines, found, {})
    user_added = ("users.email", "users.password_hash", "users.role", "users.refresh_token_hash")
    assert [p for p in problems if not p.startswith(user_added)] == [], erd


def test_lines_that_cannot_be_read_are_open_questions_and_the_rest_is_planned() -> None:
    """An unknown type, a FK to a table that does not exist and a malformed line are each named
    with their line in the plan's open questions; the other columns are still planned."""
    erd = """
    SHIFT {
        uuid id PK
        quux weirdness
        uuid venue_id FK "→ venues.id"
        this line is not an attribute at all !!
        varchar name
    }
"""
    result = generate("shifts", _files(erd))
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    assert "`quux weirdness` has the type `quux`, which devbot does not know" in plan
    assert "`Shift.venueId` is a foreign key to `venues`, which the data model does not have" in plan
    assert "`this line is not an attribute at all !!` could not be read" in plan
    shift = next(e for e in result.domain.entities if e.name == "Shift")
    assert [a.name for a in shift.attributes] == ["id", "weirdness", "venueId", "name"]


RULES_ERD = """
    USER ||--o{ BOOKING : makes
    ROOM ||--o{ BOOKING : "booked as"
    USER {
        uuid id PK
        varchar email UK
    }
    ROOM {
        uuid id PK
        int capacity "> 0"
        int rating "nullable; 1-5"
    }
    BOOKING {
        uuid id PK
        uuid user_id FK
        uuid room_id FK
        timestamptz starts_at
        timestamptz ends_at
        varchar status "HELD | CONFIRMED | CANCELLED"
    }
"""
RULES_PROSE = """
- Bookings never overlap:
  `EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)` on bookings.
- A booking ends after it starts: `CHECK (ends_at > starts_at)`.
- One held booking per user and room, with a partial unique index (`WHERE status = 'HELD'`).
- Nonsense: `CHECK (flux_capacitor > 88)` on bookings.
"""


def test_stated_rules_are_written_and_postgresql_enforces_them(postgres_url: str) -> None:
    built = _schema(RULES_ERD, RULES_PROSE)
    ddl = sql.render(built)
    assert 'CREATE EXTENSION IF NOT EXISTS "btree_gist";' in ddl
    assert "CHECK (capacity > 0)" in ddl
    assert "CHECK (rating BETWEEN 1 AND 5)" in ddl
    assert "CHECK (ends_at > starts_at)" in ddl
    assert "(user_id, room_id) WHERE status = 'HELD'" in ddl
    assert any("flux_capacitor" in question for question in built.questions)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(ddl)  # type: ignore[arg-type]
        user = conn.execute(
            "INSERT INTO users (email, password_hash, role) VALUES ('a@b.c', 'x', 'admin') RETURNING id"
        ).fetchone()
        room = conn.execute("INSERT INTO rooms (capacity) VALUES (4) RETURNING id").fetchone()
        assert user is not None
        assert room is not None
        book = (
            "INSERT INTO bookings (user_id, room_id, starts_at, ends_at, status) VALUES (%s, %s, %s, %s, %s)"
        )
        conn.execute(book, (user[0], room[0], "2026-01-01 10:00Z", "2026-01-01 11:00Z", "HELD"))
        for starts, ends, status in (
            ("2026-01-01 10:30Z", "2026-01-01 11:30Z", "CONFIRMED"),  # overlaps
            ("2026-01-02 10:00Z", "2026-01-02 09:00Z", "CONFIRMED"),  # ends before it starts
            ("2026-01-03 10:00Z", "2026-01-03 11:00Z", "HELD"),  # a second held booking
        ):
            with pytest.raises(psycopg.errors.IntegrityError):
                conn.execute(book, (user[0], room[0], starts, ends, status))
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO rooms (capacity) VALUES (0)")


def test_an_enum_never_takes_the_name_of_a_table() -> None:
    """A `Role` lookup table beside the users' role enum: Prisma and TypeScript share one
    namespace, so the enum is renamed and the schema passes Prisma's engine."""
    built = _schema(
        "    ROLE {\n        uuid id PK\n        varchar name\n    }\n"
        "    USER {\n        uuid id PK\n        varchar email UK\n"
        '        varchar role "ADMIN | MEMBER"\n    }'
    )
    assert {"Role", "User"} <= {m.name for m in built.models}
    assert "Role" not in {e.name for e in built.enums}
    assert built.model("User").col("role").enum == built.role_enum == "RoleType"


def _parsed(ddl: str) -> dict[str, object]:
    """Tables (columns, NOT NULL, primary key, uniques), foreign keys and enum types of a DDL text,
    as PostgreSQL's own parser reads it (pglast)."""
    tables: dict[str, dict[str, object]] = {}
    references: dict[tuple[str, str], str] = {}
    enums: dict[str, tuple[str, ...]] = {}
    for raw in pglast.parse_sql(ddl):
        statement = raw.stmt
        if isinstance(statement, pglast.ast.CreateEnumStmt):
            enums[statement.typeName[-1].sval] = tuple(v.sval for v in statement.vals)
        elif isinstance(statement, pglast.ast.CreateStmt):
            columns = {
                e.colname: any(
                    c.contype == pglast.enums.ConstrType.CONSTR_NOTNULL for c in e.constraints or ()
                )
                for e in statement.tableElts
                if isinstance(e, pglast.ast.ColumnDef)
            }
            keys = [
                (e.contype, tuple(k.sval for k in e.keys))
                for e in statement.tableElts
                if isinstance(e, pglast.ast.Constraint)
            ]
            tables[statement.relation.relname] = {"columns": columns, "keys": keys}
        elif isinstance(statement, pglast.ast.AlterTableStmt):
            made = statement.cmds[0].def_
            if (
                isinstance(made, pglast.ast.Constraint)
                and made.contype == pglast.enums.ConstrType.CONSTR_FOREIGN
            ):
                references[(statement.relation.relname, made.fk_attrs[0].sval)] = made.pktable.relname
    return {"tables": tables, "references": references, "enums": enums}


def test_round_trip_erd_to_ddl_to_postgresqls_parser_keeps_every_table_key_and_enum() -> None:
    """ERD → schema → DDL → pglast: the same tables, columns, nullability, keys, uniques, foreign
    keys and enum values as the schema the ERD gave."""
    built = _schema(VOLUNTEERS)
    parsed = _parsed(sql.render(built))
    primary, unique = pglast.enums.ConstrType.CONSTR_PRIMARY, pglast.enums.ConstrType.CONSTR_UNIQUE
    for model in built.models:
        table = parsed["tables"][model.table]  # type: ignore[index]
        assert table["columns"] == {c.column: not c.nullable for c in model.columns}
        keys = table["keys"]
        assert (primary, tuple(c.column for c in model.pk)) in keys
        for names in model.uniques:
            assert (unique, tuple(model.col(n).column for n in names)) in keys
        for fk in model.fks:
            target = built.model(fk.target).table
            assert parsed["references"][(model.table, model.col(fk.column).column)] == target  # type: ignore[index]
    assert parsed["enums"] == {e.db_name: e.values for e in built.enums}
