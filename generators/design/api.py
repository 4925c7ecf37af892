"""The API's shape: modules, endpoints, DTOs and who may call what.

Built once by ``routes``; the plan, api-spec.md and openapi.yaml all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generators import naming
from generators.design.dtos import Dto
from generators.design.intents import Intent
from generators.model import Story

Method = Literal["GET", "POST", "PATCH", "PUT", "DELETE"]
EndpointKind = Literal["list", "get", "create", "update", "delete", "action", "link", "unlink", "auth"]


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


@dataclass
class Module:
    """A Nest.js feature module."""

    name: str
    purpose: str
    entity: str = ""
    endpoints: list[Endpoint] = field(default_factory=list)
    dtos: list[Dto] = field(default_factory=list)
    services: list[tuple[str, str]] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)

    @property
    def pascal(self) -> str:
        """Class-name prefix: ``appointments`` → ``Appointments``."""
        return naming.pascal_exact(self.name)

    @property
    def folder(self) -> str:
        """Folder under ``src/modules``."""
        return naming.snake(self.name).replace("_", "-")


@dataclass
class Api:
    """The whole API of the plan."""

    modules: list[Module]
    roles: tuple[str, ...]
    admin_role: str
    intents: list[Intent]
    unmapped: list[Story]
    query_dto: Dto
    auth_dtos: list[Dto]
    notes: list[str] = field(default_factory=list)

    @property
    def endpoints(self) -> list[Endpoint]:
        """Every endpoint, module by module."""
        return [endpoint for module in self.modules for endpoint in module.endpoints]

    def module(self, name: str) -> Module:
        """The module called ``name``."""
        return next(module for module in self.modules if module.name == name)

    def dtos(self) -> list[Dto]:
        """Every DTO, auth first."""
        return [*self.auth_dtos, self.query_dto, *(d for m in self.modules for d in m.dtos)]


def role_label(role: str) -> str:
    """A stored role as people write it: ``pet_owner`` → ``pet owner``."""
    return role.replace("_", " ")
