"""The domain model read from a workspace: the seam between the readers and the planners.

Everything here is frozen pydantic: what the readers found, in a form every planner trusts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Base of the generators' models: immutable, no stray fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldType(StrEnum):
    """The portable field types every ORM and the OpenAPI document map from."""

    STRING = "string"
    TEXT = "text"
    INT = "int"
    BIGINT = "bigint"
    FLOAT = "float"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    DATE = "date"
    UUID = "uuid"
    JSON = "json"
    ENUM = "enum"


Format = Literal["", "email", "url", "phone", "password"]


class Attribute(Frozen):
    """One attribute of an entity, as the documents state it."""

    name: str
    raw_type: str
    type: FieldType
    pk: bool = False
    fk: bool = False
    unique: bool = False
    optional: bool = False
    is_list: bool = False
    comment: str = ""
    enum_values: tuple[str, ...] = ()
    format: Format = ""
    db_type: str = ""
    """The exact PostgreSQL type the document states where the portable type says less:
    ``NUMERIC(8,2)``, ``VARCHAR(80)``, ``SMALLINT``, ``CITEXT``, ``INET``, ``TIME``."""
    default: str = ""
    """A default the document states, as written: ``true``, ``0``, ``Europe/London``, ``now()``."""
    references: str = ""
    """The table or entity a foreign-key comment names: ``FK → service_categories.id``."""
    unique_with: tuple[str, ...] = ()
    """What this attribute is unique together with: columns (``unique with guardian_id``) or an
    entity (``unique per depot``)."""


EntityOrigin = Literal["document", "inferred", "join", "auth"]


class Entity(Frozen):
    """An entity: its name in PascalCase singular, its attributes and where it was found."""

    name: str
    attributes: tuple[Attribute, ...] = ()
    source: str = ""
    origin: EntityOrigin = "document"
    exact: bool = False
    """An ERD block states it: its columns are exactly the ERD's (no conventional timestamps)."""
    seeds: tuple[str, ...] = ()
    """Rows a lookup table starts with, as the documents list them (``Food``, ``Transport``)."""


End = Literal["one", "zero_or_one", "many", "one_or_more"]


class Relationship(Frozen):
    """A relationship of the ERD: ``left`` has ``right_end`` of ``right``, and the reverse."""

    left: str
    right: str
    left_end: End
    right_end: End
    label: str = ""
    identifying: bool = True
    source: str = ""


Complexity = Literal["S", "M", "L", "XL", ""]


class Story(Frozen):
    """A user story: "As a {role}, I want to {action}, so {benefit}"."""

    id: str
    role: str
    action: str
    benefit: str = ""
    complexity: Complexity = ""
    priority: str = ""
    epic: str = ""
    source: str = ""
    infinitive: bool = True
    """The wish is something the user does ("I want to cancel…"), not a state of the world
    ("I want my address hidden", "I want an email when…")."""
    details: str = ""
    """Acceptance criteria and notes the documents give for this story."""


ConstraintKind = Literal["check", "exclude", "unique_where"]


class Constraint(Frozen):
    """A rule the documents state for the database: a CHECK, an exclusion constraint, or a
    unique index over some rows (``WHERE status = 'PENDING'``)."""

    kind: ConstraintKind
    expression: str
    """check: the condition; exclude: what follows ``EXCLUDE USING gist``; unique_where: the
    ``WHERE`` condition."""
    words: tuple[str, ...] = ()
    """Words of the statement that name its table and, for a unique index, its columns."""
    entity: str = ""
    """The entity, where the statement is an ERD line of it."""
    stated: str = ""
    """The statement as written (shortened), and where."""


class Synonym(Frozen):
    """A word the documents say means an entity: "'Booking' always means `Reservation`"."""

    word: str
    entity: str
    source: str = ""


class Epic(Frozen):
    """An epic of the PRD."""

    id: str
    name: str
    description: str = ""
    source: str = ""


Orm = Literal["prisma", "typeorm"]
Platform = Literal["express", "fastify"]


class ErrorCode(Frozen):
    """An error the architecture names with its HTTP status: ``409 SLOT_TAKEN``."""

    status: int
    code: str
    note: str = ""
    """The architecture's line that names it, as written."""


class AuthDesign(Frozen):
    """How the architecture wants tokens handled; the plan's defaults where it is silent."""

    access_ttl: str = "15 minutes"
    refresh_ttl: str = "7 days"
    refresh_cookie: bool = False
    """The refresh token travels in an httpOnly cookie, never in a body."""
    refresh_store: str = ""
    """Where refresh tokens (their families) are kept: "" for a hash column on the user."""
    claims: tuple[str, ...] = ()
    """Claims the access token carries besides ``sub`` and ``role`` (``clinicId``)."""
    stated: tuple[str, ...] = ()
    """Which of these the architecture states (``access_ttl``, ``refresh_cookie``…)."""


BackgroundKind = Literal["worker", "schedule", "webhook", "email", "sms"]


class Background(Frozen):
    """Work the architecture runs outside a request: a worker, a schedule, a provider's webhook,
    an e-mail or SMS provider."""

    kind: BackgroundKind
    name: str
    """``reminder worker``, ``Stripe``, ``Postmark``…"""
    line: str = ""
    """The architecture's line that names it, as written."""


class NamedEndpoint(Frozen):
    """An endpoint the architecture names: ``POST /appointments/:id/check-in``."""

    method: str
    path: str
    """As the plan writes paths: no ``/api`` or version prefix, parameters as ``:name``."""
    line: str = ""


class Risk(Frozen):
    """A technical risk the architecture names, with its impact (high, medium, low) and mitigation."""

    risk: str
    impact: str = ""
    mitigation: str = ""


class ArchModule(Frozen):
    """A backend module the architecture names, with the entities it says the module owns."""

    name: str
    """As code names it: ``AuthModule`` and ``auth`` are ``auth``, ``Work orders`` ``workOrders``."""
    label: str
    """As the architecture writes it."""
    responsibilities: str = ""
    entities: tuple[str, ...] = ()
    """Entities of the data model, by their names there."""
    prefix: str = ""


class AccessCell(Frozen):
    """One role's cell of the architecture's authorization table: allowed or not, and the condition
    written beside the mark (``owner``, ``course teachers``)."""

    role: str
    """The column's heading as written: ``Member (buyer/seller)``."""
    allowed: bool
    qualifier: str = ""


class AccessRow(Frozen):
    """One capability of the architecture's authorization table and each role's cell."""

    capability: str
    cells: tuple[AccessCell, ...]


class Stack(Frozen):
    """What the architecture chose (or the defaults where it is silent)."""

    platform: Platform = "express"
    """The HTTP platform under Nest.js: Express (Nest's default) or Fastify where the architecture
    chooses it."""
    other_framework: str = ""
    """The architecture's line when it builds the API on a framework other than Nest.js."""
    orm: Orm = "prisma"
    orm_stated: bool = False
    orm_major: int = 0
    """The ORM's major version the architecture names (Prisma 6, Prisma 7; TypeORM 0); 0: unnamed."""
    database_major: int = 16
    """The PostgreSQL major version the architecture names; 16 where it is silent."""
    database: str = "PostgreSQL"
    database_stated: bool = False
    other_database: str = ""
    cache: str = ""
    queue: str = ""
    auth: str = "JWT"
    problem_details: bool = False
    """Errors are RFC 9457 (formerly 7807) problem details, ``application/problem+json``."""
    error_codes: tuple[ErrorCode, ...] = ()
    auth_design: AuthDesign = AuthDesign()
    background: tuple[Background, ...] = ()
    endpoints: tuple[NamedEndpoint, ...] = ()
    modules: tuple[ArchModule, ...] = ()
    """The backend modules the architecture lists (empty: it lists none, one module per table)."""
    risks: tuple[Risk, ...] = ()
    access: tuple[AccessRow, ...] = ()
    """The architecture's authorization table (capability × role), empty where it has none."""
    access_heading: str = ""
    """The heading the authorization table stands under, as written."""


class RoleFound(Frozen):
    """A role and where the readers found it."""

    name: str
    found: str
    """Where: "the actor of stories", "a value of the role enum"…"""
    sure: bool = True
    """Stated by a document (True) or inferred from what it holds (False)."""


VisibilityKind = Literal["hidden", "only", "limited"]


class Visibility(Frozen):
    """A statement of who may see what: records (in a state) or a field hidden from some roles
    (``hidden``), shown only to some (``only``), or some roles seeing only some records
    (``limited``: "guardians can only see linked children")."""

    kind: VisibilityKind
    subject: str
    """What is seen, as written: "Draft assignments", "guest data", "linked children"."""
    state: str = ""
    """A state written apart from the subject: "Grades are *Draft* (visible to teachers only)"."""
    roles: str = ""
    """The roles named, as written: "students", "staff", "teachers"."""
    sentence: str = ""
    source: str = ""


class DomainModel(Frozen):
    """All the generators know about one MVP."""

    name: str
    slug: str
    brief: str = ""
    entities: tuple[Entity, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    roles: tuple[str, ...] = ()
    role_sources: tuple[RoleFound, ...] = ()
    """Where each role of ``roles`` was found."""
    epics: tuple[Epic, ...] = ()
    stories: tuple[Story, ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    stack: Stack = Stack()
    has_prd: bool = True
    has_architecture: bool = True
    assumptions: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    """What the documents ask to verify (Definition of Done, non-functional requirements)."""
    visibility: tuple[Visibility, ...] = ()
    """Who may see what, as the documents restrict it."""
