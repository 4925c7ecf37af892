"""The relational schema the domain model implies: one source for Prisma, SQL, TypeORM and ERD.

Resolves what an ERD leaves implicit: which side of a relationship holds the foreign key and
what it is called, join tables for many-to-many, primary keys, timestamps, enums, and the user
table the auth module needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generators import naming
from generators.model import FieldType

OnDelete = Literal["Cascade", "Restrict", "SetNull"]
Generated = Literal["", "uuid", "autoincrement", "now", "updatedAt"]

ADMIN_ROLES = {"admin", "administrator", "super admin", "superadmin", "system admin"}


@dataclass(frozen=True)
class Column:
    """A column of a model, named in camel case (code) and snake case (database)."""

    name: str
    type: FieldType
    nullable: bool = False
    unique: bool = False
    pk: bool = False
    generated: Generated = ""
    enum: str = ""
    is_list: bool = False
    format: str = ""
    comment: str = ""
    internal: bool = False
    default: str = ""
    db_type: str = ""
    """The exact PostgreSQL type the ERD states (``NUMERIC(8,2)``, ``CITEXT``); empty: the portable one."""
    stated_fk: bool = False
    """The ERD marks this column FK (it may also be part of the primary key)."""
    references: str = ""
    """The table or entity the ERD's comment says this foreign key points at."""
    unique_with: tuple[str, ...] = ()

    @property
    def column(self) -> str:
        """The database column name."""
        return naming.snake(self.name)


@dataclass(frozen=True)
class ForeignKey:
    """A many-to-one (or one-to-one when ``unique``) reference from a model to another."""

    column: str
    target: str
    nav: str
    back: str
    optional: bool
    unique: bool
    on_delete: OnDelete
    relation: str
    label: str = ""
    why: str = ""
    """Why deleting the target does what ``on_delete`` says."""


@dataclass(frozen=True)
class TableRule:
    """A constraint the documents state for one table, as PostgreSQL writes it."""

    kind: str
    """``check``, ``exclude`` or ``unique_where``."""
    name: str
    body: str
    """``CHECK (…)``, ``EXCLUDE USING gist (…)``, or ``(a, b) WHERE …`` for a partial unique index."""
    stated: str


@dataclass
class Model:
    """A table: its columns, foreign keys and where it came from."""

    name: str
    columns: list[Column]
    fks: list[ForeignKey] = field(default_factory=list)
    origin: str = "document"
    source: str = ""
    exact: bool = False
    """Its columns are exactly the ERD's: no conventional columns are added."""
    uniques: list[tuple[str, ...]] = field(default_factory=list)
    seeds: list[str] = field(default_factory=list)
    """The rows a lookup table starts with (its ``name``), as the documents list them."""
    rules: list[TableRule] = field(default_factory=list)
    """CHECKs, exclusion constraints and partial unique indexes the documents state."""
    """Composite unique constraints (column names), as the ERD states them."""

    @property
    def table(self) -> str:
        """The table name."""
        return naming.table(self.name)

    @property
    def pk(self) -> list[Column]:
        """The primary key columns (two for a join table)."""
        return [column for column in self.columns if column.pk]

    def col(self, name: str) -> Column:
        """The column called ``name``."""
        return next(column for column in self.columns if column.name == name)

    def has(self, name: str) -> bool:
        """Whether a column called ``name`` exists."""
        return any(column.name == name for column in self.columns)

    @property
    def is_join(self) -> bool:
        """A join table made for a direct many-to-many relationship."""
        return self.origin == "join"

    def indexed(self) -> list[str]:
        """Foreign-key columns that need an index of their own."""
        firsts = {self.pk[0].name} if self.pk else set()
        return [
            fk.column
            for fk in self.fks
            if not fk.unique and fk.column not in firsts and not self.col(fk.column).unique
        ]


@dataclass(frozen=True)
class EnumDef:
    """An enum: its type name and its values as the documents wrote them."""

    name: str
    values: tuple[str, ...]

    @property
    def members(self) -> list[tuple[str, str]]:
        """(member identifier, stored value) pairs: ``("PENDING", "pending")``."""
        return [(naming.constant(value), value) for value in self.values]

    @property
    def db_name(self) -> str:
        """The PostgreSQL type name."""
        return naming.snake(self.name)


@dataclass
class Schema:
    """All models and enums, and which model the auth module signs users into."""

    models: list[Model]
    enums: list[EnumDef]
    user_model: str
    role_enum: str
    roles: tuple[str, ...]
    notes: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    tenant: str = ""
    """The entity the data is partitioned by (a clinic, an organisation); "" where there is none."""
    personas: dict[str, str] = field(default_factory=dict)
    """People the documents name who sign in with another role (``buyer`` → ``member``), by key."""

    def role_of(self, said: str) -> str | None:
        """The stored role a story's role names, a persona's role included."""
        return role_for(self.roles, said) or self.personas.get(naming.key(said))

    def model(self, name: str) -> Model:
        """The model called ``name``."""
        return next(model for model in self.models if model.name == name)

    def enum(self, name: str) -> EnumDef:
        """The enum called ``name``."""
        return next(enum for enum in self.enums if enum.name == name)


def is_admin(role: str) -> bool:
    """Whether a role runs the back office: ``admin``, ``SCHOOL_ADMIN``, ``clinic administrator``."""
    said = role.replace("_", " ").lower()
    return said in ADMIN_ROLES or bool(
        {"admin", "administrator", "superadmin", "superuser"} & set(said.split())
    )


def role_for(roles: tuple[str, ...], said: str) -> str | None:
    """The stored role a story's role names: ``fleet manager`` → ``FLEET_MANAGER``; ``library
    coordinator`` → ``coordinator`` when only the last words match."""
    wanted = naming.key(said)
    if not wanted:
        return None
    exact = next((role for role in roles if naming.key(role) == wanted), None)
    if exact is not None:
        return exact
    return next((role for role in roles if naming.key(role) and wanted.endswith(naming.key(role))), None)


def role_members(roles: tuple[str, ...]) -> tuple[str, ...]:
    """The roles as stored values: ``pet owner`` → ``pet_owner``."""
    return tuple(dict.fromkeys(naming.snake(role) for role in roles if naming.snake(role)))
