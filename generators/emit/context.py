"""What the templates see: the plan, the texts emitted from it, and the helpers tables need.

Built once per generation; the templates read it as ``plan`` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generators import naming
from generators.design import dtos, named, tenancy
from generators.design.api import Api, Endpoint, Module
from generators.design.dtos import Dto
from generators.design.plan import Plan
from generators.design.schema import Column, ForeignKey, Model, Schema
from generators.design.tasks import Sprint, Task
from generators.emit import diagrams, openapi, prisma, sql, typeorm, yamldoc
from generators.model import DomainModel, NamedEndpoint, Orm


@dataclass(frozen=True)
class Context:
    """The plan as its four documents show it."""

    plan: Plan
    erd: str
    module_graph: str
    prisma: str
    typeorm: list[tuple[str, str]]
    sql: str
    openapi_doc: dict[str, Any]
    openapi_yaml: str
    node_checked: bool = False
    """Prisma's engine and Mermaid's parser check the documents before they are written."""

    error_codes = openapi.ERROR_CODES
    status_text = openapi.STATUS_TEXT
    article = staticmethod(naming.article)

    @property
    def domain(self) -> DomainModel:
        """What was read from the workspace."""
        return self.plan.domain

    def named_endpoints(self) -> list[tuple[NamedEndpoint, str]]:
        """Each endpoint the architecture names, and the path the plan gives it ("" if none)."""
        return self.plan.named_endpoints()

    @staticmethod
    def same_shape(one: str, other: str) -> bool:
        """Whether two paths differ only in their parameters' names."""
        return named.shape(one) == named.shape(other)

    @property
    def name(self) -> str:
        """The MVP's name."""
        return self.plan.domain.name

    @property
    def orm(self) -> Orm:
        """The ORM the schema is written for."""
        return self.plan.orm

    @property
    def orm_name(self) -> str:
        """The ORM as people write it."""
        return self.plan.orm_name

    @property
    def rules(self) -> list[tuple[str, str, str]]:
        """(table, DDL statement, where it was stated) for every rule the documents state."""
        statements = iter(sql.rule_statements(self.plan.schema))
        return [(m.table, next(statements), r.stated) for m in self.plan.schema.models for r in m.rules]

    @property
    def prisma_major(self) -> int:
        """The Prisma major version the schema is written for."""
        return self.plan.prisma_major

    @property
    def postgres_major(self) -> int:
        """The PostgreSQL major version."""
        return self.plan.postgres_major

    @property
    def schema(self) -> Schema:
        """The relational schema."""
        return self.plan.schema

    @property
    def api(self) -> Api:
        """The API (modules, endpoints, DTOs)."""
        return self.plan.api

    @property
    def modules(self) -> list[Module]:
        """Every module, auth first."""
        return self.plan.api.modules

    @property
    def feature_modules(self) -> list[Module]:
        """Modules that own a table."""
        return self.plan.feature_modules

    @property
    def dtos(self) -> list[Dto]:
        """Every DTO, auth first."""
        return self.plan.api.dtos()

    @property
    def admin_role(self) -> str:
        """The role that runs the back office."""
        return str(self.plan.api.admin_role)

    @property
    def roles(self) -> list[str]:
        """Role labels, in matrix column order."""
        return self.plan.roles

    @property
    def tasks(self) -> list[Task]:
        """The implementation tasks."""
        return self.plan.tasks

    @property
    def sprints(self) -> list[Sprint]:
        """The tasks packed into sprints."""
        return self.plan.sprints

    @property
    def capacity(self) -> float:
        """Days per sprint."""
        return self.plan.capacity

    @property
    def assumptions(self) -> list[str]:
        """What the plan assumed."""
        return self.plan.assumptions

    @property
    def questions(self) -> list[str]:
        """What the plan asks."""
        return self.plan.questions

    def coverage_rows(self) -> list[tuple[str, str, str, str, str]]:
        """The story coverage table's rows."""
        return self.plan.coverage_rows()

    def matrix(self) -> list[tuple[Endpoint, list[str]]]:
        """The role × endpoint matrix: each cell the scope of the grant, or "" (refused)."""
        return self.plan.matrix()

    @property
    def scoped_matrix(self) -> bool:
        """Whether some grant of the matrix is narrower than every record."""
        return any(cell not in ("", "all") for _, cells in self.plan.matrix() for cell in cells)

    @property
    def table_ruled(self) -> int:
        """How many endpoints the architecture's authorization table decides."""
        return sum(bool(endpoint.ruled) for endpoint in self.plan.api.endpoints)

    @property
    def table_conditions(self) -> list[str]:
        """The conditions of the architecture's authorization table the matrix shows, as written."""
        said = (
            part for e in self.plan.api.endpoints for grant in e.grants for part in grant.scope.split(", ")
        )
        return [f"*{scope}*" for scope in dict.fromkeys(said) if scope not in ("own", "tenant", "all")]

    human = staticmethod(naming.human)

    @property
    def tenant_claim(self) -> str:
        """The token claim of the tenant's id (``clinicId``), or ""."""
        return tenancy.claim(self.schema.tenant)

    @property
    def claims(self) -> list[str]:
        """The access token's claims besides ``sub`` and ``role``: the architecture's, and the tenant's."""
        stated = list(self.domain.stack.auth_design.claims)
        tenant = self.tenant_claim
        if tenant and naming.key(tenant) not in {naming.key(claim) for claim in stated}:
            stated.append(tenant)
        return stated

    @property
    def tenant_columns(self) -> list[tuple[Model, str]]:
        """(table, column) of every table that holds the tenant's id."""
        reach = tenancy.reach(self.schema.models, self.schema.tenant)
        return [
            (model, tenancy.column(model, self.schema.tenant))
            for model in self.schema.models
            if reach.get(model.name) == ""
        ]

    @property
    def tenant_through(self) -> list[tuple[Model, str]]:
        """(table, parent table) of tables that reach the tenant only through a parent that holds it."""
        reach = tenancy.reach(self.schema.models, self.schema.tenant)
        return [
            (model, self.schema.model(reach[model.name]).table)
            for model in self.schema.models
            if reach.get(model.name)
        ]

    def filters(self, entity: str) -> list[Column]:
        """Equality filters of the list route of ``entity``."""
        return dtos.filters(self.schema.model(entity), self.schema.tenant)

    def searchable(self, entity: str) -> list[Column]:
        """Columns ``q`` searches on the list route of ``entity``."""
        return dtos.searchable(self.schema.model(entity))

    def db_type(self, column: Column) -> str:
        """The PostgreSQL type of ``column`` as the DDL writes it."""
        return sql.column_type(column, self.schema)

    def key(self, model: Model, column: Column) -> str:
        """PK / FK / UK markers of a column."""
        marks = {
            "PK": column.pk,
            "FK": any(fk.column == column.name for fk in model.fks),
            "UK": column.unique,
        }
        return ", ".join(mark for mark, on in marks.items() if on) or "—"

    def fk(self, model: Model, column: Column) -> ForeignKey | None:
        """The foreign key ``column`` holds, if any."""
        return next((fk for fk in model.fks if fk.column == column.name), None)

    def default(self, column: Column) -> str:
        """The column default as the DDL writes it, or a dash."""
        return sql.column_default(column) or "—"


def build(plan: Plan, node_checked: bool = False) -> Context:
    """Emit every machine-readable text of ``plan`` once, for the templates; ``node_checked``
    says whether Prisma's engine and Mermaid's parser check the documents before they are written."""
    description = plan.domain.brief or f"API of {plan.domain.name}"
    document = openapi.document(
        plan.api, plan.schema, f"{plan.domain.name} API", description, plan.domain.stack
    )
    return Context(
        plan=plan,
        erd=diagrams.erd(plan.schema),
        module_graph=diagrams.modules(plan.api),
        prisma=prisma.render(plan.schema, plan.prisma_major) if plan.orm == "prisma" else "",
        typeorm=typeorm.render(plan.schema) if plan.orm == "typeorm" else [],
        sql=sql.render(plan.schema),
        openapi_doc=document,
        openapi_yaml=yamldoc.dump(document),
        node_checked=node_checked,
    )
