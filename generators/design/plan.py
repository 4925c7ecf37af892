"""The plan: everything the templates show, derived once from the domain model."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generators import naming
from generators.design import api as api_mod
from generators.design import database, dtos, routes
from generators.design import tasks as tasks_mod
from generators.design.api import Api, Endpoint, Module
from generators.design.dtos import Dto
from generators.design.schema import ADMIN_ROLES, Column, ForeignKey, Model, Schema
from generators.design.tasks import Sprint, Task
from generators.emit import diagrams, openapi, prisma, sql, typeorm, yamldoc
from generators.model import DomainModel, Orm


class _Schema:
    """What the templates ask of the schema: the plan's and each document view's."""

    schema: Schema
    error_codes = openapi.ERROR_CODES
    status_text = openapi.STATUS_TEXT

    @property
    def roles(self) -> list[str]:
        """Role labels, in matrix column order."""
        return [api_mod.role_label(role) for role in self.schema.roles]

    def filters(self, entity: str) -> list[Column]:
        """Equality filters of the list route of ``entity``."""
        return dtos.filters(self.schema.model(entity))

    def searchable(self, entity: str) -> list[Column]:
        """Columns ``q`` searches on the list route of ``entity``."""
        return dtos.searchable(self.schema.model(entity))

    def db_type(self, column: Column) -> str:
        """The PostgreSQL type of ``column`` as the DDL writes it."""
        return sql.column_type(column, self.schema)

    def key(self, model: Model, column: Column) -> str:
        """PK / FK / UK markers of a column."""
        keys = [
            k
            for k, on in (
                ("PK", column.pk),
                ("FK", any(fk.column == column.name for fk in model.fks)),
                ("UK", column.unique),
            )
            if on
        ]
        return ", ".join(keys) or "—"

    def fk(self, model: Model, column: Column) -> ForeignKey | None:
        """The foreign key ``column`` holds, if any."""
        return next((fk for fk in model.fks if fk.column == column.name), None)

    def default(self, column: Column) -> str:
        """The column default as the DDL writes it, or a dash."""
        return sql.column_default(column) or "—"


# The views hold everything their document shows, and its template sees nothing else, so an
# equal view renders the same document: ``render.render_view`` does not render it again.


@dataclass(frozen=True)
class ApiSpecView(_Schema):
    """What api-spec.md shows."""

    name: str
    schema: Schema
    modules: list[Module]
    dtos: list[Dto]


@dataclass(frozen=True)
class SchemaView(_Schema):
    """What database-schema.md shows."""

    name: str
    orm: Orm
    schema: Schema
    admin_role: str
    erd: str
    prisma: str
    typeorm: list[tuple[str, str]]
    sql: str

    @property
    def orm_name(self) -> str:
        """The ORM as people write it."""
        return _orm_name(self.orm)


def _orm_name(orm: Orm) -> str:
    return "Prisma" if orm == "prisma" else "TypeORM"


@dataclass
class Plan(_Schema):
    """What the four artifacts are rendered from."""

    domain: DomainModel
    orm: Orm
    schema: Schema
    api: Api
    tasks: list[Task]
    sprints: list[Sprint]
    prisma: str
    sql: str
    typeorm: list[tuple[str, str]]
    erd: str
    module_graph: str
    openapi_doc: dict[str, Any]
    assumptions: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    @property
    def capacity(self) -> float:
        """Days per sprint the allocation assumes."""
        return tasks_mod.SPRINT_DAYS

    @property
    def orm_name(self) -> str:
        """The ORM as people write it."""
        return _orm_name(self.orm)

    def matrix(self) -> list[tuple[Endpoint, list[bool]]]:
        """The role × endpoint matrix: one row per endpoint, one flag per role."""
        rows = []
        for endpoint in self.api.endpoints:
            if endpoint.public or not endpoint.roles:
                flags = [True] * len(self.schema.roles)
            else:
                flags = [role in endpoint.roles for role in self.schema.roles]
            rows.append((endpoint, flags))
        return rows

    @cached_property
    def openapi_yaml(self) -> str:
        """The OpenAPI document as YAML (key order kept)."""
        return yamldoc.dump(self.openapi_doc)

    article = staticmethod(naming.article)

    def api_spec(self) -> ApiSpecView:
        """The view api-spec.md is rendered from."""
        return ApiSpecView(self.domain.name, self.schema, self.api.modules, self.api.dtos())

    def database_schema(self) -> SchemaView:
        """The view database-schema.md is rendered from."""
        return SchemaView(
            name=self.domain.name,
            orm=self.orm,
            schema=self.schema,
            admin_role=self.api.admin_role,
            erd=self.erd,
            prisma=self.prisma,
            typeorm=self.typeorm,
            sql=self.sql,
        )

    @property
    def feature_modules(self) -> list[api_mod.Module]:
        """Modules that own a table."""
        return [module for module in self.api.modules if module.entity]


def _questions(domain: DomainModel, schema: Schema, api: Api) -> list[str]:
    questions = list(domain.questions)
    for story in api.unmapped:
        questions.append(
            f'{story.id} ({story.role}: "{story.action}") names no entity of the data model: '
            "which records does it read or change?"
        )
    for module in api.modules:
        if not module.entity:
            continue
        writes = [e for e in module.endpoints if e.kind in ("update", "delete") and not e.stories]
        if not writes:
            continue
        admin = api_mod.role_label(api.admin_role)
        noun, nouns = naming.human(module.entity), naming.human_plural(module.entity)
        if module.entity == schema.user_model:
            questions.append(
                f"No story says who may edit or delete user accounts: only {admin} may until this "
                "is confirmed. Should users edit their own profile?"
            )
            continue
        creators = [
            api_mod.role_label(r)
            for r in next(e.roles for e in module.endpoints if e.kind == "create")
            if r != api.admin_role
        ]
        owner = (
            f"the {' or '.join(creators)} who created {naming.article(noun)} {noun}"
            if creators
            else "its creator"
        )
        questions.append(
            f"No story says who may edit or delete {nouns}: only {admin} may until this is "
            f"confirmed. Should {owner} be able to?"
        )
    if domain.stories and any(not s.complexity for s in domain.stories):
        missing = [s.id for s in domain.stories if not s.complexity]
        questions.append("Stories without a stated complexity: " + ", ".join(missing) + ".")
    user = schema.model(schema.user_model)
    if user.origin == "auth":
        questions.append("Which profile fields does a user have beyond email and role?")
    return questions


def _assumptions(domain: DomainModel, schema: Schema, api: Api, orm: Orm) -> list[str]:
    notes = list(domain.assumptions)
    if orm != domain.stack.orm and domain.stack.orm_stated:
        notes.append(
            f"The ORM was set to {orm} for this run, although the architecture chooses {domain.stack.orm}."
        )
    elif not domain.stack.orm_stated:
        notes.append("The architecture names no ORM: Prisma, the default for this step.")
    if not domain.roles:
        notes.append("The PRD names no roles: `user` for everyone and `admin` for staff.")
    elif all(api_mod.role_label(r) not in ADMIN_ROLES for r in domain.roles):
        notes.append("The PRD names no admin role: `admin` is added to run the back office and seed data.")
    notes.extend(schema.notes)
    notes.extend(api.notes)
    notes.append(
        "Every non-admin role may read the records its stories touch; scoping reads to the caller's "
        "own records (owner, groomer, member…) is done in the services, per module."
    )
    if domain.stack.cache:
        notes.append(f"{domain.stack.cache} (from the architecture) backs the rate limiter and caching.")
    if domain.stack.queue:
        notes.append(f"{domain.stack.queue} (from the architecture) runs background jobs; one queue module.")
    return notes


def build(domain: DomainModel, orm: Orm) -> Plan:
    """The full plan for ``domain`` with ``orm``."""
    if not domain.roles:
        domain = domain.model_copy(update={"roles": ("user",)})
    schema = database.build(domain)
    api = routes.build(domain, schema)
    tasks = tasks_mod.build(api, schema)
    description = domain.brief or f"API of {domain.name}"
    return Plan(
        domain=domain,
        orm=orm,
        schema=schema,
        api=api,
        tasks=tasks,
        sprints=tasks_mod.sprints(tasks),
        prisma=prisma.render(schema) if orm == "prisma" else "",
        sql=sql.render(schema),
        typeorm=typeorm.render(schema) if orm == "typeorm" else [],
        erd=diagrams.erd(schema),
        module_graph=diagrams.modules(api),
        openapi_doc=openapi.document(api, schema, f"{domain.name} API", description),
        assumptions=_assumptions(domain, schema, api, orm),
        questions=_questions(domain, schema, api),
    )
