"""The API's shape: modules, endpoints, DTOs and who may call what.

Built once by ``routes``; the plan, api-spec.md and openapi.yaml all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generators import naming
from generators.design.dtos import Dto
from generators.model import Story

if TYPE_CHECKING:  # the coverage reads endpoints' methods from here
    from generators.design.intent.coverage import Coverage

Method = Literal["GET", "POST", "PATCH", "PUT", "DELETE"]
EndpointKind = Literal[
    "list",
    "get",
    "create",
    "update",
    "delete",
    "action",
    "link",
    "unlink",
    "auth",
    "transition",
    "report",
    "export",
    "import",
    "invite",
    "mine",
    "reorder",
    "webhook",
    "copy",
    "availability",
    "batch",
    "register",
]


@dataclass(frozen=True)
class Grant:
    """A role's grant narrowed by the architecture's authorization table: ``own`` (the caller's
    records) or the condition the table writes (``course teachers``)."""

    role: str
    scope: str


@dataclass(frozen=True)
class Endpoint:
    """One route: what it does, what it takes and returns, and who may call it."""

    method: Method
    path: str
    summary: str
    operation_id: str
    kind: EndpointKind
    module: str
    service_method: str
    status: int
    errors: tuple[int, ...]
    roles: tuple[str, ...] = ()
    public: bool = False
    request: str = ""
    response: str = ""
    paginated: bool = False
    stories: tuple[str, ...] = ()
    note: str = ""
    path_params: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    """Query filters a story asked for, by column name (``from``/``to`` for a date range, ``q``)."""
    entity: str = ""
    """The entity whose columns the filters name (the one the endpoint lists)."""
    many: bool = False
    """The response is a list (not paginated)."""
    content: str = "application/json"
    """The response's media type (``text/csv`` for an export)."""
    upload: bool = False
    """The request is a file upload (``multipart/form-data``)."""
    grants: tuple[Grant, ...] = ()
    """Grants the architecture's authorization table narrows, by role."""
    ruled: tuple[str, ...] = ()
    """The capabilities of the architecture's authorization table that decide who may call it."""

    @property
    def openapi_path(self) -> str:
        """The path with ``{param}`` placeholders."""
        return "/".join(f"{{{p[1:]}}}" if p.startswith(":") else p for p in self.path.split("/"))

    @property
    def auth(self) -> str:
        """The Auth column of the endpoint tables."""
        if self.public:
            return "Public"
        if not self.roles:
            return "JWT"
        return "JWT: " + ", ".join(role_label(role) for role in self.roles)


@dataclass(frozen=True)
class Transition:
    """A state change a module's endpoint makes: ``POST /reservations/:id/cancel`` sets status CANCELLED."""

    action: str
    column: str
    value: str
    path: str


class _Named:
    """What a module's code name gives: its class-name prefix and its folder."""

    name: str

    @property
    def pascal(self) -> str:
        """Class-name prefix: ``workOrders`` → ``WorkOrders``."""
        return naming.pascal_exact(self.name)

    @property
    def folder(self) -> str:
        """Folder under ``src/modules``."""
        return naming.snake(self.name).replace("_", "-")


@dataclass
class Module(_Named):
    """A Nest.js feature module (in the plan's terms, a resource: one controller and service)."""

    name: str
    purpose: str
    entity: str = ""
    endpoints: list[Endpoint] = field(default_factory=list)
    dtos: list[Dto] = field(default_factory=list)
    services: list[tuple[str, str]] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)


@dataclass
class Group(_Named):
    """A Nest.js module of the plan: one the architecture names (``stated``), holding one resource
    (controller and service) per entity it lists, or one table's resource alone."""

    name: str
    purpose: str
    label: str = ""
    prefix: str = ""
    stated: bool = False
    parts: list[Module] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    shared: list[tuple[str, str]] = field(default_factory=list)
    """(entity, owning module): tables the architecture also lists here, owned by another module."""

    @classmethod
    def alone(cls, module: Module) -> Group:
        """The module of one resource, named as it is."""
        return cls(
            name=module.name, purpose=module.purpose, parts=[module], dependencies=list(module.dependencies)
        )

    @property
    def entities(self) -> list[str]:
        """The entities whose tables this module owns."""
        return [part.entity for part in self.parts if part.entity]

    @property
    def single(self) -> bool:
        """One resource named like the module: written as that resource alone."""
        return len(self.parts) == 1 and self.parts[0].name == self.name


@dataclass
class Api:
    """The whole API of the plan."""

    modules: list[Module]
    roles: tuple[str, ...]
    admin_role: str
    coverage: list[Coverage]
    query_dto: Dto
    auth_dtos: list[Dto]
    notes: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    """The plan's Nest.js modules, each holding resources of ``modules``."""
    visibility: list[str] = field(default_factory=list)
    """What the documents say some roles may not see, as the plan carries it out."""
    access_notes: tuple[str, ...] = ()
    """How the architecture's authorization table decided the grants (assumptions)."""
    access_questions: tuple[str, ...] = ()
    """Where it disagrees with the stories or names nothing (open questions)."""

    @property
    def unmapped(self) -> list[Story]:
        """Stories no operation could be read from: open questions."""
        return [c.story for c in self.coverage if c.need == "question"]

    @property
    def served(self) -> list[Story]:
        """Stories an operation of the API serves."""
        return [c.story for c in self.coverage if c.need == "endpoint"]

    @property
    def endpoints(self) -> list[Endpoint]:
        """Every endpoint, module by module."""
        return [endpoint for module in self.modules for endpoint in module.endpoints]

    def group(self, name: str) -> Group:
        """The Nest.js module called ``name``."""
        return next(group for group in self.groups if group.name == name)

    def group_of(self, module: str) -> str:
        """The name of the Nest.js module that holds the resource ``module``."""
        return next((g.name for g in self.groups if any(p.name == module for p in g.parts)), module)

    def module(self, name: str) -> Module:
        """The module called ``name``."""
        return next(module for module in self.modules if module.name == name)

    def dtos(self) -> list[Dto]:
        """Every DTO, auth first."""
        return [*self.auth_dtos, self.query_dto, *(d for m in self.modules for d in m.dtos)]


def role_label(role: str) -> str:
    """A stored role as people write it: ``pet_owner`` → ``pet owner``."""
    return role.replace("_", " ").lower()
